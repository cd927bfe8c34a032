#pragma once
// TemplateLibrary: the checklist templates (assets/templates/*.json, compiled in as resources),
// checked when loaded so that a broken template is reported once instead of misbehaving in a page.
//
// Template format: {"id", "version", "inspection_type", "title": {"zh","en"},
//   "sections": [{"id", "title": {"zh","en"}, "items": [{"id", "required", "title": {"zh","en"},
//   "requirement": {"zh","en"}, "basis"}]}]}. Item ids are unique within a template; they are
// the keys of the inspection's "answers".

#include <QString>
#include <QStringList>
#include <map>
#include <nlohmann/json.hpp>
#include <vector>

namespace fieldseal::app {

struct ChecklistItem {
    QString id;
    QString sectionId;
    QString sectionZh, sectionEn;
    QString titleZh, titleEn;
    QString requirementZh, requirementEn;
    QString basis;
    bool required = false;
};

struct ChecklistTemplate {
    QString id;
    QString inspectionType;
    QString titleZh, titleEn;
    std::vector<ChecklistItem> items; // in section order
};

class TemplateLibrary {
public:
    // Loads every *.json in `dir` (a resource or file directory). Problems are kept in errors().
    void loadDirectory(const QString& dir);
    // Parses and checks one template; an empty error means it was added.
    QString add(const QByteArray& json, const QString& origin);

    const ChecklistTemplate* find(const QString& id) const;
    QStringList ids() const;
    const QStringList& errors() const { return m_errors; }

private:
    std::map<QString, ChecklistTemplate> m_templates;
    QStringList m_errors;
};

} // namespace fieldseal::app
