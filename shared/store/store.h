#pragma once
// Store: the storage seam between the sync rules and a database. SqliteStore implements it for
// devices and the embedded server; a PostgreSQL backend for several server instances would
// implement the same interface. It holds no sync rules: it persists what the rules decide.
//
// What it keeps (and the invariants the sync layer relies on):
// - op log: append-only; every op once (op_id unique); `seq` is the local arrival order and
//   never changes; `stale` marks an op that the rules keep out of the materialised state.
// - materialised records: per record its type; per field the winning value with its clock (the
//   per-field clock of last-writer-wins). A record's created HLC (its first op) and updated HLC
//   (its newest field version) are derived when read, so merging a field write costs one upsert.
// - milestones: status changes and signatures of records with a status machine, with the field
//   versions each had seen; the rules fold them to decide what is stale.
// - conflicts: derived per record from stale ops; replaced whenever the record is recomputed.
// - outbox: seqs of local ops a server has not acknowledged yet; cursors: named positions.
//
// Failures of the backend itself (I/O error, corruption, full disk) throw StoreFailure; the sync
// layer turns them into Error values at its API.

#include "model/op.h"
#include "model/result.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace fieldseal {

class StoreFailure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct StoredOp {
    std::int64_t seq = 0;
    Op op;
    bool stale = false;
};

struct RecordMeta {
    std::string id;
    std::string type;
    Hlc createdHlc = 0; // the oldest op of the record
};

// A field's winning write. Stored by reference to the op that wrote it (`seq`): value and opId
// are read back from the op log, so a field row stays small however large the value.
struct FieldState {
    std::string recordId;
    std::string field;
    nlohmann::json value; // filled when read
    FieldClock clock;
    std::string opId;     // filled when read
    std::int64_t seq = 0; // the op's position in the log
};

struct Milestone {
    std::string opId;     // the status op, or the signature record's insert op
    std::string recordId; // the record it protects
    std::string kind;     // "status" or "signature"
    std::string value;    // target status, or the signature record id
    Hlc hlc = 0;
    Hlc baseVersion = 0;
    std::string device;
    nlohmann::json seen; // {field: [hlc, device]}: the field versions its author had seen
    std::string after;   // status changes: the op id of the status change it follows ("" for the first)
};

struct ConflictRow {
    std::string id;
    std::string recordId;
    nlohmann::json body;
};

// A unit of atomic work; rolls back when destroyed without commit().
class Transaction {
public:
    virtual ~Transaction() = default;
    virtual void commit() = 0;
};

class Store {
public:
    virtual ~Store() = default;

    virtual std::unique_ptr<Transaction> begin() = 0;

    virtual std::optional<std::string> meta(const std::string& key) = 0;
    virtual void setMeta(const std::string& key, const std::string& value) = 0;

    // Op log. appendOp returns the op's seq, or nothing (and changes nothing) when the op id is
    // already logged.
    std::optional<std::int64_t> appendOp(const Op& op, bool local) { return appendOp(op, local, op.value.dump()); }
    // The same with the value already serialised: `valueJson` must be op.value.dump() (a server
    // serialises a push's values before it takes its database lock).
    virtual std::optional<std::int64_t> appendOp(const Op& op, bool local, std::string_view valueJson) = 0;
    // Logs a batch of merged (not local) ops in their order, before the rules look at them: out[i] is
    // ops[i]'s seq, or nothing when its op id is already logged (also earlier in this batch). Far
    // cheaper per op than appendOp, but the caller must then, for each op it logged here, either
    // keep it and call keepLoggedOp(), or refuse it and call withdrawOp(), in the same transaction.
    // valuesJson[i] must be ops[i]->value.dump().
    virtual std::vector<std::optional<std::int64_t>>
    appendOps(const std::vector<const Op*>& ops, const std::vector<std::string_view>& valuesJson) = 0;
    // An op from appendOps the rules accepted (the store indexes what a logged body refers to).
    virtual void keepLoggedOp(const Op& op) = 0;
    // Removes an op from appendOps that the rules refused, as if it had never been logged. Its seq
    // stays unused unless it was the last: seqs are ascending, not necessarily contiguous.
    virtual void withdrawOp(std::int64_t seq) = 0;
    virtual std::optional<StoredOp> findOp(const std::string& opId) = 0;
    // Ops with seq > after in seq order until fn returns false.
    virtual void forEachOpSince(std::int64_t after, const std::function<bool(const StoredOp&)>& fn) = 0;
    // The ops of a record whose type has a status machine: the only records the rules recompute
    // from their ops, so the only ones the log indexes by record.
    virtual std::vector<StoredOp> opsOfRecord(const std::string& recordId) = 0;
    virtual void setStale(const std::string& opId, bool stale) = 0;
    virtual std::int64_t lastSeq() = 0;
    virtual std::int64_t opCount() = 0;

    // Materialised state.
    virtual std::optional<RecordMeta> record(const std::string& id) = 0;
    // Registers a record with its type, or lowers its created HLC to `opHlc` (the type never changes).
    virtual void addRecord(const std::string& id, const std::string& type, Hlc opHlc) = 0;
    // Last-writer-wins upsert of (recordId, field, clock, seq): keeps whichever of the stored and
    // the given clock is greater.
    virtual void mergeField(const FieldState& field) = 0;
    virtual void replaceFields(const std::string& recordId, const std::vector<FieldState>& fields) = 0;
    virtual std::vector<FieldState> fields(const std::string& recordId) = 0;
    // Every record in id order.
    virtual void forEachRecord(const std::function<void(const RecordMeta&)>& fn) = 0;
    // The records of one type in id order. SqliteStore reads them through an index, so the cost
    // grows with that type's records, not with the store (lists of tasks or inspections among
    // 100,000s of records). The default filters forEachRecord, for stores without the index.
    virtual void forEachRecordOfType(const std::string& type,
                                     const std::function<void(const RecordMeta&)>& fn);
    // The immutable records whose body refers to `targetId` through its member `field` (a body
    // member named *_id holding text), in id order, of one type only unless `type` is "": e.g. the
    // evidence of an inspection is recordsReferringTo(id, "inspection_id", "evidence").
    // SqliteStore indexes references when a body is logged; the default scans the bodies.
    // References held in fields of mutable records (they may change) are not covered.
    virtual std::vector<RecordMeta> recordsReferringTo(const std::string& targetId, const std::string& field,
                                                       const std::string& type = {});

    // Milestones: addMilestone returns false when that op's milestone is already known.
    virtual bool addMilestone(const Milestone& m) = 0;
    virtual std::vector<Milestone> milestones(const std::string& recordId) = 0;

    // Conflicts: the derived set of one record, replaced whole; all of them in id order.
    virtual void replaceConflicts(const std::string& recordId, const std::vector<ConflictRow>& conflicts) = 0;
    virtual std::vector<ConflictRow> conflicts() = 0;

    // Outbox of local ops not yet acknowledged by a server, oldest first.
    virtual std::vector<StoredOp> outbox(std::size_t limit) = 0;
    virtual void acknowledge(const std::vector<std::string>& opIds) = 0;
    virtual std::int64_t outboxSize() = 0;

    virtual std::optional<std::int64_t> cursor(const std::string& name) = 0;
    virtual void setCursor(const std::string& name, std::int64_t value) = 0;
};

} // namespace fieldseal
