#include "client/device_status.h"

#include "client/device_profile.h"
#include "client/pending_blobs.h"
#include "client/sync_engine.h"
#include "client/trust_list_updater.h"

namespace fieldseal {

Result<DeviceStatus> readDeviceStatus(Store& store) {
    try {
        DeviceStatus s;
        const auto profile = loadDeviceProfile(store);
        // The enrolled device id (it differs from the replica's after a re-key, device_sign_in.h 3b).
        s.deviceId = profile.deviceId.empty() ? store.meta("device").value_or("") : profile.deviceId;
        s.user = store.meta("user").value_or(profile.username());
        s.district = store.meta("district").value_or("");
        s.server = profile.server.url;
        s.signedIn = loadSession(store).has_value();
        s.enrolled = profile.enrolled();
        s.pendingOps = store.outboxSize();
        for (const auto& b : pending_blobs::list(store)) {
            if (b.failed()) {
                ++s.failedBlobs;
            } else {
                ++s.pendingBlobs;
                s.pendingBlobBytes += b.size;
            }
        }
        s.rejectedOps = SyncEngine::rejectedOps(store).size();
        s.cursor = store.cursor("server").value_or(0);
        s.lastSync = store.meta(SyncEngine::kLastSyncKey).value_or("");
        s.lastError = store.meta(SyncEngine::kLastErrorKey).value_or("");
        if (const auto list = store.meta(kTrustListKey)) {
            const auto envelope = nlohmann::json::parse(*list, nullptr, false);
            if (envelope.is_object() && envelope.contains("payload") && envelope["payload"].is_object())
                s.trustListSequence = envelope["payload"].value("sequence", std::uint64_t{0});
        }
        return s;
    } catch (const StoreFailure& e) {
        return Error{ErrorDomain::Store, ErrorCode::StoreFailure, e.what()};
    }
}

} // namespace fieldseal
