#pragma once
// UTF-8 to code points for the PDF text code: invalid sequences become U+FFFD, so text from
// records (already validated as UTF-8 by the JSON parser) and from anywhere else is safe.

#include <string>
#include <string_view>

namespace fieldseal::report {

std::u32string decodeUtf8(std::string_view text);
std::string encodeUtf8(std::u32string_view text);

} // namespace fieldseal::report
