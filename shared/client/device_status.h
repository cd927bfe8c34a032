#pragma once
// DeviceStatus: what the sync status screen (and `fieldseal status`) shows, read from the store
// alone (no network): pending ops and evidence bytes, the last sync and its error, the account
// and server, the trust list's sequence.

#include "model/result.h"
#include "store/store.h"

#include <cstdint>
#include <string>

namespace fieldseal {

struct DeviceStatus {
    std::string deviceId;
    std::string user;
    std::string district;
    std::string server;    // "" when never signed in
    bool signedIn = false; // holds session tokens
    bool enrolled = false;
    std::int64_t pendingOps = 0;
    std::size_t pendingBlobs = 0;
    std::uint64_t pendingBlobBytes = 0;
    std::size_t failedBlobs = 0;
    std::size_t rejectedOps = 0;
    std::int64_t cursor = 0;
    std::string lastSync;  // RFC 3339, "" when never
    std::string lastError; // "" when the last sync went well
    std::uint64_t trustListSequence = 0;
};

Result<DeviceStatus> readDeviceStatus(Store& store);

} // namespace fieldseal
