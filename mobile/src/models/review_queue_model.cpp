#include "models/review_queue_model.h"

#include "models/labels.h"

namespace fieldseal::app {

int ReviewQueueModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant ReviewQueueModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& r = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case OrganisationRole: return r.organisation;
    case InspectionIdRole: return r.inspectionId;
    case InspectionTypeRole: return r.inspectionType;
    case InspectionTypeLabelRole: return labels::inspectionType(r.inspectionType);
    case TemplateTitleRole: return r.templateTitle;
    case InspectorsRole: return r.inspectors.join(m_english ? QStringLiteral(", ") : QStringLiteral("、"));
    case ConclusionRole: return r.conclusion;
    case ConclusionLabelRole: return labels::conclusion(r.conclusion);
    case FailedCountRole: return r.failedCount;
    case SubmittedAtRole: return r.submittedAt;
    case EvidenceCountRole: return r.evidenceCount;
    default: return {};
    }
}

QHash<int, QByteArray> ReviewQueueModel::roleNames() const {
    return {{InspectionIdRole, "inspectionId"},
            {OrganisationRole, "organisation"},
            {InspectionTypeRole, "inspectionType"},
            {InspectionTypeLabelRole, "inspectionTypeLabel"},
            {TemplateTitleRole, "templateTitle"},
            {InspectorsRole, "inspectors"},
            {ConclusionRole, "conclusion"},
            {ConclusionLabelRole, "conclusionLabel"},
            {FailedCountRole, "failedCount"},
            {SubmittedAtRole, "submittedAt"},
            {EvidenceCountRole, "evidenceCount"}};
}

void ReviewQueueModel::setRows(std::vector<Row> rows, bool english) {
    m_english = english;
    const bool countChanges = rows.size() != m_rows.size();
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    if (countChanges) emit countChanged();
}

QString ReviewQueueModel::inspectionIdAt(int row) const {
    return row >= 0 && row < count() ? m_rows[static_cast<std::size_t>(row)].inspectionId : QString();
}

} // namespace fieldseal::app
