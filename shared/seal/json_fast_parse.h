#pragma once
// A fast path for parsing JSON text a device receives (envelopes, trust lists): strict RFC 8259
// into nlohmann::json, several times faster than nlohmann's own parser on an envelope's long
// base64 strings. It only ever accepts what nlohmann::json::parse accepts, giving the same value;
// on anything else (an error, a number out of range, ...) it gives up and the caller falls back
// to nlohmann::json::parse, so errors and edge cases are exactly nlohmann's.

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace fieldseal::seal {

// The document, or nothing when the fast path gives up, also when arrays and objects nest deeper
// than maxDepth (the recursion follows the nesting, so it stays bounded).
std::optional<nlohmann::json> parseJsonFast(std::string_view text, int maxDepth);

} // namespace fieldseal::seal
