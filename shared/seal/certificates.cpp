#include "certificates.h"

#include "encoding.h"
#include "keys.h"
#include "ossl_private.h"

#include <cctype>
#include <openssl/pem.h>
#include <openssl/rand.h>

namespace fieldseal::seal {

using namespace detail;

namespace detail {
Time asn1ToTime(const ASN1_TIME* t); // shared with crl.cpp
Asn1TimePtr timeToAsn1(Time t);
Result<Asn1IntPtr> serialFromHex(std::string_view hex);
MdCtxPtr signingContext(EVP_PKEY* key, std::string& error);
} // namespace detail

namespace {

Error certError(std::string message) {
    return Error{ErrorDomain::Seal, ErrorCode::InvalidInput, std::move(message)};
}

bool addExt(X509* cert, X509V3_CTX* ctx, int nid, const char* value) {
    X509ExtPtr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

bool addName(X509_NAME* name, const char* field, const std::string& value) {
    return value.empty() || X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                                       reinterpret_cast<const unsigned char*>(value.data()),
                                                       static_cast<int>(value.size()), -1, 0) == 1;
}

} // namespace

namespace detail {

Time asn1ToTime(const ASN1_TIME* t) {
    struct tm tm {};
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return Time{};
    return Time{std::chrono::seconds{timegm(&tm)}};
}

Asn1TimePtr timeToAsn1(Time t) {
    return Asn1TimePtr(ASN1_TIME_set(nullptr, static_cast<time_t>(t.time_since_epoch().count())));
}

Result<Asn1IntPtr> serialFromHex(std::string_view hex) {
    if (hex.empty() || hex.size() > 40) return certError("serial must be 1-40 hex digits");
    for (char c : hex)
        if (!std::isxdigit(static_cast<unsigned char>(c)))
            return certError("serial must be hex: " + std::string(hex));
    BIGNUM* bn = nullptr;
    const std::string text(hex);
    if (BN_hex2bn(&bn, text.c_str()) == 0) return certError("bad serial " + text);
    BnPtr owned(bn);
    Asn1IntPtr serial(BN_to_ASN1_INTEGER(bn, nullptr));
    if (!serial) return certError("bad serial " + text);
    return serial;
}

MdCtxPtr signingContext(EVP_PKEY* key, std::string& error) {
    const auto alg = algorithmOfKey(key);
    if (!alg) {
        error = "issuer key is neither SM2 nor P-256";
        return nullptr;
    }
    MdCtxPtr md = digestContext(key, *alg, DigestUse::Sign);
    if (!md) error = takeOpensslErrors();
    return md;
}

} // namespace detail

Result<X509Ptr> issueCertificate(const CertRequest& request, evp_pkey_st* subjectKey, x509_st* issuerCert,
                                 evp_pkey_st* issuerKey) {
    if (request.commonName.empty()) return certError("certificate needs a common name");
    if (request.notAfter <= request.notBefore) return certError("certificate validity ends before it starts");
    X509Ptr cert(X509_new());
    if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1) return certError(takeOpensslErrors());

    std::string serialText = request.serialHex;
    if (serialText.empty()) {
        unsigned char r[8];
        if (RAND_bytes(r, sizeof r) != 1) return certError("no randomness: " + takeOpensslErrors());
        r[0] = static_cast<unsigned char>((r[0] & 0x7f) | 0x10); // positive, always 16 hex digits
        serialText = hexEncode(std::string_view(reinterpret_cast<const char*>(r), sizeof r));
    }
    auto serial = serialFromHex(serialText);
    if (!serial) return serial.error();
    X509_set_serialNumber(cert.get(), serial->get());

    X509NamePtr name(X509_NAME_new());
    bool named =
        name && addName(name.get(), "C", request.country) && addName(name.get(), "O", request.organization);
    for (const auto& [field, value] : request.extraSubject)
        named = named && addName(name.get(), field.c_str(), value);
    if (!named || !addName(name.get(), "CN", request.commonName))
        return certError("bad subject name: " + takeOpensslErrors());
    X509_set_subject_name(cert.get(), name.get());
    X509_set_issuer_name(cert.get(), issuerCert ? X509_get_subject_name(issuerCert) : name.get());

