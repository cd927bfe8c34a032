// SealService::counterSealLocked: the checks a CCC exemption issued offline must pass, and the
// official certificate the authority seals over it.
#include "model/schema.h"
#include "seal/encoding.h"
#include "seal/envelope.h"
#include "seal/exemption_payload.h"
#include "seal_service.h"

#include <cctype>
#include <cstdio>

namespace fieldseal::server {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// Dates on Chinese certificates are Beijing time (UTC+8), whatever the server's zone.
std::string beijingDate(seal::Time t, int plusDays = 0) {
    const auto day = std::chrono::floor<std::chrono::days>(t + 8h) + std::chrono::days(plusDays);
    const std::chrono::year_month_day ymd(day);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

std::string text(const json& record, const char* field) {
    const auto it = record.find(field);
    return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool flag(const json& record, const char* field) {
    const auto it = record.find(field);
    return it != record.end() && it->is_boolean() && it->get<bool>();
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

} // namespace

std::string SealService::certificateIdFor(const std::string& exemptionId) {
    std::string h = seal::sha256Hex("fieldseal:ccc-exemption-certificate:" + exemptionId).substr(0, 32);
    h[12] = '8';                                                       // UUID version 8 (RFC 9562: custom)
    h[16] = "89ab"[std::stoi(std::string(1, h[16]), nullptr, 16) & 3]; // RFC 9562 variant
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" +
           h.substr(20, 12);
}

std::string SealService::certificateNumberFor(const std::string& exemptionId) {
    std::string h = seal::sha256Hex("fieldseal:ccc-exemption-number:" + exemptionId).substr(0, 16);
    for (char& c : h)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return "CCCE-" + h;
}

CounterSealOutcome SealService::refuse(CounterSealOutcome outcome, std::string code, std::string reason) {
    outcome.sealed = false;
    outcome.refusalCode = std::move(code);
    outcome.refusalReason = std::move(reason);
    return outcome;
}

CounterSealOutcome SealService::counterSealLocked(const std::string& exemptionId, const json& exemption) {
    CounterSealOutcome out;
    if (!exemption.is_object() || text(exemption, "exemption_status") != "issued")
        return refuse(std::move(out), "not_issued",
                      "exemption " + exemptionId + " is not in status \"issued\"");
    const auto envelope = exemption.find("envelope");
    if (envelope == exemption.end() || !envelope->is_object())
        return refuse(std::move(out), "no_device_seal",
                      "exemption " + exemptionId + " carries no envelope sealed by the issuing device");

    // 1. The device seal itself, against the authority's current list.
    renewIfDueLocked();
    const seal::Time t = now();
    const auto report = m_trust.verify(*envelope, t);
    out.deviceReport = report.toJson();
    storeReportLocked(exemptionId, report, out.deviceReport);
    if (!report.passed()) {
        if (report.subIndication == seal::SubIndication::Revoked)
            return refuse(std::move(out), "device_revoked",
                          "the issuing device's certificate is revoked: " + report.detail);
        return refuse(std::move(out), "seal_invalid",
                      std::string("the device seal does not verify: ") + seal::toString(report.indication) +
                          " " + seal::toString(report.subIndication) + ": " + report.detail);
    }

    // 2. The signer is a device this server enrolled, still in good standing.
    const auto device = m_store->findDeviceBySerial(report.signerSerial);
    if (!device)
        return refuse(std::move(out), "device_not_enrolled",
                      "the exemption is sealed by " + report.signerSubject +
                          ", which is not an enrolled device");
    if (device->revokedAt)
        return refuse(std::move(out), "device_revoked",
                      "device " + device->id + " was revoked at " + *device->revokedAt);
    if (device->role != "exhibition_staff" && device->role != "admin")
        return refuse(std::move(out), "device_not_exhibition_staff",
                      "device " + device->id + " is enrolled by a " + device->role +
                          "; CCC exemptions are issued by exhibition staff");
    const std::string district = text(exemption, "district");
    if (!device->district.empty() && device->district != district)
        return refuse(std::move(out), "district_mismatch",
                      "device " + device->id + " belongs to district " + device->district +
                          ", the exemption to " + district);

    // 3. The device sealed exactly this exemption.
    const json& payload = (*envelope)["payload"];
    const auto mismatches = seal::exemptionPayloadMismatches(exemptionId, exemption, payload);
    if (!mismatches.empty())
        return refuse(std::move(out), "payload_mismatch",
                      "the sealed payload differs from the exemption record in: " + joined(mismatches));

    // 4. Fast channel claimed: the applicant must be on the authority's list.
    const std::string uscc = text(exemption, "applicant_uscc");
    const std::string name = text(exemption, "applicant_name");
    if (flag(exemption, "fast_channel") && !seal::onFastChannelList(m_trust.fastChannelUnits(), uscc, name))
        return refuse(std::move(out), "not_on_fast_channel_list",
                      "applicant " + (uscc.empty() ? name : uscc) +
                          " is not on the fast-channel unit list of trust list " +
                          std::to_string(trustListSequence()));

    // The official certificate, sealed by the authority over the exemption and the device seal.
    const auto& signedAt = (*envelope)["signed_at"];
    const auto deviceSignedAt = seal::parseRfc3339(signedAt.get<std::string>());
    const std::string certificateId = certificateIdFor(exemptionId);
    const std::string number = certificateNumberFor(exemptionId);
    const std::string validFrom = beijingDate(*deviceSignedAt);
    const std::string validTo = beijingDate(*deviceSignedAt, m_options.exemptionValidityDays);
    const std::string scope = "CCC 免办 / CCC exemption: " + text(exemption, "exhibition");
    const auto signature = seal::base64Decode((*envelope)["signature"].get<std::string>());

    json certPayload = json::object();
    certPayload["type"] = "certificate";
    certPayload["kind"] = "ccc_exemption";
    certPayload["id"] = certificateId;
    certPayload["number"] = number;
    certPayload["holder"] = name;
    if (!uscc.empty()) certPayload["holder_uscc"] = uscc;
    certPayload["scope"] = scope;
    certPayload["valid_from"] = validFrom;
    certPayload["valid_to"] = validTo;
    certPayload["district"] = district;
    certPayload["exemption"] = payload;
    certPayload["device_seal"] = {{"device_id", device->id},
                                  {"kid", report.kid},
                                  {"signer", report.signerSubject},
                                  {"serial", report.signerSerial},
                                  {"signed_at", signedAt},
                                  {"signature_sha256", seal::sha256Hex(signature.value_or(std::string()))}};
    certPayload["trust_list_sequence"] = trustListSequence();
    auto sealed = m_authority.sealer().seal(certPayload, m_authority.sealIdentity(), t);
    if (!sealed)
        return refuse(std::move(out), "invalid_certificate", "sealing failed: " + sealed.error().message);

    json body = {{"kind", "ccc_exemption"}, {"number", number},        {"holder", name},
                 {"scope", scope},          {"valid_from", validFrom}, {"valid_to", validTo},
                 {"envelope", *sealed},     {"district", district}};
    if (!uscc.empty()) body["holder_uscc"] = uscc;
    // What the sync service will insert must be a valid record, and the seal must check out.
    const auto* type = findRecordType("certificate");
    if (auto valid = validateBody(*type, body); !valid)
        return refuse(std::move(out), "invalid_certificate", valid.error().message);
    const auto own = m_trust.verify(*sealed, t);
    if (!own.passed())
        return refuse(std::move(out), "invalid_certificate",
                      "the authority's own seal does not verify: " + own.detail);
    storeReportLocked(certificateId, own, own.toJson());

    out.sealed = true;
    out.certificateId = certificateId;
    out.certificate = std::move(body);
    out.counterSeal = {{"certificate_id", certificateId},
                       {"certificate_number", number},
                       {"sealed_at", seal::formatRfc3339(t)},
                       {"seal_kid", m_authority.sealer().kid()},
                       {"device_id", device->id},
                       {"device_serial", device->serial},
                       {"device_signed_at", signedAt},
                       {"trust_list_sequence", trustListSequence()}};
    auditLocked("fieldseal-server", "seal.counter_seal", exemptionId,
                {{"certificate_id", certificateId},
                 {"number", number},
                 {"device_id", device->id},
                 {"device_serial", device->serial},
                 {"fast_channel", flag(exemption, "fast_channel")}});
    return out;
}

} // namespace fieldseal::server
