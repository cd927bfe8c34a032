#pragma once
// Certificate revocation lists: issuance by a CA, DER/PEM conversion, signature check (with the
// SM2 ID, which OpenSSL 3.0 cannot attach to a CRL) and the revocation time of a certificate.

#include "model/result.h"
#include "ossl_types.h"
#include "time_util.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fieldseal::seal {

struct RevokedEntry {
    std::string serialHex;
    Time revokedAt;
};

Result<CrlPtr> issueCrl(x509_st* issuerCert, evp_pkey_st* issuerKey, const std::vector<RevokedEntry>& revoked,
                        Time thisUpdate, Time nextUpdate, std::uint64_t crlNumber);

std::string crlDer(const X509_crl_st* crl);
Result<CrlPtr> crlFromDer(std::string_view der);
std::string crlPem(const X509_crl_st* crl);
Result<CrlPtr> crlFromPem(std::string_view pem);

// True when `crl` names `issuer` as its issuer and carries a valid signature by its key.
bool crlIssuedBy(X509_crl_st* crl, x509_st* issuer);

// When `cert` was revoked according to `crl`, or nullopt when it is not listed.
std::optional<Time> revocationTime(X509_crl_st* crl, x509_st* cert);

} // namespace fieldseal::seal
