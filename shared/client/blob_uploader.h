#pragma once
// BlobUploader: evidence files to and from the server's blob store, resumably (tus 1.0 core, as
// sync-server/openapi.yaml describes /v1/blobs/{sha256}).
//
// Upload: HEAD asks the server's offset (404: nothing yet); PATCH sends the rest in chunks
// streamed from the file (Upload-Offset, application/offset+octet-stream, Upload-Length with the
// chunk at offset 0). A chunk that fails on the way (reset, timeout...) or a 409 (the server's
// offset differs) is never resent blindly: the uploader asks the offset again and goes on from
// there, so each interruption costs at most the part of one chunk that was lost. Consecutive
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
        // 8 MiB: the server's largest PATCH body (BlobServiceOptions::maxChunkBytes).
        std::uint64_t chunkSize = 8ull << 20;
    };

    BlobUploader(ApiSession& session, Options options);
    explicit BlobUploader(ApiSession& session)
        : BlobUploader(session, Options{}) {}

    // Uploads the file as blob `sha256` (64 lowercase hex digits).
    SyncResult<BlobUploadReport> upload(const std::string& sha256, const std::string& path,
                                        const std::function<void(const BlobProgress&)>& onProgress = {});

    // GET /v1/blobs/{sha256} into `path` (written to path + ".part", renamed when complete).
    SyncResult<std::uint64_t> download(const std::string& sha256, const std::string& path,
                                       const std::function<void(const BlobProgress&)>& onProgress = {});

    // The server's view of an upload: its offset and length, or nothing for 404.
    struct UploadState {
        bool known = false;
        std::uint64_t offset = 0;
        std::uint64_t length = 0; // 0 when the server did not say
    };
    SyncResult<UploadState> state(const std::string& sha256);

private:
    ApiSession& m_session;
    Options m_options;
};

} // namespace fieldseal
