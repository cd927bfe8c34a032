#pragma once
// What the inspector's checklist and the supervisor's review both show at the top of an
// inspection: its title, the inspected organisation and the inspectors.

#include <QString>
#include <QStringList>
#include <nlohmann/json.hpp>

namespace fieldseal::app {

struct ChecklistTemplate;

namespace heading {

// The template's title in the current language, or the template id when it is not installed.
QString title(const ChecklistTemplate* checklist, const nlohmann::json& inspection, bool english);
// The organisation's name, or its id when this tablet does not hold the organisation record.
QString organisation(const nlohmann::json& organisation, const nlohmann::json& inspection);
QStringList inspectors(const nlohmann::json& inspection);

} // namespace heading
} // namespace fieldseal::app
