#include "models/task_list_model.h"

#include "controllers/app_controller.h"
#include "device/device_store.h"
#include "models/json_bridge.h"
#include "models/labels.h"

#include "store/sqlite_db.h"
#include "store/sqlite_store.h"

#include <QFutureWatcher>
#include <QtConcurrent>
#include <algorithm>
#include <set>

namespace fieldseal::app {

TaskListModel::TaskListModel(AppController& app) : m_app(app) {
    connect(&app.store(), &DeviceStore::changed, this, &TaskListModel::refresh);
    connect(&app, &AppController::languageChanged, this, [this] {
        if (!m_visible.empty()) emit dataChanged(index(0), index(count() - 1));
    });
}

int TaskListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QHash<int, QByteArray> TaskListModel::roleNames() const {
    return {{TaskIdRole, "taskId"},
            {OrganisationRole, "organisation"},
            {UsccRole, "uscc"},
            {AddressRole, "address"},
            {InspectionTypeRole, "inspectionType"},
            {InspectionTypeLabelRole, "inspectionTypeLabel"},
            {TemplateIdRole, "templateId"},
            {TemplateTitleRole, "templateTitle"},
            {PlanIdRole, "planId"},
            {DueDateRole, "dueDate"},
            {DistrictRole, "district"},
            {StatusRole, "status"},
            {StatusLabelRole, "statusLabel"},
            {InspectorsRole, "inspectors"},
            {OverdueRole, "overdue"}};
}

QVariant TaskListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& r = m_rows[static_cast<size_t>(m_visible[static_cast<size_t>(index.row())])];
    switch (role) {
    case Qt::DisplayRole:
    case OrganisationRole: return r.organisation;
    case TaskIdRole: return r.taskId;
    case UsccRole: return r.uscc;
    case AddressRole: return r.address;
    case InspectionTypeRole: return r.inspectionType;
    case InspectionTypeLabelRole: return labels::inspectionType(r.inspectionType);
    case TemplateIdRole: return r.templateId;
    case TemplateTitleRole: {
        const auto* t = m_app.templates().find(r.templateId);
        if (!t) return r.templateId;
        return m_app.english() ? t->titleEn : t->titleZh;
    }
    case PlanIdRole: return r.planId;
    case DueDateRole: return r.due.toString(Qt::ISODate);
    case DistrictRole: return labels::districtName(r.district, m_app.english());
    case StatusRole: return r.status;
    case StatusLabelRole: return labels::taskStatus(r.status);
    case InspectorsRole: return r.inspectors.join(m_app.english() ? QStringLiteral(", ") : QStringLiteral("、"));
    case OverdueRole: return r.due.isValid() && r.due < m_today && r.status != QLatin1String("approved") &&
                             r.status != QLatin1String("submitted");
    default: return {};
    }
}

namespace {
// The statuses a task can be in, in the order the counts are kept.
const char* const kStatuses[] = {"todo", "draft", "submitted", "returned", "approved"};
constexpr int kStatusCount = 5;
int statusIndex(const QString& s) {
    for (int i = 0; i < kStatusCount; ++i)
        if (s == QLatin1String(kStatuses[i])) return i;
    return 0;
}
} // namespace

void TaskListModel::refresh() {
    auto& store = m_app.store();
    if (store.busy()) return; // a sync owns the store; it reports again when done
    ++m_generation;           // a read still running is outdated
    if (!store.isOpen()) {
        m_storeCounts.reset();
        m_rowsOf.clear();
        setLoading(false);
        setRows({});
        return;
    }
    try {
        TaskListIndex::catchUp(*store.store(), *store.replica());
        auto counts = TaskListIndex::taskCounts(*store.store(), m_today);
        if (counts.all <= m_stepsAbove) {
            m_storeCounts.reset();
            m_rowsOf = store.path();
            setLoading(false);
            setRows(TaskListIndex::tasks(store.store()->database()));
            return;
        }
        // Another account's rows are never shown while this one's are read; the same account's
        // stay (and keep their scroll position) until the new rows replace them.
        if (m_rowsOf != store.path() || m_rows.empty() || m_storeCounts) {
            m_storeCounts = std::move(counts);
            m_rowsOf = store.path();
            setRows(TaskListIndex::tasks(store.store()->database(), m_firstRows));
        }
    } catch (const StoreFailure& e) {
        m_app.setError(tr("无法读取任务列表：%1").arg(QString::fromUtf8(e.what())));
        m_storeCounts.reset();
        setLoading(false);
        setRows({});
        return;
    }
    readAllRowsInBackground();
}

