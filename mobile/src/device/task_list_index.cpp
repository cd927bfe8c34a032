#include "device/task_list_index.h"

#include "models/json_bridge.h"
#include "store/sqlite_db.h"
#include "store/sqlite_store.h"
#include "sync/replica.h"

#include <set>

namespace fieldseal::app {
namespace {

constexpr int kVersion = 3; // bump when the tables change: they are rebuilt from the log
constexpr const char* kVersionMeta = "app.task_list_index.version";

// task rows carry the inspection's status even before the task itself arrives (`listed` = 0 until
// then); the order of the list is an index, so loading it needs no sort.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS app_task_rows (
  task_id TEXT PRIMARY KEY,
  listed INTEGER NOT NULL DEFAULT 0,
  organisation_id TEXT NOT NULL DEFAULT '',
  organisation TEXT NOT NULL DEFAULT '',
  uscc TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  inspection_type TEXT NOT NULL DEFAULT '',
  template_id TEXT NOT NULL DEFAULT '',
  plan_id TEXT NOT NULL DEFAULT '',
  district TEXT NOT NULL DEFAULT '',
  due TEXT NOT NULL DEFAULT '',
  inspectors TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'todo'
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS app_task_rows_by_due ON app_task_rows(listed, due, organisation, task_id);
CREATE INDEX IF NOT EXISTS app_task_rows_by_org ON app_task_rows(organisation_id);
-- The counts per status shown before every row is read (taskCounts) come from this index alone.
CREATE INDEX IF NOT EXISTS app_task_rows_by_status ON app_task_rows(listed, status, due);
CREATE TABLE IF NOT EXISTS app_inspection_rows (
  inspection_id TEXT PRIMARY KEY,
  task_id TEXT NOT NULL,
  status TEXT NOT NULL,
  district TEXT NOT NULL,
  organisation_id TEXT NOT NULL DEFAULT '',
  organisation TEXT NOT NULL DEFAULT '',
  inspection_type TEXT NOT NULL DEFAULT '',
  template_id TEXT NOT NULL DEFAULT '',
  inspectors TEXT NOT NULL DEFAULT '',
  conclusion TEXT NOT NULL DEFAULT '',
  failed_count INTEGER NOT NULL DEFAULT 0,
  ended_at TEXT NOT NULL DEFAULT '',
  evidence_count INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS app_inspection_rows_by_status ON app_inspection_rows(status, district, ended_at);
CREATE INDEX IF NOT EXISTS app_inspection_rows_by_org ON app_inspection_rows(organisation_id);
)sql";

std::string str(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Inspectors as one text: the list joins them with "、", and the search matches it.
std::string inspectorsText(const nlohmann::json& record) {
    std::string out;
    for (const auto& i : record.value("inspectors", nlohmann::json::array()))
        if (i.is_string()) out += (out.empty() ? "" : "、") + i.get<std::string>();
    return out;
}

// The inspectors back from that text (none for an empty one).
QStringList inspectorsFromText(const QString& text) {
    return text.isEmpty() ? QStringList{} : text.split(QStringLiteral("、"));
}

void ensureSchema(SqliteStore& store) {
    auto& db = store.database();
    if (store.meta(kVersionMeta).value_or("") == std::to_string(kVersion)) return;
    db.exec("DROP TABLE IF EXISTS app_task_rows; DROP TABLE IF EXISTS app_inspection_rows;");
    db.exec(kSchema);
    store.setCursor(TaskListIndex::kCursor, 0);
    store.setMeta(kVersionMeta, std::to_string(kVersion));
}

std::string organisationName(Replica& replica, const std::string& orgId) {
    const auto org = replica.record(orgId);
    const std::string name = org ? str(*org, "name") : std::string();
    return name.empty() ? orgId : name;
}

std::int64_t failedAnswers(const nlohmann::json& inspection) {
    std::int64_t n = 0;
    const auto answers = inspection.value("answers", nlohmann::json::object());
    for (const auto& [item, answer] : answers.items())
        if (answer.is_object() && answer.value("result", std::string()) == "fail") ++n;
    return n;
}

void writeInspection(SqliteStore& store, Replica& replica, const std::string& id) {
    const auto r = replica.record(id);
    if (!r) return;
    auto& db = store.database();
    const std::string taskId = str(*r, "task_id"), status = r->value("status", std::string("draft"));
    const std::string orgId = str(*r, "organisation_id");
    const auto evidence = static_cast<std::int64_t>(store.recordsReferringTo(id, "inspection_id", "evidence").size());
    db.query("INSERT INTO app_inspection_rows(inspection_id, task_id, status, district, organisation_id, "
             "organisation, inspection_type, template_id, inspectors, conclusion, failed_count, ended_at, "
             "evidence_count) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
             "ON CONFLICT(inspection_id) DO UPDATE SET task_id = excluded.task_id, status = excluded.status, "
             "district = excluded.district, organisation_id = excluded.organisation_id, "
             "organisation = excluded.organisation, inspection_type = excluded.inspection_type, "
             "template_id = excluded.template_id, inspectors = excluded.inspectors, "
             "conclusion = excluded.conclusion, failed_count = excluded.failed_count, "
             "ended_at = excluded.ended_at, evidence_count = excluded.evidence_count")
        .bind(1, id)
        .bind(2, taskId)
        .bind(3, status)
        .bind(4, str(*r, "district"))
        .bind(5, orgId)
        .bind(6, organisationName(replica, orgId))
        .bind(7, str(*r, "inspection_type"))
        .bind(8, str(*r, "template_id"))
        .bind(9, inspectorsText(*r))
        .bind(10, str(*r, "conclusion"))
        .bind(11, failedAnswers(*r))
        .bind(12, str(*r, "ended_at"))
        .bind(13, evidence)
        .exec();
    if (taskId.empty()) return;
    db.query("INSERT INTO app_task_rows(task_id, status) VALUES(?, ?) "
             "ON CONFLICT(task_id) DO UPDATE SET status = excluded.status")
        .bind(1, taskId)
        .bind(2, status)
        .exec();
}

void writeTask(sqlite::Database& db, Replica& replica, const std::string& id) {
    const auto t = replica.record(id);
    if (!t) return;
    const std::string orgId = str(*t, "organisation_id");
    const auto org = replica.record(orgId);
    const nlohmann::json o = org ? *org : nlohmann::json::object();
    std::string name = str(o, "name");
    if (name.empty()) name = orgId;
    db.query("INSERT INTO app_task_rows(task_id, listed, organisation_id, organisation, uscc, address, "
             "inspection_type, template_id, plan_id, district, due, inspectors) "
             "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(task_id) DO UPDATE SET "
             "listed = excluded.listed, organisation_id = excluded.organisation_id, "
             "organisation = excluded.organisation, uscc = excluded.uscc, address = excluded.address, "
             "inspection_type = excluded.inspection_type, template_id = excluded.template_id, "
             "plan_id = excluded.plan_id, district = excluded.district, due = excluded.due, "
             "inspectors = excluded.inspectors")
        .bind(1, id)
        .bind(2, std::int64_t{str(*t, "task_status") == "cancelled" ? 0 : 1})
        .bind(3, orgId)
        .bind(4, name)
        .bind(5, str(o, "uscc"))
        .bind(6, str(o, "address"))
        .bind(7, str(*t, "inspection_type"))
        .bind(8, str(*t, "template_id"))
        .bind(9, str(*t, "plan_id"))
        .bind(10, str(*t, "district"))
        .bind(11, str(*t, "due_date"))
        .bind(12, inspectorsText(*t))
        .exec();
}

void writeOrganisation(sqlite::Database& db, Replica& replica, const std::string& id) {
    const auto o = replica.record(id);
    if (!o) return;
    std::string name = str(*o, "name");
    if (name.empty()) name = id;
    db.query("UPDATE app_task_rows SET organisation = ?, uscc = ?, address = ? WHERE organisation_id = ?")
        .bind(1, name)
        .bind(2, str(*o, "uscc"))
        .bind(3, str(*o, "address"))
        .bind(4, id)
        .exec();
    db.query("UPDATE app_inspection_rows SET organisation = ? WHERE organisation_id = ?").bind(1, name).bind(2, id).exec();
}

} // namespace

std::size_t TaskListIndex::catchUp(SqliteStore& store, Replica& replica,
                                   const std::function<void(std::int64_t, std::int64_t)>& onProgress) {
    ensureSchema(store);
    const std::int64_t from = store.cursor(kCursor).value_or(0);
    const std::int64_t last = store.lastSeq();
    if (from >= last) return 0;
    std::set<std::string> tasks, inspections, organisations, evidence;
    std::int64_t seen = 0;
    store.forEachOpSince(from, [&](const StoredOp& s) {
        if (s.op.type == "task")
            tasks.insert(s.op.recordId);
        else if (s.op.type == "inspection")
            inspections.insert(s.op.recordId);
        else if (s.op.type == "organisation")
            organisations.insert(s.op.recordId);
        else if (s.op.type == "evidence")
            evidence.insert(s.op.recordId);
        if (onProgress && ++seen % 50'000 == 0) onProgress(seen, last - from);
        return true;
    });
    for (const auto& id : evidence) // an inspection's evidence count follows its evidence
        if (const auto e = replica.record(id))
            if (const auto inspectionId = str(*e, "inspection_id"); !inspectionId.empty()) inspections.insert(inspectionId);
    auto tx = store.begin();
    auto& db = store.database();
    for (const auto& id : inspections)
        writeInspection(store, replica, id);
    for (const auto& id : tasks)
        writeTask(db, replica, id);
    for (const auto& id : organisations)
        writeOrganisation(db, replica, id);
    store.setCursor(kCursor, last);
    tx->commit();
    return tasks.size() + inspections.size() + organisations.size();
}

TaskListIndex::Counts TaskListIndex::taskCounts(SqliteStore& store, const QDate& today) {
    Counts counts;
    auto q = store.database().query(
        "SELECT status, count(*), sum(due <> '' AND due < ? AND status NOT IN ('submitted', 'approved')) "
        "FROM app_task_rows WHERE listed = 1 GROUP BY status");
    q.bind(1, today.toString(Qt::ISODate).toStdString());
    while (q.step()) {
        const int n = static_cast<int>(q.int64(1));
        counts.perStatus.emplace_back(QString::fromStdString(q.text(0)), n);
        counts.all += n;
        counts.overdue += static_cast<int>(q.int64(2));
    }
    return counts;
}

std::vector<TaskListRow> TaskListIndex::tasks(sqlite::Database& db, int limit) {
    std::vector<TaskListRow> rows;
    auto q = db.query(
        "SELECT task_id, organisation, uscc, address, inspection_type, template_id, plan_id, district, due, "
        "inspectors, status FROM app_task_rows WHERE listed = 1 ORDER BY listed, due, organisation, task_id "
        "LIMIT ?");
    q.bind(1, std::int64_t{limit});
    const auto text = [&q](int col) { return QString::fromStdString(q.text(col)); };
    while (q.step()) {
        TaskListRow r;
        r.taskId = text(0);
        r.organisation = text(1);
        r.uscc = text(2);
        r.address = text(3);
        r.inspectionType = text(4);
        r.templateId = text(5);
        r.planId = text(6);
        r.district = text(7);
        r.due = QDate::fromString(text(8), Qt::ISODate);
        r.inspectors = inspectorsFromText(text(9));
        r.status = text(10);
        rows.push_back(std::move(r));
    }
    return rows;
}

std::vector<InspectionListRow> TaskListIndex::inspections(SqliteStore& store, const std::string& status,
                                                          const std::string& district) {
    std::vector<InspectionListRow> rows;
    auto q = store.database().query(
        "SELECT inspection_id, task_id, status, district, organisation, inspection_type, template_id, conclusion, "
        "ended_at, inspectors, failed_count, evidence_count FROM app_inspection_rows "
        "WHERE status = ? AND (? = '' OR district = ?) ORDER BY ended_at, inspection_id");
    q.bind(1, status).bind(2, district).bind(3, district);
    const auto text = [&q](int col) { return QString::fromStdString(q.text(col)); };
    while (q.step()) {
        InspectionListRow r;
        r.inspectionId = text(0);
        r.taskId = text(1);
        r.status = text(2);
        r.district = text(3);
        r.organisation = text(4);
        r.inspectionType = text(5);
        r.templateId = text(6);
        r.conclusion = text(7);
        r.endedAt = text(8);
        r.inspectors = inspectorsFromText(text(9));
        r.failedCount = static_cast<int>(q.int64(10));
        r.evidenceCount = static_cast<int>(q.int64(11));
        rows.push_back(std::move(r));
    }
    return rows;
}

} // namespace fieldseal::app
