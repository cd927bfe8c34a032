#pragma once
// AuditStore on the server's SQLite file (table audit). Never locks: the audit log's callers hold
// ServerDatabase::lock().

#include "audit/audit_store.h"

namespace fieldseal::sqlite {
class Database;
}

namespace fieldseal::server {

class SqliteAuditStore final : public AuditStore {
public:
    explicit SqliteAuditStore(sqlite::Database& db)
        : m_db(db) {}

    std::optional<AuditHead> head() override;
    void insert(const AuditRow& row) override;
    std::vector<AuditRow> readAfter(std::int64_t afterSeq, std::size_t limit) override;

private:
    sqlite::Database& m_db;
};

} // namespace fieldseal::server
