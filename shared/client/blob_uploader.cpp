#include "client/blob_uploader.h"

#include "client/retry_policy.h"

#include <algorithm>
#include <charconv>
#include <filesystem>

namespace fieldseal {

namespace {

std::optional<std::uint64_t> headerNumber(const HttpResponse& r, const char* name) {
    const auto v = r.headers.get(name);
    if (!v || v->empty()) return std::nullopt;
    std::uint64_t n = 0;
    const char* end = v->data() + v->size();
    const auto [p, ec] = std::from_chars(v->data(), end, n);
    if (ec != std::errc() || p != end) return std::nullopt;
    return n;
}

} // namespace

BlobUploader::BlobUploader(ApiSession& session, Options options)
    : m_session(session)
    , m_options(options) {}

std::uint64_t BlobUploader::chunkSizeFor(std::uint64_t serverMax) const {
    const std::uint64_t server = serverMax ? serverMax : kDefaultChunkSize;
    return m_options.chunkSize ? std::min(m_options.chunkSize, server) : server;
}

SyncResult<BlobUploader::UploadState> BlobUploader::state(const std::string& sha256) {
    HttpRequest head;
    head.method = "HEAD";
    head.path = "/v1/blobs/" + sha256;
    head.headers.add("Tus-Resumable", "1.0.0");
    auto res = m_session.call(std::move(head));
    if (!res) return res.error();
    if (res->status == 404) return UploadState{false, 0, 0, headerNumber(*res, "FieldSeal-Max-Chunk-Size").value_or(0)};
    if (res->status != 200 && res->status != 204) return ApiSession::errorFromResponse(*res, "blob state");
    const auto offset = headerNumber(*res, "Upload-Offset");
    if (!offset)
        return SyncError{
            SyncErrorKind::BadResponse, "HEAD of a blob without a valid Upload-Offset", res->status, {}, {}};
    return UploadState{true, *offset, headerNumber(*res, "Upload-Length").value_or(0),
                       headerNumber(*res, "FieldSeal-Max-Chunk-Size").value_or(0)};
}

SyncResult<BlobUploadReport>
BlobUploader::upload(const std::string& sha256, const std::string& path,
                     const std::function<void(const BlobProgress&)>& onProgress) {
    std::error_code ec;
    const std::uint64_t size = std::filesystem::file_size(path, ec);
    if (ec) return localIoError("cannot read " + path + ": " + ec.message());

    BlobUploadReport report;
    report.size = size;
    ProgressRetries retries(m_session.policy(), m_session.retryEnvironment()); // progress: the offset moved

    auto st = state(sha256);
    if (!st) return st.error();
    if (st->known && st->length != 0 && st->length != size)
        return SyncError{SyncErrorKind::Refused,
                         "the server holds an upload of " + std::to_string(st->length) +
                             " bytes under this hash, the file has " + std::to_string(size),
                         0,
                         {},
                         {}};
    std::uint64_t offset = st->known ? st->offset : 0;
    if (offset > size)
        return SyncError{SyncErrorKind::BadResponse, "the server's offset is beyond the file", 0, {}, {}};
    report.alreadyComplete = st->known && offset == size;
    std::uint64_t chunkSize = chunkSizeFor(st->maxChunk);
    bool mustCreate = !st->known; // an empty blob still needs its one (empty) PATCH

    const auto emit = [&](std::uint64_t done) {
        if (onProgress) onProgress(BlobProgress{done, size});
    };
    emit(offset);

    // After a failure: wait (backoff or Retry-After), then ask the server where it is.
    const auto recover =
        [&](std::optional<std::chrono::milliseconds> retryAfter) -> std::optional<SyncError> {
        ++report.interruptions;
        switch (retries.failed(retryAfter)) {
        case ProgressRetries::Next::TryAgain:
            break;
        case ProgressRetries::Next::GiveUp:
            return SyncError{SyncErrorKind::Network,
                             "blob upload made no progress in " + std::to_string(retries.failures()) +
                                 " attempts",
                             0,
                             {},
                             {}};
        case ProgressRetries::Next::Cancelled:
            return SyncError{SyncErrorKind::Cancelled, "cancelled", 0, {}, {}};
        }
        auto again = state(sha256);
        if (!again) return again.error();
        offset = again->known ? again->offset : 0;
        mustCreate = !again->known;
        chunkSize = chunkSizeFor(again->maxChunk);
        if (offset > size)
            return SyncError{SyncErrorKind::BadResponse, "the server's offset is beyond the file", 0, {}, {}};
        emit(offset);
        return std::nullopt;
    };

    while (offset < size || mustCreate) {
        const std::uint64_t length = std::min(chunkSize, size - offset);
        HttpRequest patch;
        patch.method = "PATCH";
        patch.path = "/v1/blobs/" + sha256;
        patch.headers.add("Tus-Resumable", "1.0.0");
        patch.headers.add("Upload-Offset", std::to_string(offset));
        patch.headers.add("Content-Type", "application/offset+octet-stream");
        if (offset == 0) patch.headers.add("Upload-Length", std::to_string(size));
        patch.bodyFile = FileRange{path, offset, length};
        const std::uint64_t base = offset;
        patch.onProgress = [&](const TransferProgress& p) { emit(base + std::min(p.uploaded, length)); };

        auto res = m_session.call(std::move(patch), ApiSession::Retries::None);
        if (!res) {
            const SyncError& e = res.error();
            if (e.network) report.bodyBytesSent += e.network->bodyBytesSent;
            if (!isRetryableNetworkFailure(e))
                return e;
            if (auto stop = recover(std::nullopt)) return *stop;
            continue;
        }
        report.bodyBytesSent += res->bodyBytesSent;
        const long status = res->status;
        if (status == 200 || status == 201 || status == 204) {
            ++report.chunksSent;
            mustCreate = false;
            const auto next = headerNumber(*res, "Upload-Offset");
            if (next && *next == base + length) {
                offset = *next;
                retries.progressed();
                emit(offset);
                continue;
            }
            // The server stored something else than we think: ask.
            if (auto stop = recover(std::nullopt)) return *stop;
            continue;
        }
        if (status == 409) {
            // With Retry-After: another request is still writing the upload (say, our own PATCH
            // cut off a moment ago, which the server has not noticed yet): wait, then ask again.
            if (const auto retryAfter = parseRetryAfter(res->headers)) {
                if (auto stop = recover(retryAfter)) return *stop;
                continue;
            }
            const auto serverOffset = headerNumber(*res, "Upload-Offset");
            if (serverOffset && *serverOffset <= size && *serverOffset != base) {
                ++report.interruptions;
                offset = *serverOffset;
                mustCreate = false;
                emit(offset);
                continue;
            }
            if (auto stop = recover(std::nullopt)) return *stop;
            continue;
        }
        if (status == 404) { // the server dropped the partial upload: start again
            if (auto stop = recover(std::nullopt)) return *stop;
            continue;
        }
        if (classifyStatus(status) == RetryVerdict::Retryable) {
            if (auto stop = recover(parseRetryAfter(res->headers))) return *stop;
            continue;
        }
        return ApiSession::errorFromResponse(*res, "blob upload");
    }
    return report;
}

} // namespace fieldseal
