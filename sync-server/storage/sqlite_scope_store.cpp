#include "sqlite_scope_store.h"

#include "store/sqlite_db.h"
#include "store/sqlite_op_rows.h"

namespace fieldseal::server {

void SqliteScopeStore::addOpScopeLocked(std::int64_t seq, const std::string& district, const std::string& type) {
    m_db.query("INSERT INTO op_scope(seq, district, type) VALUES (?1, ?2, ?3)")
        .bind(1, seq)
        .bind(2, district)
        .bind(3, type)
        .exec();
}

std::vector<StoredOp> SqliteScopeStore::visibleOpsLocked(std::int64_t cursor, const PullFilter& filter,
                                                         std::size_t limit) {
    // The type list is short and fixed per role; it is bound as one comma-separated string
    // (instr) so that each role's statement is prepared once and cached.
    std::string sql = "SELECT " + sqlite::opColumnsOf("o") + " FROM op_scope s JOIN ops o ON o.seq = s.seq WHERE s.seq > ?1";
    if (!filter.everything) sql += " AND s.district = ?2 AND instr(?3, ',' || s.type || ',') > 0";
    sql += " ORDER BY s.seq LIMIT ?4";
    auto q = m_db.query(sql);
    q.bind(1, cursor);
    if (!filter.everything) {
        std::string types = ",";
        for (const auto& t : filter.types)
            types += t + ",";
        q.bind(2, filter.district).bind(3, types);
    }
    q.bind(4, static_cast<std::int64_t>(limit));
    std::vector<StoredOp> out;
    while (q.step())
        out.push_back(sqlite::readOp(q));
    return out;
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

std::vector<std::string> SqliteScopeStore::inspectionsWithStatusLocked(const std::string& status,
                                                                       const std::string& district) {
    // The materialised status field points at the status op that won; its value is
    // {"status": .., "seen": ..}. The district is the record's district field.
    auto q = m_db.query(
        "SELECT r.id FROM records r "
        "JOIN fields fs ON fs.record_id = r.id AND fs.field = 'status' JOIN ops os ON os.seq = fs.seq "
        "JOIN fields fd ON fd.record_id = r.id AND fd.field = 'district' JOIN ops od ON od.seq = fd.seq "
        "WHERE r.type = 'inspection' AND json_extract(os.value, '$.status') = ?1 "
        "AND (?2 = '' OR json_extract(od.value, '$') = ?2) ORDER BY r.id");
    q.bind(1, status).bind(2, district);
    return column(q);
}

} // namespace fieldseal::server
