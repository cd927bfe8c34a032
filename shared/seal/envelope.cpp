#include "envelope.h"

#include "canonical_json.h"
#include "encoding.h"
#include "json_fast_parse.h"

#include <nlohmann/json.hpp>

namespace fieldseal::seal {
namespace {

Error formatError(std::string message) {
    return Error{ErrorDomain::Seal, ErrorCode::InvalidInput, std::move(message)};
}

const std::string* stringMember(const nlohmann::json& obj, const char* name) {
    const auto it = obj.find(name);
    return it != obj.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

// A linear pre-scan so that hostile nesting never reaches a recursive algorithm.
bool depthWithin(std::string_view text, int limit) {
    int depth = 0;
    bool inString = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit) return false;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return true;
}

} // namespace

bool isLowerHex(std::string_view text, std::size_t length) {
    if (text.size() != length) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

Result<EnvelopeView> viewEnvelope(const nlohmann::json& doc) {
    if (!doc.is_object()) return formatError("envelope is not a JSON object");
    static constexpr const char* kMembers[] = {"format",    "alg",     "kid",   "seal",
                                               "signed_at", "payload", "chain", "signature"};
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        bool known = false;
        for (const char* m : kMembers)
            known = known || it.key() == m;
        if (!known) return formatError("unknown envelope member \"" + it.key() + "\"");
    }
    const std::string* format = stringMember(doc, "format");
    if (!format || *format != kEnvelopeFormat)
        return formatError("format must be \"" + std::string(kEnvelopeFormat) + "\"");
    EnvelopeView v;
    const std::string* alg = stringMember(doc, "alg");
    const auto parsedAlg = alg ? parseAlgorithm(*alg) : std::nullopt;
    if (!parsedAlg) return formatError("alg must be \"ES256\" or \"SM2-SM3\"");
    v.alg = *parsedAlg;
    v.kid = stringMember(doc, "kid");
    if (!v.kid || !isLowerHex(*v.kid, 64)) return formatError("kid must be 64 lower-case hex digits");

    const auto seal = doc.find("seal");
    if (seal == doc.end() || !seal->is_object() || seal->size() != 3)
        return formatError("seal must be an object with id, name and image_sha256");
    const std::string* id = stringMember(*seal, "id");
    const std::string* name = stringMember(*seal, "name");
    const std::string* image = stringMember(*seal, "image_sha256");
    if (!id || id->empty() || !name || !image)
        return formatError("seal must have string id (non-empty), name and image_sha256");
    if (!isLowerHex(*image, 64)) return formatError("seal.image_sha256 must be 64 lower-case hex digits");
    v.seal = SealIdentity{*id, *name, *image};

    v.signedAtText = stringMember(doc, "signed_at");
    const auto at = v.signedAtText ? parseRfc3339(*v.signedAtText) : std::nullopt;
    if (!at) return formatError("signed_at must be an RFC 3339 time");
    v.signedAt = *at;

    const auto payload = doc.find("payload");
    if (payload == doc.end() || !payload->is_object()) return formatError("payload must be a JSON object");
    v.payload = &*payload;

    const auto chain = doc.find("chain");
    if (chain != doc.end()) {
        if (!chain->is_array()) return formatError("chain must be an array of base64 DER certificates");
        for (const auto& c : *chain)
            if (!c.is_string()) return formatError("chain must be an array of base64 DER certificates");
        v.chain = &*chain;
    }
    const std::string* sig = stringMember(doc, "signature");
    if (!sig) return formatError("signature is missing");
    auto decoded = base64Decode(*sig);
    if (!decoded || decoded->empty()) return formatError("signature is not base64");
    if (decoded->size() > 256) return formatError("signature is too long");
    v.signature = std::move(*decoded);
    return v;
}

std::string signedBytes(const EnvelopeView& v) {
    return signedBytes(v.alg, *v.kid, *v.payload, v.seal, *v.signedAtText);
}

namespace {
template <class WritePayload>
std::string signedBytesOf(Algorithm alg, std::string_view kid, const WritePayload& writePayload,
                          const SealIdentity& seal, std::string_view signedAtText) {
    // Members in RFC 8785 order: alg, format, kid, payload, seal{id,image_sha256,name}, signed_at.
    std::string out;
    out.reserve(2048); // one allocation for a typical certificate
    out += R"({"alg":")";
    out += toString(alg);
    out += R"(","format":")";
    out += kEnvelopeFormat;
    out += R"(","kid":")";
    out += kid; // checked hex: needs no escaping
    out += R"(","payload":)";
    writePayload(out);
    out += R"(,"seal":{"id":)";
    appendCanonicalString(seal.id, out);
    out += R"(,"image_sha256":")";
    out += seal.imageSha256;
    out += R"(","name":)";
    appendCanonicalString(seal.name, out);
    out += R"(},"signed_at":)";
    appendCanonicalString(signedAtText, out);
    out += '}';
    return out;
}
} // namespace

std::string signedBytes(Algorithm alg, std::string_view kid, const nlohmann::json& payload,
                        const SealIdentity& seal, std::string_view signedAtText) {
    return signedBytesOf(
        alg, kid, [&](std::string& out) { appendCanonicalJson(payload, out); }, seal, signedAtText);
}

std::string signedBytesWithCanonicalPayload(Algorithm alg, std::string_view kid,
                                            std::string_view canonicalPayload, const SealIdentity& seal,
                                            std::string_view signedAtText) {
    return signedBytesOf(
        alg, kid, [&](std::string& out) { out += canonicalPayload; }, seal, signedAtText);
}

Result<nlohmann::json> parseJsonText(std::string_view text, std::size_t maxBytes) {
    if (text.size() > maxBytes)
        return formatError("input of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                           std::to_string(maxBytes));
    // The fast path accepts only what nlohmann accepts, with the same value, and never nests
    // deeper than the limit; anything else (errors included) goes through the depth check and
    // nlohmann, so results and messages do not depend on the path.
    if (auto fast = parseJsonFast(text, kMaxJsonDepth)) return std::move(*fast);
    if (!depthWithin(text, kMaxJsonDepth))
        return formatError("JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    auto doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return formatError("not valid JSON");
    return doc;
}

} // namespace fieldseal::seal