void TaskListModel::readAllRowsInBackground() {
    struct Read {
        std::vector<Row> rows;
        QString error;
    };
    setLoading(true);
    const auto generation = m_generation;
    auto* watcher = new QFutureWatcher<Read>(this); // deletes itself when done
    connect(watcher, &QFutureWatcher<Read>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation) return; // a newer refresh has its own read
        Read read = watcher->result();
        if (!read.error.isEmpty()) m_app.setError(tr("无法读取任务列表：%1").arg(read.error));
        m_storeCounts.reset();
        setRows(std::move(read.rows));
        setLoading(false);
    });
    // Its own connection: SQLite connections are not shared across threads, and in WAL mode this
    // reader never waits for (nor blocks) the GUI thread's writes.
    watcher->setFuture(QtConcurrent::run([path = m_app.store().path().toStdString()] {
        Read read;
        try {
            sqlite::Database db(path, false);
            read.rows = TaskListIndex::tasks(db);
        } catch (const StoreFailure& e) {
            read.error = QString::fromUtf8(e.what());
        }
        return read;
    }));
}

void TaskListModel::setLoading(bool loading) {
    if (loading == m_loading) return;
    m_loading = loading;
    emit loadingChanged();
}

void TaskListModel::setLoadInSteps(int aboveRows, int firstRows) {
    m_stepsAbove = aboveRows;
    m_firstRows = firstRows;
}

void TaskListModel::setRows(std::vector<Row> rows) {
    m_rows = std::move(rows);
    m_searchKeys.clear();
    m_templateOf.clear();
    m_statusOf.clear();
    m_templateIds.clear();
    m_searchKeys.reserve(m_rows.size());
    m_templateOf.reserve(m_rows.size());
    m_statusOf.reserve(m_rows.size());
    std::set<QString> types;
    const QChar sep(QLatin1Char('\n'));
    for (const auto& r : m_rows) {
        QString key;
        key.reserve(r.organisation.size() + r.uscc.size() + r.address.size() + r.planId.size() + 3);
        key.append(r.organisation).append(sep).append(r.uscc).append(sep).append(r.address).append(sep)
            .append(r.planId);
        m_searchKeys.push_back(std::move(key).toLower());
        auto t = std::find(m_templateIds.begin(), m_templateIds.end(), r.templateId);
        if (t == m_templateIds.end()) t = m_templateIds.insert(t, r.templateId);
        m_templateOf.push_back(static_cast<int>(t - m_templateIds.begin()));
        m_statusOf.push_back(statusIndex(r.status));
        types.insert(r.inspectionType);
    }
    m_matchesValid = false;
    if (QStringList t(types.begin(), types.end()); t != m_types) {
        m_types = std::move(t);
        emit typesChanged();
    }
    applyFilter();
}

bool TaskListModel::passesDue(const Row& r) const {
    if (m_due.isEmpty()) return true;
    if (!r.due.isValid()) return false;
    const bool open = r.status != QLatin1String("submitted") && r.status != QLatin1String("approved");
    const auto days = m_today.daysTo(r.due);
    if (m_due == QLatin1String("overdue")) return open && days < 0;
    if (m_due == QLatin1String("week")) return days >= 0 && days <= 7;
    if (m_due == QLatin1String("month")) return days >= 0 && days <= 31;
    return true;
}

