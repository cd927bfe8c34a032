#pragma once
// The media type of an evidence file, from its extension (the tablet's camera and recorder name
// their files; imported files keep theirs). Unknown extensions are application/octet-stream: the
// bytes are kept and hashed all the same, only the review screen cannot preview them.

#include <string>

namespace fieldseal {

std::string mediaTypeForFile(const std::string& path);

} // namespace fieldseal
