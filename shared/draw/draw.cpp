#include "draw.h"

#include "capped_assignment.h"
#include "draw_stream.h"
#include "model/districts.h"
#include "seal/canonical_json.h"
#include "seal/encoding.h"

#include <algorithm>
#include <map>

namespace fieldseal::draw {
namespace {

Error refused(std::string message) {
    return validationError(ErrorCode::InvalidInput, "draw refused: " + std::move(message));
}

std::string districtLabel(const std::string& code) {
    const District* d = findDistrict(code);
    return d ? d->nameZh + " " + code : code;
}

std::string joinDistricts(const std::set<std::string>& districts) {
    std::string s;
    for (const auto& d : districts)
        s += (s.empty() ? "" : ", ") + districtLabel(d);
    return s;
}

// Partial Fisher-Yates: the first `count` elements of `items` become a uniform random ordered
// sample without replacement; one uniform(n - i) per pick.
template <class T> void drawPrefix(std::vector<T>& items, std::uint64_t count, DrawStream& stream) {
    const std::uint64_t n = items.size();
    for (std::uint64_t i = 0; i < count; ++i) {
        const std::uint64_t j = i + stream.uniform(n - i);
        std::swap(items[i], items[j]);
    }
}

// fieldseal-draw/1, step 10: each task's inspectors independently, k picks from its list.
void assignIndependently(const DrawPlan& plan, std::vector<DrawTask>& tasks, DrawStream& stream) {
    for (auto& task : tasks) {
        auto pool = eligibleInspectors(plan, task.organisation);
        drawPrefix(pool, plan.inspectorsPerTask, stream);
        pool.resize(plan.inspectorsPerTask);
        task.inspectors = std::move(pool);
    }
}

// fieldseal-draw/2, step 10b: slot by slot, uniformly among the candidates that keep every
// inspector within the cap and leave every remaining slot fillable.
Status assignCapped(const DrawPlan& plan, std::vector<DrawTask>& tasks, DrawStream& stream) {
    // Inspectors numbered by id order, so that ascending numbers are ascending ids.
    std::vector<PlanInspector> byId = plan.inspectors;
    std::sort(byId.begin(), byId.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    std::map<std::string, std::uint32_t> number;
    for (std::uint32_t i = 0; i < byId.size(); ++i)
        number[byId[i].id] = i;
    std::vector<std::vector<std::uint32_t>> eligible;
    for (const auto& task : tasks) {
        std::vector<std::uint32_t> list;
        for (const auto& p : eligibleInspectors(plan, task.organisation))
            list.push_back(number.at(p.id));
        eligible.push_back(std::move(list));
    }
    CappedAssignment assignment(std::move(eligible), static_cast<std::uint32_t>(byId.size()),
                                plan.inspectorsPerTask, *plan.maxTasksPerInspector);
    if (auto s = assignment.start(); !s) return s;
    for (std::uint32_t t = 0; t < tasks.size(); ++t) {
        for (std::uint32_t slot = 0; slot < plan.inspectorsPerTask; ++slot) {
            const auto candidates = assignment.candidates(t);
            // Never empty: start() found a way to fill every slot and each pick keeps one.
            const std::uint32_t chosen = candidates.at(stream.uniform(candidates.size()));
            assignment.assign(t, chosen);
            tasks[t].inspectors.push_back(byId[chosen]);
        }
    }
    return ok();
}

} // namespace

const char* algorithmOf(const DrawPlan& plan) {
    return plan.algorithmVersion == 2 ? kAlgorithmV2 : kAlgorithm;
}

bool isDrawResultFormat(const std::string& format) {
    return format == kResultFormat || format == kResultFormatV2;
}

std::vector<PlanOrganisation> eligibleOrganisations(const DrawPlan& plan) {
    std::vector<PlanOrganisation> out;
    for (const auto& o : plan.organisations)
        if (o.kind == plan.organisationKind && plan.districts.count(o.district)) out.push_back(o);
    // USCCs are ASCII, so byte order is the same in every language.
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.uscc < b.uscc; });
    return out;
}

std::vector<PlanInspector> eligibleInspectors(const DrawPlan& plan, const PlanOrganisation& org) {
    std::set<std::string> excluded;
    if (const auto it = plan.previousInspectors.find(org.uscc); it != plan.previousInspectors.end())
        excluded = it->second;
    for (const auto& c : plan.conflicts)
        if (c.uscc == org.uscc) excluded.insert(c.inspectorId);
    std::vector<PlanInspector> out;
    for (const auto& p : plan.inspectors) {
        if (excluded.count(p.id)) continue;
        if (plan.sameDistrictOnly && p.district != org.district) continue;
        out.push_back(p);
    }
    // Byte order of the UTF-8 ids (std::string comparison), as the README specifies.
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return out;
}

std::uint64_t sampleSizeFor(const DrawPlan& plan, std::uint64_t eligible) {
    if (plan.sampleSize) return *plan.sampleSize;
    const std::uint64_t bp = plan.sampleRatioBasisPoints.value_or(0);
    return (eligible * bp + 9999) / 10000;
}

