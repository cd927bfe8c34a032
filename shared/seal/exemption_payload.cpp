#include "exemption_payload.h"

namespace fieldseal::seal {
namespace {

bool present(const nlohmann::json& object, const char* field) {
    const auto it = object.find(field);
    return it != object.end() && !it->is_null();
}

} // namespace

nlohmann::json exemptionPayload(const std::string& exemptionId, const nlohmann::json& record) {
    nlohmann::json p = {{"type", kExemptionPayloadType}, {"id", exemptionId}};
    if (record.is_object())
        for (const char* field : kExemptionSealedFields)
            if (present(record, field)) p[field] = record[field];
    return p;
}

std::vector<std::string> exemptionPayloadMismatches(const std::string& exemptionId,
                                                    const nlohmann::json& record,
                                                    const nlohmann::json& payload) {
    if (!payload.is_object()) return {"payload"};
    const nlohmann::json expected = exemptionPayload(exemptionId, record);
    std::vector<std::string> out;
    for (const char* field : {"type", "id"})
        if (payload.value(field, nlohmann::json()) != expected[field]) out.emplace_back(field);
    for (const char* field : kExemptionSealedFields) {
        const bool inPayload = present(payload, field);
        const bool inRecord = expected.contains(field);
        if (inPayload != inRecord || (inPayload && payload[field] != expected[field]))
            out.emplace_back(field);
    }
    for (const auto& [key, value] : payload.items())
        if (!value.is_null() && !expected.contains(key)) {
            out.emplace_back("payload");
            break;
        }
    return out;
}

bool onFastChannelList(const nlohmann::json& units, const std::string& applicantUscc,
                       const std::string& applicantName) {
    if (!units.is_array()) return false;
    const bool byUscc = !applicantUscc.empty();
    const std::string& wanted = byUscc ? applicantUscc : applicantName;
    if (wanted.empty()) return false;
    for (const auto& u : units) {
        if (u.is_string() && u.get_ref<const std::string&>() == wanted) return true;
        if (u.is_object()) {
            const auto it = u.find(byUscc ? "uscc" : "name");
            if (it != u.end() && it->is_string() && it->get_ref<const std::string&>() == wanted) return true;
        }
    }
    return false;
}

} // namespace fieldseal::seal
