#pragma once
// Replica: one device's (or the server's) copy of the data, on a Store. It turns local edits into
// ops and merges ops from elsewhere, by the rules of merge_rules.h, so that replicas holding the
// same set of ops hold the same records and conflicts, whatever order the ops came in.
//
// Merging an op:
//   1. checks that change nothing: schema (validateOp), the clock bound, the record's type, and
//      for an immutable record that an existing body is not replaced by a different one;
//   2. appends it to the op log (a known op id is a duplicate: acknowledged, nothing changes);
//   3. applies it: a field write merges last-writer-wins into the field's clock (one upsert) when
//      the record has no milestones; otherwise, and for status changes and signatures, the
//      record is recomputed from its ops and milestones (stale ops, status, conflicts).
// A Replica caches record metadata and milestones between ops (up to 200,000 records); it must be
// the only writer of its store while it lives.

#include "model/hlc.h"
#include "model/ids.h"
#include "model/op.h"
#include "model/pass_key.h"
#include "model/result.h"
#include "store/store.h"
#include "sync/merge_rules.h"

#include <functional>
#include <iosfwd>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace fieldseal {

struct ReplicaIdentity {
    std::string device;
    std::string user;
    std::string district; // empty for a city-wide replica (the server, the city bureau)
};

enum class ApplyOutcome { Applied, Duplicate, Stale };

struct ApplyReport {
    std::size_t applied = 0;
    std::size_t duplicates = 0;
    std::size_t stale = 0; // logged, kept out of the record, raised as a conflict
    std::vector<std::pair<std::string, Error>> rejected; // op id, why; rejected ops change nothing
};

class Replica {
public:
    struct Options {
        HlcClock clock{HlcClock::systemWallClock()};
        IdGenerator ids{IdGenerator()};
    };

    // Writes the identity into a new store; refuses a store that already has one.
    static Status initialise(Store& store, const ReplicaIdentity& identity);
    // A replica on an initialised store.
    static Result<std::unique_ptr<Replica>> open(Store& store, Options options);
    static Result<std::unique_ptr<Replica>> open(Store& store) { return open(store, Options{}); }
    // Only open() makes one.
    Replica(PassKey<Replica>, Store& store, ReplicaIdentity identity, Options options);

    const ReplicaIdentity& identity() const { return m_identity; }
    Store& store() { return m_store; }
    HlcClock& clock() { return m_clock; }

    // A local, offline edit: validates, makes the ops, applies them and queues them in the outbox.
    // Fields of a mutable record are set one op each; an immutable record is inserted whole;
    // "status" is a status change (checked against the status machine). `author` is the user the
    // ops name (empty: the replica's user), for a server acting on a signed-in user's request.
    Result<std::vector<Op>> put(const std::string& type, const std::string& recordId,
                                const std::vector<std::pair<std::string, nlohmann::json>>& fields,
                                const std::string& author = {});
    // Several puts in one transaction, in order: all of them are made, or none (the first error).
    struct Edit {
        std::string type;
        std::string recordId;
        std::vector<std::pair<std::string, nlohmann::json>> fields;
    };
    Result<std::vector<Op>> putAll(const std::vector<Edit>& edits, const std::string& author = {});

    // Read-only: would every op be accepted (schema, clock bound, no tampering, no op id reused)?
    Status precheck(const std::vector<Op>& ops);

    // Merges ops from elsewhere, committing every `commitEvery` ops; onCommit(done) after each
    // commit. A rejected op changes nothing and does not stop the others. beforeCommit(done) runs
    // inside each batch's transaction just before it commits, so a caller can record its progress
    // (a sync cursor, an outbox acknowledgement) atomically with the ops.
    Result<ApplyReport> apply(const std::vector<Op>& ops, std::size_t commitEvery = 1000,
                              const std::function<void(std::size_t done)>& onCommit = {},
                              const std::function<void(std::size_t done)>& beforeCommit = {});

    // What apply() works out for each op without the store: the schema check (validateOp) and the
    // value as the op log stores it (op.value.dump()). A server prepares a push before it takes
    // its database lock, so that the lock is held only for the work that needs the store.
    struct PreparedOp {
        Status valid = ok();
        std::string valueJson;
    };
    static PreparedOp prepare(const Op& op);
    static std::vector<PreparedOp> prepare(const std::vector<Op>& ops);
    // apply() with ops prepared beforehand: prepared[i] is prepare(ops[i]).
    Result<ApplyReport> applyPrepared(const std::vector<Op>& ops, const std::vector<PreparedOp>& prepared,
                                      std::size_t commitEvery = 1000,
                                      const std::function<void(std::size_t done)>& onCommit = {},
                                      const std::function<void(std::size_t done)>& beforeCommit = {});

