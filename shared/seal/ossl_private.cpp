#include "ossl_private.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <stdexcept>

namespace fieldseal::seal {

void PkeyFree::operator()(evp_pkey_st* p) const noexcept {
    EVP_PKEY_free(p);
}
void X509Free::operator()(x509_st* p) const noexcept {
    X509_free(p);
}
void CrlFree::operator()(X509_crl_st* p) const noexcept {
    X509_CRL_free(p);
}

namespace detail {

std::string takeOpensslErrors() {
    std::string text;
    while (const unsigned long e = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        if (!text.empty()) text += "; ";
        text += buf;
    }
    return text.empty() ? std::string("no OpenSSL error reported") : text;
}

bool isSm2Key(const EVP_PKEY* key) {
    return key && EVP_PKEY_is_a(key, "SM2");
}

const EVP_MD* sha256Md() {
    static const std::unique_ptr<EVP_MD, Deleter<EVP_MD_free>> md(EVP_MD_fetch(nullptr, "SHA256", nullptr));
    if (!md) throw std::runtime_error("SHA-256 unavailable"); // the default provider always has it
    return md.get();
}

MdCtxPtr digestContext(EVP_PKEY* key, Algorithm alg, DigestUse use) {
    MdCtxPtr md(EVP_MD_CTX_new());
    if (!md) return nullptr;
    const bool sm2 = alg == Algorithm::Sm2Sm3;
    const char* digest = sm2 ? "SM3" : "SHA256";
    EVP_PKEY_CTX* pctx = nullptr; // owned by `md`
    const int init = use == DigestUse::Sign
                         ? EVP_DigestSignInit_ex(md.get(), &pctx, digest, nullptr, nullptr, key, nullptr)
                         : EVP_DigestVerifyInit_ex(md.get(), &pctx, digest, nullptr, nullptr, key, nullptr);
    if (init != 1) return nullptr;
    if (sm2) {
        const OSSL_PARAM params[] = {
            OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_DIST_ID, const_cast<char*>(kSm2Id.data()),
                                              kSm2Id.size()),
            OSSL_PARAM_construct_end()};
        if (EVP_PKEY_CTX_set_params(pctx, params) != 1) return nullptr;
    }
    return md;
}

void markSm2Certificate(X509* cert) {
    if (X509_get_signature_nid(cert) != NID_SM2_with_SM3) return;
    // Setting an ID on a non-SM2 signature would make OpenSSL refuse the check, hence the test.
    Asn1OctetPtr id(ASN1_OCTET_STRING_new());
    if (!id || ASN1_OCTET_STRING_set(id.get(), reinterpret_cast<const unsigned char*>(kSm2Id.data()),
                                     static_cast<int>(kSm2Id.size())) != 1)
        return;
    X509_set0_distinguishing_id(cert, id.release()); // takes ownership
}

SharedX509 shareX509(X509* cert) {
    X509_up_ref(cert);
    return SharedX509(cert, X509Free{});
}

SharedPkey sharePkey(EVP_PKEY* key) {
    EVP_PKEY_up_ref(key);
    return SharedPkey(key, PkeyFree{});
}

} // namespace detail
} // namespace fieldseal::seal
