#include "sqlite_audit_store.h"

#include "store/sqlite_db.h"

namespace fieldseal::server {

std::optional<AuditHead> SqliteAuditStore::head() {
    // seq is the rowid: the last row is one B-tree descent away (about 1.5 us inside the caller's
    // transaction, where the pages are already hot).
    auto q = m_db.query("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
    if (!q.step()) return std::nullopt;
    return AuditHead{q.int64(0), q.text(1)};
}

void SqliteAuditStore::insert(const AuditRow& r) {
    m_db.query("INSERT INTO audit(seq, at, actor, action, record_id, detail, prev_hash, hash) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
        .bind(1, r.seq)
        .bind(2, r.at)
        .bind(3, r.actor)
        .bind(4, r.action)
        .bind(5, r.recordId)
        .bind(6, r.detail)
        .bind(7, r.prevHash)
        .bind(8, r.hash)
        .exec();
}

std::vector<AuditRow> SqliteAuditStore::readAfter(std::int64_t afterSeq, std::size_t limit) {
    auto q = m_db.query("SELECT seq, at, actor, action, record_id, detail, prev_hash, hash FROM audit "
                        "WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    q.bind(1, afterSeq).bind(2, static_cast<std::int64_t>(limit));
    std::vector<AuditRow> out;
    while (q.step())
        out.push_back(AuditRow{q.int64(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6),
                               q.text(7)});
    return out;
}

} // namespace fieldseal::server
