#pragma once
// The checklist templates of assets/templates, compiled into the server (reports/sources.cmake),
// by id: the inspection report shows each item's title next to its answer.

#include <nlohmann/json.hpp>
#include <string>

namespace fieldseal::server {

// The template with this id, or null when the server does not know it.
const nlohmann::json& checklistTemplate(const std::string& templateId);

} // namespace fieldseal::server
