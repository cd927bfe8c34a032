#pragma once
// DeviceSync: everything a device's "sync" does, in order, on one connection:
//   1. ops: push the outbox and pull until caught up (SyncEngine: atomic rounds, crash-safe);
//   2. the trust list: fetched when the server has a newer one, installed only if it verifies
//      under the authority root provisioned at enrollment (trust_list_updater.h);
//   3. evidence blobs: each pending file uploaded resumably (BlobUploader), then forgotten.
// A failure that concerns the connection or the account (network after retries, cancellation,
// sign-in required, account disabled) stops the sync and is returned; what the earlier steps
// committed stays. A refusal that concerns one item (a trust list that does not verify, a blob
// the server refuses for good) is reported and the rest goes on.
// The outcome is kept for "status": sync.last_sync after a sync that completed, sync.last_error
// ("" when nothing went wrong).

#include "client/blob_uploader.h"
#include "client/device_connection.h"
#include "client/pending_blobs.h"
#include "client/sync_engine.h"
#include "client/trust_list_updater.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace fieldseal {

struct DeviceSyncProgress {
    enum class Phase { Ops, TrustList, Blobs, Done };
    Phase phase = Phase::Ops;
    SyncProgress ops;
    std::size_t blobIndex = 0; // 1-based while uploading
    std::size_t blobCount = 0;
    std::uint64_t blobBytesDone = 0; // of this sync's pending blobs, the server's offsets included
    std::uint64_t blobBytesTotal = 0;
};

const char* toString(DeviceSyncProgress::Phase phase);

struct BlobOutcome {
    PendingBlob blob;
    BlobUploadReport report;
    std::optional<SyncError> error; // a final refusal (the entry stays, marked failed)
};

struct DeviceSyncReport {
    SyncReport ops;
    TrustListUpdate trustList;
    std::string trustListProblem; // a list that was refused; the kept one stays
    std::vector<BlobOutcome> blobs;
    std::uint64_t blobsUploaded = 0;
    std::uint64_t blobBodyBytesSent = 0; // chunk bytes sent, counting those lost to interruptions
    std::size_t blobsFailed = 0;         // refused for good in this sync
    std::size_t blobsDropped = 0;        // listed without an evidence record (a crash during attach)
};

class DeviceSync {
public:
    struct Options {
        SyncEngine::Options engine;
        BlobUploader::Options blobs;
        bool updateTrustList = true;
        bool uploadBlobs = true;
    };

    DeviceSync(Replica& replica, DeviceConnection& connection, Options options);
    DeviceSync(Replica& replica, DeviceConnection& connection)
        : DeviceSync(replica, connection, Options{}) {}

    SyncResult<DeviceSyncReport> run(const std::function<void(const DeviceSyncProgress&)>& onProgress = {});

private:
    SyncResult<Ok> uploadBlobs(DeviceSyncReport& report, DeviceSyncProgress& progress,
                               const std::function<void(const DeviceSyncProgress&)>& emit);

    Replica& m_replica;
    DeviceConnection& m_connection;
    Options m_options;
};

// One sentence for the user about a sync that stopped, e.g. for a disabled account:
// "account disabled by the server: ...; syncing stopped, your local data is kept (3 changes wait)".
std::string explainSyncError(const SyncError& error, std::int64_t pendingOps);

} // namespace fieldseal
