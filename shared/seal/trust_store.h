#pragma once
// TrustStore: the device's current trust list and the seal verifier that works from it, fully
// offline. Thread-safe: verification reads an immutable snapshot, installation swaps it under a
// lock. A signer's chain is built and checked once per trust-list sequence, then cached.

#include "model/result.h"
#include "ossl_types.h"
#include "report.h"
#include "time_util.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string_view>
#include <vector>

namespace fieldseal::seal {

struct TrustSnapshot;

enum class InstallMode {
    RequireProvisionedRoot, // the list's signer must chain to a root the device was provisioned with
    TrustOnFirstUse,        // no provisioned root: the list's own self-signed anchors stand in
};

class TrustStore {
public:
    explicit TrustStore(std::vector<X509Ptr> provisionedRoots = {});
    ~TrustStore();
    TrustStore(const TrustStore&) = delete;
    TrustStore& operator=(const TrustStore&) = delete;

    // Verifies a trust-list envelope and makes it current if its sequence is higher.
    Status install(const nlohmann::json& trustListEnvelope, Time at,
                   InstallMode mode = InstallMode::RequireProvisionedRoot);

    // `at` is the verification time (for trust-list freshness); certificates and revocation are
    // judged at the envelope's signing time.
    VerificationReport verify(const nlohmann::json& envelope, Time at) const;
    // JSON text of an envelope, or its "FS1:" QR text.
    VerificationReport verifyText(std::string_view text, Time at) const;

    std::optional<std::uint64_t> sequence() const;
    std::optional<Time> nextUpdate() const;
    nlohmann::json fastChannelUnits() const;
    // The installed trust-list envelope, for the device to persist and re-install on start
    // (null when none is installed).
    nlohmann::json currentTrustList() const;
    // Certificate chains built so far under the current list (cache hits do not count).
    std::size_t chainValidations() const;

private:
    std::shared_ptr<const TrustSnapshot> current() const;

    std::vector<SharedX509> m_roots;
    mutable std::mutex m_mutex; // guards m_current (the pointer, not the snapshot: that is immutable)
    std::shared_ptr<const TrustSnapshot> m_current;
};

} // namespace fieldseal::seal
