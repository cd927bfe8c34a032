#include "password_hash.h"

#include "seal/encoding.h"

#include <atomic>
#include <charconv>
#include <memory>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <stdexcept>
#include <vector>

namespace fieldseal::server {
namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
constexpr std::string_view kScheme = "scrypt";

// Bounds on what a stored hash may ask for: a doctored users table must not make a login
// allocate gigabytes or spin for minutes.
constexpr std::uint64_t kMaxN = std::uint64_t{1} << 20;
constexpr std::uint32_t kMaxR = 32;
constexpr std::uint32_t kMaxP = 16;
constexpr std::uint64_t kMaxMemoryBytes = std::uint64_t{256} << 20;

struct KdfFree {
    void operator()(EVP_KDF* k) const noexcept { EVP_KDF_free(k); }
};
struct KdfCtxFree {
    void operator()(EVP_KDF_CTX* c) const noexcept { EVP_KDF_CTX_free(c); }
};
using KdfPtr = std::unique_ptr<EVP_KDF, KdfFree>;
using KdfCtxPtr = std::unique_ptr<EVP_KDF_CTX, KdfCtxFree>;

std::uint64_t memoryBytes(const ScryptParams& p) {
    return std::uint64_t{128} * p.r * p.n + std::uint64_t{128} * p.r * p.p;
}

bool isPowerOfTwo(std::uint64_t n) {
    return n >= 2 && (n & (n - 1)) == 0;
}

// Empty when the parameters are usable for verification, else why not.
std::string paramProblem(const ScryptParams& p) {
    if (!isPowerOfTwo(p.n)) return "N must be a power of two of at least 2";
    if (p.n > kMaxN) return "N above 2^20";
    if (p.r == 0 || p.r > kMaxR) return "r must be 1..32";
    if (p.p == 0 || p.p > kMaxP) return "p must be 1..16";
    if (memoryBytes(p) > kMaxMemoryBytes) return "needs more than 256 MiB";
    return {};
}

// The fetched algorithm is immutable and reference-counted: one for the process.
EVP_KDF* scryptKdf() {
    static const KdfPtr kdf(EVP_KDF_fetch(nullptr, "SCRYPT", nullptr));
    if (!kdf) throw std::runtime_error("OpenSSL has no SCRYPT KDF");
    return kdf.get();
}

std::atomic<std::uint64_t> g_derivations{0};

std::string derive(std::string_view password, std::string_view salt, const ScryptParams& p,
                   std::size_t length) {
    g_derivations.fetch_add(1, std::memory_order_relaxed);
    KdfCtxPtr ctx(EVP_KDF_CTX_new(scryptKdf()));
    if (!ctx) throw std::runtime_error("EVP_KDF_CTX_new failed");
    // OSSL_PARAM wants non-const pointers; OpenSSL only reads them. An empty password still needs
    // a valid pointer.
    static char empty = 0;
    char* pass = password.empty() ? &empty : const_cast<char*>(password.data());
    std::uint64_t n = p.n;
    std::uint32_t r = p.r;
    std::uint32_t par = p.p;
    std::uint64_t maxmem = memoryBytes(p) + (std::uint64_t{1} << 20);
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, pass, password.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.data()), salt.size()),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &par),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
        OSSL_PARAM_construct_end(),
    };
    std::string out(length, '\0');
    if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), out.size(), params) != 1)
        throw std::runtime_error("scrypt derivation failed (out of memory?)");
    return out;
}

template <class T> bool parseDecimal(std::string_view text, T& out) {
    if (text.empty() || text.size() > 20 || (text.size() > 1 && text[0] == '0')) return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto pos = s.find(sep, start);
        parts.push_back(
            s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
        if (pos == std::string_view::npos) return parts;
        start = pos + 1;
    }
}

Error malformed(std::string what) {
    return Error{ErrorDomain::Validation, ErrorCode::InvalidInput, "malformed password hash: " + what};
}

} // namespace

void requireUsableScryptParams(const ScryptParams& params) {
    if (const auto problem = paramProblem(params); !problem.empty())
        throw std::invalid_argument("scrypt parameters unusable: " + problem);
    if (params.n < kMinProductionScryptN && !params.belowFloorForTests)
        throw std::invalid_argument("scrypt N below 2^14 is too cheap for stored passwords");
}

std::string hashPassword(std::string_view password, const ScryptParams& params) {
    requireUsableScryptParams(params);
    std::string salt(kSaltBytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), static_cast<int>(salt.size())) != 1)
        throw std::runtime_error("RAND_bytes failed");
    const std::string hash = derive(password, salt, params, kHashBytes);
    return std::string(kScheme) + "$" + std::to_string(params.n) + "$" + std::to_string(params.r) + "$" +
           std::to_string(params.p) + "$" + seal::base64Encode(salt) + "$" + seal::base64Encode(hash);
}

Result<DecodedPasswordHash> decodePasswordHash(std::string_view encoded) {
    const auto parts = split(encoded, '$');
    if (parts.size() != 6) return malformed("expected scrypt$N$r$p$salt$hash");
    if (parts[0] != kScheme) return malformed("unknown scheme '" + std::string(parts[0].substr(0, 16)) + "'");
    DecodedPasswordHash out;
    if (!parseDecimal(parts[1], out.params.n)) return malformed("N is not a decimal number");
    if (!parseDecimal(parts[2], out.params.r)) return malformed("r is not a decimal number");
    if (!parseDecimal(parts[3], out.params.p)) return malformed("p is not a decimal number");
    if (const auto problem = paramProblem(out.params); !problem.empty()) return malformed(problem);
    // Verification honours whatever cost the hash was made with (old or test hashes included).
    out.params.belowFloorForTests = out.params.n < kMinProductionScryptN;
    auto salt = seal::base64Decode(parts[4]);
    if (!salt) return malformed("salt is not Base64");
    // Hashes made here have 16-byte salts; shorter ones (8+) from other tools still verify.
    if (salt->size() < 8 || salt->size() > 64) return malformed("salt must be 8..64 bytes");
    auto hash = seal::base64Decode(parts[5]);
    if (!hash) return malformed("hash is not Base64");
    if (hash->size() < kHashBytes || hash->size() > 64) return malformed("hash must be 32..64 bytes");
    out.salt = std::move(*salt);
    out.hash = std::move(*hash);
    return out;
}

std::uint64_t scryptDerivationCount() {
    return g_derivations.load(std::memory_order_relaxed);
}

Result<bool> verifyPassword(std::string_view password, std::string_view encoded) {
    auto decoded = decodePasswordHash(encoded);
    if (!decoded) return decoded.error();
    const std::string derived = derive(password, decoded->salt, decoded->params, decoded->hash.size());
    return CRYPTO_memcmp(derived.data(), decoded->hash.data(), derived.size()) == 0;
}

} // namespace fieldseal::server
