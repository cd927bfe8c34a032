#include "client/file_digest.h"

#include "seal/sha256.h"

#include <fstream>
#include <vector>

namespace fieldseal {

Result<FileDigest> digestFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{ErrorDomain::Usage, ErrorCode::InvalidInput, "cannot open " + path};
    seal::Sha256Stream hash;
    std::vector<char> buffer(1 << 20);
    FileDigest out;
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto n = in.gcount();
        if (n <= 0) break;
        hash.update(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
        out.size += static_cast<std::uint64_t>(n);
    }
    if (in.bad()) return Error{ErrorDomain::Usage, ErrorCode::InvalidInput, "cannot read " + path};
    out.sha256 = hash.finishHex();
    return out;
}

} // namespace fieldseal
