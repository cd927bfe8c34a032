#include "draw.h"

#include "draw_stream.h"
#include "model/districts.h"
#include "seal/canonical_json.h"
#include "seal/encoding.h"

#include <algorithm>

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

} // namespace

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
    return ok();
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

    DrawStream stream(drawStreamKey(seed.bytes, canonicalPlan));
    drawPrefix(targets, n, stream);
    for (std::uint64_t i = 0; i < n; ++i) {
        DrawTask task;
        task.number = static_cast<std::uint32_t>(i + 1);
        task.organisation = targets[i];
        auto pool = eligibleInspectors(plan, targets[i]);
        drawPrefix(pool, plan.inspectorsPerTask, stream);
        pool.resize(plan.inspectorsPerTask);
        task.inspectors = std::move(pool);
        result.tasks.push_back(std::move(task));
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
    return {{"format", kResultFormat},
            {"algorithm", kAlgorithm},
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
                            "eligible_organisations", "sample_size"}) {
        if (mine.value(key, nlohmann::json()) != recomputed[key]) {
            return differs(std::string(key) + " is " + mine.value(key, nlohmann::json()).dump() +
                           ", re-run gives " + recomputed[key].dump());
        }
    }
    const auto& a = mine.value("tasks", nlohmann::json::array());
    const auto& b = recomputed["tasks"];
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
