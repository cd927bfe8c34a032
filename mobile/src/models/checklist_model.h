#pragma once
// ChecklistModel: the items of the open inspection's template with their answers, in section
// order (QML's ListView sections group them). Answers come from the inspection record; the
// model only shows them (InspectionController writes).

#include "models/template_library.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>
#include <nlohmann/json.hpp>

namespace fieldseal::app {

class ChecklistModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by InspectionController")
public:
    enum Role {
        ItemIdRole = Qt::UserRole + 1,
        SectionRole,
        TitleRole,
        RequirementRole,
        BasisRole,
        RequiredRole,
        ResultRole, // pass, fail, not_applicable, unanswered
        NoteRole,
        FailedRole,
        MissingRole, // required and unanswered, or failed without a note
    };
    Q_ENUM(Role)

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // A new template (or none) and answers: resets the model.
    void reset(const ChecklistTemplate* tmpl, const nlohmann::json& answers, bool english);
    // New answers for the same template: only changed rows are reported.
    void updateAnswers(const nlohmann::json& answers);

    const ChecklistTemplate* checklistTemplate() const { return m_template; }
    QString resultOf(const QString& itemId) const;
    QString noteOf(const QString& itemId) const;
    Q_INVOKABLE int rowOf(const QString& itemId) const;

private:
    const ChecklistTemplate* m_template = nullptr;
    nlohmann::json m_answers = nlohmann::json::object();
    bool m_english = false;
};

} // namespace fieldseal::app
