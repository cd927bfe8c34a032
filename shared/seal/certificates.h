#pragma once
// X.509 certificates of the seal PKI: issuance for each role with its extensions, DER/PEM
// conversion, and the identifiers envelopes use (kid, subject, serial).

#include "model/result.h"
#include "ossl_types.h"
#include "time_util.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fieldseal::seal {

// What a certificate is for; decides basic constraints, key usage and extended key usage.
enum class CertProfile {
    Root,            // self-signed authority root: CA, pathlen 1, keyCertSign + cRLSign
    Intermediate,    // CA, pathlen 0, keyCertSign + cRLSign
    SealSigner,      // end entity: digitalSignature + nonRepudiation
    TrustListSigner, // end entity: digitalSignature + nonRepudiation, EKU tslSigning (ETSI TS 119 612)
    Device,          // end entity on a tablet: digitalSignature (offline seals, handwritten signatures)
};

// ETSI TS 119 612 id-tsl-kp-tslSigning: the extended key usage a trust-list signer must carry.
inline constexpr const char* kTslSigningOid = "0.4.0.2231.3.0";

struct CertRequest {
    CertProfile profile = CertProfile::SealSigner;
    std::string commonName;   // UTF-8, Chinese allowed
    std::string organization; // UTF-8, may be empty
    std::string country = "CN";
    // Further subject attributes by short name, placed between O and CN in this order, e.g.
    // {"L", "310118"}, {"title", "exhibition_staff"}, {"serialNumber", device id}.
    std::vector<std::pair<std::string, std::string>> extraSubject;
    std::string serialHex; // empty: a random positive 64-bit serial
    Time notBefore;
    Time notAfter;
};

// Issues a certificate for `subjectKey`. With issuerCert == nullptr it is self-signed by
// issuerKey (which must then be the subject key).
Result<X509Ptr> issueCertificate(const CertRequest& request, evp_pkey_st* subjectKey, x509_st* issuerCert,
                                 evp_pkey_st* issuerKey);

std::string certificateDer(const x509_st* cert);
Result<X509Ptr> certificateFromDer(std::string_view der);
std::string certificatePem(const x509_st* cert);
Result<X509Ptr> certificateFromPem(std::string_view pem);
Result<std::vector<X509Ptr>> certificatesFromPem(std::string_view pem); // a bundle, at least one

std::string certificateKid(const x509_st* cert);  // lower-case hex SHA-256 of the DER
std::string subjectString(const x509_st* cert);   // RFC 2253, UTF-8
std::string serialHex(const x509_st* cert);       // lower-case hex, no leading zeros
evp_pkey_st* certificatePublicKey(x509_st* cert); // borrowed, owned by the certificate
Time certificateNotBefore(const x509_st* cert);
Time certificateNotAfter(const x509_st* cert);

} // namespace fieldseal::seal
