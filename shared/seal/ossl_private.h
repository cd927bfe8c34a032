#pragma once
// Private to shared/seal: RAII for the OpenSSL objects used inside the .cpp files, and the
// helpers every file needs (error text, SM2 distinguishing ID). Never include from a public header.

#include "algorithm.h"
#include "model/result.h"
#include "ossl_types.h"

#include <memory>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <string>
#include <string_view>

namespace fieldseal::seal::detail {

template <auto Fn> struct Deleter {
    template <class T> void operator()(T* p) const noexcept { Fn(p); }
};

using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using Asn1IntPtr = std::unique_ptr<ASN1_INTEGER, Deleter<ASN1_INTEGER_free>>;
using Asn1TimePtr = std::unique_ptr<ASN1_TIME, Deleter<ASN1_TIME_free>>;
using Asn1OctetPtr = std::unique_ptr<ASN1_OCTET_STRING, Deleter<ASN1_OCTET_STRING_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, Deleter<X509_NAME_free>>;
using X509ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using X509RevokedPtr = std::unique_ptr<X509_REVOKED, Deleter<X509_REVOKED_free>>;
using X509StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>>;
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX_free>>;
struct X509StackFree {
    void operator()(STACK_OF(X509) * s) const noexcept { sk_X509_free(s); } // does not free certs
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackFree>;

// GM/T 0009's default user ID. OpenSSL 3.0 defaults to an empty ID, so it is set explicitly on
// every SM2 signature, verification and certificate check (otherwise interop silently breaks).
inline constexpr std::string_view kSm2Id = "1234567812345678";

// The text of OpenSSL's error queue (and clears it), for messages of expected failures.
std::string takeOpensslErrors();

bool isSm2Key(const EVP_PKEY* key);

enum class DigestUse { Sign, Verify };

// A context that signs or verifies with `key` under `alg`: SM3 with kSm2Id, or SHA-256. Null when
// the key cannot (OpenSSL's errors stay queued for the caller's message).
// The SM2 ID is set on the context after the init rather than passed to it as a parameter:
// OpenSSL 3.0.19 (Debian 3.0.19-1~deb12u2) fails an init given the ID, with no error queued,
// where earlier 3.0 releases took it either way (a regression; fixed upstream by openssl#30131).
MdCtxPtr digestContext(EVP_PKEY* key, Algorithm alg, DigestUse use);

// SHA-256, fetched from the default provider once per process. EVP_sha256() makes every
// EVP_DigestInit_ex look the implementation up again (a locked table search), which costs more
// than hashing an op's few hundred bytes.
const EVP_MD* sha256Md();

// Marks a certificate signed with SM2 so that X509_verify/X509_verify_cert use kSm2Id for it.
void markSm2Certificate(X509* cert);

// verifyBytes without re-deriving the key's algorithm (the verifier cached it already).
bool verifyBytesWithKnownAlgorithm(EVP_PKEY* key, Algorithm alg, std::string_view data,
                                   std::string_view signature);

// Digest-sign/verify contexts initialised once per key. EVP_Digest{Sign,Verify}Init_ex fetches
// the algorithms and sets the key up on every call (4-6 us for P-256 on the development VM, as
// much as all the non-crypto work of verifying an envelope); copying a prepared context costs
// ~0.3 us. The prepared context is only ever read (copied), so threads may share it.
// Null when the key cannot be set up for `alg`.
MdCtxPtr prepareVerifyContext(EVP_PKEY* publicKey, Algorithm alg);
MdCtxPtr prepareSignContext(EVP_PKEY* key, Algorithm alg);
bool verifyWithPrepared(const EVP_MD_CTX* prepared, std::string_view data, std::string_view signature);
// `maxSignatureSize`: EVP_PKEY_get_size of the key.
Result<std::string> signWithPrepared(const EVP_MD_CTX* prepared, std::size_t maxSignatureSize,
                                     std::string_view data);

// Shares ownership of a certificate already owned elsewhere (up-ref).
SharedX509 shareX509(X509* cert);
SharedPkey sharePkey(EVP_PKEY* key);

} // namespace fieldseal::seal::detail