    auto nb = timeToAsn1(request.notBefore);
    auto na = timeToAsn1(request.notAfter);
    if (!nb || !na || X509_set1_notBefore(cert.get(), nb.get()) != 1 ||
        X509_set1_notAfter(cert.get(), na.get()) != 1)
        return certError("bad validity: " + takeOpensslErrors());
    if (X509_set_pubkey(cert.get(), subjectKey) != 1) return certError(takeOpensslErrors());

    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuerCert ? issuerCert : cert.get(), cert.get(), nullptr, nullptr, 0);
    bool ok = addExt(cert.get(), &ctx, NID_subject_key_identifier, "hash") &&
              addExt(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always");
    switch (request.profile) {
    case CertProfile::Root:
        ok = ok && addExt(cert.get(), &ctx, NID_basic_constraints, "critical,CA:TRUE,pathlen:1") &&
             addExt(cert.get(), &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
        break;
    case CertProfile::Intermediate:
        ok = ok && addExt(cert.get(), &ctx, NID_basic_constraints, "critical,CA:TRUE,pathlen:0") &&
             addExt(cert.get(), &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
        break;
    case CertProfile::SealSigner:
        ok = ok && addExt(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE") &&
             addExt(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature,nonRepudiation");
        break;
    case CertProfile::TrustListSigner:
        ok = ok && addExt(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE") &&
             addExt(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature,nonRepudiation") &&
             addExt(cert.get(), &ctx, NID_ext_key_usage, kTslSigningOid);
        break;
    case CertProfile::Device:
        ok = ok && addExt(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE") &&
             addExt(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature") &&
             addExt(cert.get(), &ctx, NID_ext_key_usage, "clientAuth");
        break;
    }
    if (!ok) return certError("cannot add extensions: " + takeOpensslErrors());

    std::string error;
    auto md = signingContext(issuerKey, error);
    if (!md) return certError("cannot sign certificate: " + error);
    if (X509_sign_ctx(cert.get(), md.get()) <= 0)
        return certError("cannot sign certificate: " + takeOpensslErrors());
    // Re-parse so that the object carries its encoding exactly as others will see it.
    return certificateFromDer(certificateDer(cert.get()));
}

std::string certificateDer(const x509_st* cert) {
    unsigned char* buf = nullptr;
    const int len = i2d_X509(cert, &buf);
    if (len <= 0) return {};
    std::string der(reinterpret_cast<char*>(buf), static_cast<size_t>(len));
    OPENSSL_free(buf);
    return der;
}

Result<X509Ptr> certificateFromDer(std::string_view der) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
    X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!cert) return certError("not a DER certificate: " + takeOpensslErrors());
    if (p != reinterpret_cast<const unsigned char*>(der.data()) + der.size())
        return certError("trailing bytes after DER certificate");
    markSm2Certificate(cert.get());
    return cert;
}

std::string certificatePem(const x509_st* cert) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return {};
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(len));
}

Result<std::vector<X509Ptr>> certificatesFromPem(std::string_view pem) {
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    std::vector<X509Ptr> certs;
    while (bio) {
        X509* raw = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
        if (!raw) break;
        X509Ptr cert(raw);
        // Round-trip through DER so SM2 marking and encodings match certificateFromDer's.
        auto reparsed = certificateFromDer(certificateDer(cert.get()));
        if (!reparsed) return reparsed.error();
        certs.push_back(std::move(reparsed.value()));
    }
    ERR_clear_error(); // the loop ends on "no start line", which is not an error
    if (certs.empty()) return certError("no PEM certificate found");
    return certs;
}

Result<X509Ptr> certificateFromPem(std::string_view pem) {
    auto certs = certificatesFromPem(pem);
    if (!certs) return certs.error();
    return std::move(certs->front());
}

std::string certificateKid(const x509_st* cert) {
    return sha256Hex(certificateDer(cert));
}

std::string subjectString(const x509_st* cert) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0,
                                   XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0)
        return {};
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(len));
}

std::string serialHex(const x509_st* cert) {
    BnPtr bn(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
    if (!bn) return {};
    char* hex = BN_bn2hex(bn.get());
    std::string out(hex ? hex : "");
    OPENSSL_free(hex);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto first = out.find_first_not_of('0');
    return first == std::string::npos ? "0" : out.substr(first);
}

evp_pkey_st* certificatePublicKey(x509_st* cert) {
    return X509_get0_pubkey(cert);
}
Time certificateNotBefore(const x509_st* cert) {
    return asn1ToTime(X509_get0_notBefore(cert));
}
Time certificateNotAfter(const x509_st* cert) {
    return asn1ToTime(X509_get0_notAfter(cert));
}

} // namespace fieldseal::seal
