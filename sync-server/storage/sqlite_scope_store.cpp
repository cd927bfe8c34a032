#include "sqlite_scope_store.h"

#include "store/sqlite_db.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace fieldseal::server {

void SqliteScopeStore::addOpScopeLocked(std::int64_t firstSeq, std::int64_t lastSeq, const std::string& district,
                                        const std::string& type) {
    m_db.query("INSERT INTO op_scope(first_seq, last_seq, district, type) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, firstSeq)
        .bind(2, lastSeq)
        .bind(3, district)
        .bind(4, type)
        .exec();
}

namespace {

// Reads op rows (seq, op_id, record_id, type, field, value, hlc, base, device, user) into `row`
// and hands each to fn; false when fn said stop or `budget` rows were read.
bool readOps(sqlite::Query& q, LoggedOpText& row, std::size_t& budget,
             const std::function<bool(const LoggedOpText&)>& fn) {
    while (budget > 0 && q.step()) {
        --budget;
        row.seq = q.int64(0);
        row.opId = q.text(1);
        row.recordId = q.text(2);
        row.type = q.text(3);
        row.field = q.text(4);
        row.valueJson = q.text(5);
        row.hlc = static_cast<Hlc>(q.int64(6));
        row.baseVersion = static_cast<Hlc>(q.int64(7));
        row.device = q.text(8);
        row.user = q.text(9);
        if (!fn(row)) return false;
    }
    return budget > 0;
}

constexpr const char* kOpRow = "SELECT seq, op_id, record_id, type, field, value, hlc, base, device, user FROM ops ";

} // namespace

void SqliteScopeStore::forEachVisibleOpLocked(std::int64_t cursor, const PullFilter& filter, std::size_t limit,
                                              const std::function<bool(const LoggedOpText&)>& fn) {
    LoggedOpText row;
    std::size_t budget = limit;
    if (filter.everything) {
        // City-wide: every op the server accepted (each has its scope), straight from the log.
        auto q = m_db.query(std::string(kOpRow) + "WHERE seq > ?1 ORDER BY seq LIMIT ?2");
        q.bind(1, cursor).bind(2, static_cast<std::int64_t>(limit));
        readOps(q, row, budget, fn);
        return;
    }
    // The caller's runs after the cursor, in log order (runs never overlap, so by last_seq is by
    // first_seq), then each run's ops. The type list is short and fixed per role; it is bound as
    // one comma-separated string (instr) so that each role's statement is prepared once.
    std::vector<std::pair<std::int64_t, std::int64_t>> runs;
    {
        std::string types = ",";
        for (const auto& t : filter.types)
            types += t + ",";
        auto q = m_db.query("SELECT first_seq, last_seq FROM op_scope WHERE district = ?1 AND last_seq > ?2 "
                            "AND instr(?3, ',' || type || ',') > 0 ORDER BY last_seq");
        q.bind(1, filter.district).bind(2, cursor).bind(3, types);
        std::int64_t covered = 0;
        // Enough runs to fill the page: each holds at least one op.
        while (covered < static_cast<std::int64_t>(limit) && q.step()) {
            const std::int64_t first = std::max(q.int64(0), cursor + 1);
            const std::int64_t last = q.int64(1);
            runs.emplace_back(first, last);
            covered += last - first + 1;
        }
    }
    for (const auto& [first, last] : runs) {
        auto q = m_db.query(std::string(kOpRow) + "WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq");
        q.bind(1, first).bind(2, last);
        if (!readOps(q, row, budget, fn)) return;
    }
}

void SqliteScopeStore::addEvidenceLocked(const std::string& recordId, const std::string& sha256,
                                         const std::string& inspectionId, const std::string& district) {
    m_db.query("INSERT OR IGNORE INTO evidence_refs(record_id, sha256, inspection_id, district) "
               "VALUES (?1, ?2, ?3, ?4)")
        .bind(1, recordId)
        .bind(2, sha256)
        .bind(3, inspectionId)
        .bind(4, district)
        .exec();
}

namespace {

std::vector<std::string> column(sqlite::Query& q) {
    std::vector<std::string> out;
    while (q.step())
        out.push_back(q.text(0));
    return out;
}

} // namespace

std::vector<std::string> SqliteScopeStore::evidenceBlobDistrictsLocked(const std::string& sha256) {
    auto q = m_db.query("SELECT DISTINCT district FROM evidence_refs WHERE sha256 = ?1");
    q.bind(1, sha256);
    return column(q);
}

std::vector<std::string> SqliteScopeStore::evidenceOfInspectionLocked(const std::string& inspectionId) {
    auto q = m_db.query("SELECT record_id FROM evidence_refs WHERE inspection_id = ?1 ORDER BY record_id");
    q.bind(1, inspectionId);
    return column(q);
}

void SqliteScopeStore::setInspectionStatusLocked(const std::string& inspectionId, const std::string& district,
                                                 const std::string& status) {
    m_db.query("INSERT INTO inspection_status(record_id, district, status) VALUES (?1, ?2, ?3) "
               "ON CONFLICT(record_id) DO UPDATE SET district = excluded.district, status = excluded.status")
        .bind(1, inspectionId)
        .bind(2, district)
        .bind(3, status)
        .exec();
}

std::vector<std::string> SqliteScopeStore::inspectionsWithStatusLocked(const std::string& status,
                                                                       const std::string& district) {
    // Two statements rather than "?2 = '' OR district = ?2", which would keep SQLite from using
    // the (status, district, record_id) index for the district.
    if (district.empty()) {
        auto q = m_db.query("SELECT record_id FROM inspection_status WHERE status = ?1 ORDER BY record_id");
        q.bind(1, status);
        return column(q);
    }
    auto q = m_db.query(
        "SELECT record_id FROM inspection_status WHERE status = ?1 AND district = ?2 ORDER BY record_id");
    q.bind(1, status).bind(2, district);
    return column(q);
}

std::vector<ConflictRow> SqliteScopeStore::conflictRowsOfLocked(const std::set<std::string>& recordIds) {
    // The core store's conflicts table, through its conflicts_by_record index: one statement for
    // all the records (a push touches about 50), given as a JSON array of their ids.
    std::vector<ConflictRow> rows;
    if (recordIds.empty()) return rows;
    const std::string ids = nlohmann::json(recordIds).dump();
    auto q = m_db.query("SELECT id, record_id, body FROM conflicts "
                        "WHERE record_id IN (SELECT value FROM json_each(?1))");
    q.bindRef(1, ids);
    while (q.step())
        rows.push_back({q.text(0), q.text(1), nlohmann::json::parse(q.text(2))});
    std::sort(rows.begin(), rows.end(), [](const ConflictRow& a, const ConflictRow& b) { return a.id < b.id; });
    return rows;
}

} // namespace fieldseal::server
