#pragma once
// Base45 (RFC 9285): the text encoding that fits a QR code's alphanumeric mode.

#include <optional>
#include <string>
#include <string_view>

namespace fieldseal::seal {

std::string base45Encode(std::string_view bytes);
// nullopt for characters outside the alphabet, a dangling single character, or a triplet/pair
// whose value exceeds what two/one bytes can hold (RFC 9285 section 6).
std::optional<std::string> base45Decode(std::string_view text);

} // namespace fieldseal::seal
