#pragma once
// SyncEngine: one device's sync with the server — push the outbox in batches and pull after the
// cursor until caught up, each round one POST /v1/sync.
//
// Crash consistency (a sync stopped at any point and started again neither loses nor duplicates):
// - Each round's effects are committed in ONE store transaction: the pulled ops (merged by the
//   Replica), the new cursor, the acknowledgement of the pushed ops the server named accepted,
//   and the record of those it rejected. Before that commit nothing of the round is kept; the
//   next sync sends the same ops (the server acknowledges known ops again) from the same cursor
//   (the replica treats ops it has as duplicates).
// - An op leaves the outbox only when a server reply names it accepted or rejected.
// - Rejected ops are final: they leave the outbox and are kept in the store's meta under
//   kRejectedOpsKey (JSON array) for the user to see.
// - Pulled ops that this device's clock would refuse (too far ahead) stop the sync before the
//   round commits (ClockBehind): skipping them would lose them.
// - Other pulled ops the replica rejects are recorded under kPullRejectedKey and skipped.
// Progress: ops pushed of the outbox at the start, ops pulled (total unknown until caught up),
// bytes each way including the request in flight (not for prefetched pages).
// Pipelining: once the outbox is empty, while one page of pulled ops is merged the next is
// already requested (it depends only on the cursor the page's reply named); it is merged in its
// own round, so crash consistency is the same as one round after the other.

#include "client/api_session.h"
#include "client/sync_error.h"
#include "client/sync_protocol.h"
#include "sync/replica.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace fieldseal {

struct SyncProgress {
    std::uint64_t pushDone = 0;  // ops acknowledged (accepted or rejected) in this sync
    std::uint64_t pushTotal = 0; // the outbox when the sync started
    std::uint64_t pullDone = 0;  // ops pulled in this sync
    bool caughtUp = false;       // the server said there is no more to pull
    std::uint64_t bytesSent = 0; // request bodies, all rounds so far and the one in flight
    std::uint64_t bytesReceived = 0;
    TransferProgress current; // the request in flight
    int round = 0;
};

struct SyncReport {
    std::uint64_t accepted = 0;
    std::vector<RejectedOp> rejected;
    std::uint64_t pulled = 0;
    std::uint64_t applied = 0;
    std::uint64_t duplicates = 0;
    std::uint64_t stale = 0; // pulled ops kept out of records as conflicts
    std::vector<std::pair<std::string, Error>> pullRejected;
    nlohmann::json conflicts = nlohmann::json::array(); // as the server reported them
    std::int64_t cursor = 0;
    int rounds = 0;
    std::uint64_t bytesSent = 0;     // request and response bodies of completed rounds
    std::uint64_t bytesReceived = 0; // (headers not included)
    // Where the time went (for benchmarks and diagnostics): waiting for the server's replies
    // (network and server), decoding them, merging and committing.
    std::chrono::duration<double> waiting{0};
    std::chrono::duration<double> decoding{0};
    std::chrono::duration<double> applying{0};
};

class SyncEngine {
public:
    static constexpr const char* kRejectedOpsKey = "sync.rejected_ops";
    static constexpr const char* kPullRejectedKey = "sync.pull_rejected_ops";
    static constexpr const char* kLastSyncKey = "sync.last_sync";   // RFC 3339, UTC
    static constexpr const char* kLastErrorKey = "sync.last_error"; // "" after a good sync

    struct Options {
        // Ops per request; a batch never ends inside one put (client/push_batch.h), so it may
        // be smaller, or larger when one put alone is (up to maxPushOps).
        std::size_t pushBatch = 500;
        std::size_t maxPushOps = 5000; // the server's limit on the ops of one request
        std::size_t pullLimit = 1000; // ops per reply
        std::string cursorName = "server";
        int maxRounds = 100000; // a guard against a server that never says "no more"
        // While a pull-only round is merged, fetch the next page on another thread.
        bool prefetch = true;
    };

    SyncEngine(Replica& replica, ApiSession& session, Options options);
    SyncEngine(Replica& replica, ApiSession& session)
        : SyncEngine(replica, session, Options{}) {}

    SyncResult<SyncReport> sync(const std::function<void(const SyncProgress&)>& onProgress = {});

    // What kRejectedOpsKey holds: [{"op_id","code","message"}...].
    static std::vector<RejectedOp> rejectedOps(Store& store);

private:
    SyncResult<SyncReport> run(const std::function<void(const SyncProgress&)>& onProgress);

    Replica& m_replica;
    ApiSession& m_session;
    Options m_options;
};

} // namespace fieldseal
