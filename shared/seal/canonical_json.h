#pragma once
// RFC 8785 JSON Canonicalization Scheme: the one byte form of a JSON value that seals sign.

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace fieldseal {

// Members sorted by UTF-16 code units, no whitespace, minimal string escapes, numbers as
// ECMAScript's Number.prototype.toString of the IEEE double (integers beyond 2^53 lose precision,
// as the RFC prescribes). Throws std::invalid_argument for NaN/Infinity or invalid UTF-8, which a
// parsed document cannot contain.
std::string canonicalJson(const nlohmann::json& value);

// Appends the canonical form to `out` (no intermediate copies on the verification path).
void appendCanonicalJson(const nlohmann::json& value, std::string& out);
void appendCanonicalString(std::string_view utf8, std::string& out);

// The number form alone (exposed for the RFC's Appendix B vectors).
std::string canonicalNumber(double value);

} // namespace fieldseal