void TaskListModel::applyFilter() {
    beginResetModel();
    m_visible.clear();
    const QString needle = m_search.trimmed().toLower();
    if (!m_matchesValid || needle != m_matchedNeedle) {
        // Typing on narrows the previous matches; anything else looks at every row.
        const bool narrowing = m_matchesValid && !m_matchedNeedle.isEmpty() && needle.contains(m_matchedNeedle);
        std::vector<int> from;
        if (narrowing) from.swap(m_searchMatches);
        m_searchMatches.clear();
        // A template matches once for all its rows: its titles in both languages and its type's label.
        std::vector<char> templateMatches(m_templateIds.size(), 0);
        for (size_t t = 0; t < m_templateIds.size() && !needle.isEmpty(); ++t) {
            const auto* tpl = m_app.templates().find(m_templateIds[t]);
            templateMatches[t] = tpl && (tpl->titleZh.toLower().contains(needle) ||
                                         tpl->titleEn.toLower().contains(needle) ||
                                         labels::inspectionType(tpl->inspectionType).toLower().contains(needle));
        }
        const auto matches = [&](size_t i) {
            return needle.isEmpty() || templateMatches[static_cast<size_t>(m_templateOf[i])] ||
                   m_searchKeys[i].contains(needle);
        };
        if (narrowing) {
            for (int i : from)
                if (matches(static_cast<size_t>(i))) m_searchMatches.push_back(i);
        } else {
            m_searchMatches.reserve(m_rows.size());
            for (size_t i = 0; i < m_rows.size(); ++i)
                if (matches(i)) m_searchMatches.push_back(static_cast<int>(i));
        }
        m_matchedNeedle = needle;
        m_matchesValid = true;
    }
    int perStatus[kStatusCount] = {};
    int all = 0, overdue = 0;
    const int wanted = m_status.isEmpty() ? -1 : statusIndex(m_status);
    const bool unknownStatus = wanted == 0 && m_status != QLatin1String(kStatuses[0]);
    for (const int row : m_searchMatches) {
        const auto i = static_cast<size_t>(row);
        const Row& r = m_rows[i];
        if (!m_type.isEmpty() && r.inspectionType != m_type) continue;
        if (!passesDue(r)) continue;
        const int s = m_statusOf[i];
        ++all;
        ++perStatus[s];
        if (r.due.isValid() && r.due < m_today && s != 2 && s != 4) ++overdue; // not submitted or approved
        if (wanted >= 0 && (s != wanted || unknownStatus)) continue;
        m_visible.push_back(static_cast<int>(i));
    }
    QVariantMap counts;
    if (m_storeCounts && needle.isEmpty() && m_type.isEmpty() && m_due.isEmpty()) {
        // Only the first screenful is read yet: the chips count every listed task.
        std::fill(std::begin(perStatus), std::end(perStatus), 0);
        for (const auto& [status, n] : m_storeCounts->perStatus)
            perStatus[statusIndex(status)] += n;
        all = m_storeCounts->all;
        overdue = m_storeCounts->overdue;
    }
    counts.insert(QStringLiteral("all"), all);
    counts.insert(QStringLiteral("overdue"), overdue);
    for (int s = 0; s < kStatusCount; ++s)
        counts.insert(QLatin1String(kStatuses[s]), perStatus[s]);
    m_counts = counts;
    endResetModel();
    emit countsChanged();
}

QStringList TaskListModel::types() const {
    return m_types;
}

QString TaskListModel::taskIdAt(int row) const {
    if (row < 0 || row >= count()) return {};
    return m_rows[static_cast<size_t>(m_visible[static_cast<size_t>(row)])].taskId;
}

#define FIELDSEAL_SETTER(name, member)                                                                       \
    void TaskListModel::name(const QString& s) {                                                             \
        if (s == member) return;                                                                             \
        member = s;                                                                                          \
        emit filterChanged();                                                                                \
        applyFilter();                                                                                       \
    }
FIELDSEAL_SETTER(setSearchText, m_search)
FIELDSEAL_SETTER(setStatusFilter, m_status)
FIELDSEAL_SETTER(setTypeFilter, m_type)
FIELDSEAL_SETTER(setDueFilter, m_due)
#undef FIELDSEAL_SETTER

void TaskListModel::setToday(const QDate& d) {
    if (d == m_today) return;
    m_today = d;
    emit filterChanged();
    applyFilter();
}

} // namespace fieldseal::app
