#pragma once
// SyncService: POST /v1/sync behind HTTP — take a device's ops, check each against the access
// rules, merge the accepted ones through the core sync rules (Replica), and return what the
// caller may pull after its cursor. The server's Replica is the only writer of the op log.
//
// A push and its consequences commit together: the ops, their pull scopes and the evidence-blob
// references are written in the Replica's transaction (through its log observer), and so is one
// audit entry naming every op the push added ("ops.accepted", sync/accepted_ops_audit.h; through
// its commit observer). Counter-seals and certificate checks run after the merge, under the same
// lock.

#include "model/pass_key.h"
#include "api/caller.h"
#include "storage/server_database.h"
#include "sync/accepted_ops_audit.h"
#include "sync/access_rules.h"
#include "sync/replica.h"
#include "sync/scope_store.h"

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fieldseal::server {

struct SyncRequest {
    std::int64_t cursor = 0;
    std::vector<Op> ops;
    std::size_t limit = 1000; // ops to pull at most
    // Per op, when the reader saw it: the value's text in the body when it is exactly what
    // ops[i].value.dump() writes (the op log's form), so that nobody serialises it again; "" when
    // unknown. Empty, or one per op.
    std::vector<std::string> valueTexts;
};

struct RejectedOp {
    std::string opId;
    std::string code;
    std::string message;
};

struct SyncResult {
    std::vector<std::string> accepted; // including ops the server already had
    std::vector<RejectedOp> rejected;
    // The pulled ops as a JSON array of their wire form (op_json_text.h), written from the op
    // log's text without parsing; pulledCount ops.
    std::string pulledJson = "[]";
    std::size_t pulledCount = 0;
    std::int64_t cursor = 0;
    bool more = false;
    nlohmann::json conflicts = nlohmann::json::array(); // open conflicts on the records pushed
};

// The server's counter-seal of a CCC exemption (seals/), as the sync service applies it.
struct CounterSeal {
    std::string certificateId;         // the new immutable certificate record
    nlohmann::json certificateBody;    // its body (type certificate, kind ccc_exemption)
    nlohmann::json counterSeal;        // set on the exemption, whose status becomes "sealed"
};

class SyncService {
public:
    // What the other parts of the server do on the way; each is called with the lock held.
    struct Hooks {
        std::function<void(const Caller&, const std::string& action, const std::string& recordId,
                           const nlohmann::json& detail)>
            auditLocked;
        std::function<void(const std::string& recordId, const nlohmann::json& body)> certificateArrivedLocked;
        // A refusal is logged and the exemption stays "issued" (a supervisor sees it).
        std::function<Result<CounterSeal>(const std::string& exemptionId, const nlohmann::json& exemption)>
            counterSealLocked;
        std::function<void(std::string_view counter, double by)> count;
    };

    static Result<std::unique_ptr<SyncService>> open(ServerDatabase& db, ScopeStore& scopes, Hooks hooks);
    // Only open() makes one.
    SyncService(PassKey<SyncService>, ServerDatabase& db, ScopeStore& scopes, Hooks hooks,
                std::unique_ptr<Replica> replica);

    // Push then pull, under the database lock. Errors are storage failures only; everything a
    // caller did wrong is a per-op rejection.
    // The request's ops are moved into the merge.
    Result<SyncResult> sync(const Caller& caller, SyncRequest request);

    // The database lock, for callers of the ...Locked methods.
    [[nodiscard]] ServerDatabase::Lock lock() { return m_db.lock(); }
    // For the review and conflict services: the server's replica (hold db.lock()).
    Replica& replicaLocked() { return *m_replica; }
    // Local server edits (review decisions, resolutions) through the same scoping and audit.
    Result<std::vector<Op>> putLocked(const Caller& caller, const std::string& type, const std::string& recordId,
                                      const std::vector<std::pair<std::string, nlohmann::json>>& fields);
    // Several such edits in one transaction (Replica::putAll): all of them, or none.
    Result<std::vector<Op>> putAllLocked(const Caller& caller, const std::vector<Replica::Edit>& edits);
    // Facts the access rules need about a record (hold db.lock()).
    RecordFacts factsLocked(const std::string& recordId);

private:
    void onLogged(const Op& op, std::int64_t seq);
    void onCommitting();
    void forgetBatch(); // after a rollback, or once committed
    void counterSealExemptionsLocked(const std::vector<std::string>& exemptionIds);

    ServerDatabase& m_db;
    ScopeStore& m_scopes;
    Hooks m_hooks;
    std::unique_ptr<Replica> m_replica;
    // While a push or a server edit is merged: who pushed, and the district of each record
    // written (the ops a server edit makes get their ids inside put()).
    std::unordered_map<std::string, std::string> m_districtOfRecord;
    bool m_acknowledgeLogged = false; // putAllLocked: the server's own ops wait for no upstream
    const Caller* m_pusher = nullptr;
    AcceptedOpsAudit m_batch; // the ops the open transaction logged, for its audit entry
    // While a push is merged: its ops (the vector Replica::applyPrepared reads) and the audit
    // digest of each (AcceptedOpsAudit::opDigest), made before the lock was taken.
    const Op* m_pushOps = nullptr;
    const std::string* m_pushDigests = nullptr;
    std::size_t m_pushCount = 0;
    struct ScopeRun {
        std::int64_t first = 0, last = 0;
        std::string district, type;
    };
    std::vector<ScopeRun> m_scopeRuns; // their pull scopes, as runs of consecutive ops
    std::set<std::string> m_statusChanged; // inspections whose status the open transaction changed
};

} // namespace fieldseal::server
