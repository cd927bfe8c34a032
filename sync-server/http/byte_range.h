#pragma once
// Range requests (RFC 9110 14): which bytes of a representation a GET asks for. Pure functions
// over the request's headers, so the blob route decides and the transport only sends the bytes.
//
// One range only: a Range header that is malformed, names another unit or asks for several
// ranges is ignored (the whole representation is sent with 200, which 14.2 allows), and so is a
// Range whose If-Range does not match the representation's strong entity-tag (13.1.5).

#include "http/http_message.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace fieldseal::server {

struct RangeDecision {
    enum class Kind {
        Whole,         // 200: no Range, or one to ignore
        Partial,       // 206: send `range`
        Unsatisfiable, // 416: the one range starts beyond the end
    };
    Kind kind = Kind::Whole;
    ByteRange range; // with Partial: non-empty and inside the representation
};

// For a representation of `total` bytes whose strong entity-tag is `etag` (with its quotes).
RangeDecision decideRange(const HttpRequest& request, std::uint64_t total, std::string_view etag);

// The range in a Range header value alone ("bytes=0-99"), If-Range aside.
RangeDecision decideRange(std::string_view rangeHeader, std::uint64_t total);

// "bytes FIRST-LAST/TOTAL" for a 206.
std::string contentRange(const ByteRange& range, std::uint64_t total);
// "bytes */TOTAL" for a 416.
std::string unsatisfiedContentRange(std::uint64_t total);

} // namespace fieldseal::server
