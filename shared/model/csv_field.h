#pragma once
// One field of an RFC 4180 CSV line, as every CSV FieldSeal writes (draw listings, statistics,
// rejected registry rows, the demo registry): quoted only when it holds a comma, a quote or a line
// break, with quotes doubled.

#include <string>

namespace fieldseal {

std::string csvField(const std::string& value);

} // namespace fieldseal
