#include "client/file_digest.h"

#include <array>
#include <fstream>
#include <memory>
#include <stdexcept>
// The one OpenSSL use of the client outside TLS: a streaming SHA-256 (seal's sha256Hex takes the
// whole input in memory).
#include <openssl/evp.h>

namespace fieldseal {

namespace {

struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

} // namespace

Result<FileDigest> digestFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{ErrorDomain::Usage, ErrorCode::InvalidInput, "cannot open " + path};
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 is not available");
    std::array<char, 1 << 16> buffer{};
    FileDigest out;
    while (in) {
        in.read(buffer.data(), buffer.size());
        const auto n = in.gcount();
        if (n <= 0) break;
        EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<std::size_t>(n));
        out.size += static_cast<std::uint64_t>(n);
    }
    if (in.bad()) return Error{ErrorDomain::Usage, ErrorCode::InvalidInput, "cannot read " + path};
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &length);
    static constexpr char kHex[] = "0123456789abcdef";
    for (unsigned int i = 0; i < length; ++i) {
        out.sha256 += kHex[digest[i] >> 4];
        out.sha256 += kHex[digest[i] & 15];
    }
    return out;
}

} // namespace fieldseal
