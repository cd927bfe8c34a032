#pragma once
// The trust list's payload: what the authority vouches for (anchors, signer certificates, CRLs,
// the fast-channel unit list), and sealing it with the trust-list signer.

#include "model/result.h"
#include "sealer.h"
#include "time_util.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace fieldseal::seal {

// Invariant after parseTrustListPayload: all DER fields decoded from base64 (not yet parsed).
struct TrustListContent {
    std::uint64_t sequence = 0;
    Time issuedAt;
    Time nextUpdate;
    std::vector<std::string> anchorsDer; // trusted roots and intermediates
    std::vector<std::string> signersDer; // seal signer certificates, looked up by kid
    std::vector<std::string> crlsDer;    // X.509 CRLs of the anchors
    nlohmann::json fastChannelUnits = nlohmann::json::array();
};

nlohmann::json trustListPayload(const TrustListContent& content);
Result<TrustListContent> parseTrustListPayload(const nlohmann::json& payload);

// The seal identity trust lists carry.
SealIdentity trustListSealIdentity();

Result<nlohmann::json> sealTrustList(const TrustListContent& content, const Sealer& signer);

} // namespace fieldseal::seal
