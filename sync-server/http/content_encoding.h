#pragma once
// Response compression (RFC 9110 8.4, 12.5.3): gzip when the client accepts it. Beast has no
// content coding of its own; this runs in the router after the handler, so every route gets it
// and the transport only sends bytes.
//
// Compressed: bodies of at least kMinCompressedBytes with a textual content type (JSON, text,
// YAML), not files (evidence blobs are already compressed media and are streamed), not when the
// handler set a Content-Encoding itself. Sync pages of 5000 ops (about 1.4 MB of JSON) shrink
// several times at the fastest level, which costs the server a few ms per page.

#include "http/http_message.h"

#include <optional>
#include <string>
#include <string_view>

namespace fieldseal::server {

inline constexpr std::size_t kMinCompressedBytes = 1024;

// Whether an Accept-Encoding value lets us answer with gzip ("gzip" or "*" with q > 0, and gzip
// not refused with q=0).
bool acceptsGzip(std::string_view acceptEncoding);

// The gzip member (RFC 1952) of `data`; nullopt only when zlib fails (out of memory).
std::optional<std::string> gzipCompress(std::string_view data, int level);
// The data of a gzip member; nullopt when it is not valid gzip (tests and tools).
std::optional<std::string> gzipDecompress(std::string_view gzip);

// Compresses response.body in place when the request accepts gzip and the response qualifies,
// setting Content-Encoding; adds "Vary: Accept-Encoding" to every response that could be.
void applyContentEncoding(const HttpRequest& request, HttpResponse& response);

} // namespace fieldseal::server
