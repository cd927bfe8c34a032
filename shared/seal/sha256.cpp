#include "sha256.h"

#include "ossl_private.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace fieldseal::seal {

void Sha256Stream::Free::operator()(evp_md_ctx_st* ctx) const {
    EVP_MD_CTX_free(ctx);
}

Sha256Stream::Sha256Stream()
    : m_ctx(EVP_MD_CTX_new()) {
    if (!m_ctx || EVP_DigestInit_ex(m_ctx.get(), detail::sha256Md(), nullptr) != 1)
        throw std::runtime_error("SHA-256 initialisation failed");
}

Sha256Stream::~Sha256Stream() = default;
Sha256Stream::Sha256Stream(Sha256Stream&&) noexcept = default;
Sha256Stream& Sha256Stream::operator=(Sha256Stream&&) noexcept = default;

void Sha256Stream::update(std::string_view bytes) {
    if (EVP_DigestUpdate(m_ctx.get(), bytes.data(), bytes.size()) != 1)
        throw std::runtime_error("SHA-256 update failed");
}

std::string Sha256Stream::finishHex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_DigestFinal_ex(m_ctx.get(), digest, &n) != 1 ||
        EVP_DigestInit_ex(m_ctx.get(), detail::sha256Md(), nullptr) != 1)
        throw std::runtime_error("SHA-256 finalisation failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    for (unsigned int i = 0; i < n; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 15];
    }
    return out;
}

bool isSha256Hex(std::string_view s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

} // namespace fieldseal::seal
