// Verification of one envelope against one trust-list snapshot: format, signer, signature,
// chain, validity and revocation at the signing time, then trust-list freshness.
#include "certificates.h"
#include "crl.h"
#include "encoding.h"
#include "envelope.h"
#include "envelope_text.h"
#include "keys.h"
#include "trust_snapshot.h"

#include <algorithm>
#include <mutex>
#include <openssl/objects.h>
#include <string_view>
#include <variant>

namespace fieldseal::seal {

using namespace detail;

namespace {

constexpr std::size_t kMaxChain = 8;
constexpr std::size_t kMaxCacheEntries = 4096;

struct SignerFailure {
    SubIndication sub;
    std::string detail;
};

bool hasEku(X509* cert, const char* oid) {
    auto* eku = static_cast<EXTENDED_KEY_USAGE*>(X509_get_ext_d2i(cert, NID_ext_key_usage, nullptr, nullptr));
    if (!eku) return false;
    bool found = false;
    for (int i = 0; i < sk_ASN1_OBJECT_num(eku) && !found; ++i) {
        char buf[80];
        if (OBJ_obj2txt(buf, sizeof buf, sk_ASN1_OBJECT_value(eku, i), 1) > 0)
            found = std::string_view(buf) == oid;
    }
    sk_ASN1_OBJECT_pop_free(eku, ASN1_OBJECT_free);
    return found;
}

SubIndication chainErrorClass(int error) {
    switch (error) {
    case X509_V_ERR_INVALID_CA:
    case X509_V_ERR_PATH_LENGTH_EXCEEDED:
    case X509_V_ERR_INVALID_PURPOSE:
    case X509_V_ERR_KEYUSAGE_NO_CERTSIGN:
    case X509_V_ERR_KEYUSAGE_NO_CRL_SIGN:
    case X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE:
    case X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION:
    case X509_V_ERR_INVALID_EXTENSION:
    case X509_V_ERR_INVALID_NON_CA:
    case X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED:
    case X509_V_ERR_PERMITTED_VIOLATION:
    case X509_V_ERR_EXCLUDED_VIOLATION:
        return SubIndication::ChainConstraintsFailure;
    default:
        return SubIndication::NoCertificateChainFound;
    }
}

// Builds and checks the chain of `cert` (time checks off: they depend on each envelope).
std::shared_ptr<ResolvedSigner> resolveChain(const TrustSnapshot& s, SharedX509 cert,
                                             std::vector<std::string> offeredChain,
                                             const std::vector<X509Ptr>& offered) {
    s.validations.fetch_add(1, std::memory_order_relaxed);
    auto r = std::make_shared<ResolvedSigner>();
    r->cert = cert;
    r->key = X509_get0_pubkey(cert.get());
    r->alg = algorithmOfKey(r->key);
    if (r->alg) r->verifyContext = prepareVerifyContext(r->key, *r->alg);
    r->offeredChain = std::move(offeredChain);
    r->subject = subjectString(cert.get());
    r->serial = serialHex(cert.get());
    r->tslSigning = hasEku(cert.get(), kTslSigningOid);

    X509StackPtr untrusted(sk_X509_new_null());
    for (const auto& c : offered)
        sk_X509_push(untrusted.get(), c.get());
    for (const auto& c : s.untrusted)
        sk_X509_push(untrusted.get(), c.get());
    X509StoreCtxPtr ctx(X509_STORE_CTX_new());
    if (!untrusted || !ctx ||
        X509_STORE_CTX_init(ctx.get(), s.store.get(), cert.get(), untrusted.get()) != 1) {
        r->chainFailure = SubIndication::NoCertificateChainFound;
        r->chainDetail = "cannot set up chain building: " + takeOpensslErrors();
        return r;
    }
    // Validity is checked against the signing time below, per envelope, so OpenSSL must not use
    // the current time; partial chains let an anchored intermediate be a trust anchor.
    X509_VERIFY_PARAM_set_flags(X509_STORE_CTX_get0_param(ctx.get()),
                                X509_V_FLAG_NO_CHECK_TIME | X509_V_FLAG_PARTIAL_CHAIN);
    if (X509_verify_cert(ctx.get()) != 1) {
        const int err = X509_STORE_CTX_get_error(ctx.get());
        r->chainFailure = chainErrorClass(err);
        r->chainDetail = std::string("certificate chain: ") + X509_verify_cert_error_string(err);
        ERR_clear_error();
        return r;
    }
    ERR_clear_error();
    // What a seal signer must be: an end entity whose key usage allows signatures.
    const uint32_t flags = X509_get_extension_flags(cert.get());
    if (X509_check_ca(cert.get()) != 0) {
        r->chainFailure = SubIndication::ChainConstraintsFailure;
        r->chainDetail = "the signer certificate is a CA certificate";
        return r;
    }
    if (!(flags & EXFLAG_KUSAGE) ||
        !(X509_get_key_usage(cert.get()) & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION))) {
        r->chainFailure = SubIndication::ChainConstraintsFailure;
        r->chainDetail =
            "the signer certificate's key usage allows neither digitalSignature nor nonRepudiation";
        return r;
    }
    if (!r->alg) {
        r->chainFailure = SubIndication::ChainConstraintsFailure;
        r->chainDetail = "the signer key is neither SM2 nor P-256";
        return r;
    }

