#pragma once
// Key pairs (SM2, P-256): generation, PEM storage, and the raw sign/verify of one algorithm over
// bytes. Everything else in the module signs and verifies through these two functions.

#include "algorithm.h"
#include "model/result.h"
#include "ossl_types.h"

#include <optional>
#include <string>
#include <string_view>

namespace fieldseal::seal {

Result<PkeyPtr> generateKey(Algorithm alg);
Result<PkeyPtr> privateKeyFromPem(std::string_view pem);
Result<PkeyPtr> publicKeyFromPem(std::string_view pem);
std::string privateKeyPem(evp_pkey_st* key); // PKCS#8, unencrypted: protect the file instead
std::string publicKeyPem(evp_pkey_st* key);

// The envelope algorithm a key signs with, or nullopt for other key types/curves.
std::optional<Algorithm> algorithmOfKey(const evp_pkey_st* key);

// DER-encoded signature of `data` (SM2: SM3 with the GM/T 0009 default ID).
Result<std::string> signBytes(evp_pkey_st* key, Algorithm alg, std::string_view data);
bool verifyBytes(evp_pkey_st* publicKey, Algorithm alg, std::string_view data, std::string_view signature);

} // namespace fieldseal::seal
