#include "task_list_model.h"

#include "app_controller.h"
#include "device_store.h"
#include "json_bridge.h"
#include "labels.h"

#include <algorithm>
#include <map>
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
    case InspectorsRole: return r.inspectors.join(QStringLiteral("、"));
    case OverdueRole: return r.due.isValid() && r.due < m_today && r.status != QLatin1String("approved") &&
                             r.status != QLatin1String("submitted");
    default: return {};
    }
}

void TaskListModel::refresh() {
    std::vector<Row> rows;
    auto& store = m_app.store();
    if (store.isOpen()) {
        std::map<std::string, nlohmann::json> orgs;
        for (auto& o : store.recordsOfType("organisation")) {
            const std::string id = o.value("id", ""); // before the move (the right side is evaluated first)
            orgs[id] = std::move(o);
        }
        std::map<std::string, std::string> statusOfTask;
        for (const auto& i : store.recordsOfType("inspection"))
            statusOfTask[i.value("task_id", "")] = i.value("status", "draft");
        for (const auto& t : store.recordsOfType("task")) {
            if (t.value("task_status", "") == "cancelled") continue;
            Row r;
            r.taskId = textOf(t, "id");
            const auto& org = orgs[t.value("organisation_id", "")];
            r.organisation = textOf(org, "name");
            if (r.organisation.isEmpty()) r.organisation = textOf(t, "organisation_id");
            r.uscc = textOf(org, "uscc");
            r.address = textOf(org, "address");
            r.inspectionType = textOf(t, "inspection_type");
            r.templateId = textOf(t, "template_id");
            r.planId = textOf(t, "plan_id");
            r.district = textOf(t, "district");
            r.due = QDate::fromString(textOf(t, "due_date"), Qt::ISODate);
            for (const auto& i : t.value("inspectors", nlohmann::json::array()))
                if (i.is_string()) r.inspectors << QString::fromStdString(i.get<std::string>());
            const auto s = statusOfTask.find(t.value("id", ""));
            r.status = s == statusOfTask.end() ? QStringLiteral("todo") : QString::fromStdString(s->second);
            rows.push_back(std::move(r));
        }
    }
    setRows(std::move(rows));
}

void TaskListModel::setRows(std::vector<Row> rows) {
    for (auto& r : rows) {
        const auto* t = m_app.templates().find(r.templateId);
        r.searchKey = QStringList{r.organisation, r.uscc, r.address, r.planId, r.taskId,
                                  t ? t->titleZh : QString(), t ? t->titleEn : QString(),
                                  labels::inspectionType(r.inspectionType)}
                          .join(QLatin1Char('\n'))
                          .toLower();
    }
    m_rows = std::move(rows);
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
    QVariantMap counts;
    for (const char* s : {"all", "todo", "draft", "submitted", "returned", "approved", "overdue"})
        counts.insert(QLatin1String(s), 0);
    const auto bump = [&](const QString& key) { counts[key] = counts.value(key).toInt() + 1; };
    for (size_t i = 0; i < m_rows.size(); ++i) {
        const Row& r = m_rows[i];
        if (!needle.isEmpty() && !r.searchKey.contains(needle)) continue;
        if (!m_type.isEmpty() && r.inspectionType != m_type) continue;
        if (!passesDue(r)) continue;
        bump(QStringLiteral("all"));
        bump(r.status);
        if (r.due.isValid() && r.due < m_today && r.status != QLatin1String("submitted") &&
            r.status != QLatin1String("approved"))
            bump(QStringLiteral("overdue"));
        if (!m_status.isEmpty() && r.status != m_status) continue;
        m_visible.push_back(static_cast<int>(i));
    }
    std::stable_sort(m_visible.begin(), m_visible.end(), [this](int a, int b) {
        const Row& x = m_rows[static_cast<size_t>(a)];
        const Row& y = m_rows[static_cast<size_t>(b)];
        return x.due != y.due ? x.due < y.due : x.organisation < y.organisation;
    });
    m_counts = counts;
    endResetModel();
    emit countsChanged();
}

QStringList TaskListModel::types() const {
    std::set<QString> set;
    for (const auto& r : m_rows)
        set.insert(r.inspectionType);
    return QStringList(set.begin(), set.end());
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
