#include "client/device_sync.h"

#include "client/registry_sync.h"

#include <filesystem>

namespace fieldseal {

namespace {

// Failures about the connection or the account: nothing else can succeed, so the sync stops.
bool stopsTheSync(const SyncError& e) {
    switch (e.kind) {
    case SyncErrorKind::Network:
    case SyncErrorKind::Cancelled:
    case SyncErrorKind::LoginRequired:
    case SyncErrorKind::Forbidden:
    case SyncErrorKind::Store:
    case SyncErrorKind::ClockBehind:
        return true;
    default:
        return false;
    }
}

void keepLastError(Store& store, const std::string& text) {
    try {
        store.setMeta(SyncEngine::kLastErrorKey, text);
    } catch (const StoreFailure&) {
        // Bookkeeping only: the sync's own outcome is what the caller gets.
    }
}

} // namespace

const char* toString(DeviceSyncProgress::Phase phase) {
    switch (phase) {
    case DeviceSyncProgress::Phase::Ops:
        return "ops";
    case DeviceSyncProgress::Phase::TrustList:
        return "trust list";
    case DeviceSyncProgress::Phase::Blobs:
        return "evidence";
    case DeviceSyncProgress::Phase::Done:
        return "done";
    }
    return "?";
}

DeviceSync::DeviceSync(Replica& replica, DeviceConnection& connection, Options options)
    : m_replica(replica)
    , m_connection(connection)
    , m_options(std::move(options)) {}

SyncResult<DeviceSyncReport>
DeviceSync::run(const std::function<void(const DeviceSyncProgress&)>& onProgress) {
    Store& store = m_replica.store();
    DeviceSyncReport report;
    DeviceSyncProgress progress;
    const std::function<void(const DeviceSyncProgress&)> emit = [&](const DeviceSyncProgress& p) {
        if (onProgress) onProgress(p);
    };
    const auto stop = [&](const SyncError& e) -> SyncResult<DeviceSyncReport> {
        keepLastError(store, e.describe());
        return e;
    };

    // 1. Ops (the engine keeps sync.last_sync / sync.last_error itself).
    SyncEngine engine(m_replica, m_connection.session(), m_options.engine);
    auto ops = engine.sync([&](const SyncProgress& p) {
        progress.ops = p;
        emit(progress);
    });
    if (!ops) return ops.error();
    report.ops = std::move(*ops);
    std::string problems;

    // 1b. The district's registry, downloaded only when the server's revision changed
    // (client/registry_sync.h); a refused download is reported and the sync goes on.
    if (auto registry = syncDeviceRegistry(store, m_connection.session()); !registry) {
        if (stopsTheSync(registry.error())) return stop(registry.error());
        problems = registry.error().describe();
    }

    // 2. The trust list, for a device enrolled with an authority root.
    bool enrolled = false;
    try {
        enrolled = !store.meta(profile_keys::kAuthorityRoot).value_or("").empty();
    } catch (const StoreFailure& e) {
        return stop(SyncError{SyncErrorKind::Store, e.what(), 0, {}, {}});
    }
    if (m_options.updateTrustList && enrolled) {
        progress.phase = DeviceSyncProgress::Phase::TrustList;
        emit(progress);
        auto trust = openDeviceTrustStore(store);
        if (!trust) return stop(SyncError{SyncErrorKind::Store, trust.error().message, 0, {}, {}});
        auto update = updateTrustList(store, m_connection.session(), **trust);
        if (!update) {
            if (stopsTheSync(update.error())) return stop(update.error());
            report.trustListProblem = update.error().describe();
            problems = report.trustListProblem;
            report.trustList.sequence = (*trust)->sequence().value_or(0);
        } else {
            report.trustList = *update;
        }
    }

    // 3. Evidence blobs.
    if (m_options.uploadBlobs) {
        progress.phase = DeviceSyncProgress::Phase::Blobs;
        if (auto s = uploadBlobs(report, progress, emit); !s) return stop(s.error());
        for (const auto& b : report.blobs)
            if (b.error) {
                if (!problems.empty()) problems += "; ";
                problems += "evidence " + b.blob.evidenceId + ": " + b.error->describe();
            }
    }

    progress.phase = DeviceSyncProgress::Phase::Done;
    emit(progress);
    keepLastError(store, problems);
    return report;
}

SyncResult<Ok> DeviceSync::uploadBlobs(DeviceSyncReport& report, DeviceSyncProgress& progress,
                                       const std::function<void(const DeviceSyncProgress&)>& emit) {
    Store& store = m_replica.store();
    std::vector<PendingBlob> todo;
    try {
        for (auto& b : pending_blobs::list(store)) {
            if (b.failed()) continue;
            if (!store.record(b.evidenceId)) {
                pending_blobs::remove(store, b.sha256); // attach crashed before writing the record
                ++report.blobsDropped;
                continue;
            }
            todo.push_back(std::move(b));
        }
    } catch (const StoreFailure& e) {
        return SyncError{SyncErrorKind::Store, e.what(), 0, {}, {}};
    }
    progress.blobCount = todo.size();
    progress.blobBytesTotal = 0;
    for (const auto& b : todo)
        progress.blobBytesTotal += b.size;
    progress.blobBytesDone = 0;
    emit(progress);

    const auto markFailed = [&](PendingBlob blob, const SyncError& why) -> SyncResult<Ok> {
        blob.failure = why.describe();
        try {
            pending_blobs::update(store, blob);
        } catch (const StoreFailure& e) {
            return SyncError{SyncErrorKind::Store, e.what(), 0, {}, {}};
        }
        ++report.blobsFailed;
        report.blobs.push_back(BlobOutcome{std::move(blob), {}, why});
        return Ok{};
    };

    BlobUploader uploader(m_connection.session(), m_options.blobs);
    std::uint64_t finished = 0; // bytes of the blobs done in this sync
    for (std::size_t i = 0; i < todo.size(); ++i) {
        const PendingBlob& blob = todo[i];
        progress.blobIndex = i + 1;
        std::error_code ec;
        const auto size = std::filesystem::file_size(blob.path, ec);
        if (ec || size != blob.size) {
            const SyncError why{SyncErrorKind::LocalIo,
                                ec ? blob.path + " is gone (" + ec.message() + ")"
                                   : blob.path + " has changed since it was attached (" +
                                         std::to_string(size) + " bytes, was " + std::to_string(blob.size) +
                                         ")",
                                0,
                                {},
                                {}};
            if (auto s = markFailed(blob, why); !s) return s;
            finished += blob.size;
            continue;
        }
        auto uploaded = uploader.upload(blob.sha256, blob.path, [&](const BlobProgress& p) {
            progress.blobBytesDone = finished + p.done;
            emit(progress);
        });
        if (!uploaded) {
            if (stopsTheSync(uploaded.error())) return uploaded.error();
            if (auto s = markFailed(blob, uploaded.error()); !s) return s;
            finished += blob.size;
            continue;
        }
        try {
            pending_blobs::remove(store, blob.sha256);
        } catch (const StoreFailure& e) {
            return SyncError{SyncErrorKind::Store, e.what(), 0, {}, {}};
        }
        ++report.blobsUploaded;
        report.blobBodyBytesSent += uploaded->bodyBytesSent;
        report.blobs.push_back(BlobOutcome{blob, *uploaded, std::nullopt});
        finished += blob.size;
        progress.blobBytesDone = finished;
        emit(progress);
    }
    return Ok{};
}

std::string explainSyncError(const SyncError& e, std::int64_t pendingOps) {
    const std::string waiting = pendingOps > 0 ? " (" + std::to_string(pendingOps) + " change" +
                                                     (pendingOps == 1 ? "" : "s") + " wait to be sent)"
                                               : "";
    const std::string detail = e.message.empty() ? "" : " (" + e.message + ")";
    switch (e.kind) {
    case SyncErrorKind::Forbidden:
        if (e.serverCode == "account_disabled")
            return "account disabled by the server" + detail + ": syncing stopped; your local data is kept" +
                   waiting;
        return "the server refuses this account or device" + detail +
               ": syncing stopped; your local data is kept" + waiting;
    case SyncErrorKind::LoginRequired:
        return "the session has ended" + detail +
               ": sign in again with 'fieldseal device login'; your local data is kept" + waiting;
    case SyncErrorKind::Network:
        return "the server could not be reached" + detail + ": nothing is lost, try again later" + waiting;
    case SyncErrorKind::Cancelled:
        return "sync cancelled: what was already synced stays" + waiting;
    case SyncErrorKind::ClockBehind:
        return e.message;
    case SyncErrorKind::Untrusted:
        return "the server sent something that does not verify" + detail + ": nothing of it was kept";
    default:
        return e.describe();
    }
}

} // namespace fieldseal
