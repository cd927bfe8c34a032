#pragma once
// BlobStore on the server's SQLite file (table blobs, storage/server_schema.cpp).

#include "blobs/blob_store.h"

namespace fieldseal::sqlite {
class Database;
}

namespace fieldseal::server {

class SqliteBlobStore final : public BlobStore {
public:
    explicit SqliteBlobStore(sqlite::Database& db)
        : m_db(db) {}

    std::optional<BlobMeta> findLocked(const std::string& sha256) override;
    void insertLocked(const BlobMeta& meta) override;
    void setOffsetLocked(const std::string& sha256, std::int64_t offset) override;
    void markCompleteLocked(const std::string& sha256, const std::string& completedAt) override;
    void removeLocked(const std::string& sha256) override;

private:
    sqlite::Database& m_db;
};

} // namespace fieldseal::server
