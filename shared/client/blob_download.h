#pragma once
// Downloading a blob: GET /v1/blobs/{sha256} into a file, resumed after a break and checked
// against its SHA-256 before it is given the file's name.
//
// The bytes arrive in <path>.part, which outlives a broken connection (or a failed call, or the
// app's restart). The next attempt asks only for the rest (Range: bytes=<part size>- with
// If-Range: "<sha256>", the blob's strong ETag) and appends the 206; a 200 (the server sent the
// whole blob after all) replaces the part; a 416 (the part is whole or longer than the blob)
// discards it and starts over. Only the whole file is hashed, and only a file that hashes to
// `sha256` is renamed to <path>. A resumed file that does not (the part held wrong bytes) is
// discarded and downloaded once more from byte 0; a file downloaded from byte 0 that does not is
// the server's fault: deleted, and an Untrusted error.
//
// Network failures are retried, resuming each time, until the session's RetryPolicy gives up on
// attempts in a row that brought no new bytes; the part then stays for the next call. A 403, 404
// or 410 discards the part; any other refusal (409: still being uploaded) keeps it.

#include "client/api_session.h"
#include "client/blob_uploader.h"

#include <cstdint>
#include <functional>
#include <string>

namespace fieldseal {

struct BlobDownload {
    std::uint64_t size = 0;          // of the file now at the path
    std::uint64_t resumedFrom = 0;   // bytes of an earlier attempt's part file that were kept
    std::uint64_t bytesReceived = 0; // body bytes this call received (the part's rest, when resumed)
};

struct BlobToDownload {
    std::string sha256;
    std::string path;
    // The blob's size when the caller knows it (an evidence record says), 0 when not. With it,
    // progress counts against it, and a part that long is only hashed, not asked for again.
    std::uint64_t size = 0;
    std::string what = "blob"; // names it in error messages ("evidence <id>")
};

// onProgress counts the bytes of the file so far, the resumed part included.
SyncResult<BlobDownload> downloadBlob(ApiSession& session, const BlobToDownload& blob,
                                      const std::function<void(const BlobProgress&)>& onProgress = {});

} // namespace fieldseal
