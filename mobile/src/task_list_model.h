#pragma once
// TaskListModel: the signed-in user's inspection tasks with search, filters and counts.
// Rows are read from the device store on refresh() (the store reports every change) and kept
// in memory; filtering works on those rows only, so typing in the search box never touches SQLite.
// A task's status is its inspection's (draft, submitted, returned, approved) or "todo".

#include <QAbstractListModel>
#include <QDate>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>
#include <vector>

namespace fieldseal::app {

class AppController;

class TaskListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by AppController")
    Q_PROPERTY(QString searchText READ searchText WRITE setSearchText NOTIFY filterChanged)
    Q_PROPERTY(QString statusFilter READ statusFilter WRITE setStatusFilter NOTIFY filterChanged)
    Q_PROPERTY(QString typeFilter READ typeFilter WRITE setTypeFilter NOTIFY filterChanged)
    Q_PROPERTY(QString dueFilter READ dueFilter WRITE setDueFilter NOTIFY filterChanged)
    Q_PROPERTY(QDate today READ today WRITE setToday NOTIFY filterChanged)
    Q_PROPERTY(int count READ count NOTIFY countsChanged)
    Q_PROPERTY(int totalCount READ totalCount NOTIFY countsChanged)
    Q_PROPERTY(QVariantMap counts READ counts NOTIFY countsChanged)
    Q_PROPERTY(QStringList types READ types NOTIFY countsChanged)

public:
    enum Role {
        TaskIdRole = Qt::UserRole + 1,
        OrganisationRole,
        UsccRole,
        AddressRole,
        InspectionTypeRole,
        InspectionTypeLabelRole,
        TemplateIdRole,
        TemplateTitleRole,
        PlanIdRole,
        DueDateRole,
        DistrictRole,
        StatusRole,
        StatusLabelRole,
        InspectorsRole,
        OverdueRole,
    };
    Q_ENUM(Role)

    struct Row {
        QString taskId, organisation, uscc, address, inspectionType, templateId, planId, district, status;
        QStringList inspectors;
        QDate due;
        QString searchKey; // lower-case text the search matches
    };

    explicit TaskListModel(AppController& app);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString searchText() const { return m_search; }
    void setSearchText(const QString& s);
    QString statusFilter() const { return m_status; }
    void setStatusFilter(const QString& s);
    QString typeFilter() const { return m_type; }
    void setTypeFilter(const QString& s);
    // "" (any), "overdue", "week" (due within 7 days, not overdue), "month" (within 31 days)
    QString dueFilter() const { return m_due; }
    void setDueFilter(const QString& s);
    QDate today() const { return m_today; }
    void setToday(const QDate& d);

    int count() const { return static_cast<int>(m_visible.size()); }
    int totalCount() const { return static_cast<int>(m_rows.size()); }
    // Per status (todo, draft, submitted, returned, approved), "all" and "overdue", over the
    // tasks that pass the search, type and due filters (so the status chips show what they would give).
    QVariantMap counts() const { return m_counts; }
    QStringList types() const;

    Q_INVOKABLE void refresh();
    // Replaces the rows (the benchmark and tests feed rows directly).
    void setRows(std::vector<Row> rows);
    Q_INVOKABLE QString taskIdAt(int row) const;

signals:
    void filterChanged();
    void countsChanged();

private:
    void applyFilter();
    bool passesDue(const Row& r) const;

    AppController& m_app;
    std::vector<Row> m_rows;
    std::vector<int> m_visible; // indexes into m_rows, sorted by due date
    QString m_search, m_status, m_type, m_due;
    QDate m_today = QDate::currentDate();
    QVariantMap m_counts;
};

} // namespace fieldseal::app
