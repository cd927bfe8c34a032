#pragma once
// BlobUploader: evidence files to and from the server's blob store, resumably (tus 1.0 core, as
// sync-server/openapi.yaml describes /v1/blobs/{sha256}).
//
// Upload: HEAD asks the server's offset (404: nothing yet) and its largest PATCH body
// (FieldSeal-Max-Chunk-Size; our server takes a whole blob in one PATCH, streamed to disk);
// PATCH sends the rest in chunks of that size streamed from the file (Upload-Offset,
// application/offset+octet-stream, Upload-Length with the chunk at offset 0). A chunk that fails
// on the way (reset, timeout...) or a 409 (the server's offset differs, or another request is
// still writing) is never resent blindly: the uploader asks the offset again and goes on from
// there. The server keeps what arrived of a cut-off PATCH, so an interruption costs at most what
// was in flight. Consecutive
// failures without progress are bounded by the session's RetryPolicy (with its backoff between
// them); any progress resets the count. The server checks the SHA-256 of the whole blob: 422
// (hash_mismatch) means the file is not the blob it is named after.

#include "client/api_session.h"

#include <cstdint>
#include <functional>
#include <string>

namespace fieldseal {

struct BlobProgress {
    std::uint64_t done = 0;  // the server's offset as last known, plus the chunk in flight
    std::uint64_t total = 0; // the file's size
};

struct BlobUploadReport {
    std::uint64_t size = 0;
    std::uint64_t bodyBytesSent = 0; // chunk bytes sent, counting those lost to interruptions
    int chunksSent = 0;              // PATCH requests that were answered
    int interruptions = 0;           // failed PATCHes, 409s and lost offsets that made it ask again
    bool alreadyComplete = false;    // the server had the whole blob before we sent anything
};

class BlobUploader {
public:
    struct Options {
        // The largest PATCH body to send; 0: what the server says it takes (FieldSeal-Max-Chunk-Size),
        // or kDefaultChunkSize from a server that does not say. Never more than the server says.
        std::uint64_t chunkSize = 0;
    };
    static constexpr std::uint64_t kDefaultChunkSize = 8ull << 20;

    BlobUploader(ApiSession& session, Options options);
    explicit BlobUploader(ApiSession& session)
        : BlobUploader(session, Options{}) {}

    // Uploads the file as blob `sha256` (64 lowercase hex digits).
    SyncResult<BlobUploadReport> upload(const std::string& sha256, const std::string& path,
                                        const std::function<void(const BlobProgress&)>& onProgress = {});

    // The server's view of an upload: its offset and length, or nothing for 404.
    struct UploadState {
        bool known = false;
        std::uint64_t offset = 0;
        std::uint64_t length = 0; // 0 when the server did not say
        std::uint64_t maxChunk = 0; // the server's largest PATCH body; 0 when it did not say
    };
    SyncResult<UploadState> state(const std::string& sha256);

private:
    // The PATCH size for a server that told `serverMax` (0: nothing).
    std::uint64_t chunkSizeFor(std::uint64_t serverMax) const;

    ApiSession& m_session;
    Options m_options;
};

} // namespace fieldseal
