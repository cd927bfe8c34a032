#include "checklist_templates.h"

#include "checklist_templates_json.h"

#include <map>

namespace fieldseal::server {

const nlohmann::json& checklistTemplate(const std::string& templateId) {
    static const std::map<std::string, nlohmann::json> byId = [] {
        std::map<std::string, nlohmann::json> m;
        for (auto& t : nlohmann::json::parse(kChecklistTemplatesJson))
            if (t.is_object() && t.contains("id") && t["id"].is_string()) m[t["id"].get<std::string>()] = t;
        return m;
    }();
    static const nlohmann::json none;
    const auto it = byId.find(templateId);
    return it == byId.end() ? none : it->second;
}

} // namespace fieldseal::server
