#pragma once
// The body of POST /v1/draws: what the administrator asks for. The server turns it into a
// published plan (fieldseal-draw-plan/1, or /2 with a cap) by adding the population, the inspector pool, the
// rotation history and the seed commitment.
//
//   {"plan_id": "DRAW-2026-12-310115-01",            optional; made up when absent
//    "title": "...",                                  optional
//    "inspection_type": "testing_agency", "template_id": "cma-agency-v1", "due_date": "2026-12-31",
//    "districts": ["310115"], "organisation_kind": "testing_agency",
//    "sample": {"size": 10} | {"ratio": 0.2},
//    "inspectors_per_task": 2,                        optional, 2..10
//    "max_tasks_per_inspector": 3,                    optional; given: a fieldseal-draw-plan/2
//                                                     (algorithm fieldseal-draw/2) that gives no
//                                                     inspector more tasks than this
//    "inspectors": ["insp.wang", ...],                optional; absent: every enabled inspector
//                                                     account of the plan's districts
//    "avoidance": {"previous_inspectors": true,       optional, default true: not the inspectors
//                                                     of the organisation's previous inspection
//                  "same_district_only": true,      optional, default true (see below)
//                  "conflicts": [{"inspector": "insp.li", "uscc": "...", "reason": "..."}]}}
//
// Tasks reach tablets by district (sync/access_rules.h: a caller pulls their district's
// records), so an inspector drawn for an organisation of another district would never receive
// the task. The server therefore draws inspectors from the organisation's own district unless
// told otherwise, and accepts same_district_only: false only when the plan and its whole pool
// are in one district (the rule then changes nothing, but the published plan says so).

#include "model/result.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace fieldseal::server {

struct DrawRequest {
    std::string planId; // empty: the service makes one
    // The members copied into the plan as they are (parseDrawPlan checks their values).
    nlohmann::json planMembers = nlohmann::json::object();
    std::optional<std::vector<std::string>> inspectorNames;
    bool avoidPreviousInspectors = true;
    bool sameDistrictOnly = true;
    nlohmann::json conflicts = nlohmann::json::array();

    // fieldseal-draw-plan/2 when the request caps the tasks per inspector, otherwise /1.
    const char* planFormat() const;

    std::vector<std::string> districts() const; // the string members of "districts"
    std::string organisationKind() const;
};

// Shape errors are ErrorDomain::Usage (400 invalid_request) naming the member.
Result<DrawRequest> parseDrawRequest(const nlohmann::json& body);

// Plan ids are public URL segments: 3 to 64 of [A-Za-z0-9._-], starting with a letter or digit.
bool isValidDrawId(const std::string& id);

} // namespace fieldseal::server
