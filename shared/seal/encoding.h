#pragma once
// Byte encodings used by the envelope formats: strict Base64 (RFC 4648, padded), lower-case hex,
// SHA-256. Byte strings are std::string throughout the seal module.

#include <optional>
#include <string>
#include <string_view>

namespace fieldseal::seal {

std::string base64Encode(std::string_view bytes);
// Strict: standard alphabet, required padding, no whitespace; nullopt on anything else.
std::optional<std::string> base64Decode(std::string_view text);

std::string hexEncode(std::string_view bytes); // lower case
std::optional<std::string> hexDecode(std::string_view hex);

std::string sha256(std::string_view bytes); // 32 raw bytes
std::string sha256Hex(std::string_view bytes);

} // namespace fieldseal::seal
