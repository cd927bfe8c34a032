#pragma once
// The sealed envelope format "fieldseal-sealed/1": a checked, non-owning view of an envelope
// document and the exact bytes its signature covers (RFC 8785 form without signature and chain).

#include "algorithm.h"
#include "model/result.h"
#include "time_util.h"

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace fieldseal::seal {

inline constexpr std::string_view kEnvelopeFormat = "fieldseal-sealed/1";
inline constexpr std::size_t kMaxEnvelopeBytes = 4u << 20; // larger input is refused unparsed
inline constexpr int kMaxJsonDepth = 64;                   // deeper nesting is refused unparsed

// The seal as it appears on paper: its registry id, its name, and the hash of its image.
struct SealIdentity {
    std::string id;
    std::string name;
    std::string imageSha256; // lower-case hex
};

// Invariant: every field was checked by viewEnvelope; the pointers point into the document
// passed to it, which must outlive the view.
struct EnvelopeView {
    Algorithm alg = Algorithm::Es256;
    const std::string* kid = nullptr;
    SealIdentity seal;
    const std::string* signedAtText = nullptr;
    Time signedAt;
    const nlohmann::json* payload = nullptr;
    const nlohmann::json* chain = nullptr; // nullptr when absent; else an array of base64 strings
    std::string signature;                 // decoded DER bytes
};

// Checks the structure (exact member set, types, encodings); the error message says what is wrong.
Result<EnvelopeView> viewEnvelope(const nlohmann::json& document);

// RFC 8785 bytes of the envelope without `signature` and `chain`.
std::string signedBytes(const EnvelopeView& view);
// The same from the parts (the sealer signs before it builds the document). `kid` must be lower-case
// hex; throws std::invalid_argument when the payload has no canonical form (NaN, bad UTF-8).
std::string signedBytes(Algorithm alg, std::string_view kid, const nlohmann::json& payload,
                        const SealIdentity& seal, std::string_view signedAtText);
// The same with the payload already in RFC 8785 form (the text fast path writes it so).
std::string signedBytesWithCanonicalPayload(Algorithm alg, std::string_view kid,
                                            std::string_view canonicalPayload, const SealIdentity& seal,
                                            std::string_view signedAtText);

// Parses JSON text with the size and depth limits above; never throws.
Result<nlohmann::json> parseJsonText(std::string_view text, std::size_t maxBytes = kMaxEnvelopeBytes);

bool isLowerHex(std::string_view text, std::size_t length);

} // namespace fieldseal::seal