    STACK_OF(X509)* built = X509_STORE_CTX_get0_chain(ctx.get());
    std::vector<X509*> chain;
    for (int i = 0; i < sk_X509_num(built); ++i)
        chain.push_back(sk_X509_value(built, i));
    // A partial chain stops at the first trusted certificate; continue through the anchors to
    // the root so that a CA revoked by its own issuer is noticed.
    while (chain.size() < kMaxChain && X509_check_issued(chain.back(), chain.back()) != X509_V_OK) {
        X509* next = nullptr;
        for (const auto& a : s.anchors)
            if (X509_check_issued(a.get(), chain.back()) == X509_V_OK) next = a.get();
        if (!next) break;
        chain.push_back(next);
    }
    const int n = static_cast<int>(chain.size());
    r->validFrom = Time::min();
    r->validUntil = Time::max();
    for (int i = 0; i < n; ++i) {
        X509* c = chain[static_cast<size_t>(i)];
        const Time from = certificateNotBefore(c);
        const Time until = certificateNotAfter(c);
        if (from > r->validFrom) r->validFrom = from;
        if (until < r->validUntil) {
            r->validUntil = until;
            r->expiringSubject = subjectString(c);
        }
        if (i + 1 >= n) break; // the last certificate is an anchor: trusted by the list itself
        X509* issuer = chain[static_cast<size_t>(i) + 1];
        for (const auto& crl : s.crls) {
            if (!crlIssuedBy(crl.get(), issuer)) continue;
            const auto when = revocationTime(crl.get(), c);
            if (when && (!r->revokedAt || *when < *r->revokedAt)) {
                r->revokedAt = when;
                r->revokedSubject = subjectString(c);
            }
        }
    }
    return r;
}

// What the checks need of an envelope whose structure is checked, whether it was read from a
// document (viewEnvelope) or straight from JSON text (readEnvelopeText).
struct CheckedEnvelope {
    Algorithm alg = Algorithm::Es256;
    const std::string* kid = nullptr;
    const SealIdentity* seal = nullptr;
    const std::string* signedAtText = nullptr;
    Time signedAt;
    std::vector<std::string_view> chain; // empty: none offered
    std::string_view signature;          // DER
};

bool sameChain(const std::vector<std::string_view>& chain, const std::vector<std::string>& cached) {
    return std::equal(chain.begin(), chain.end(), cached.begin(), cached.end());
}

std::variant<std::shared_ptr<const ResolvedSigner>, SignerFailure> resolveSigner(const TrustSnapshot& s,
                                                                                 const CheckedEnvelope& v) {
    const bool hasChain = !v.chain.empty();
    auto& cache = hasChain ? s.offeredCache : s.listedCache;
    {
        std::shared_lock lock(s.cacheMutex);
        const auto it = cache.find(*v.kid);
        if (it != cache.end() && (!hasChain || sameChain(v.chain, it->second->offeredChain)))
            return it->second;
    }
    std::vector<X509Ptr> offered;
    std::vector<std::string> offeredText;
    SharedX509 cert;
    if (hasChain) {
        if (v.chain.size() > kMaxChain)
            return SignerFailure{SubIndication::FormatFailure,
                                 "chain longer than " + std::to_string(kMaxChain)};
        for (const std::string_view text : v.chain) {
            auto der = base64Decode(text);
            if (!der) return SignerFailure{SubIndication::FormatFailure, "chain entry is not base64"};
            if (offered.empty() && sha256Hex(*der) != *v.kid)
                return SignerFailure{SubIndication::FormatFailure,
                                     "chain[0] is not the certificate named by kid"};
            auto parsed = certificateFromDer(*der);
            if (!parsed)
                return SignerFailure{SubIndication::FormatFailure, "chain entry: " + parsed.error().message};
            offered.push_back(std::move(parsed.value()));
            offeredText.emplace_back(text);
        }
        cert = shareX509(offered.front().get());
    } else {
        const auto it = s.signersByKid.find(*v.kid);
        if (it == s.signersByKid.end())
            return SignerFailure{SubIndication::NoCertificateChainFound,
                                 "no chain in the envelope and kid not among the trust list's signers"};
        cert = it->second;
    }
    auto resolved = resolveChain(s, cert, std::move(offeredText), offered);
    // Only certificates that chain are cached: a failing chain may succeed with other
    // intermediates, and caching hostile input would let it fill memory.
    if (resolved->chainFailure == SubIndication::None) {
        std::unique_lock lock(s.cacheMutex);
        if (cache.size() >= kMaxCacheEntries) cache.clear();
        cache.insert_or_assign(*v.kid, resolved);
    }
    return resolved;
}

// The checks after the structure. `signedBytes` is called only once the signer is known (it may
// throw std::invalid_argument: a document built in code can hold what has no canonical form).
template <class SignedBytes>
VerificationReport verifyChecked(const TrustSnapshot& s, const CheckedEnvelope& view,
                                 const SignedBytes& signedBytes, Time at, const VerifyOptions& options) {
    VerificationReport r;
    r.trustListSequence = s.sequence;
    r.algorithm = toString(view.alg);
    r.kid = *view.kid;
    r.seal = *view.seal;
    r.signedAt = *view.signedAtText;

    auto found = resolveSigner(s, view);
    if (auto* failure = std::get_if<SignerFailure>(&found)) {
        conclude(r, Indication::Failed, failure->sub, failure->detail);
        return r;
    }
    const auto& signer = *std::get<std::shared_ptr<const ResolvedSigner>>(found);
    r.signerSubject = signer.subject;
    r.signerSerial = signer.serial;

    if (signer.alg != view.alg) {
        conclude(r, Indication::Failed, SubIndication::SigCryptoFailure,
                 std::string("alg ") + toString(view.alg) + " does not match the signer's key");
        return r;
    }
    std::string bytes;
    try {
        bytes = signedBytes();
    } catch (const std::invalid_argument& e) {
        conclude(r, Indication::Failed, SubIndication::FormatFailure, e.what());
        return r;
    }
    const bool verified = signer.verifyContext
                              ? verifyWithPrepared(signer.verifyContext.get(), bytes, view.signature)
                              : verifyBytesWithKnownAlgorithm(signer.key, view.alg, bytes, view.signature);
    if (!verified) {
        conclude(r, Indication::Failed, SubIndication::SigCryptoFailure, "signature does not verify");
        return r;
    }
    if (signer.chainFailure != SubIndication::None) {
        conclude(r, Indication::Failed, signer.chainFailure, signer.chainDetail);
        return r;
    }
    if (options.requireTslSigning && !signer.tslSigning) {
        conclude(r, Indication::Failed, SubIndication::ChainConstraintsFailure,
                 "the signer certificate lacks the tslSigning extended key usage");
        return r;
    }
    if (view.signedAt < signer.validFrom) {
        conclude(r, Indication::Failed, SubIndication::NotYetValid,
                 "signed at " + r.signedAt + ", before the chain is valid from " +
                     formatRfc3339(signer.validFrom));
        return r;
    }
    if (view.signedAt > signer.validUntil) {
        conclude(r, Indication::Failed, SubIndication::Expired,
                 "signed at " + r.signedAt + ", after " + signer.expiringSubject + " expired at " +
                     formatRfc3339(signer.validUntil));
        return r;
    }
    if (signer.revokedAt && *signer.revokedAt <= view.signedAt) {
        conclude(r, Indication::Failed, SubIndication::Revoked,
                 signer.revokedSubject + " revoked at " + formatRfc3339(*signer.revokedAt));
        return r;
    }
    if (at > s.nextUpdate) {
        conclude(r, Indication::Indeterminate, SubIndication::TryLater,
                 "trust list " + std::to_string(s.sequence) + " was due for renewal at " +
                     formatRfc3339(s.nextUpdate));
        return r;
    }
    conclude(r, Indication::Passed, SubIndication::None, "seal verified");
    return r;
}

} // namespace

