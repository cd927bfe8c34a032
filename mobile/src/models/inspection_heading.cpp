#include "models/inspection_heading.h"

#include "models/json_bridge.h"
#include "models/template_library.h"

namespace fieldseal::app::heading {

QString title(const ChecklistTemplate* checklist, const nlohmann::json& inspection, bool english) {
    if (!checklist) return textOf(inspection, "template_id");
    return english ? checklist->titleEn : checklist->titleZh;
}

QString organisation(const nlohmann::json& organisation, const nlohmann::json& inspection) {
    const auto name = textOf(organisation, "name");
    return name.isEmpty() ? textOf(inspection, "organisation_id") : name;
}

QStringList inspectors(const nlohmann::json& inspection) {
    QStringList out;
    if (!inspection.is_object()) return out;
    for (const auto& i : inspection.value("inspectors", nlohmann::json::array()))
        if (i.is_string()) out << QString::fromStdString(i.get<std::string>());
    return out;
}

} // namespace fieldseal::app::heading
