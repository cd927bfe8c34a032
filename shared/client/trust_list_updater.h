#pragma once
// The device's trust list: kept in the store (meta "trust.list", the sealed envelope) and checked
// by a seal::TrustStore whose only provisioned root is the authority root the device received at
// enrollment. A list replaces the kept one only when it verifies under that root and its sequence
// is higher; anything else leaves the kept list in place (and says why).

#include "client/api_session.h"
#include "seal/trust_store.h"
#include "store/store.h"

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>

namespace fieldseal {

inline constexpr const char* kTrustListKey = "trust.list";

// A TrustStore with the store's authority root, the kept list installed (a kept list that no
// longer verifies is skipped: the next update replaces it). Error when the device is not enrolled.
Result<std::unique_ptr<seal::TrustStore>> openDeviceTrustStore(Store& store);

struct TrustListUpdate {
    bool installed = false;     // a newer list was verified, installed and kept
    std::uint64_t sequence = 0; // the device's list now (0: none)
};

// Installs `envelope` if valid and newer and keeps it in the store; a valid list that is not
// newer changes nothing. Untrusted when it does not verify (the kept list stays).
SyncResult<TrustListUpdate> adoptTrustList(Store& store, seal::TrustStore& trust,
                                           const nlohmann::json& envelope);

// GET /v1/trust-list?after=N (304: current) and adoptTrustList.
SyncResult<TrustListUpdate> updateTrustList(Store& store, ApiSession& session, seal::TrustStore& trust);

} // namespace fieldseal