VerificationReport verifyWithSnapshot(const TrustSnapshot& s, const nlohmann::json& envelope, Time at,
                                      const VerifyOptions& options) {
    auto view = viewEnvelope(envelope);
    if (!view) {
        VerificationReport r;
        r.trustListSequence = s.sequence;
        conclude(r, Indication::Failed, SubIndication::FormatFailure, view.error().message);
        return r;
    }
    CheckedEnvelope checked{view->alg,      view->kid, &view->seal,    view->signedAtText,
                            view->signedAt, {},        view->signature};
    if (view->chain)
        for (const auto& c : *view->chain)
            checked.chain.emplace_back(c.get_ref<const std::string&>());
    return verifyChecked(
        s, checked, [&] { return signedBytes(*view); }, at, options);
}

VerificationReport verifyWithSnapshot(const TrustSnapshot& s, EnvelopeText envelope, Time at,
                                      const VerifyOptions& options) {
    CheckedEnvelope checked{envelope.alg,           &envelope.kid,     &envelope.seal,
                            &envelope.signedAtText, envelope.signedAt, {},
                            envelope.signature};
    if (envelope.chain)
        for (const auto& c : *envelope.chain)
            checked.chain.emplace_back(c);
    return verifyChecked(
        s, checked, [&] { return std::move(envelope.signedBytes); }, at, options);
}

} // namespace fieldseal::seal
