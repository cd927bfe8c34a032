#include "sqlite_draw_store.h"

#include "store/sqlite_db.h"

namespace fieldseal::server {
namespace {

constexpr const char* kColumns = "id, created_at, created_by, plan_json, seed_sealed, seed_sha256, ran_at, ran_by, "
                                 "result_json, sealed_json, task_ids, seed_hex, tasks_created_at";

nlohmann::json parsedOrNull(const sqlite::Query& q, int column) {
    if (q.isNull(column)) return nullptr;
    return nlohmann::json::parse(q.text(column));
}

StoredDraw readDraw(const sqlite::Query& q) {
    StoredDraw d;
    d.id = q.text(0);
    d.createdAt = q.text(1);
    d.createdBy = q.text(2);
    d.plan = nlohmann::json::parse(q.text(3));
    d.sealedSeed = q.text(4);
    d.seedSha256 = q.text(5);
    d.ran = !q.isNull(6);
    if (d.ran) {
        d.ranAt = q.text(6);
        d.ranBy = q.text(7);
        d.result = parsedOrNull(q, 8);
        d.sealed = parsedOrNull(q, 9);
        if (!q.isNull(10)) d.taskIds = nlohmann::json::parse(q.text(10)).get<std::vector<std::string>>();
        if (!q.isNull(11)) d.seedHex = q.text(11);
        d.tasksCreated = !q.isNull(12);
    }
    return d;
}

} // namespace

std::unique_ptr<Transaction> SqliteDrawStore::begin() {
    return std::make_unique<sqlite::SqliteTransaction>(m_db);
}

bool SqliteDrawStore::insert(const StoredDraw& d) {
    return m_db.query("INSERT INTO draws(id, created_at, created_by, title, plan_json, seed_sealed, seed_sha256) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING")
               .bind(1, d.id)
               .bind(2, d.createdAt)
               .bind(3, d.createdBy)
               .bind(4, d.plan.value("title", std::string()))
               .bind(5, d.plan.dump())
               .bind(6, d.sealedSeed)
               .bind(7, d.seedSha256)
               .exec() == 1;
}

std::optional<StoredDraw> SqliteDrawStore::find(const std::string& id) {
    auto q = m_db.query(std::string("SELECT ") + kColumns + " FROM draws WHERE id = ?1");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return readDraw(q);
}

std::vector<DrawSummary> SqliteDrawStore::list() {
    auto q = m_db.query("SELECT id, title, created_at, created_by, seed_sha256, ran_at FROM draws "
                        "ORDER BY created_at DESC, id DESC");
    std::vector<DrawSummary> out;
    while (q.step()) {
        DrawSummary s;
        s.id = q.text(0);
        s.title = q.text(1);
        s.createdAt = q.text(2);
        s.createdBy = q.text(3);
        s.seedSha256 = q.text(4);
        s.ran = !q.isNull(5);
        if (s.ran) s.ranAt = q.text(5);
        out.push_back(std::move(s));
    }
    return out;
}

bool SqliteDrawStore::markRun(const StoredDraw& d) {
    // The compare-and-set: only a row not yet run changes.
    return m_db.query("UPDATE draws SET ran_at = ?2, ran_by = ?3, result_json = ?4, sealed_json = ?5, "
                      "task_ids = ?6, seed_hex = ?7 WHERE id = ?1 AND ran_at IS NULL")
               .bind(1, d.id)
               .bind(2, d.ranAt)
               .bind(3, d.ranBy)
               .bind(4, d.result.dump())
               .bind(5, d.sealed.dump())
               .bind(6, nlohmann::json(d.taskIds).dump())
               .bind(7, d.seedHex)
               .exec() == 1;
}

bool SqliteDrawStore::markTasksCreated(const std::string& id, const std::string& at) {
    return m_db.query("UPDATE draws SET tasks_created_at = ?2 WHERE id = ?1 AND ran_at IS NOT NULL "
                      "AND tasks_created_at IS NULL")
               .bind(1, id)
               .bind(2, at)
               .exec() == 1;
}

} // namespace fieldseal::server
