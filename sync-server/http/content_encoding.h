#pragma once
// Response compression (RFC 9110 8.4, 12.5.3): zstd (RFC 8878) or gzip, whichever the client
// accepts, zstd first. Beast has no content coding of its own; this runs in the router after the
// handler, so every route gets it and the transport only sends bytes.
//
// Compressed: bodies of at least kMinCompressedBytes with a textual content type (JSON, text,
// YAML), not files (evidence blobs are already compressed media and are streamed), not when the
// handler set a Content-Encoding itself. Why zstd first: libcurl (the tablets' client) accepts
// it, and at its fastest level it compresses a made-up sync page of 5000 ops (1.4 MB of JSON)
// in 1.4 ms to 38 KB, where gzip at its fastest takes 8.5 ms for 139 KB; a push's reply (500
// accepted op ids, 20 KB) takes 84 us against 246 us (Debian's libzstd 1.5.4 and zlib 1.2.13).

#include "http/http_message.h"

#include <optional>
#include <string>
#include <string_view>

namespace fieldseal::server {

inline constexpr std::size_t kMinCompressedBytes = 1024;

enum class ContentCoding { Identity, Gzip, Zstd };

// The coding to answer with for an Accept-Encoding value: of zstd and gzip (or x-gzip), the one
// accepted (q > 0) with the higher q, zstd on a tie; "*" stands for a coding the value does not
// name. Identity when neither is accepted.
ContentCoding preferredCoding(std::string_view acceptEncoding);

// The gzip member (RFC 1952) of `data`; nullopt only when zlib fails (out of memory).
std::optional<std::string> gzipCompress(std::string_view data, int level);
// The data of a gzip member; nullopt when it is not valid gzip (tests and tools).
std::optional<std::string> gzipDecompress(std::string_view gzip);
// One zstd frame of `data` (with its size in the header); nullopt only when zstd fails.
std::optional<std::string> zstdCompress(std::string_view data, int level);
// The data of exactly one zstd frame; nullopt when it is not one (tests and tools).
std::optional<std::string> zstdDecompress(std::string_view frame);

// Compresses response.body in place when the request accepts zstd or gzip and the response
// qualifies, setting Content-Encoding; adds "Vary: Accept-Encoding" to every response that could be.
void applyContentEncoding(const HttpRequest& request, HttpResponse& response);

} // namespace fieldseal::server
