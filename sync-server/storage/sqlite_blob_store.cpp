#include "sqlite_blob_store.h"

#include "store/sqlite_db.h"

namespace fieldseal::server {

std::optional<BlobMeta> SqliteBlobStore::findLocked(const std::string& sha256) {
    auto q = m_db.query("SELECT length, offset, complete, uploader, created_at, completed_at FROM blobs WHERE sha256 = ?1");
    q.bind(1, sha256);
    if (!q.step()) return std::nullopt;
    BlobMeta meta;
    meta.sha256 = sha256;
    meta.length = q.int64(0);
    meta.offset = q.int64(1);
    meta.complete = q.int64(2) != 0;
    meta.uploader = q.text(3);
    meta.createdAt = q.text(4);
    if (!q.isNull(5)) meta.completedAt = q.text(5);
    return meta;
}

void SqliteBlobStore::insertLocked(const BlobMeta& meta) {
    m_db.query("INSERT INTO blobs(sha256, length, offset, complete, uploader, created_at) VALUES (?1, ?2, ?3, 0, ?4, ?5)")
        .bind(1, meta.sha256)
        .bind(2, meta.length)
        .bind(3, meta.offset)
        .bind(4, meta.uploader)
        .bind(5, meta.createdAt)
        .exec();
}

void SqliteBlobStore::setOffsetLocked(const std::string& sha256, std::int64_t offset) {
    m_db.query("UPDATE blobs SET offset = ?2 WHERE sha256 = ?1 AND complete = 0").bind(1, sha256).bind(2, offset).exec();
}

void SqliteBlobStore::markCompleteLocked(const std::string& sha256, const std::string& completedAt) {
    m_db.query("UPDATE blobs SET complete = 1, offset = length, completed_at = ?2 WHERE sha256 = ?1")
        .bind(1, sha256)
        .bind(2, completedAt)
        .exec();
}

void SqliteBlobStore::removeLocked(const std::string& sha256) {
    m_db.query("DELETE FROM blobs WHERE sha256 = ?1 AND complete = 0").bind(1, sha256).exec();
}

} // namespace fieldseal::server