Status checkDrawable(const DrawPlan& plan) {
    std::vector<PlanOrganisation> targets = eligibleOrganisations(plan);
    const std::uint64_t n = sampleSizeFor(plan, targets.size());
    if (targets.empty()) {
        return refused("no organisation of kind '" + plan.organisationKind + "' in " +
                       joinDistricts(plan.districts) + " among the plan's " +
                       std::to_string(plan.organisations.size()) + " organisations");
    }
    if (n > targets.size()) {
        return refused("the sample asks for " + std::to_string(n) + " organisations but only " +
                       std::to_string(targets.size()) + " of kind '" + plan.organisationKind + "' are in " +
                       joinDistricts(plan.districts) + "; lower the sample size or widen the districts");
    }
    // Pools are checked for every eligible organisation before anything is drawn, so whether a
    // draw is refused never depends on the seed.
    std::string shortages;
    size_t shortCount = 0;
    for (const auto& org : targets) {
        const auto pool = eligibleInspectors(plan, org);
        if (pool.size() >= plan.inspectorsPerTask) continue;
        if (++shortCount <= 5) {
            shortages += (shortages.empty() ? "" : "; ") + org.name + " (" + org.uscc + ", " +
                         districtLabel(org.district) + ") has " + std::to_string(pool.size());
        }
    }
    if (shortCount) {
        return refused("inspector pool too small: each task needs " + std::to_string(plan.inspectorsPerTask) +
                       " inspectors after avoidance, but " + std::to_string(shortCount) +
                       " eligible organisation(s) have fewer: " + shortages +
                       (shortCount > 5 ? "; ..." : "") + ". Add inspectors to the pool" +
                       (plan.sameDistrictOnly ? " of those districts" : ""));
    }
    return checkInspectorCapacity(plan, targets, n);
}

Result<DrawResult> runDraw(const DrawPlan& plan, const Seed& seed) {
    if (plan.seedCommitment) {
        if (auto s = verifySeedReveal(seed, *plan.seedCommitment); !s) return s.error();
    }
    if (auto s = checkDrawable(plan); !s) return s.error();
    std::vector<PlanOrganisation> targets = eligibleOrganisations(plan);
    const std::uint64_t n = sampleSizeFor(plan, targets.size());

    DrawResult result;
    result.planId = plan.planId;
    const std::string canonicalPlan = canonicalJson(plan.document);
    result.planSha256 = seal::sha256Hex(canonicalPlan);
    result.seed = seed;
    result.seedSha256 = seedCommitment(seed);
    result.eligibleCount = targets.size();
    result.sampleSize = n;
    result.algorithm = algorithmOf(plan);

    DrawStream stream(drawStreamKey(result.algorithm, seed.bytes, canonicalPlan));
    drawPrefix(targets, n, stream);
    for (std::uint64_t i = 0; i < n; ++i) {
        DrawTask task;
        task.number = static_cast<std::uint32_t>(i + 1);
        task.organisation = targets[i];
        result.tasks.push_back(std::move(task));
    }
    if (plan.algorithmVersion == 2) {
        if (auto s = assignCapped(plan, result.tasks, stream); !s) return s.error();
    } else {
        assignIndependently(plan, result.tasks, stream);
    }
    return result;
}

nlohmann::json drawResultToJson(const DrawPlan& plan, const DrawResult& result) {
    nlohmann::json tasks = nlohmann::json::array();
    for (const auto& t : result.tasks) {
        nlohmann::json inspectors = nlohmann::json::array();
        for (const auto& p : t.inspectors) {
            inspectors.push_back({{"id", p.id}, {"name", p.name}, {"certificate_no", p.certificateNo}});
        }
        tasks.push_back({{"number", t.number},
                         {"uscc", t.organisation.uscc},
                         {"name", t.organisation.name},
                         {"district", t.organisation.district},
                         {"inspectors", std::move(inspectors)}});
    }
    const bool capped = plan.algorithmVersion == 2;
    nlohmann::json out = {{"format", capped ? kResultFormatV2 : kResultFormat},
            {"algorithm", algorithmOf(plan)},
            {"plan_id", result.planId},
            {"title", plan.title},
            {"inspection_type", plan.inspectionType},
            {"template_id", plan.templateId},
            {"due_date", plan.dueDate},
            {"plan_sha256", result.planSha256},
            {"seed", result.seed.hex},
            {"seed_sha256", result.seedSha256},
            {"eligible_organisations", result.eligibleCount},
            {"sample_size", result.sampleSize},
            {"tasks", std::move(tasks)}};
    if (capped) out["max_tasks_per_inspector"] = *plan.maxTasksPerInspector;
    return out;
}

Status compareDrawResult(const nlohmann::json& published, const nlohmann::json& recomputed) {
    const bool envelope =
        published.is_object() && published.contains("payload") && published.contains("signature");
    const nlohmann::json& mine = envelope ? published["payload"] : published;
    if (canonicalJson(mine) == canonicalJson(recomputed)) return ok();
    auto differs = [](const std::string& what) {
        return validationError(ErrorCode::Tampered,
                               "the published result differs from the re-run draw: " + what);
    };
    if (!mine.is_object()) return differs("it is not a draw result object");
    for (const char* key : {"format", "algorithm", "plan_id", "plan_sha256", "seed", "seed_sha256",
                            "eligible_organisations", "sample_size", "max_tasks_per_inspector"}) {
        // value(), not []: a member absent from either side (e.g. the cap of a /1 result) is null.
        const auto theirs = mine.value(key, nlohmann::json()), ours = recomputed.value(key, nlohmann::json());
        if (theirs != ours)
            return differs(std::string(key) + " is " + theirs.dump() + ", re-run gives " + ours.dump());
    }
    const auto a = mine.value("tasks", nlohmann::json::array());
    const auto b = recomputed.value("tasks", nlohmann::json::array());
    for (size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
        if (i >= a.size() || i >= b.size() || a[i] != b[i]) {
            return differs("task " + std::to_string(i + 1) + " is " +
                           (i < a.size() ? a[i].dump() : "missing") + ", re-run gives " +
                           (i < b.size() ? b[i].dump() : "nothing"));
        }
    }
    return differs("other members differ");
}

} // namespace fieldseal::draw
