#include "crl.h"

#include "keys.h"
#include "ossl_private.h"

#include <openssl/pem.h>

namespace fieldseal::seal {

using namespace detail;

namespace detail {
Time asn1ToTime(const ASN1_TIME* t);
Asn1TimePtr timeToAsn1(Time t);
Result<Asn1IntPtr> serialFromHex(std::string_view hex);
MdCtxPtr signingContext(EVP_PKEY* key, std::string& error);
} // namespace detail

namespace {

Error crlError(std::string message) {
    return Error{ErrorDomain::Seal, ErrorCode::InvalidInput, std::move(message)};
}

// The exact to-be-signed bytes of a DER CRL: the first element of the outer SEQUENCE.
std::optional<std::string_view> tbsBytes(std::string_view der) {
    const auto* start = reinterpret_cast<const unsigned char*>(der.data());
    const unsigned char* p = start;
    long len = 0;
    int tag = 0, cls = 0;
    if (ASN1_get_object(&p, &len, &tag, &cls, static_cast<long>(der.size())) & 0x80 || tag != V_ASN1_SEQUENCE)
        return std::nullopt;
    const unsigned char* tbs = p;
    const long remaining = static_cast<long>(der.size()) - (p - start);
    if (ASN1_get_object(&p, &len, &tag, &cls, remaining) & 0x80 || tag != V_ASN1_SEQUENCE)
        return std::nullopt;
    const auto tbsLen = static_cast<size_t>((p - tbs) + len);
    if (static_cast<size_t>(tbs - start) + tbsLen > der.size()) return std::nullopt;
    return std::string_view(reinterpret_cast<const char*>(tbs), tbsLen);
}

} // namespace

Result<CrlPtr> issueCrl(x509_st* issuerCert, evp_pkey_st* issuerKey, const std::vector<RevokedEntry>& revoked,
                        Time thisUpdate, Time nextUpdate, std::uint64_t crlNumber) {
    CrlPtr crl(X509_CRL_new());
    if (!crl || X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2) != 1 ||
        X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuerCert)) != 1)
        return crlError(takeOpensslErrors());
    auto last = timeToAsn1(thisUpdate);
    auto next = timeToAsn1(nextUpdate);
    if (!last || !next || X509_CRL_set1_lastUpdate(crl.get(), last.get()) != 1 ||
        X509_CRL_set1_nextUpdate(crl.get(), next.get()) != 1)
        return crlError(takeOpensslErrors());
    for (const auto& entry : revoked) {
        auto serial = serialFromHex(entry.serialHex);
        if (!serial) return serial.error();
        X509RevokedPtr r(X509_REVOKED_new());
        auto when = timeToAsn1(entry.revokedAt);
        if (!r || !when || X509_REVOKED_set_serialNumber(r.get(), serial->get()) != 1 ||
            X509_REVOKED_set_revocationDate(r.get(), when.get()) != 1 ||
            X509_CRL_add0_revoked(crl.get(), r.get()) != 1)
            return crlError(takeOpensslErrors());
        r.release(); // owned by the CRL now
    }
    X509_CRL_sort(crl.get());
    Asn1IntPtr number(ASN1_INTEGER_new());
    if (!number || ASN1_INTEGER_set_uint64(number.get(), crlNumber) != 1 ||
        X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, number.get(), 0, 0) != 1)
        return crlError(takeOpensslErrors());
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuerCert, nullptr, nullptr, crl.get(), 0);
    X509ExtPtr aki(X509V3_EXT_conf_nid(nullptr, &ctx, NID_authority_key_identifier, "keyid:always"));
    if (!aki || X509_CRL_add_ext(crl.get(), aki.get(), -1) != 1) return crlError(takeOpensslErrors());

    std::string error;
    auto md = signingContext(issuerKey, error);
    if (!md) return crlError("cannot sign CRL: " + error);
    if (X509_CRL_sign_ctx(crl.get(), md.get()) <= 0)
        return crlError("cannot sign CRL: " + takeOpensslErrors());
    return crlFromDer(crlDer(crl.get()));
}

std::string crlDer(const X509_crl_st* crl) {
    unsigned char* buf = nullptr;
    const int len = i2d_X509_CRL(crl, &buf);
    if (len <= 0) return {};
    std::string der(reinterpret_cast<char*>(buf), static_cast<size_t>(len));
    OPENSSL_free(buf);
    return der;
}

Result<CrlPtr> crlFromDer(std::string_view der) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
    CrlPtr crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(der.size())));
    if (!crl) return crlError("not a DER CRL: " + takeOpensslErrors());
    if (p != reinterpret_cast<const unsigned char*>(der.data()) + der.size())
        return crlError("trailing bytes after DER CRL");
    return crl;
}

std::string crlPem(const X509_crl_st* crl) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509_CRL(bio.get(), const_cast<X509_CRL*>(crl)) != 1) return {};
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(len));
}

Result<CrlPtr> crlFromPem(std::string_view pem) {
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    X509_CRL* raw = bio ? PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr) : nullptr;
    if (!raw) return crlError("not a PEM CRL: " + takeOpensslErrors());
    CrlPtr crl(raw);
    return crlFromDer(crlDer(crl.get()));
}

bool crlIssuedBy(X509_crl_st* crl, x509_st* issuer) {
    if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(issuer)) != 0) return false;
    EVP_PKEY* key = X509_get0_pubkey(issuer);
    const auto alg = algorithmOfKey(key);
    if (!alg) return false;
    const int sigNid = X509_CRL_get_signature_nid(crl);
    if (sigNid != (*alg == Algorithm::Sm2Sm3 ? NID_SM2_with_SM3 : NID_ecdsa_with_SHA256)) return false;
    // Verified by hand over the received TBS bytes: X509_CRL_verify has no way to take the SM2 ID.
    const std::string der = crlDer(crl); // an unmodified parsed CRL re-emits its original bytes
    const auto tbs = tbsBytes(der);
    if (!tbs) return false;
    const ASN1_BIT_STRING* sig = nullptr;
    const X509_ALGOR* sigAlg = nullptr;
    X509_CRL_get0_signature(crl, &sig, &sigAlg);
    if (!sig) return false;
    return verifyBytes(key, *alg, *tbs,
                       std::string_view(reinterpret_cast<const char*>(ASN1_STRING_get0_data(sig)),
                                        static_cast<size_t>(ASN1_STRING_length(sig))));
}

std::optional<Time> revocationTime(X509_crl_st* crl, x509_st* cert) {
    X509_REVOKED* entry = nullptr;
    if (X509_CRL_get0_by_serial(crl, &entry, X509_get0_serialNumber(cert)) != 1 || !entry)
        return std::nullopt;
    return asn1ToTime(X509_REVOKED_get0_revocationDate(entry));
}

} // namespace fieldseal::seal
