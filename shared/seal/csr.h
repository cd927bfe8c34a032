#pragma once
// PKCS#10 certificate signing requests for device keys: the tablet makes one for the key it
// generated (the private key never leaves it), the authority checks it before issuing a device
// certificate. SM2 requests are signed and checked with the GM/T 0009 ID 1234567812345678.

#include "algorithm.h"
#include "model/result.h"
#include "ossl_types.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace fieldseal::seal {

inline constexpr std::size_t kMaxCsrPemBytes = 16384; // a P-256/SM2 request is under 1 KiB

// A request whose self-signature checked out. The subject is what the device wrote: it is
// informational only, certificates take their subject from the enrolling account.
struct CheckedCsr {
    PkeyPtr publicKey;
    Algorithm alg = Algorithm::Es256;
    std::string subject; // RFC 2253, UTF-8
};

// A PEM request for `key` (SM2 or P-256) with subject CN=commonName, signed by `key`.
Result<std::string> createCsrPem(evp_pkey_st* key, const std::string& commonName);

// Parses one PEM request and checks it: P-256 or SM2 key, signature algorithm of that key
// (ecdsa-with-SHA256 / SM2-with-SM3), valid self-signature. The error message says which failed.
Result<CheckedCsr> checkCsrPem(std::string_view pem);

} // namespace fieldseal::seal
