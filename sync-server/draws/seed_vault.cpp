#include "seed_vault.h"

#include "api/errors.h"
#include "model/unique_fd.h"
#include "seal/encoding.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>

namespace fieldseal::server {
namespace {

constexpr const char* kPrefix = "fieldseal-seed/1:";
constexpr size_t kKeySize = 32, kNonceSize = 12, kTagSize = 16;

struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX* c) const noexcept { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

Error sealedSeedError(const std::string& drawId, const std::string& why) {
    return storeFailure(
        "the secret seed of draw " + drawId + " cannot be opened (" + why +
        "); was the seed key file replaced? Without it the draw cannot be run: make a new draw");
}

std::string additionalData(const std::string& drawId, const std::string& commitment) {
    return std::string("fieldseal-draw-seed/1") + '\0' + drawId + '\0' + commitment;
}

Result<std::string> readKey(const std::filesystem::path& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd)
        return storeFailure("cannot read the draw seed key " + path.string() + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0)
        return storeFailure("cannot stat " + path.string() + ": " + std::strerror(errno));
    if ((st.st_mode & 077) != 0)
        return storeFailure("the draw seed key " + path.string() + " is readable by others; chmod 600 it");
    std::string key(kKeySize + 1, '\0');
    ssize_t n;
    do {
        n = ::read(fd.get(), key.data(), key.size());
    } while (n < 0 && errno == EINTR);
    if (n != static_cast<ssize_t>(kKeySize))
        return storeFailure("the draw seed key " + path.string() + " must hold exactly 32 bytes");
    key.resize(kKeySize);
    return key;
}

Result<std::string> createKey(const std::filesystem::path& path) {
    std::string key(kKeySize, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), static_cast<int>(key.size())) != 1)
        return storeFailure("no random bytes for the draw seed key");
    // O_EXCL: never overwrite a key that appeared meanwhile (its sealed seeds would be lost).
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!fd)
        return storeFailure("cannot create the draw seed key " + path.string() + ": " + std::strerror(errno));
    if (::write(fd.get(), key.data(), key.size()) != static_cast<ssize_t>(key.size()) || ::fsync(fd.get()) != 0)
        return storeFailure("cannot write the draw seed key " + path.string() + ": " + std::strerror(errno));
    return key;
}

} // namespace

Result<SeedVault> SeedVault::open(const std::filesystem::path& keyFile) {
    std::error_code ec;
    if (!std::filesystem::exists(keyFile, ec)) {
        auto made = createKey(keyFile);
        if (made) return SeedVault(keyFile, std::move(*made));
        if (!std::filesystem::exists(keyFile, ec)) return made.error();
        // Another process created it first: read theirs.
    }
    auto key = readKey(keyFile);
    if (!key) return key.error();
    return SeedVault(keyFile, std::move(*key));
}

std::string SeedVault::seal(const draw::Seed& seed, const std::string& drawId, const std::string& commitment) const {
    std::string nonce(kNonceSize, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(nonce.data()), static_cast<int>(nonce.size())) != 1)
        throw std::runtime_error("SeedVault: no random bytes");
    const std::string aad = additionalData(drawId, commitment);
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    std::string out(seed.bytes.size(), '\0');
    std::string tag(kTagSize, '\0');
    int len = 0, final = 0;
    const auto* key = reinterpret_cast<const unsigned char*>(m_key.data());
    const auto* iv = reinterpret_cast<const unsigned char*>(nonce.data());
    // Failures here are programmer errors (a fixed cipher, key and nonce size), hence exceptions.
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key, iv) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(aad.data()),
                          static_cast<int>(aad.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len,
                          reinterpret_cast<const unsigned char*>(seed.bytes.data()),
                          static_cast<int>(seed.bytes.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + len, &final) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagSize), tag.data()) != 1)
        throw std::runtime_error("SeedVault: AES-256-GCM encryption failed");
    return kPrefix + seal::hexEncode(nonce + out + tag);
}

Result<draw::Seed> SeedVault::open(const std::string& sealed, const std::string& drawId,
                                   const std::string& commitment) const {
    const std::string prefix = kPrefix;
    if (sealed.rfind(prefix, 0) != 0) return sealedSeedError(drawId, "not a sealed seed");
    const auto bytes = seal::hexDecode(std::string_view(sealed).substr(prefix.size()));
    if (!bytes || bytes->size() < kNonceSize + kTagSize + 1) return sealedSeedError(drawId, "malformed");
    const std::string nonce = bytes->substr(0, kNonceSize);
    const std::string cipher = bytes->substr(kNonceSize, bytes->size() - kNonceSize - kTagSize);
    std::string tag = bytes->substr(bytes->size() - kTagSize);
    const std::string aad = additionalData(drawId, commitment);
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    std::string plain(cipher.size(), '\0');
    int len = 0, final = 0;
    if (!ctx ||
        EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, reinterpret_cast<const unsigned char*>(m_key.data()),
                           reinterpret_cast<const unsigned char*>(nonce.data())) != 1 ||
        EVP_DecryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(aad.data()),
                          static_cast<int>(aad.size())) != 1 ||
        EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &len,
                          reinterpret_cast<const unsigned char*>(cipher.data()), static_cast<int>(cipher.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagSize), tag.data()) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + len, &final) != 1)
        return sealedSeedError(drawId, "authentication failed");
    auto seed = draw::parseSeed(seal::hexEncode(plain));
    if (!seed) return sealedSeedError(drawId, seed.error().message);
    if (auto s = draw::verifySeedReveal(*seed, commitment); !s) return sealedSeedError(drawId, s.error().message);
    return seed;
}

} // namespace fieldseal::server
