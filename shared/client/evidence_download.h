#pragma once
// Opening evidence on a supervisor's device: the blob an evidence record names is downloaded
// once into a content-addressed cache folder (<dir>/<sha256>) and checked against the record's
// SHA-256 before it is shown; a file that does not hash to its name is deleted, never shown.
//
// Downloads resume and are checked as client/blob_download.h says: the part file lives beside
// the cached file (<dir>/<sha256>.part) and survives a broken connection or the app's restart.

#include "client/api_session.h"
#include "client/blob_uploader.h" // BlobProgress
#include "sync/replica.h"

#include <cstdint>
#include <functional>
#include <string>

namespace fieldseal {

struct FetchedEvidence {
    std::string path;
    std::string sha256;
    std::uint64_t size = 0;
    bool downloaded = false;         // false: it was in the cache already
    std::uint64_t resumedFrom = 0;   // bytes of an earlier attempt's part file that were kept
    std::uint64_t bytesReceived = 0; // body bytes this call received (the part's rest, when resumed)
};

// Refused with httpStatus 409 while the blob is still being uploaded by its inspector; 403 for a
// caller who may not see it. Network failures are retried (resuming each time) by the session's
// RetryPolicy as long as they make no progress; when it gives up the part file stays for the
// next call. onProgress counts the bytes of the file so far (the resumed part included) against
// the record's size.
SyncResult<FetchedEvidence> fetchEvidence(Replica& replica, ApiSession& session,
                                          const std::string& evidenceId, const std::string& cacheDir,
                                          const std::function<void(const BlobProgress&)>& onProgress = {});

} // namespace fieldseal
