#include "draw_plan.h"

#include "model/districts.h"
#include "model/schema.h"
#include "model/uscc.h"

#include <algorithm>
#include <cmath>

namespace fieldseal::draw {
namespace {

using nlohmann::json;

// Thrown inside the parser only; parseDrawPlan turns it into an Error. Keeps the member checks
// one line each instead of an if-return ladder.
struct PlanError {
    std::string message;
};

[[noreturn]] void bad(const std::string& where, const std::string& what) {
    throw PlanError{where + ": " + what};
}

void onlyMembers(const json& obj, const std::string& where, std::initializer_list<const char*> allowed) {
    if (!obj.is_object()) bad(where, "must be an object");
    for (const auto& [key, value] : obj.items()) {
        if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; }))
            bad(where.empty() ? key : where + "." + key, "unknown member");
    }
}

std::string text(const json& obj, const std::string& where, const char* key, bool required = true) {
    const auto it = obj.find(key);
    const std::string path = where.empty() ? key : where + "." + key;
    if (it == obj.end()) {
        if (required) bad(path, "missing");
        return {};
    }
    if (!it->is_string()) bad(path, "must be a string");
    const auto s = it->get<std::string>();
    if (required && s.empty()) bad(path, "must not be empty");
    return s;
}

void check(const Status& s, const std::string& path) {
    if (!s) bad(path, s.error().message);
}

const std::vector<std::string>& enumValues(const char* type, const char* field) {
    const FieldSpec* spec = findRecordType(type)->findField(field);
    return spec->values;
}

void oneOf(const std::string& value, const std::vector<std::string>& values, const std::string& path) {
    if (std::find(values.begin(), values.end(), value) != values.end()) return;
    std::string list;
    for (const auto& v : values)
        list += (list.empty() ? "" : ", ") + v;
    bad(path, "'" + value + "' is not one of " + list);
}

const json& array(const json& obj, const char* key, bool required) {
    static const json kEmpty = json::array();
    const auto it = obj.find(key);
    if (it == obj.end()) {
        if (required) bad(key, "missing");
        return kEmpty;
    }
    if (!it->is_array()) bad(key, "must be an array");
    return *it;
}

void parseSample(const json& doc, DrawPlan& plan) {
    const auto it = doc.find("sample");
    if (it == doc.end()) bad("sample", "missing: give {\"size\": N} or {\"ratio\": 0.05}");
    onlyMembers(*it, "sample", {"size", "ratio"});
    const bool hasSize = it->contains("size"), hasRatio = it->contains("ratio");
    if (hasSize == hasRatio) bad("sample", "give exactly one of size and ratio");
    if (hasSize) {
        const json& v = (*it)["size"];
        if (!v.is_number_integer() || v.get<std::int64_t>() < 1)
            bad("sample.size", "must be a whole number >= 1");
        plan.sampleSize = v.get<std::uint64_t>();
        return;
    }
    const json& v = (*it)["ratio"];
    if (!v.is_number()) bad("sample.ratio", "must be a number");
    const double r = v.get<double>();
    if (!(r > 0.0 && r <= 1.0)) bad("sample.ratio", "must be greater than 0 and at most 1");
    // Whole basis points, so that the sample size is exact integer arithmetic (README: sample size).
    const double bp = r * 10000.0;
    const double rounded = std::round(bp);
    if (std::fabs(bp - rounded) > 1e-6) bad("sample.ratio", "at most 4 decimal places (e.g. 0.0525)");
    plan.sampleRatioBasisPoints = static_cast<std::uint32_t>(rounded);
}