    // Called inside the store transaction each time an op is appended to the log (local or
    // merged, not for duplicates), so that a program can keep its own rows about ops (the
    // server's pull scopes) committed or rolled back together with the op.
    void setLogObserver(std::function<void(const Op& op, std::int64_t seq)> observer) {
        m_logObserver = std::move(observer);
    }
    // Called inside every transaction the replica commits (put, putAll, each apply batch), after
    // the records are recomputed and just before the commit, so that a program can write rows
    // derived from what the transaction logged (the server's audit entry of a push).
    void setCommitObserver(std::function<void()> observer) { m_commitObserver = std::move(observer); }

    // Materialised record as JSON, or NotFound.
    Result<nlohmann::json> record(const std::string& recordId);
    // Every conflict with both versions ("theirs" from the stale ops, "ours" the record now).
    nlohmann::json conflicts();
    // The same for the given conflict rows only, in their order (a server reads the rows of the
    // records a push touched by index instead of every conflict the store holds).
    nlohmann::json conflictsWithOurs(const std::vector<ConflictRow>& rows);
    // Every record, conflict and op id in one deterministic order (JSON Lines), so that two
    // replicas can be compared byte for byte.
    void writeCanonicalDump(std::ostream& out);

private:
    struct CachedRecord {
        std::optional<std::string> type;   // set once the record exists
        Hlc createdHlc = 0;                // its oldest op
        std::vector<Milestone> milestones; // sorted; fold points into it
        merge::MilestoneFold fold;
        // The record's ops, parsed, loaded for records that need recomputing (those with
        // milestones); kept in step with the log while cached.
        std::optional<std::vector<StoredOp>> ops;
    };

    CachedRecord& load(const std::string& recordId);
    void reloadMilestones(CachedRecord& rec, const std::string& recordId);
    std::vector<StoredOp>& opsOf(CachedRecord& rec, const std::string& recordId);
    Status checkNoTampering(const Op& op, CachedRecord& rec);
    // `valueJson`: op.value.dump() made beforehand, or null to serialise it here. `loggedAs`: the
    // op's seq when applyBatches logged it ahead (Store::appendOps); it is withdrawn if refused.
    Result<ApplyOutcome> applyOne(const Op& op, bool local, const std::string* valueJson = nullptr,
                                  std::optional<std::int64_t> loggedAs = std::nullopt);
    Result<ApplyReport> applyBatches(const std::vector<Op>& ops, const PreparedOp* prepared, std::size_t commitEvery,
                                     const std::function<void(std::size_t done)>& onCommit,
                                     const std::function<void(std::size_t done)>& beforeCommit);
    // A chunk of a batch, validated and its valid ops logged ahead of the rules in one go (many
    // rows per statement); per op of the chunk: its validation, and its seq if it was logged.
    struct LoggedAhead {
        std::vector<Status> valid;
        std::vector<std::optional<std::int64_t>> seqs;
    };
    LoggedAhead logAhead(const std::vector<Op>& ops, const PreparedOp* prepared, std::size_t start,
                         std::size_t end);
    void applyBody(const Op& op, std::int64_t seq, bool firstOpOfRecord);
    void recompute(const std::string& recordId);
    // Recomputes the records whose milestones or stale ops changed in this batch (once each).
    void recomputePending();
    void touch(CachedRecord& rec, const Op& op);
    void flush();
    Op makeOp(const std::string& type, const std::string& recordId, std::string field, nlohmann::json value,
              Hlc baseVersion, const std::string& author);

    Store& m_store;
    ReplicaIdentity m_identity;
    HlcClock m_clock;
    IdGenerator m_ids;
    std::unordered_map<std::string, CachedRecord> m_cache;
    // Records to recompute before the batch commits: ops for them are only logged until then.
    std::set<std::string> m_pending;
    // Records loaded or changed since the last commit: dropped from the cache on a rollback.
    std::unordered_set<std::string> m_touched;
    // Seqs of ops applyBatches logged ahead and applyOne has not applied yet (first > last: none).
    // Reading a record's ops from the log leaves them out: applyOne adds each as it applies it.
    static constexpr std::pair<std::int64_t, std::int64_t> kNothingLoggedAhead{
        std::numeric_limits<std::int64_t>::max(), 0};
    std::pair<std::int64_t, std::int64_t> m_loggedAhead = kNothingLoggedAhead;
    std::function<void(const Op&, std::int64_t)> m_logObserver;
    std::function<void()> m_commitObserver;
    Result<std::vector<Op>> putInTransaction(const std::string& type, const std::string& recordId,
                                             const std::vector<std::pair<std::string, nlohmann::json>>& fields,
                                             const std::string& author);
    void forgetUncommitted();
};

} // namespace fieldseal
