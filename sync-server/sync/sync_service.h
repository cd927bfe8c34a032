#pragma once
// SyncService: POST /v1/sync behind HTTP — take a device's ops, check each against the access
// rules, merge the accepted ones through the core sync rules (Replica), and return what the
// caller may pull after its cursor. The server's Replica is the only writer of the op log.
//
// A push and its consequences commit together: the ops, their pull scopes, the evidence-blob
// references and the audit entries are written in the Replica's transaction (through its log
// observer). Counter-seals and certificate checks run after the merge, under the same lock.

#include "api/caller.h"
#include "storage/server_database.h"
#include "sync/access_rules.h"
#include "sync/replica.h"
#include "sync/scope_store.h"

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fieldseal::server {

struct SyncRequest {
    std::int64_t cursor = 0;
    std::vector<Op> ops;
    std::size_t limit = 1000; // ops to pull at most
};

struct RejectedOp {
    std::string opId;
    std::string code;
    std::string message;
};

struct SyncResult {
    std::vector<std::string> accepted; // including ops the server already had
    std::vector<RejectedOp> rejected;
    std::vector<StoredOp> pulled;
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

    // Push then pull, under the database lock. Errors are storage failures only; everything a
    // caller did wrong is a per-op rejection.
    Result<SyncResult> sync(const Caller& caller, const SyncRequest& request);

    // The database lock, for callers of the ...Locked methods.
    [[nodiscard]] std::unique_lock<std::mutex> lock() { return m_db.lock(); }
    // For the review and conflict services: the server's replica (hold db.lock()).
    Replica& replicaLocked() { return *m_replica; }
    // Local server edits (review decisions, resolutions) through the same scoping and audit.
    Result<std::vector<Op>> putLocked(const Caller& caller, const std::string& type, const std::string& recordId,
                                      const std::vector<std::pair<std::string, nlohmann::json>>& fields);
    // Facts the access rules need about a record (hold db.lock()).
    RecordFacts factsLocked(const std::string& recordId);

private:
    SyncService(ServerDatabase& db, ScopeStore& scopes, Hooks hooks, std::unique_ptr<Replica> replica);
    void onLogged(const Op& op, std::int64_t seq);
    void counterSealExemptionsLocked(const std::vector<std::string>& exemptionIds);

    ServerDatabase& m_db;
    ScopeStore& m_scopes;
    Hooks m_hooks;
    std::unique_ptr<Replica> m_replica;
    // While a push is merged: the district of each op about to be logged, and who pushed.
    std::unordered_map<std::string, std::string> m_districtOf;
    std::string m_fallbackDistrict; // putLocked: the district of the record being written
    const Caller* m_pusher = nullptr;
};

} // namespace fieldseal::server
