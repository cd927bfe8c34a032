#pragma once
// Private to shared/seal: one installed trust list in verifiable form, and the per-sequence cache
// of resolved signers. Shared by trust_store.cpp (building) and verifier.cpp (using).

#include "algorithm.h"
#include "envelope_text.h"
#include "ossl_private.h"
#include "report.h"
#include "time_util.h"

#include <atomic>
#include <nlohmann/json.hpp>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace fieldseal::seal {

using SharedCrl = std::shared_ptr<X509_CRL>;

// A signer certificate with the outcome of building and checking its chain. The outcome holds
// for every envelope under the same trust list, except the time checks, which are kept as a
// window and a revocation time and applied to each envelope's signing time.
struct ResolvedSigner {
    SharedX509 cert;
    EVP_PKEY* key = nullptr; // owned by cert
    detail::MdCtxPtr verifyContext; // prepared for `alg` (null if that failed: verify from scratch)
    std::optional<Algorithm> alg;
    std::vector<std::string>
        offeredChain; // the envelope's `chain` it was resolved from (empty: the list's signers)
    std::string subject;
    std::string serial;
    bool tslSigning = false;
    SubIndication chainFailure = SubIndication::None; // None when the chain checks out
    std::string chainDetail;
    Time validFrom;
    Time validUntil;
    std::string expiringSubject;
    std::optional<Time> revokedAt; // earliest revocation of any certificate of the chain
    std::string revokedSubject;
};

// Invariant: immutable after construction except the cache, which has its own lock.
struct TrustSnapshot {
    std::uint64_t sequence = 0;
    Time issuedAt;
    Time nextUpdate;
    detail::X509StorePtr store;        // trusted certificates
    std::vector<SharedX509> anchors;   // the trusted certificates again, for walking up to roots
    std::vector<SharedX509> untrusted; // offered for path building (signers, intermediates)
    std::unordered_map<std::string, SharedX509> signersByKid;
    std::vector<SharedCrl> crls;
    nlohmann::json fastChannelUnits;
    nlohmann::json envelope; // the trust list as installed

    // Two caches keyed by kid, so that a result never depends on what was verified before: one
    // for signers found in the list (envelopes without chain), one for signers resolved from an
    // envelope's chain, hit only by an identical chain.
    mutable std::shared_mutex cacheMutex;
    mutable std::unordered_map<std::string, std::shared_ptr<const ResolvedSigner>> listedCache;
    mutable std::unordered_map<std::string, std::shared_ptr<const ResolvedSigner>> offeredCache;
    mutable std::atomic<std::size_t> validations{0};
};

struct VerifyOptions {
    bool requireTslSigning = false; // for trust lists: the signer needs EKU tslSigning
};

VerificationReport verifyWithSnapshot(const TrustSnapshot& snapshot, const nlohmann::json& envelope, Time at,
                                      const VerifyOptions& options);
// The same for an envelope read straight from its text (see envelope_text.h).
VerificationReport verifyWithSnapshot(const TrustSnapshot& snapshot, EnvelopeText envelope, Time at,
                                      const VerifyOptions& options);

} // namespace fieldseal::seal
