#pragma once
// Opening evidence on a supervisor's device: the blob an evidence record names is downloaded
// once into a content-addressed cache folder (<dir>/<sha256>) and checked against the record's
// SHA-256 before it is shown; a file that does not hash to its name is deleted, never shown.

#include "client/api_session.h"
#include "sync/replica.h"

#include <string>

namespace fieldseal {

struct FetchedEvidence {
    std::string path;
    std::string sha256;
    std::uint64_t size = 0;
    bool downloaded = false; // false: it was in the cache already
};

// Refused with httpStatus 409 while the blob is still being uploaded by its inspector; 403 for a
// caller who may not see it.
SyncResult<FetchedEvidence> fetchEvidence(Replica& replica, ApiSession& session,
                                          const std::string& evidenceId, const std::string& cacheDir);

} // namespace fieldseal
