#include "client/blob_download.h"

#include "client/file_digest.h"
#include "client/retry_policy.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <optional>

namespace fieldseal {

namespace {

std::uint64_t sizeOf(const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    return ec ? 0 : size;
}

bool hashesTo(const std::string& path, const std::string& sha256) {
    auto digest = digestFile(path);
    return digest && digest->sha256 == sha256;
}

// The first position of a 206's "Content-Range: bytes FIRST-LAST/TOTAL".
std::optional<std::uint64_t> rangeStart(const HttpResponse& r) {
    const auto v = r.headers.get("Content-Range");
    if (!v || !v->starts_with("bytes ")) return std::nullopt;
    const char* begin = v->data() + 6;
    const char* end = v->data() + v->size();
    std::uint64_t first = 0;
    const auto [p, ec] = std::from_chars(begin, end, first);
    if (ec != std::errc() || p == end || *p != '-') return std::nullopt;
    return first;
}

} // namespace

SyncResult<BlobDownload> downloadBlob(ApiSession& session, const BlobToDownload& blob,
                                      const std::function<void(const BlobProgress&)>& onProgress) {
    const std::string& sha256 = blob.sha256;
    const std::string& path = blob.path;
    const std::uint64_t expectedSize = blob.size;
    BlobDownload out;
    const std::string part = path + ".part";
    std::error_code ec;
    const auto finish = [&]() -> SyncResult<BlobDownload> {
        out.size = sizeOf(part);
        std::filesystem::rename(part, path, ec);
        if (ec) return localIoError("cannot move " + part + " to " + path + ": " + ec.message());
        return out;
    };

    out.resumedFrom = sizeOf(part);
    // A part as long as the blob (cut off just before its rename) needs no request, only its hash.
    if (out.resumedFrom > 0 && out.resumedFrom == expectedSize) {
        if (hashesTo(part, sha256)) return finish();
        std::filesystem::remove(part, ec);
        out.resumedFrom = 0;
    }

    ProgressRetries retries(session.policy(), session.retryEnvironment()); // progress: the part grew
    bool fromZero = false;  // the current part was started at byte 0 by this call
    bool restarted = false; // a resumed file hashed wrong once already

    // After a failure: wait, unless the policy's attempts are used up (then `last` is the answer).
    const auto waitBeforeRetry = [&](std::optional<std::chrono::milliseconds> retryAfter,
                                     const SyncError& last) -> std::optional<SyncError> {
        switch (retries.failed(retryAfter)) {
        case ProgressRetries::Next::TryAgain:
            return std::nullopt;
        case ProgressRetries::Next::GiveUp:
            return last;
        case ProgressRetries::Next::Cancelled:
            break;
        }
        return SyncError{SyncErrorKind::Cancelled, "cancelled", 0, {}, {}};
    };

    for (;;) {
        const std::uint64_t have = sizeOf(part);
        if (have == 0) fromZero = true;
        const std::uint64_t rest = expectedSize > have ? expectedSize - have : 0;
        const auto emit = [&](std::uint64_t done, std::uint64_t total) {
            if (onProgress) onProgress(BlobProgress{total ? std::min(done, total) : done, total});
        };
        emit(have, expectedSize);

        HttpRequest get;
        get.method = "GET";
        get.path = "/v1/blobs/" + sha256;
        get.downloadTo = part;
        get.appendToFile = true;
        if (have > 0) {
            get.headers.add("Range", "bytes=" + std::to_string(have) + "-");
            get.headers.add("If-Range", "\"" + sha256 + "\"");
        }
        get.onProgress = [&](const TransferProgress& p) {
            // A body longer than the rest is the whole blob (a 200): it counts from byte 0.
            const bool whole = expectedSize ? p.downloadTotal > rest : have == 0;
            const std::uint64_t total = expectedSize ? expectedSize : (p.downloadTotal ? have + p.downloadTotal : 0);
            emit((whole ? 0 : have) + p.downloaded, total);
        };
        auto res = session.call(std::move(get), ApiSession::Retries::None);
        if (!res) {
            const SyncError& e = res.error();
            if (e.network) out.bytesReceived += e.network->bodyBytesReceived;
            if (!isRetryableNetworkFailure(e))
                return e;                                  // the part stays for the next call
            if (sizeOf(part) > have) retries.progressed(); // the next attempt goes on from there
            if (auto stop = waitBeforeRetry(std::nullopt, e)) return *stop;
            continue;
        }
        out.bytesReceived += res->bodyBytesReceived;
        const long status = res->status;
        if (status == 206 && rangeStart(*res) != have) {
            // Not the rest we asked for, yet appended: the part is worthless.
            std::filesystem::remove(part, ec);
            out.resumedFrom = 0;
            if (auto stop =
                    waitBeforeRetry(std::nullopt, SyncError{SyncErrorKind::BadResponse,
                                                            "the server sent another range than asked for",
                                                            status,
                                                            {},
                                                            {}}))
                return *stop;
            continue;
        }
        if (status == 206 || status == 200) {
            if (status == 200) fromZero = true;
            const std::uint64_t got = sizeOf(part);
            emit(got, expectedSize ? expectedSize : got);
            if (hashesTo(part, sha256)) return finish();
            std::filesystem::remove(part, ec);
            if (!fromZero && !restarted) {
                restarted = true; // the kept bytes were wrong: once more, from byte 0
                out.resumedFrom = 0;
                continue;
            }
            return SyncError{SyncErrorKind::Untrusted,
                             "the server's copy of " + blob.what + " does not hash to " + sha256 + ": it was discarded",
                             0,
                             {},
                             {}};
        }
        if (status == 416 && have > 0) { // the part is whole or longer than the blob: start over
            std::filesystem::remove(part, ec);
            out.resumedFrom = 0;
            continue;
        }
        if (classifyStatus(status) == RetryVerdict::Retryable) {
            if (auto stop = waitBeforeRetry(parseRetryAfter(res->headers),
                                            ApiSession::errorFromResponse(*res, blob.what + " download")))
                return *stop;
            continue;
        }
        // A final answer: the blob is gone or not ours to see (403/404) and the part is worthless;
        // for anything else (409 still uploading...) it stays for the next call.
        if (status == 403 || status == 404 || status == 410) std::filesystem::remove(part, ec);
        return ApiSession::errorFromResponse(*res, blob.what + " download");
    }
}

} // namespace fieldseal
