#pragma once
// The draw result as a sealed envelope (shared/seal/README.md "Sealed envelope"): the published,
// verifiable form of a draw's outcome.

#include "seal/sealer.h"

#include <nlohmann/json.hpp>

namespace fieldseal::draw {

// The seal identity draws are published under unless the caller names another.
seal::SealIdentity defaultDrawSealIdentity();

// Seals the result JSON (drawResultToJson) at `signedAt`; the envelope's payload is the result.
Result<nlohmann::json> sealDrawResult(const seal::Sealer& sealer, const nlohmann::json& result,
                                      seal::Time signedAt,
                                      const seal::SealIdentity& identity = defaultDrawSealIdentity());

} // namespace fieldseal::draw
