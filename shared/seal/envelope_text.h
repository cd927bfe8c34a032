#pragma once
// Private to shared/seal: the fast path of verifyText. Reads an envelope's JSON text and writes
// its signed bytes (RFC 8785) straight from the text, without building a document: building and
// freeing an nlohmann document of a 1 KB certificate and canonicalising it cost as much as 15% of
// an ES256 verification.
//
// It only ever accepts an envelope that viewEnvelope(parseJsonText(text)) accepts, with the same
// members and the same signed bytes; on anything else (any format error, a repeated member, a
// number nlohmann would type differently, nesting past the limit, ...) it gives up and the caller
// takes the document path, so every failure and its message come from one place.

#include "envelope.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fieldseal::seal {

struct EnvelopeText {
    Algorithm alg = Algorithm::Es256;
    std::string kid;
    SealIdentity seal;
    std::string signedAtText;
    Time signedAt;
    std::optional<std::vector<std::string>> chain; // the member's strings, when present
    std::string signature;                         // decoded DER
    std::string signedBytes;
};

std::optional<EnvelopeText> readEnvelopeText(std::string_view text);

} // namespace fieldseal::seal
