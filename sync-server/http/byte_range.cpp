#include "http/byte_range.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <optional>
#include <vector>

namespace fieldseal::server {
namespace {

constexpr std::uint64_t kHuge = std::numeric_limits<std::uint64_t>::max();

bool isOws(char c) {
    return c == ' ' || c == '\t';
}

std::string_view trimOws(std::string_view s) {
    while (!s.empty() && isOws(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isOws(s.back()))
        s.remove_suffix(1);
    return s;
}

// 1*DIGIT; a value too large for 64 bits saturates (it is still a valid position, just one
// beyond every representation).
std::optional<std::uint64_t> parseDigits(std::string_view s) {
    if (s.empty()) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        const auto d = static_cast<std::uint64_t>(c - '0');
        v = v > (kHuge - d) / 10 ? kHuge : v * 10 + d;
    }
    return v;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// One range-spec (14.1.1) against `total`: the decision, or nullopt when it is malformed.
std::optional<RangeDecision> decideSpec(std::string_view spec, std::uint64_t total) {
    const auto dash = spec.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    RangeDecision d;
    if (dash == 0) { // suffix-range: the last N bytes
        const auto n = parseDigits(spec.substr(1));
        if (!n) return std::nullopt;
        // Satisfiable when N > 0; an empty representation has no bytes to name in a
        // Content-Range, so it is sent whole (an empty 200).
        if (*n == 0)
            d.kind = RangeDecision::Kind::Unsatisfiable;
        else if (total == 0)
            d.kind = RangeDecision::Kind::Whole;
        else {
            const std::uint64_t length = std::min(*n, total);
            d.kind = RangeDecision::Kind::Partial;
            d.range = ByteRange{total - length, length};
        }
        return d;
    }
    const auto first = parseDigits(spec.substr(0, dash));
    if (!first) return std::nullopt;
    std::uint64_t last = kHuge;
    if (dash + 1 < spec.size()) {
        const auto l = parseDigits(spec.substr(dash + 1));
        if (!l || *l < *first) return std::nullopt; // last-pos before first-pos: invalid
        last = *l;
    }
    if (*first >= total) {
        d.kind = RangeDecision::Kind::Unsatisfiable;
        return d;
    }
    last = std::min(last, total - 1);
    d.kind = RangeDecision::Kind::Partial;
    d.range = ByteRange{*first, last - *first + 1};
    return d;
}

} // namespace

RangeDecision decideRange(std::string_view rangeHeader, std::uint64_t total) {
    const RangeDecision whole;
    const std::string_view value = trimOws(rangeHeader);
    const auto eq = value.find('=');
    if (eq == std::string_view::npos || !equalsIgnoreCase(value.substr(0, eq), "bytes")) return whole;
    // range-set = 1#range-spec: empty list elements are allowed and skipped (RFC 9110 5.6.1.2).
    std::vector<std::string_view> specs;
    std::string_view rest = value.substr(eq + 1);
    for (;;) {
        const auto comma = rest.find(',');
        const std::string_view element = trimOws(rest.substr(0, comma));
        if (!element.empty()) specs.push_back(element);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    if (specs.size() != 1) return whole; // none (malformed), or several: not served as multipart
    return decideSpec(specs.front(), total).value_or(whole);
}

RangeDecision decideRange(const HttpRequest& request, std::uint64_t total, std::string_view etag) {
    const auto range = request.header("Range");
    if (!range) return {};
    // If-Range holds an entity-tag or a date; only the strong entity-tag we send matches (a
    // weak tag never does, and we send no Last-Modified for a date to match).
    if (const auto ifRange = request.header("If-Range"); ifRange && trimOws(*ifRange) != etag) return {};
    return decideRange(*range, total);
}

std::string contentRange(const ByteRange& range, std::uint64_t total) {
    return "bytes " + std::to_string(range.first) + "-" + std::to_string(range.first + range.length - 1) +
           "/" + std::to_string(total);
}

std::string unsatisfiedContentRange(std::uint64_t total) {
    return "bytes */" + std::to_string(total);
}

} // namespace fieldseal::server
