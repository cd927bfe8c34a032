#include "models/json_bridge.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace fieldseal::app {

QVariant toVariant(const nlohmann::json& j) {
    // Through JSON text: values cross this boundary a record at a time, so simplicity wins.
    const std::string text = nlohmann::json::array({j}).dump();
    const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(text));
    return doc.array().at(0).toVariant();
}

nlohmann::json fromVariant(const QVariant& v) {
    const auto doc = QJsonDocument(QJsonArray{QJsonValue::fromVariant(v)});
    const auto parsed = nlohmann::json::parse(doc.toJson(QJsonDocument::Compact).toStdString());
    return parsed.at(0);
}

QString textOf(const nlohmann::json& j, const char* key) {
    if (!j.is_object()) return {};
    const auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return {};
    return QString::fromStdString(it->get<std::string>());
}

} // namespace fieldseal::app
