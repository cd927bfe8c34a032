#pragma once
// TaskListModel: the signed-in user's inspection tasks with search, filters and counts.
// Rows come from the app's task list index (task_list_index.h: one flat row per task, already in
// due-date order) on refresh(), which the store's every change triggers, and stay in memory;
// filtering is one pass over those rows with nothing to sort, so typing in the search box never
// touches SQLite (100,000 tasks filter in a few milliseconds).
// A large list opens in two steps so that the page's first frame does not wait for every row:
// the first screenful (and the counts, from one SQL aggregate) at once, then every row read on
// a worker thread through a second, read-only connection to the store file; `loading` is true
// in between. A refresh while a read runs makes that read's rows outdated (they are dropped).
// A task's status is its inspection's (draft, submitted, returned, approved) or "todo".

#include "device/task_list_index.h"

#include <QAbstractListModel>
#include <QDate>
#include <QVariantMap>
#include <optional>
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
    Q_PROPERTY(QStringList types READ types NOTIFY typesChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)

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

    using Row = TaskListRow;

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
    int totalCount() const { return m_storeCounts ? m_storeCounts->all : static_cast<int>(m_rows.size()); }
    // Per status (todo, draft, submitted, returned, approved), "all" and "overdue", over the
    // tasks that pass the search, type and due filters (so the status chips show what they would give).
    QVariantMap counts() const { return m_counts; }
    QStringList types() const;

    // Reads the rows again from the task list index: at once when there are at most
    // `stepsAbove` (setLoadInSteps), else in two steps (see the class comment).
    Q_INVOKABLE void refresh();
    bool loading() const { return m_loading; }
    // Lists of more than `aboveRows` tasks open with their first `firstRows` rows first
    // (defaults: 2,000 and 60, a screenful of a tablet in portrait; tests lower them).
    Q_INVOKABLE void setLoadInSteps(int aboveRows, int firstRows);
    // Replaces the rows, in the order they are listed (tests feed rows directly).
    void setRows(std::vector<Row> rows);
    Q_INVOKABLE QString taskIdAt(int row) const;

signals:
    void filterChanged();
    void countsChanged();
    void typesChanged();
    void loadingChanged();

private:
    void applyFilter();
    void setLoading(bool loading);
    void readAllRowsInBackground();
    bool passesDue(const Row& r) const;

    AppController& m_app;
    std::vector<Row> m_rows;
    // Per row, what filtering reads: lower-case text the search matches (organisation, USCC,
    // address, plan), the template's index in m_templateIds (its titles and type label
    // are matched once per template, not per row), and the status as an index into kStatuses.
    std::vector<QString> m_searchKeys;
    std::vector<int> m_templateOf, m_statusOf;
    std::vector<QString> m_templateIds;
    QStringList m_types;
    std::vector<int> m_visible; // indexes into m_rows, in list order
    // The rows the current search text matches (all rows when it is empty), in list order, and
    // that text: a filter change other than the search reuses them, and a search that extends
    // the previous one (typing on) looks only among them.
    std::vector<int> m_searchMatches;
    QString m_matchedNeedle;
    bool m_matchesValid = false;
    QString m_search, m_status, m_type, m_due;
    QDate m_today = QDate::currentDate();
    QVariantMap m_counts;
    // Two-step loading: the listed tasks per status while only the first screenful is in
    // m_rows (unset once every row is); which read is current; whose rows m_rows holds.
    std::optional<TaskListIndex::Counts> m_storeCounts;
    int m_stepsAbove = 2000, m_firstRows = 60;
    quint64 m_generation = 0;
    bool m_loading = false;
    QString m_rowsOf;
};

} // namespace fieldseal::app
