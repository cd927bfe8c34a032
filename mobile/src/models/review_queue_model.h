#pragma once
// ReviewQueueModel: the district's inspections awaiting a supervisor's review (status
// "submitted"), as the supervisor's tablet holds them after a sync: readable offline. Rows are
// set by ReviewController::refresh(); oldest submission first (first come, first reviewed).

#include <QAbstractListModel>
#include <QStringList>
#include <QtQml/qqmlregistration.h>
#include <vector>

namespace fieldseal::app {

class ReviewQueueModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by ReviewController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        InspectionIdRole = Qt::UserRole + 1,
        OrganisationRole,
        InspectionTypeRole,
        InspectionTypeLabelRole,
        TemplateTitleRole,
        InspectorsRole,
        ConclusionRole,
        ConclusionLabelRole,
        FailedCountRole,
        SubmittedAtRole, // the inspection's end time as the inspector recorded it (text)
        EvidenceCountRole,
    };
    Q_ENUM(Role)

    struct Row {
        QString inspectionId, organisation, inspectionType, templateTitle, conclusion, submittedAt;
        QStringList inspectors;
        int failedCount = 0;
        int evidenceCount = 0;
    };

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(m_rows.size()); }
    void setRows(std::vector<Row> rows, bool english);
    Q_INVOKABLE QString inspectionIdAt(int row) const;

signals:
    void countChanged();

private:
    std::vector<Row> m_rows;
    bool m_english = false; // list separators
};

} // namespace fieldseal::app
