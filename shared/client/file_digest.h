#pragma once
// FileDigest: the SHA-256 and size of a file, read in pieces (evidence videos do not fit in
// memory on a tablet). The evidence record and the blob upload both name a file by this hash.

#include "model/result.h"

#include <cstdint>
#include <string>

namespace fieldseal {

struct FileDigest {
    std::string sha256; // 64 lower-case hex digits
    std::uint64_t size = 0;
};

// A file that cannot be opened or read: Error{Usage, InvalidInput} naming the path.
Result<FileDigest> digestFile(const std::string& path);

} // namespace fieldseal
