#pragma once
// The device's evidence folder: `<db>.blobs` beside the store (like the key file `<db>.key.pem`),
// one file per blob named by its SHA-256. `attach` copies the file the user picked in here, so the
// upload does not depend on the original staying where it was, unchanged (a photo app may move,
// edit or delete it); `fetch-evidence` downloads into the same folder.

#include "client/file_digest.h"
#include "model/result.h"

#include <string>

namespace fieldseal {

std::string blobFolderFor(const std::string& dbPath);

struct StoredBlob {
    FileDigest digest;
    std::string path; // folder/<sha256>
};

// Copies `source` into `folder` (created if needed) under its SHA-256, hashing while it copies
// (the source is read once). Atomic: the copy is written to a temporary file, synced, and renamed
// to its name, then the folder is synced; a crash leaves either no file of that name or the whole
// one. A file already there under that name is replaced by the new copy.
// Errors: the source cannot be read (Usage/InvalidInput), the folder cannot be written (Store).
Result<StoredBlob> copyIntoBlobFolder(const std::string& folder, const std::string& source);

} // namespace fieldseal
