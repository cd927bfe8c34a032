#include "models/template_library.h"

#include "model/schema.h"

#include <QDir>
#include <QFile>
#include <set>

namespace fieldseal::app {
namespace {

QString str(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

// {"zh","en"}: both present and non-empty.
bool bilingual(const nlohmann::json& j, const char* key, QString& zh, QString& en) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_object()) return false;
    zh = str(*it, "zh");
    en = str(*it, "en");
    return !zh.isEmpty() && !en.isEmpty();
}

} // namespace

void TemplateLibrary::loadDirectory(const QString& dir) {
    const auto names = QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const auto& name : names) {
        QFile f(dir + QLatin1Char('/') + name);
        if (!f.open(QIODevice::ReadOnly)) {
            m_errors << name + QStringLiteral(": cannot read");
            continue;
        }
        if (auto e = add(f.readAll(), name); !e.isEmpty()) m_errors << e;
    }
}

QString TemplateLibrary::add(const QByteArray& json, const QString& origin) {
    const auto j = nlohmann::json::parse(json.constData(), json.constData() + json.size(), nullptr, false);
    const auto bad = [&](const QString& why) { return origin + QStringLiteral(": ") + why; };
    if (!j.is_object()) return bad(QStringLiteral("not a JSON object"));
    ChecklistTemplate t;
    t.id = str(j, "id");
    t.inspectionType = str(j, "inspection_type");
    if (t.id.isEmpty()) return bad(QStringLiteral("missing id"));
    if (t.inspectionType.isEmpty()) return bad(QStringLiteral("missing inspection_type"));
    // The inspection record will carry this type: it must be one the core's schema accepts.
    if (const auto* inspection = findRecordType("inspection");
        inspection && !validateField(*inspection, "inspection_type", t.inspectionType.toStdString()))
        return bad(QStringLiteral("unknown inspection_type %1").arg(t.inspectionType));
    if (m_templates.count(t.id)) return bad(QStringLiteral("template id %1 twice").arg(t.id));
    if (!bilingual(j, "title", t.titleZh, t.titleEn)) return bad(QStringLiteral("title needs zh and en"));
    const auto sections = j.find("sections");
    if (sections == j.end() || !sections->is_array() || sections->empty())
        return bad(QStringLiteral("needs at least one section"));
    std::set<QString> seen;
    for (const auto& s : *sections) {
        ChecklistItem base;
        base.sectionId = str(s, "id");
        if (base.sectionId.isEmpty() || !bilingual(s, "title", base.sectionZh, base.sectionEn))
            return bad(QStringLiteral("a section needs an id and a zh/en title"));
        const auto items = s.find("items");
        if (items == s.end() || !items->is_array() || items->empty())
            return bad(QStringLiteral("section %1 has no items").arg(base.sectionId));
        for (const auto& i : *items) {
            ChecklistItem item = base;
            item.id = str(i, "id");
            if (item.id.isEmpty()) return bad(QStringLiteral("an item in %1 has no id").arg(base.sectionId));
            if (!seen.insert(item.id).second) return bad(QStringLiteral("item id %1 twice").arg(item.id));
            if (!bilingual(i, "title", item.titleZh, item.titleEn) ||
                !bilingual(i, "requirement", item.requirementZh, item.requirementEn))
                return bad(QStringLiteral("item %1 needs zh/en title and requirement").arg(item.id));
            item.basis = str(i, "basis");
            const auto req = i.find("required");
            if (req != i.end() && !req->is_boolean())
                return bad(QStringLiteral("item %1: required must be true or false").arg(item.id));
            item.required = req != i.end() && req->get<bool>();
            t.items.push_back(std::move(item));
        }
    }
    m_templates[t.id] = std::move(t);
    return {};
}

const ChecklistTemplate* TemplateLibrary::find(const QString& id) const {
    const auto it = m_templates.find(id);
    return it == m_templates.end() ? nullptr : &it->second;
}

QStringList TemplateLibrary::ids() const {
    QStringList out;
    for (const auto& [id, t] : m_templates)
        out << id;
    return out;
}

} // namespace fieldseal::app
