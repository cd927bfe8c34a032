#pragma once
// AuditStore: where the audit chain's rows are kept; the audit log's only view of storage (the
// SQLite implementation is storage/sqlite_audit_store.cpp). Rows are only ever inserted.
//
// Store classes never lock: callers hold ServerDatabase::lock(). Backend failures throw StoreFailure.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fieldseal::server {

// One stored event, detail as its canonical JSON text.
struct AuditRow {
    std::int64_t seq = 0;
    std::string at;
    std::string actor;
    std::string action;
    std::string recordId;
    std::string detail;
    std::string prevHash;
    std::string hash;
};

struct AuditHead {
    std::int64_t seq = 0;
    std::string hash;
};

class AuditStore {
public:
    virtual ~AuditStore() = default;

    // The newest row's seq and hash; nullopt for an empty log.
    virtual std::optional<AuditHead> head() = 0;
    // Appends a row; seq must be free (StoreFailure otherwise).
    virtual void insert(const AuditRow& row) = 0;
    // Up to `limit` rows with seq > afterSeq, by seq.
    virtual std::vector<AuditRow> readAfter(std::int64_t afterSeq, std::size_t limit) = 0;
};

} // namespace fieldseal::server
