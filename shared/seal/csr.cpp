#include "csr.h"

#include "keys.h"
#include "ossl_private.h"

#include <openssl/pem.h>

namespace fieldseal::seal {

using namespace detail;

namespace detail {
MdCtxPtr signingContext(EVP_PKEY* key, std::string& error); // certificates.cpp
} // namespace detail

namespace {

using ReqPtr = std::unique_ptr<X509_REQ, Deleter<X509_REQ_free>>;

Error csrError(std::string message) {
    return Error{ErrorDomain::Seal, ErrorCode::InvalidInput, std::move(message)};
}

std::string nameString(const X509_NAME* name) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0)
        return {};
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(len));
}

// OpenSSL 3.0 checks an SM2 request with an empty ID unless one is attached to the request.
void markSm2Request(X509_REQ* req) {
    Asn1OctetPtr id(ASN1_OCTET_STRING_new());
    if (!id || ASN1_OCTET_STRING_set(id.get(), reinterpret_cast<const unsigned char*>(kSm2Id.data()),
                                     static_cast<int>(kSm2Id.size())) != 1)
        return;
    X509_REQ_set0_distinguishing_id(req, id.release()); // takes ownership
}

} // namespace

Result<std::string> createCsrPem(evp_pkey_st* key, const std::string& commonName) {
    if (!algorithmOfKey(key)) return csrError("the key is neither SM2 nor P-256");
    if (commonName.empty()) return csrError("a signing request needs a common name");
    ReqPtr req(X509_REQ_new());
    X509NamePtr name(X509_NAME_new());
    if (!req || !name || X509_REQ_set_version(req.get(), X509_REQ_VERSION_1) != 1 ||
        X509_NAME_add_entry_by_txt(name.get(), "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(commonName.data()),
                                   static_cast<int>(commonName.size()), -1, 0) != 1 ||
        X509_REQ_set_subject_name(req.get(), name.get()) != 1 || X509_REQ_set_pubkey(req.get(), key) != 1)
        return csrError("cannot build the signing request: " + takeOpensslErrors());
    std::string error;
    auto md = signingContext(key, error);
    if (!md) return csrError("cannot sign the request: " + error);
    if (X509_REQ_sign_ctx(req.get(), md.get()) <= 0)
        return csrError("cannot sign the request: " + takeOpensslErrors());
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509_REQ(bio.get(), req.get()) != 1)
        return csrError("cannot encode the request: " + takeOpensslErrors());
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(len));
}

Result<CheckedCsr> checkCsrPem(std::string_view pem) {
    if (pem.size() > kMaxCsrPemBytes)
        return csrError("the signing request is larger than " + std::to_string(kMaxCsrPemBytes) + " bytes");
    if (pem.find("-----BEGIN CERTIFICATE REQUEST-----") == std::string_view::npos)
        return csrError("not a PEM certificate signing request (no BEGIN CERTIFICATE REQUEST line)");
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    ReqPtr req(bio ? PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!req) return csrError("not a valid PKCS#10 signing request: " + takeOpensslErrors());

    CheckedCsr out;
    EVP_PKEY* key = X509_REQ_get0_pubkey(req.get());
    const auto alg = algorithmOfKey(key);
    if (!alg) {
        ERR_clear_error();
        return csrError("unsupported key type: device keys must be P-256 (ES256) or SM2");
    }
    out.alg = *alg;
    const int sigNid = X509_REQ_get_signature_nid(req.get());
    const int wanted = *alg == Algorithm::Sm2Sm3 ? NID_SM2_with_SM3 : NID_ecdsa_with_SHA256;
    if (sigNid != wanted)
        return csrError(std::string("the request is signed with ") + OBJ_nid2sn(sigNid) + ", expected " +
                        OBJ_nid2sn(wanted) + " for a " + toString(*alg) + " key");
    if (*alg == Algorithm::Sm2Sm3) markSm2Request(req.get());
    if (X509_REQ_verify(req.get(), key) != 1) {
        ERR_clear_error();
        return csrError("the request's signature does not verify with its own key "
                        "(not signed by the key it carries)");
    }
    EVP_PKEY_up_ref(key);
    out.publicKey = PkeyPtr(key);
    out.subject = nameString(X509_REQ_get_subject_name(req.get()));
    return out;
}

} // namespace fieldseal::seal
