#include "models/conflict_models.h"

#include <algorithm>

namespace fieldseal::app {

int ConflictListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant ConflictListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& r = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case RecordTitleRole: return r.recordTitle;
    case ConflictIdRole: return r.conflictId;
    case RecordIdRole: return r.recordId;
    case RecordTypeRole: return r.recordType;
    case FieldsTextRole: return r.fieldsText;
    case FieldCountRole: return r.fieldCount;
    case OpenRole: return r.open;
    case StatusLabelRole: return r.statusLabel;
    case ResolutionTextRole: return r.resolutionText;
    default: return {};
    }
}

QHash<int, QByteArray> ConflictListModel::roleNames() const {
    return {{ConflictIdRole, "conflictId"},   {RecordIdRole, "recordId"},         {RecordTypeRole, "recordType"},
            {RecordTitleRole, "recordTitle"}, {FieldsTextRole, "fieldsText"},     {FieldCountRole, "fieldCount"},
            {OpenRole, "open"},               {StatusLabelRole, "statusLabel"}, {ResolutionTextRole, "resolutionText"}};
}

int ConflictListModel::openCount() const {
    return static_cast<int>(std::count_if(m_rows.begin(), m_rows.end(), [](const Row& r) { return r.open; }));
}

void ConflictListModel::setRows(std::vector<Row> rows) {
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    emit countChanged();
}

QString ConflictListModel::conflictIdAt(int row) const {
    return row >= 0 && row < count() ? m_rows[static_cast<std::size_t>(row)].conflictId : QString();
}

int ConflictFieldModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant ConflictFieldModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& r = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case FieldLabelRole: return r.label;
    case FieldRole: return r.field;
    case OursRole: return r.ours;
    case TheirsRole: return r.theirs;
    case DiffersRole: return r.ours != r.theirs;
    case TakeRole: return r.take;
    default: return {};
    }
}

bool ConflictFieldModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != TakeRole || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    Row& r = m_rows[static_cast<std::size_t>(index.row())];
    if (r.take == value.toBool()) return true;
    r.take = value.toBool();
    emit dataChanged(index, index, {TakeRole});
    emit takeChanged();
    return true;
}

Qt::ItemFlags ConflictFieldModel::flags(const QModelIndex& index) const {
    return QAbstractListModel::flags(index) | (index.isValid() ? Qt::ItemIsEditable : Qt::NoItemFlags);
}

QHash<int, QByteArray> ConflictFieldModel::roleNames() const {
    return {{FieldRole, "field"},   {FieldLabelRole, "fieldLabel"}, {OursRole, "ours"},
            {TheirsRole, "theirs"}, {DiffersRole, "differs"},       {TakeRole, "take"}};
}

int ConflictFieldModel::takeCount() const {
    return static_cast<int>(std::count_if(m_rows.begin(), m_rows.end(), [](const Row& r) { return r.take; }));
}

void ConflictFieldModel::setRows(std::vector<Row> rows) {
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    emit countChanged();
    emit takeChanged();
}

void ConflictFieldModel::setTake(int row, bool take) {
    setData(index(row), take, TakeRole);
}

QStringList ConflictFieldModel::takenFields() const {
    QStringList out;
    for (const auto& r : m_rows)
        if (r.take) out << r.field;
    return out;
}

} // namespace fieldseal::app
