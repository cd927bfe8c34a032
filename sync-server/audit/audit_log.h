#pragma once
// AuditLog: the server's hash-chained record of who did what (logins, accepted ops, review
// decisions, seals, account changes).
//
// Chain invariants (checked by verify()):
// - seq runs 1, 2, 3, ... without gaps;
// - prev_hash of event n is the hash of event n-1 (64 zeros for event 1);
// - hash = lower-case hex SHA-256 of prev_hash (its 64 hex characters) followed by the RFC 8785
//   canonical JSON of {"seq","at","actor","action","record_id","detail"}.
// Changing, removing or reordering any event breaks the chain at that event. Removing events at
// the end is not detectable from the chain alone (compare the head seq with an exported copy).
//
// Actions written by the accounts part: "auth.login", "auth.login_failed", "auth.login_refused",
// "auth.refresh", "auth.refresh_reuse", "auth.logout", "user.create", "user.password_reset",
// "user.disable". Other parts name theirs the same way ("<area>.<verb>"); the sync part writes one
// "ops.accepted" per push or server edit, naming every op it added (sync/accepted_ops_audit.h).

#include "model/result.h"

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace fieldseal::server {

class AuditStore;
class ServerDatabase;

struct AuditEvent {
    std::int64_t seq = 0;
    std::string at; // RFC 3339 UTC
    std::string actor;
    std::string action;
    std::string recordId;
    nlohmann::json detail = nlohmann::json::object();
    std::string prevHash;
    std::string hash;
};

struct AuditVerifyResult {
    enum class Problem {
        None,
        SeqGap,           // an event is missing: brokenSeq is the first missing seq
        PrevHashMismatch, // the event does not point at the hash of the one before it
        HashMismatch,     // the event's content does not give its stored hash
        MalformedEvent,   // the stored detail is not a JSON object
    };
    Problem problem = Problem::None;
    std::int64_t events = 0;    // events that verified (all of them when ok)
    std::int64_t brokenSeq = 0; // the first broken link; 0 when ok
    std::string message;        // "ok, 42 events" or "broken at seq 17: hash mismatch (...)"

    bool ok() const { return problem == Problem::None; }
};

struct AuditLogOptions {
    // Unix seconds; the system clock when empty. Tests inject a fixed clock.
    std::function<std::int64_t()> now;
};

class AuditLog {
public:
    AuditLog(ServerDatabase& db, AuditStore& store, AuditLogOptions options = {});

    // Appends one event. The caller holds db.lock() and is usually inside its own transaction, so
    // the entry commits or rolls back with the change it records. `detail` must be a JSON object
    // and every string valid UTF-8 (std::invalid_argument otherwise: a programmer error).
    // Throws StoreFailure when the store fails. Cost: about three plain row inserts (one
    // head read, the canonical form and its SHA-256, one insert); the head is read each time
    // rather than cached, since a cache would outlive a rollback of the caller's transaction.
    AuditEvent appendLocked(std::string_view actor, std::string_view action, std::string_view recordId,
                            nlohmann::json detail = nlohmann::json::object());

    // Locks, appends in a transaction of its own and commits.
    Result<AuditEvent> append(std::string_view actor, std::string_view action, std::string_view recordId,
                              nlohmann::json detail = nlohmann::json::object());

    // Walks the whole chain and names the first broken link. Takes the lock per chunk of events,
    // so a long verification does not stall requests (the log only grows at its end). An Error
    // only when the store cannot be read.
    Result<AuditVerifyResult> verify();

    // The chain's hash of an event (prevHash and the event's fields; its own hash is ignored).
    static std::string computeHash(const AuditEvent& event);

    static constexpr std::string_view kGenesisHash =
        "0000000000000000000000000000000000000000000000000000000000000000";

private:
    ServerDatabase& m_db;
    AuditStore& m_store;
    AuditLogOptions m_options;
};

} // namespace fieldseal::server
