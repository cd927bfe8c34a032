#include "blobs/blob_routes.h"

#include "blobs/blob_service.h"
#include "http/byte_range.h"
#include "http/router.h"
#include "seal/sha256.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <utility>
#include <variant>

namespace fieldseal::server {
namespace {

constexpr const char* kPattern = "/v1/blobs/{sha256}";
constexpr const char* kTusVersion = "1.0.0";
// The largest PATCH body this server takes (tus core has no header for it; clients size their
// PATCHes by it instead of guessing).
constexpr const char* kMaxChunkHeader = "FieldSeal-Max-Chunk-Size";

HttpResponse tus(HttpResponse r) {
    return std::move(r.withHeader("Tus-Resumable", kTusVersion));
}

// A non-negative decimal header value ("Upload-Offset: 1024"); nullopt when malformed.
std::optional<std::int64_t> parseLength(const std::string& text) {
    std::int64_t v = 0;
    if (text.empty() || !std::isdigit(static_cast<unsigned char>(text.front()))) return std::nullopt;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return v;
}

bool isOffsetOctetStream(const std::optional<std::string>& contentType) {
    if (!contentType) return false;
    std::string media = contentType->substr(0, contentType->find(';'));
    media.erase(std::remove_if(media.begin(), media.end(), [](unsigned char c) { return std::isspace(c); }),
                media.end());
    std::transform(media.begin(), media.end(), media.begin(), [](unsigned char c) { return std::tolower(c); });
    return media == "application/offset+octet-stream";
}

// The checks every tus request shares: a valid name, and a tus version we speak.
std::optional<HttpResponse> checkRequest(const RequestContext& ctx, bool tusRequest) {
    const std::string& sha = ctx.request.pathParams.at("sha256");
    if (!seal::isSha256Hex(sha))
        return tus(HttpResponse::error(400, "invalid_sha256", "a blob is named by 64 lower-case hex digits"));
    if (tusRequest) {
        if (auto v = ctx.request.header("Tus-Resumable"); v && *v != kTusVersion)
            return HttpResponse::error(412, "unsupported_tus_version", "this server speaks tus 1.0.0")
                .withHeader("Tus-Version", kTusVersion);
    }
    return std::nullopt;
}

HttpResponse offsetResponse(int status, std::int64_t offset) {
    HttpResponse r = HttpResponse::empty(status);
    r.withHeader("Upload-Offset", std::to_string(offset));
    return tus(std::move(r));
}

// What a PATCH's header asks for, once checked.
struct PatchRequest {
    std::string sha256;
    std::int64_t offset = 0;
    std::optional<std::int64_t> length;     // Upload-Length
    std::optional<std::int64_t> bodyLength; // Content-Length
};

// The checks of a PATCH's header: the request, or the answer refusing it.
std::variant<PatchRequest, HttpResponse> checkPatch(RequestContext& ctx) {
    if (auto bad = checkRequest(ctx, true)) return *bad;
    PatchRequest p;
    p.sha256 = ctx.request.pathParams.at("sha256");
    if (!isOffsetOctetStream(ctx.request.header("Content-Type")))
        return tus(HttpResponse::error(415, "unsupported_media_type",
                                       "a blob chunk is sent as Content-Type: application/offset+octet-stream"));
    const auto offsetHeader = ctx.request.header("Upload-Offset");
    const auto offset = offsetHeader ? parseLength(*offsetHeader) : std::nullopt;
    if (!offset)
        return tus(HttpResponse::error(400, "invalid_upload_offset", "Upload-Offset must be a non-negative integer"));
    p.offset = *offset;
    if (auto h = ctx.request.header("Upload-Length")) {
        p.length = parseLength(*h);
        if (!p.length)
            return tus(
                HttpResponse::error(400, "invalid_upload_length", "Upload-Length must be a non-negative integer"));
    }
    if (auto h = ctx.request.header("Content-Length")) p.bodyLength = parseLength(*h);
    return p;
}

HttpResponse outcomeResponse(const BlobService& blobs, const AppendOutcome& out, std::int64_t requestedOffset) {
    using Kind = AppendOutcome::Kind;
    switch (out.kind) {
    case Kind::Appended:
    case Kind::Completed:
    case Kind::AlreadyComplete: return offsetResponse(204, out.offset);
    case Kind::OffsetMismatch: {
        auto r = HttpResponse::error(409, "offset_mismatch",
                                     "the upload is at offset " + std::to_string(out.offset) + ", not " +
                                         std::to_string(requestedOffset) + "; resume from Upload-Offset");
        r.withHeader("Upload-Offset", std::to_string(out.offset));
        return tus(std::move(r));
    }
    case Kind::InProgress: {
        auto r = HttpResponse::error(409, "upload_in_progress",
                                     "another request is writing this upload (at offset " +
                                         std::to_string(out.offset) + " so far); ask HEAD again shortly");
        r.withHeader("Upload-Offset", std::to_string(out.offset));
        r.withHeader("Retry-After", "1");
        return tus(std::move(r));
    }
    case Kind::MissingLength:
        return tus(HttpResponse::error(400, "missing_upload_length", "the first PATCH must send Upload-Length"));
    case Kind::LengthMismatch:
        return tus(HttpResponse::error(400, "upload_length_mismatch",
                                       "this upload was declared with Upload-Length " + std::to_string(out.length)));
    case Kind::TooLarge:
        return tus(HttpResponse::error(413, "payload_too_large",
                                       "a blob may have at most " + std::to_string(blobs.options().maxBlobBytes) +
                                           " bytes"))
            .withHeader("Tus-Max-Size", std::to_string(blobs.options().maxBlobBytes));
    case Kind::BeyondLength:
        return tus(HttpResponse::error(400, "chunk_beyond_length", "the chunk would end past Upload-Length"));
    case Kind::HashMismatch:
        return tus(HttpResponse::error(422, "hash_mismatch",
                                       "the uploaded bytes do not have the SHA-256 in the URL; the upload was "
                                       "discarded, start again from offset 0"));
    }
    return tus(HttpResponse::error(500, "internal", "internal server error"));
}

// PATCH with its body in memory (a caller of Router::handle; the transport streams instead).
HttpResponse patch(BlobService& blobs, RequestContext& ctx) {
    auto checked = checkPatch(ctx);
    if (auto* refusal = std::get_if<HttpResponse>(&checked)) return std::move(*refusal);
    const auto& p = std::get<PatchRequest>(checked);
    return outcomeResponse(blobs, blobs.append(*ctx.caller, p.sha256, p.offset, p.length, ctx.request.body), p.offset);
}

// PATCH as the transport runs it: the body goes to the partial file while it arrives.
class PatchBody : public BodyStream {
public:
    PatchBody(const BlobService& blobs, std::unique_ptr<BlobService::AppendStream> stream, std::int64_t offset)
        : m_blobs(blobs)
        , m_stream(std::move(stream))
        , m_offset(offset) {}

