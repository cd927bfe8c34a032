#pragma once
// The payload of a CCC exemption (免办证明) that an exhibition tablet seals with its device key
// when it issues the exemption offline, and the fast-channel list check. The server counter-seals
// an exemption only when this payload, sealed by an enrolled device, matches the synced record.
//
// Payload: {"type":"ccc_exemption","id":<exemption record id>, and each of kExemptionSealedFields
// that the record holds, with the record's value}. Absent fields stay absent (null counts as absent).

#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace fieldseal::seal {

inline constexpr const char* kExemptionPayloadType = "ccc_exemption";
inline constexpr std::array<const char*, 8> kExemptionSealedFields = {
    "exhibition", "applicant_uscc", "applicant_name", "exhibits",
    "purpose",    "fast_channel",   "issued_by",      "district"};

// What the device seals for exemption `exemptionId` with the fields of `record`.
nlohmann::json exemptionPayload(const std::string& exemptionId, const nlohmann::json& record);

// The sealed fields (plus "type"/"id") on which `payload` and the record disagree; empty when
// the payload is exactly exemptionPayload(exemptionId, record). Extra members count as "payload".
std::vector<std::string> exemptionPayloadMismatches(const std::string& exemptionId,
                                                    const nlohmann::json& record,
                                                    const nlohmann::json& payload);

// True when the applicant is on the trust list's fast-channel unit list (自我承诺便捷通道名单):
// by USCC when the applicant has one, else by exact name (foreign applicants). Units are USCC or
// name strings, or {"uscc"?, "name"?} objects.
bool onFastChannelList(const nlohmann::json& units, const std::string& applicantUscc,
                       const std::string& applicantName);

} // namespace fieldseal::seal
