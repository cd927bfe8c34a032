#include "draw_request.h"

#include "api/errors.h"
#include "api/json_body.h"
#include "draw/draw_plan.h"

namespace fieldseal::server {
std::vector<std::string> DrawRequest::districts() const {
    std::vector<std::string> out;
    for (const auto& d : planMembers.value("districts", nlohmann::json::array()))
        if (d.is_string()) out.push_back(d.get<std::string>());
    return out;
}

std::string DrawRequest::organisationKind() const {
    const auto it = planMembers.find("organisation_kind");
    return it != planMembers.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const char* DrawRequest::planFormat() const {
    return planMembers.contains("max_tasks_per_inspector") ? draw::kPlanFormatV2 : draw::kPlanFormat;
}

bool isValidDrawId(const std::string& id) {
    if (id.size() < 3 || id.size() > 64 || !std::isalnum(static_cast<unsigned char>(id[0]))) return false;
    for (char c : id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') return false;
    return true;
}

Result<DrawRequest> parseDrawRequest(const nlohmann::json& body) {
    if (auto s = requireMembers(body, {{"plan_id", JsonType::String, false},
                                       {"title", JsonType::String, false},
                                       {"inspection_type", JsonType::String},
                                       {"template_id", JsonType::String},
                                       {"due_date", JsonType::String},
                                       {"districts", JsonType::Array},
                                       {"organisation_kind", JsonType::String},
                                       {"sample", JsonType::Object},
                                       {"inspectors_per_task", JsonType::Integer, false},
                                       {"max_tasks_per_inspector", JsonType::Integer, false},
                                       {"inspectors", JsonType::Array, false},
                                       {"avoidance", JsonType::Object, false}});
        !s)
        return s.error();
    DrawRequest r;
    if (body.contains("plan_id")) {
        r.planId = body["plan_id"].get<std::string>();
        if (!isValidDrawId(r.planId))
            return badRequest("'plan_id' must be 3 to 64 letters, digits, '.', '_' or '-', starting with a "
                              "letter or digit");
    }
    for (const char* key : {"title", "inspection_type", "template_id", "due_date", "districts", "organisation_kind",
                            "sample", "inspectors_per_task", "max_tasks_per_inspector"})
        if (body.contains(key)) r.planMembers[key] = body[key];
    if (body.contains("inspectors")) {
        std::vector<std::string> names;
        for (const auto& n : body["inspectors"]) {
            if (!n.is_string() || n.get<std::string>().empty())
                return badRequest("'inspectors' must list the user names of inspector accounts");
            names.push_back(n.get<std::string>());
        }
        r.inspectorNames = std::move(names);
    }
    if (body.contains("avoidance")) {
        const auto& a = body["avoidance"];
        if (auto s = requireMembers(a, {{"previous_inspectors", JsonType::Boolean, false},
                                        {"same_district_only", JsonType::Boolean, false},
                                        {"conflicts", JsonType::Array, false}},
                                    "avoidance");
            !s)
            return s.error();
        r.avoidPreviousInspectors = a.value("previous_inspectors", true);
        r.sameDistrictOnly = a.value("same_district_only", true);
        r.conflicts = a.value("conflicts", nlohmann::json::array()); // checked by parseDrawPlan
    }
    return r;
}

} // namespace fieldseal::server
