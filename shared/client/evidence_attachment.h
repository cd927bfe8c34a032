#pragma once
// Attaching a file as evidence to an inspection, offline: the immutable evidence record (SHA-256,
// size, media type from the extension, capture time, device, inspector, the inspection's
// district) is written through the replica like any edit, and the file is listed for upload
// (pending_blobs.h) before the record exists. The server accepts the record at once and shows
// the blob as pending until the upload completes.
// With a blob folder (blob_folder.h) the file is first copied there under its SHA-256 and the
// copy is what gets uploaded: the original may be moved, edited or deleted afterwards.

#include "client/file_digest.h"
#include "model/result.h"
#include "sync/replica.h"

#include <nlohmann/json.hpp>
#include <string>

namespace fieldseal {

struct AttachRequest {
    std::string inspectionId;
    std::string path;
    std::string itemId;      // the checklist item it documents (optional)
    std::string capturedAt;  // RFC 3339; empty: now
    nlohmann::json location; // {"lat","lon","accuracy_m"} or null
    // The device's evidence folder (blobFolderFor(db)); empty: upload from `path` as it is.
    std::string blobFolder;
};

struct AttachedEvidence {
    std::string evidenceId;
    FileDigest digest;
    std::string storedPath; // the file the upload reads (the copy in the blob folder, if any)
    std::string mediaType;
    nlohmann::json body; // the evidence record as written
};

// Errors: the inspection is unknown here or is not an inspection; the file cannot be read; the
// record fails validation. Nothing is kept on error.
Result<AttachedEvidence> attachEvidence(Replica& replica, const AttachRequest& request);

} // namespace fieldseal
