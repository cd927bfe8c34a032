#include "content_encoding.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <memory>
#include <zlib.h>
#include <zstd.h>

namespace fieldseal::server {
namespace {

constexpr int kGzipWindowBits = 15 + 16; // 32 KiB window, gzip wrapper instead of zlib's
constexpr int kMemLevel = 8;
constexpr int kZstdLevel = 1; // the fastest of the regular levels: still smaller than gzip's best

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// The q value of one Accept-Encoding element ("gzip;q=0.5"): 1 when absent, 0 when malformed.
double qualityOf(std::string_view params) {
    while (!params.empty()) {
        const auto semi = params.find(';');
        auto param = trim(params.substr(0, semi));
        params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
        if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
            try {
                return std::stod(std::string(param.substr(2)));
            } catch (...) {
                return 0;
            }
        }
    }
    return 1;
}

bool compressible(const HttpResponse& r) {
    const std::string type = lower(r.contentType);
    return type.rfind("application/json", 0) == 0 || type.rfind("text/", 0) == 0 ||
           type.rfind("application/yaml", 0) == 0 || type.rfind("application/problem+json", 0) == 0;
}

bool hasHeader(const HttpResponse& r, std::string_view name) {
    const std::string wanted = lower(name);
    return std::any_of(r.headers.begin(), r.headers.end(), [&](const auto& h) { return lower(h.first) == wanted; });
}

// zlib streams own memory until their End call: these make sure it is made on every path.
struct Deflater {
    z_stream zs{};
    bool ok = false;
    explicit Deflater(int level) {
        ok = deflateInit2(&zs, level, Z_DEFLATED, kGzipWindowBits, kMemLevel, Z_DEFAULT_STRATEGY) == Z_OK;
    }
    ~Deflater() {
        if (ok) deflateEnd(&zs);
    }
    Deflater(const Deflater&) = delete;
    Deflater& operator=(const Deflater&) = delete;
};

struct Inflater {
    z_stream zs{};
    bool ok = false;
    Inflater() { ok = inflateInit2(&zs, kGzipWindowBits) == Z_OK; }
    ~Inflater() {
        if (ok) inflateEnd(&zs);
    }
    Inflater(const Inflater&) = delete;
    Inflater& operator=(const Inflater&) = delete;
};

struct ZstdCompressorFree {
    void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct ZstdDecompressorFree {
    void operator()(ZSTD_DStream* d) const { ZSTD_freeDStream(d); }
};

} // namespace

ContentCoding preferredCoding(std::string_view header) {
    double gzip = -1, zstd = -1, any = -1;
    while (!header.empty()) {
        const auto comma = header.find(',');
        auto element = trim(header.substr(0, comma));
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        const auto semi = element.find(';');
        const std::string coding = lower(trim(element.substr(0, semi)));
        const double q = semi == std::string_view::npos ? 1.0 : qualityOf(element.substr(semi + 1));
        if (coding == "gzip" || coding == "x-gzip")
            gzip = q;
        else if (coding == "zstd")
            zstd = q;
        else if (coding == "*")
            any = q;
    }
    if (gzip < 0) gzip = any;
    if (zstd < 0) zstd = any;
    if (zstd > 0 && zstd >= gzip) return ContentCoding::Zstd;
    if (gzip > 0) return ContentCoding::Gzip;
    return ContentCoding::Identity;
}

std::optional<std::string> gzipCompress(std::string_view data, int level) {
    Deflater d(level);
    if (!d.ok || data.size() > UINT_MAX) return std::nullopt;
    std::string out(deflateBound(&d.zs, static_cast<uLong>(data.size())), '\0');
    d.zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    d.zs.avail_in = static_cast<uInt>(data.size());
    d.zs.next_out = reinterpret_cast<Bytef*>(out.data());
    d.zs.avail_out = static_cast<uInt>(out.size());
    // deflateBound makes one Z_FINISH call enough.
    if (deflate(&d.zs, Z_FINISH) != Z_STREAM_END) return std::nullopt;
    out.resize(d.zs.total_out);
    return out;
}

std::optional<std::string> gzipDecompress(std::string_view gzip) {
    Inflater i;
    if (!i.ok || gzip.size() > UINT_MAX) return std::nullopt;
    i.zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzip.data()));
    i.zs.avail_in = static_cast<uInt>(gzip.size());
    std::string out;
    char buffer[64 * 1024];
    while (true) {
        i.zs.next_out = reinterpret_cast<Bytef*>(buffer);
        i.zs.avail_out = sizeof buffer;
        const int rc = inflate(&i.zs, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - i.zs.avail_out);
        if (rc == Z_STREAM_END) return i.zs.avail_in == 0 ? std::optional<std::string>(std::move(out)) : std::nullopt;
        if (rc != Z_OK) return std::nullopt;
        if (i.zs.avail_in == 0 && i.zs.avail_out != 0) return std::nullopt; // cut short
    }
}

std::optional<std::string> zstdCompress(std::string_view data, int level) {
    // One context per thread, reused: making one allocates its tables (about a megabyte) anew.
    thread_local const std::unique_ptr<ZSTD_CCtx, ZstdCompressorFree> context(ZSTD_createCCtx());
    if (!context) return std::nullopt;
    std::string out(ZSTD_compressBound(data.size()), '\0');
    const std::size_t size =
        ZSTD_compressCCtx(context.get(), out.data(), out.size(), data.data(), data.size(), level);
    if (ZSTD_isError(size)) return std::nullopt;
    out.resize(size);
    return out;
}

std::optional<std::string> zstdDecompress(std::string_view frame) {
    const std::unique_ptr<ZSTD_DStream, ZstdDecompressorFree> stream(ZSTD_createDStream());
    if (!stream) return std::nullopt;
    ZSTD_inBuffer in{frame.data(), frame.size(), 0};
    std::string out;
    char buffer[64 * 1024];
    while (true) {
        ZSTD_outBuffer chunk{buffer, sizeof buffer, 0};
        const std::size_t left = ZSTD_decompressStream(stream.get(), &chunk, &in);
        if (ZSTD_isError(left)) return std::nullopt;
        out.append(buffer, chunk.pos);
        if (left == 0) return in.pos == in.size ? std::optional<std::string>(std::move(out)) : std::nullopt;
        // The frame is not complete: more input is needed, or output is waiting in zstd's buffer.
        if (in.pos == in.size && chunk.pos < chunk.size) return std::nullopt; // cut short
    }
}

void applyContentEncoding(const HttpRequest& request, HttpResponse& response) {
    if (response.file || !compressible(response) || hasHeader(response, "Content-Encoding")) return;
    if (response.status < 200 || response.status == 204 || response.status == 206 || response.status == 304)
        return;
    if (response.body.size() < kMinCompressedBytes) return;
    response.headers.emplace_back("Vary", "Accept-Encoding");
    const auto accept = request.header("Accept-Encoding");
    const ContentCoding coding = accept ? preferredCoding(*accept) : ContentCoding::Identity;
    if (coding == ContentCoding::Identity) return;
    auto compressed = coding == ContentCoding::Zstd ? zstdCompress(response.body, kZstdLevel)
                                                    : gzipCompress(response.body, Z_BEST_SPEED);
    if (!compressed || compressed->size() >= response.body.size()) return;
    response.body = std::move(*compressed);
    response.headers.emplace_back("Content-Encoding", coding == ContentCoding::Zstd ? "zstd" : "gzip");
}

} // namespace fieldseal::server
