#pragma once
// DrawPlan: what an administrator asks a double-random draw (双随机) for, parsed from the plan's
// JSON (format "fieldseal-draw-plan/1" or "fieldseal-draw-plan/2", documented in
// shared/draw/README.md; /2 adds max_tasks_per_inspector and is drawn with fieldseal-draw/2). The plan carries its
// whole population (organisations and inspectors as they stood when it was published), so that
// anyone holding the plan and the revealed seed can re-run the draw.
// Invariant after parseDrawPlan: every field checked (USCCs, districts, types, sizes, references
// of the avoidance rules), organisations unique by USCC, inspectors unique by id.

#include "model/result.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace fieldseal::draw {

inline constexpr const char* kPlanFormat = "fieldseal-draw-plan/1";   // algorithm fieldseal-draw/1
inline constexpr const char* kPlanFormatV2 = "fieldseal-draw-plan/2"; // algorithm fieldseal-draw/2

struct PlanOrganisation {
    std::string uscc; // the key: unique, check character valid
    std::string name;
    std::string district;
    std::string kind; // organisation.org_type: manufacturer, testing_agency, ...
};

struct PlanInspector {
    std::string id; // account name, e.g. insp.wang
    std::string name;
    std::string district;
    std::string certificateNo; // enforcement certificate (执法证) number; may be empty
};

struct Conflict {
    std::string inspectorId;
    std::string uscc;
    std::string reason;
};

struct DrawPlan {
    std::string planId;
    std::string title;
    std::string inspectionType; // task.inspection_type
    std::string templateId;
    std::string dueDate; // YYYY-MM-DD
    std::set<std::string> districts;
    std::string organisationKind;
    std::optional<std::uint64_t> sampleSize;             // exactly one of size and ratio
    std::optional<std::uint32_t> sampleRatioBasisPoints; // ratio in 1/10000
    std::uint32_t inspectorsPerTask = 2;
    // 1 for fieldseal-draw-plan/1, 2 for fieldseal-draw-plan/2: the algorithm fieldseal-draw/<n>.
    std::uint32_t algorithmVersion = 1;
    // fieldseal-draw/2 only (required there): no inspector receives more tasks than this.
    std::optional<std::uint32_t> maxTasksPerInspector;
    std::optional<std::string> seedCommitment; // lower-case hex SHA-256 of the seed
    std::vector<PlanOrganisation> organisations;
    std::vector<PlanInspector> inspectors;
    // Avoidance (回避): inspectors of the previous inspection of an organisation, by USCC.
    std::map<std::string, std::set<std::string>> previousInspectors;
    std::vector<Conflict> conflicts; // declared conflicts of interest
    bool sameDistrictOnly = false;   // inspectors only from the organisation's district bureau

    nlohmann::json document; // the plan as parsed; its RFC 8785 form feeds the draw
};

// The plan, or an error naming the member and the rule it breaks (e.g.
// "organisations[3].uscc: ... check character"). Unknown members are refused so that a typo
// ("sample_szie") does not silently change a public draw.
Result<DrawPlan> parseDrawPlan(const nlohmann::json& document);
Result<DrawPlan> parseDrawPlanText(const std::string& jsonText);

} // namespace fieldseal::draw