void parseOrganisations(const json& doc, DrawPlan& plan) {
    const json& orgs = array(doc, "organisations", true);
    const auto& kinds = enumValues("organisation", "org_type");
    std::map<std::string, size_t> seen;
    for (size_t i = 0; i < orgs.size(); ++i) {
        const std::string where = "organisations[" + std::to_string(i) + "]";
        onlyMembers(orgs[i], where, {"uscc", "name", "district", "kind", "id"});
        PlanOrganisation o;
        o.uscc = text(orgs[i], where, "uscc");
        check(validateUscc(o.uscc), where + ".uscc");
        o.name = text(orgs[i], where, "name");
        o.district = text(orgs[i], where, "district");
        check(validateDistrict(o.district), where + ".district");
        o.kind = text(orgs[i], where, "kind");
        oneOf(o.kind, kinds, where + ".kind");
        text(orgs[i], where, "id", false); // a registry record id may ride along; not used by the draw
        const auto [it, fresh] = seen.emplace(o.uscc, i);
        if (!fresh)
            bad(where + ".uscc",
                o.uscc + " already listed at organisations[" + std::to_string(it->second) + "]");
        plan.organisations.push_back(std::move(o));
    }
}

void parseInspectors(const json& doc, DrawPlan& plan) {
    const json& pool = array(doc, "inspectors", true);
    std::map<std::string, size_t> seen;
    for (size_t i = 0; i < pool.size(); ++i) {
        const std::string where = "inspectors[" + std::to_string(i) + "]";
        onlyMembers(pool[i], where, {"id", "name", "district", "certificate_no"});
        PlanInspector p;
        p.id = text(pool[i], where, "id");
        p.name = text(pool[i], where, "name");
        p.district = text(pool[i], where, "district");
        check(validateDistrict(p.district), where + ".district");
        p.certificateNo = text(pool[i], where, "certificate_no", false);
        const auto [it, fresh] = seen.emplace(p.id, i);
        if (!fresh)
            bad(where + ".id",
                "'" + p.id + "' already listed at inspectors[" + std::to_string(it->second) + "]");
        plan.inspectors.push_back(std::move(p));
    }
}

void parseAvoidance(const json& doc, DrawPlan& plan) {
    const auto it = doc.find("avoidance");
    if (it == doc.end()) return;
    onlyMembers(*it, "avoidance", {"previous_inspectors", "conflicts", "same_district_only"});
    std::set<std::string> inspectorIds, usccs;
    for (const auto& p : plan.inspectors)
        inspectorIds.insert(p.id);
    for (const auto& o : plan.organisations)
        usccs.insert(o.uscc);
    // Avoidance entries may name people and organisations outside this plan (history is kept
    // city-wide); they only have to be well formed.
    if (const auto prev = it->find("previous_inspectors"); prev != it->end()) {
        if (!prev->is_object())
            bad("avoidance.previous_inspectors", "must be an object {USCC: [inspector ids]}");
        for (const auto& [uscc, ids] : prev->items()) {
            const std::string where = "avoidance.previous_inspectors." + uscc;
            check(validateUscc(uscc), where);
            if (!ids.is_array()) bad(where, "must be an array of inspector ids");
            for (const auto& id : ids) {
                if (!id.is_string() || id.get<std::string>().empty())
                    bad(where, "inspector ids must be non-empty strings");
                plan.previousInspectors[uscc].insert(id.get<std::string>());
            }
        }
    }
    if (const auto conflicts = it->find("conflicts"); conflicts != it->end()) {
        if (!conflicts->is_array()) bad("avoidance.conflicts", "must be an array");
        for (size_t i = 0; i < conflicts->size(); ++i) {
            const std::string where = "avoidance.conflicts[" + std::to_string(i) + "]";
            const json& c = (*conflicts)[i];
            onlyMembers(c, where, {"inspector", "uscc", "reason"});
            Conflict conflict{text(c, where, "inspector"), text(c, where, "uscc"),
                              text(c, where, "reason", false)};
            check(validateUscc(conflict.uscc), where + ".uscc");
            plan.conflicts.push_back(std::move(conflict));
        }
    }
    if (const auto same = it->find("same_district_only"); same != it->end()) {
        if (!same->is_boolean()) bad("avoidance.same_district_only", "must be true or false");
        plan.sameDistrictOnly = same->get<bool>();
    }
}

