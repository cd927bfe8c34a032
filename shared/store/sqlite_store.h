#pragma once
// SqliteStore: the Store on one SQLite file in WAL mode (devices and the embedded server).
// One SqliteStore per file per process: it is the file's only writer.
//
// Field writes (mergeField) inside a transaction from begin() are merged in memory and written
// when it commits, or before this store reads that record's fields: the Store's own reads and
// the committed file always see them. SQL run directly on database() inside such a transaction
// does not see them until the commit.

#include "model/pass_key.h"
#include "store/pending_field_writes.h"
#include "store/store.h"

#include <memory>

namespace fieldseal {

namespace sqlite {
class Database;
}

class SqliteStore final : public Store {
public:
    struct Options {
        bool create = true;
        int schemaVersion = -1; // migrate to this version; -1 = latest (tests pin older ones)
        int newPageSize = 0;    // a new database's page size in bytes; 0 = SQLite's default (4096)
    };

    static Result<std::unique_ptr<SqliteStore>> open(const std::string& path, Options options);
    static Result<std::unique_ptr<SqliteStore>> open(const std::string& path) {
        return open(path, Options{});
    }
    // Only open() makes one.
    SqliteStore(PassKey<SqliteStore>, std::unique_ptr<sqlite::Database> db);
    ~SqliteStore() override;

    // "ok", or what PRAGMA integrity_check found.
    std::string integrityCheck();
    int schemaVersion();
    // The connection, for tables a program keeps beside the store's own in the same file and
    // transactions (the server's accounts, scopes, blobs). Callers must hold whatever lock
    // serialises their use of this store.
    sqlite::Database& database() { return *m_db; }

    std::unique_ptr<Transaction> begin() override;

    std::optional<std::string> meta(const std::string& key) override;
    void setMeta(const std::string& key, const std::string& value) override;

    using Store::appendOp;
    std::optional<std::int64_t> appendOp(const Op& op, bool local, std::string_view valueJson) override;
    std::vector<std::optional<std::int64_t>>
    appendOps(const std::vector<const Op*>& ops, const std::vector<std::string_view>& valuesJson) override;
    void keepLoggedOp(const Op& op) override;
    void withdrawOp(std::int64_t seq) override;
    std::optional<StoredOp> findOp(const std::string& opId) override;
    void forEachOpSince(std::int64_t after, const std::function<bool(const StoredOp&)>& fn) override;
    std::vector<StoredOp> opsOfRecord(const std::string& recordId) override;
    void setStale(const std::string& opId, bool stale) override;
    std::int64_t lastSeq() override;
    std::int64_t opCount() override;

    std::optional<RecordMeta> record(const std::string& id) override;
    void addRecord(const std::string& id, const std::string& type, Hlc opHlc) override;
    void mergeField(const FieldState& field) override;
    void replaceFields(const std::string& recordId, const std::vector<FieldState>& fields) override;
    std::vector<FieldState> fields(const std::string& recordId) override;
    void forEachRecord(const std::function<void(const RecordMeta&)>& fn) override;
    void forEachRecordOfType(const std::string& type,
                             const std::function<void(const RecordMeta&)>& fn) override;
    std::vector<RecordMeta> recordsReferringTo(const std::string& targetId, const std::string& field,
                                               const std::string& type = {}) override;

    bool addMilestone(const Milestone& m) override;
    std::vector<Milestone> milestones(const std::string& recordId) override;

    void replaceConflicts(const std::string& recordId, const std::vector<ConflictRow>& conflicts) override;
    std::vector<ConflictRow> conflicts() override;

    std::vector<StoredOp> outbox(std::size_t limit) override;
    void acknowledge(const std::vector<std::string>& opIds) override;
    std::int64_t outboxSize() override;

    std::optional<std::int64_t> cursor(const std::string& name) override;
    void setCursor(const std::string& name, std::int64_t value) override;

private:
    class StoreTransaction;
    // Upserts last-writer-wins, many rows per statement.
    void writeFields(const std::vector<PendingFieldWrites::Write>& writes);
    void indexReferences(const Op& bodyOp);
    void writeField(const std::string& recordId, const std::string& field, const FieldClock& clock,
                    std::int64_t seq);

    std::unique_ptr<sqlite::Database> m_db;
    bool m_indexesReferences = true; // schema version 3 or later: record_refs exists
    bool m_inTransaction = false; // a transaction from begin() is open: field writes wait in m_pending
    PendingFieldWrites m_pending;
};

} // namespace fieldseal
