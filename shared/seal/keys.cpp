#include "keys.h"

#include "ossl_private.h"

#include <openssl/core_names.h>
#include <openssl/pem.h>

namespace fieldseal::seal {
namespace {

using namespace detail;

Error sealError(ErrorCode code, std::string message) {
    return Error{ErrorDomain::Seal, code, std::move(message)};
}

std::string bioText(BIO* bio) {
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return len > 0 ? std::string(data, static_cast<size_t>(len)) : std::string();
}

} // namespace

Result<PkeyPtr> generateKey(Algorithm alg) {
    EVP_PKEY* key = alg == Algorithm::Sm2Sm3 ? EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2")
                                             : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    if (!key) return sealError(ErrorCode::InvalidInput, "key generation failed: " + takeOpensslErrors());
    return PkeyPtr(key);
}

Result<PkeyPtr> privateKeyFromPem(std::string_view pem) {
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    EVP_PKEY* key = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr;
    if (!key) return sealError(ErrorCode::InvalidInput, "not a PEM private key: " + takeOpensslErrors());
    return PkeyPtr(key);
}

Result<PkeyPtr> publicKeyFromPem(std::string_view pem) {
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    EVP_PKEY* key = bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr;
    if (!key) return sealError(ErrorCode::InvalidInput, "not a PEM public key: " + takeOpensslErrors());
    return PkeyPtr(key);
}

std::string privateKeyPem(evp_pkey_st* key) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return {};
    return bioText(bio.get());
}

std::string publicKeyPem(evp_pkey_st* key) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1) return {};
    return bioText(bio.get());
}

std::optional<Algorithm> algorithmOfKey(const evp_pkey_st* key) {
    if (!key) return std::nullopt;
    if (EVP_PKEY_is_a(key, "SM2")) return Algorithm::Sm2Sm3;
    if (EVP_PKEY_is_a(key, "EC")) {
        char group[64] = {};
        size_t len = 0;
        if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len) == 1 &&
            (std::string_view(group) == "prime256v1" || std::string_view(group) == "P-256"))
            return Algorithm::Es256;
        // An EC key on the SM2 curve that was not loaded as SM2 cannot sign ES256 either.
    }
    return std::nullopt;
}

Result<std::string> signBytes(evp_pkey_st* key, Algorithm alg, std::string_view data) {
    if (algorithmOfKey(key) != alg)
        return sealError(ErrorCode::InvalidInput, std::string("the key cannot sign ") + toString(alg));
    MdCtxPtr md = digestContext(key, alg, DigestUse::Sign);
    size_t len = 0;
    if (!md ||
        EVP_DigestSign(md.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(data.data()),
                       data.size()) != 1)
        return sealError(ErrorCode::InvalidInput, "signing failed: " + takeOpensslErrors());
    std::string sig(len, '\0');
    if (EVP_DigestSign(md.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                       reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1)
        return sealError(ErrorCode::InvalidInput, "signing failed: " + takeOpensslErrors());
    sig.resize(len);
    return sig;
}

namespace {
MdCtxPtr prepareContext(EVP_PKEY* key, Algorithm alg, bool sign) {
    MdCtxPtr md = digestContext(key, alg, sign ? DigestUse::Sign : DigestUse::Verify);
    ERR_clear_error();
    return md;
}
} // namespace

MdCtxPtr detail::prepareVerifyContext(EVP_PKEY* publicKey, Algorithm alg) {
    return prepareContext(publicKey, alg, false);
}

MdCtxPtr detail::prepareSignContext(EVP_PKEY* key, Algorithm alg) {
    return prepareContext(key, alg, true);
}

bool detail::verifyWithPrepared(const EVP_MD_CTX* prepared, std::string_view data,
                                std::string_view signature) {
    MdCtxPtr md(EVP_MD_CTX_new());
    const bool ok =
        md && EVP_MD_CTX_copy_ex(md.get(), prepared) == 1 &&
        EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                         reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
    ERR_clear_error(); // a bad signature is an expected outcome, not an error to leak to the next call
    return ok;
}

Result<std::string> detail::signWithPrepared(const EVP_MD_CTX* prepared, std::size_t maxSignatureSize,
                                             std::string_view data) {
    MdCtxPtr md(EVP_MD_CTX_new());
    std::string sig(maxSignatureSize, '\0');
    size_t len = sig.size();
    if (!md || EVP_MD_CTX_copy_ex(md.get(), prepared) != 1 ||
        EVP_DigestSign(md.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                       reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1)
        return sealError(ErrorCode::InvalidInput, "signing failed: " + takeOpensslErrors());
    sig.resize(len);
    return sig;
}

bool verifyBytes(evp_pkey_st* publicKey, Algorithm alg, std::string_view data, std::string_view signature) {
    return algorithmOfKey(publicKey) == alg && verifyBytesWithKnownAlgorithm(publicKey, alg, data, signature);
}

bool detail::verifyBytesWithKnownAlgorithm(EVP_PKEY* publicKey, Algorithm alg, std::string_view data,
                                           std::string_view signature) {
    MdCtxPtr md = digestContext(publicKey, alg, DigestUse::Verify);
    const bool ok =
        md &&
        EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                         reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
    ERR_clear_error(); // a bad signature is an expected outcome, not an error to leak to the next call
    return ok;
}

} // namespace fieldseal::seal
