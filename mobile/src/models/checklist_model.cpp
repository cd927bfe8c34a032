#include "models/checklist_model.h"

namespace fieldseal::app {
namespace {

const nlohmann::json& answerOf(const nlohmann::json& answers, const QString& id) {
    static const nlohmann::json kNone = nlohmann::json::object();
    const auto it = answers.find(id.toStdString());
    return it != answers.end() && it->is_object() ? *it : kNone;
}

} // namespace

int ChecklistModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !m_template ? 0 : static_cast<int>(m_template->items.size());
}

QHash<int, QByteArray> ChecklistModel::roleNames() const {
    return {{ItemIdRole, "itemId"},     {SectionRole, "section"},   {TitleRole, "title"},
            {RequirementRole, "requirement"}, {BasisRole, "basis"}, {RequiredRole, "required"},
            {ResultRole, "result"},     {NoteRole, "note"},         {FailedRole, "failed"},
            {MissingRole, "missing"}};
}

QVariant ChecklistModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const auto& item = m_template->items[static_cast<size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole: return m_english ? item.titleEn : item.titleZh;
    case ItemIdRole: return item.id;
    case SectionRole: return m_english ? item.sectionEn : item.sectionZh;
    case RequirementRole: return m_english ? item.requirementEn : item.requirementZh;
    case BasisRole: return item.basis;
    case RequiredRole: return item.required;
    case ResultRole: return resultOf(item.id);
    case NoteRole: return noteOf(item.id);
    case FailedRole: return resultOf(item.id) == QLatin1String("fail");
    case MissingRole: {
        const auto r = resultOf(item.id);
        return (item.required && r == QLatin1String("unanswered")) ||
               (r == QLatin1String("fail") && noteOf(item.id).trimmed().isEmpty());
    }
    default: return {};
    }
}

void ChecklistModel::reset(const ChecklistTemplate* tmpl, const nlohmann::json& answers, bool english) {
    beginResetModel();
    m_template = tmpl;
    m_answers = answers.is_object() ? answers : nlohmann::json::object();
    m_english = english;
    endResetModel();
}

void ChecklistModel::updateAnswers(const nlohmann::json& answers) {
    const auto old = m_answers;
    m_answers = answers.is_object() ? answers : nlohmann::json::object();
    for (int row = 0; row < rowCount(); ++row) {
        const auto& id = m_template->items[static_cast<size_t>(row)].id;
        if (answerOf(old, id) != answerOf(m_answers, id)) emit dataChanged(index(row), index(row));
    }
}

QString ChecklistModel::resultOf(const QString& itemId) const {
    const auto& a = answerOf(m_answers, itemId);
    const auto r = a.value("result", std::string("unanswered"));
    return QString::fromStdString(r);
}

QString ChecklistModel::noteOf(const QString& itemId) const {
    const auto& a = answerOf(m_answers, itemId);
    return QString::fromStdString(a.value("note", std::string()));
}

int ChecklistModel::rowOf(const QString& itemId) const {
    for (int row = 0; row < rowCount(); ++row)
        if (m_template->items[static_cast<size_t>(row)].id == itemId) return row;
    return -1;
}

} // namespace fieldseal::app
