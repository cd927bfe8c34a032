#pragma once
// Conversions between the core's nlohmann::json and Qt's variants, for handing records to QML.

#include <QVariant>
#include <nlohmann/json.hpp>

namespace fieldseal::app {

QVariant toVariant(const nlohmann::json& j);
nlohmann::json fromVariant(const QVariant& v);
// A string member of a JSON object, or empty.
QString textOf(const nlohmann::json& j, const char* key);

} // namespace fieldseal::app