    std::optional<HttpResponse> write(std::string_view bytes) override {
        if (auto stop = m_stream->write(bytes)) return outcomeResponse(m_blobs, *stop, m_offset);
        return std::nullopt;
    }
    HttpResponse finish() override { return outcomeResponse(m_blobs, m_stream->finish(), m_offset); }
    void setAbort(std::function<void()> abort) override { m_stream->setAbort(std::move(abort)); }
    bool readyOrNotify(std::function<void()> ready) override { return m_stream->readyOrNotify(std::move(ready)); }

private:
    const BlobService& m_blobs;
    std::unique_ptr<BlobService::AppendStream> m_stream;
    std::int64_t m_offset;
};

StreamStart patchStream(BlobService& blobs, RequestContext& ctx) {
    StreamStart out;
    auto checked = checkPatch(ctx);
    if (auto* refusal = std::get_if<HttpResponse>(&checked)) {
        out.response = std::move(*refusal);
        return out;
    }
    const auto& p = std::get<PatchRequest>(checked);
    auto start = blobs.beginAppend(*ctx.caller, p.sha256, p.offset, p.length, p.bodyLength);
    if (start.answer) out.response = outcomeResponse(blobs, *start.answer, p.offset);
    else out.stream = std::make_unique<PatchBody>(blobs, std::move(start.stream), p.offset);
    return out;
}

HttpResponse head(BlobService& blobs, RequestContext& ctx) {
    if (auto bad = checkRequest(ctx, true)) return *bad;
    const BlobStatus st = blobs.status(ctx.request.pathParams.at("sha256"));
    HttpResponse r = HttpResponse::empty(st.state == BlobState::Unknown ? 404 : 200);
    r.withHeader("Cache-Control", "no-store");
    r.withHeader(kMaxChunkHeader, std::to_string(blobs.options().maxChunkBytes));
    if (st.state != BlobState::Unknown) {
        r.withHeader("Upload-Offset", std::to_string(st.offset));
        r.withHeader("Upload-Length", std::to_string(st.length));
    }
    return tus(std::move(r));
}

HttpResponse options(BlobService& blobs, RequestContext& ctx) {
    if (auto bad = checkRequest(ctx, false)) return *bad;
    HttpResponse r = HttpResponse::empty(204);
    r.withHeader("Tus-Version", kTusVersion);
    r.withHeader("Tus-Max-Size", std::to_string(blobs.options().maxBlobBytes));
    r.withHeader(kMaxChunkHeader, std::to_string(blobs.options().maxChunkBytes));
    return tus(std::move(r));
}

HttpResponse get(BlobService& blobs, RequestContext& ctx) {
    if (auto bad = checkRequest(ctx, false)) return *bad;
    const std::string& sha = ctx.request.pathParams.at("sha256");
    // Decided before looking at storage, so a refusal says nothing about whether the blob exists.
    if (!blobs.mayRead(*ctx.caller, sha))
        return HttpResponse::error(403, "forbidden", "you may not read this evidence file");
    const BlobStatus st = blobs.status(sha);
    if (st.state == BlobState::Unknown) return HttpResponse::error(404, "not_found", "no such blob");
    if (st.state == BlobState::Uploading)
        return HttpResponse::error(409, "upload_incomplete",
                                   "the blob is still being uploaded (" + std::to_string(st.offset) + " of " +
                                       std::to_string(st.length) + " bytes)");
    auto file = blobs.completeFile(sha);
    if (!file) return HttpResponse::error(404, "not_found", "no such blob");
    // A blob is content-addressed and never changes: its hash is a strong validator, for If-Range
    // and for caches.
    const std::string etag = "\"" + sha + "\"";
    const auto total = static_cast<std::uint64_t>(st.length);
    const RangeDecision range = decideRange(ctx.request, total, etag);
    HttpResponse r;
    if (range.kind == RangeDecision::Kind::Unsatisfiable) {
        r = HttpResponse::error(416, "range_not_satisfiable",
                                "the blob has " + std::to_string(total) +
                                    " bytes: none of them is in the range asked for");
        r.withHeader("Content-Range", unsatisfiedContentRange(total));
    } else {
        r.status = 200;
        r.contentType = "application/octet-stream";
        r.file = std::move(*file);
        if (range.kind == RangeDecision::Kind::Partial) {
            r.status = 206;
            r.fileRange = range.range;
            r.withHeader("Content-Range", contentRange(range.range, total));
        }
        r.withHeader("Cache-Control", "private, max-age=31536000, immutable");
    }
    r.withHeader("Accept-Ranges", "bytes");
    r.withHeader("ETag", etag);
    return r;
}

Route blobRoute(const char* method, std::size_t maxBody, Handler handler) {
    Route r;
    r.method = method;
    r.pattern = kPattern;
    r.handler = std::move(handler);
    r.maxBodyBytes = maxBody;
    return r;
}

} // namespace

void addBlobRoutes(Router& router, BlobService& blobs) {
    router.add(blobRoute("OPTIONS", 0, [&blobs](RequestContext& c) { return options(blobs, c); }));
    router.add(blobRoute("HEAD", 0, [&blobs](RequestContext& c) { return head(blobs, c); }));
    router.add(blobRoute("GET", 0, [&blobs](RequestContext& c) { return get(blobs, c); }));
    Route patchRoute =
        blobRoute("PATCH", blobs.options().maxChunkBytes, [&blobs](RequestContext& c) { return patch(blobs, c); });
    patchRoute.streamHandler = [&blobs](RequestContext& c) { return patchStream(blobs, c); };
    router.add(std::move(patchRoute));
}

} // namespace fieldseal::server
