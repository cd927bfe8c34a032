#pragma once
// Request-target helpers shared by the transport and the router: split "/a/b?x=1" into path and
// query, percent-decode, parse "k=v&k2=v2". Strict: a malformed escape is an error, not a guess.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fieldseal::server {

struct SplitTarget {
    std::string_view path;  // raw (still percent-encoded), never empty for origin-form targets
    std::string_view query; // raw, without the '?'; empty when absent
};

SplitTarget splitTarget(std::string_view target);

// Decodes %XX escapes (and '+' as a space when asked, for query strings). nullopt when an escape
// is malformed or decodes to a NUL byte.
std::optional<std::string> percentDecode(std::string_view text, bool plusIsSpace = false);

// "a=1&b=x%20y" -> {a:1, b:"x y"}; the first occurrence of a repeated key wins. nullopt on a bad escape.
std::optional<std::map<std::string, std::string>> parseQuery(std::string_view query);

// "/v1/blobs/ab" -> {"v1", "blobs", "ab"} (raw segments; "/" -> {}; a trailing "/" adds an empty one).
std::vector<std::string_view> splitPathSegments(std::string_view path);

} // namespace fieldseal::server