DrawPlan parse(const json& doc) {
    if (!doc.is_object()) bad("", "must be an object");
    DrawPlan plan;
    const std::string format = text(doc, "", "format");
    if (format == kPlanFormatV2) {
        plan.algorithmVersion = 2;
    } else if (format != kPlanFormat) {
        bad("format", std::string("must be \"") + kPlanFormat + "\" or \"" + kPlanFormatV2 + "\"");
    }
    if (plan.algorithmVersion == 1 && doc.is_object() && doc.contains("max_tasks_per_inspector"))
        bad("max_tasks_per_inspector", std::string("only in \"") + kPlanFormatV2 +
                                           "\" plans (algorithm fieldseal-draw/2); fieldseal-draw/1 has no cap");
    onlyMembers(doc, "",
                {"format", "plan_id", "title", "inspection_type", "template_id", "due_date", "districts",
                 "organisation_kind", "sample", "inspectors_per_task", "max_tasks_per_inspector",
                 "seed_commitment", "inspectors", "organisations", "avoidance"});
    plan.planId = text(doc, "", "plan_id");
    plan.title = text(doc, "", "title", false);
    plan.inspectionType = text(doc, "", "inspection_type");
    oneOf(plan.inspectionType, enumValues("task", "inspection_type"), "inspection_type");
    plan.templateId = text(doc, "", "template_id");
    plan.dueDate = text(doc, "", "due_date");
    check(validateDate(plan.dueDate), "due_date");
    const json& districts = array(doc, "districts", true);
    if (districts.empty()) bad("districts", "name at least one district");
    for (size_t i = 0; i < districts.size(); ++i) {
        const std::string where = "districts[" + std::to_string(i) + "]";
        if (!districts[i].is_string()) bad(where, "must be a string");
        check(validateDistrict(districts[i].get<std::string>()), where);
        plan.districts.insert(districts[i].get<std::string>());
    }
    plan.organisationKind = text(doc, "", "organisation_kind");
    oneOf(plan.organisationKind, enumValues("organisation", "org_type"), "organisation_kind");
    parseSample(doc, plan);
    if (const auto k = doc.find("inspectors_per_task"); k != doc.end()) {
        // An on-site inspection is carried out by at least two officers (DOMAIN.md).
        if (!k->is_number_integer() || k->get<std::int64_t>() < 2 || k->get<std::int64_t>() > 10)
            bad("inspectors_per_task",
                "must be a whole number from 2 to 10 (on-site inspections need at least two officers)");
        plan.inspectorsPerTask = k->get<std::uint32_t>();
    }
    if (plan.algorithmVersion == 2) {
        const auto c = doc.find("max_tasks_per_inspector");
        if (c == doc.end())
            bad("max_tasks_per_inspector", std::string("missing: a \"") + kPlanFormatV2 +
                                               "\" plan caps the tasks of each inspector (a whole number >= 1)");
        if (!c->is_number_integer() || c->get<std::int64_t>() < 1 || c->get<std::int64_t>() > 100000)
            bad("max_tasks_per_inspector", "must be a whole number from 1 to 100000");
        plan.maxTasksPerInspector = c->get<std::uint32_t>();
    }
    if (doc.contains("seed_commitment")) {
        const std::string c = text(doc, "", "seed_commitment");
        const bool hex = c.size() == 64 && std::all_of(c.begin(), c.end(), [](char ch) {
                             return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
                         });
        if (!hex) bad("seed_commitment", "must be the lower-case hex SHA-256 of the seed (64 characters)");
        plan.seedCommitment = c;
    }
    parseOrganisations(doc, plan);
    parseInspectors(doc, plan);
    parseAvoidance(doc, plan);
    plan.document = doc;
    return plan;
}

} // namespace

Result<DrawPlan> parseDrawPlan(const nlohmann::json& document) {
    try {
        return parse(document);
    } catch (const PlanError& e) {
        return validationError(ErrorCode::InvalidInput, "draw plan: " + e.message);
    }
}

Result<DrawPlan> parseDrawPlanText(const std::string& jsonText) {
    json doc = json::parse(jsonText, nullptr, false);
    if (doc.is_discarded()) return validationError(ErrorCode::MalformedInput, "draw plan: not valid JSON");
    return parseDrawPlan(doc);
}

} // namespace fieldseal::draw
