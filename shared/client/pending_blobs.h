#pragma once
// PendingBlobs: the evidence files this device still has to upload, kept in the store's meta
// ("blobs.pending", a JSON array) so they survive restarts. An entry is added before its evidence
// record is written (a crash in between leaves an entry without a record, which the uploader
// drops, never a record whose file is forgotten) and removed once the server holds the whole
// blob. An upload the server refuses for good (the file is not the blob it names, e.g. edited
// since) stays listed with its problem and is not tried again.

#include "store/store.h"

#include <cstdint>
#include <string>
#include <vector>

namespace fieldseal {

struct PendingBlob {
    std::string sha256;
    std::string path; // the file as attached
    std::uint64_t size = 0;
    std::string evidenceId; // the evidence record that names it
    std::string failure;    // non-empty: refused for good, not retried

    bool failed() const { return !failure.empty(); }
};

namespace pending_blobs {

inline constexpr const char* kKey = "blobs.pending";

// All entries, oldest first. Throws StoreFailure.
std::vector<PendingBlob> list(Store& store);
// Adds; a hash already listed keeps its entry unless that one failed (then this replaces it).
// Throws StoreFailure.
void add(Store& store, const PendingBlob& blob);
// Replaces the entry of the same hash. Throws StoreFailure.
void update(Store& store, const PendingBlob& blob);
void remove(Store& store, const std::string& sha256);
// The size of the files still to upload (failed entries not counted).
std::uint64_t pendingBytes(Store& store);

} // namespace pending_blobs

} // namespace fieldseal
