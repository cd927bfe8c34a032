#pragma once
// ScopeStore on the server's SQLite file (tables op_scope and evidence_refs, and the core
// store's records/fields/ops for the status index).

#include "sync/scope_store.h"

namespace fieldseal::sqlite {
class Database;
}

namespace fieldseal::server {

class SqliteScopeStore final : public ScopeStore {
public:
    explicit SqliteScopeStore(sqlite::Database& db)
        : m_db(db) {}

    void addOpScopeLocked(std::int64_t firstSeq, std::int64_t lastSeq, const std::string& district,
                          const std::string& type) override;
    void forEachVisibleOpLocked(std::int64_t cursor, const PullFilter& filter, std::size_t limit,
                                const std::function<bool(const LoggedOpText&)>& fn) override;
    void addEvidenceLocked(const std::string& recordId, const std::string& sha256, const std::string& inspectionId,
                           const std::string& district) override;
    std::vector<std::string> evidenceBlobDistrictsLocked(const std::string& sha256) override;
    std::vector<std::string> evidenceOfInspectionLocked(const std::string& inspectionId) override;
    void setInspectionStatusLocked(const std::string& inspectionId, const std::string& district,
                                   const std::string& status) override;
    std::vector<std::string> inspectionsWithStatusLocked(const std::string& status,
                                                         const std::string& district) override;
    std::vector<ConflictRow> conflictRowsOfLocked(const std::set<std::string>& recordIds) override;

private:
    sqlite::Database& m_db;
};

} // namespace fieldseal::server
