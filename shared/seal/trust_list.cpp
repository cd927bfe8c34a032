#include "trust_list.h"

#include "encoding.h"

namespace fieldseal::seal {
namespace {

Error listError(std::string message) {
    return Error{ErrorDomain::Seal, ErrorCode::InvalidInput, std::move(message)};
}

nlohmann::json base64Array(const std::vector<std::string>& ders) {
    auto arr = nlohmann::json::array();
    for (const auto& d : ders)
        arr.push_back(base64Encode(d));
    return arr;
}

Result<std::vector<std::string>> decodeArray(const nlohmann::json& payload, const char* name) {
    const auto it = payload.find(name);
    if (it == payload.end() || !it->is_array())
        return listError(std::string("trust list ") + name + " must be an array");
    std::vector<std::string> out;
    for (const auto& e : *it) {
        auto der = e.is_string() ? base64Decode(e.get_ref<const std::string&>()) : std::nullopt;
        if (!der || der->empty())
            return listError(std::string("trust list ") + name + " holds a non-base64 entry");
        out.push_back(std::move(*der));
    }
    return out;
}

Result<Time> timeMember(const nlohmann::json& payload, const char* name) {
    const auto it = payload.find(name);
    const auto t = it != payload.end() && it->is_string() ? parseRfc3339(it->get_ref<const std::string&>())
                                                          : std::nullopt;
    if (!t) return listError(std::string("trust list ") + name + " must be an RFC 3339 time");
    return *t;
}

} // namespace

nlohmann::json trustListPayload(const TrustListContent& c) {
    return {
        {"type", "trust-list"},
        {"sequence", c.sequence},
        {"issued_at", formatRfc3339(c.issuedAt)},
        {"next_update", formatRfc3339(c.nextUpdate)},
        {"anchors", base64Array(c.anchorsDer)},
        {"signers", base64Array(c.signersDer)},
        {"crls", base64Array(c.crlsDer)},
        {"fast_channel_units", c.fastChannelUnits.is_array() ? c.fastChannelUnits : nlohmann::json::array()},
    };
}

Result<TrustListContent> parseTrustListPayload(const nlohmann::json& p) {
    if (!p.is_object() || p.value("type", std::string()) != "trust-list")
        return listError("payload type is not \"trust-list\"");
    TrustListContent c;
    const auto seq = p.find("sequence");
    // Sequences stay below 2^53 so that their canonical (double) form is exact.
    if (seq == p.end() || !seq->is_number_unsigned() || seq->get<std::uint64_t>() == 0 ||
        seq->get<std::uint64_t>() > (std::uint64_t{1} << 53))
        return listError("trust list sequence must be a positive integer");
    c.sequence = seq->get<std::uint64_t>();
    auto issued = timeMember(p, "issued_at");
    if (!issued) return issued.error();
    auto next = timeMember(p, "next_update");
    if (!next) return next.error();
    if (*next <= *issued) return listError("trust list next_update is not after issued_at");
    c.issuedAt = *issued;
    c.nextUpdate = *next;
    auto anchors = decodeArray(p, "anchors");
    if (!anchors) return anchors.error();
    if (anchors->empty()) return listError("trust list has no anchors");
    auto signers = decodeArray(p, "signers");
    if (!signers) return signers.error();
    auto crls = decodeArray(p, "crls");
    if (!crls) return crls.error();
    c.anchorsDer = std::move(*anchors);
    c.signersDer = std::move(*signers);
    c.crlsDer = std::move(*crls);
    const auto units = p.find("fast_channel_units");
    if (units == p.end() || !units->is_array())
        return listError("trust list fast_channel_units must be an array");
    c.fastChannelUnits = *units;
    return c;
}

SealIdentity trustListSealIdentity() {
    return SealIdentity{"fieldseal-trust-list", "FieldSeal trust list / 信任列表", sha256Hex("")};
}

Result<nlohmann::json> sealTrustList(const TrustListContent& content, const Sealer& signer) {
    return signer.seal(trustListPayload(content), trustListSealIdentity(), content.issuedAt, true);
}

} // namespace fieldseal::seal
