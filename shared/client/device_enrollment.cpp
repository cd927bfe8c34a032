#include "client/device_enrollment.h"

#include "seal/certificates.h"
#include "seal/csr.h"
#include "seal/keys.h"

namespace fieldseal {

namespace {

Error malformed(std::string message) {
    return Error{ErrorDomain::Sync, ErrorCode::MalformedInput, "enrollment reply: " + std::move(message)};
}

} // namespace

Result<EnrollmentReply> parseEnrollmentReply(std::string_view body) {
    const auto j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object()) return malformed("not a JSON object");
    EnrollmentReply r;
    const auto text = [&](const char* name, std::string& into, bool required) -> bool {
        const auto it = j.find(name);
        if (it == j.end() || !it->is_string()) return !required;
        into = it->get<std::string>();
        return !required || !into.empty();
    };
    if (!text("device_id", r.deviceId, true)) return malformed("no device_id");
    if (!text("certificate", r.certificatePem, true)) return malformed("no certificate");
    text("serial", r.serial, false);
    text("alg", r.alg, false);
    text("not_after", r.notAfter, false);
    const auto chain = j.find("chain");
    if (chain == j.end() || !chain->is_array() || chain->empty()) return malformed("no certificate chain");
    for (const auto& pem : *chain) {
        if (!pem.is_string()) return malformed("the chain must be PEM strings");
        r.chainPem.push_back(pem.get<std::string>());
    }
    const auto trust = j.find("trust_list");
    if (trust == j.end() || !trust->is_object()) return malformed("no trust list");
    r.trustList = *trust;
    return r;
}

Status checkEnrollmentReply(const EnrollmentReply& reply, evp_pkey_st* key) {
    auto cert = seal::certificateFromPem(reply.certificatePem);
    if (!cert) return malformed("the certificate does not parse: " + cert.error().message);
    if (seal::publicKeyPem(seal::certificatePublicKey(cert->get())) != seal::publicKeyPem(key))
        return malformed("the certificate is not for this device's key");
    for (const auto& pem : reply.chainPem)
        if (auto c = seal::certificateFromPem(pem); !c)
            return malformed("a certificate of the chain does not parse: " + c.error().message);
    return ok();
}

SyncResult<EnrollmentReply> enrollDevice(ApiSession& session, evp_pkey_st* key, const std::string& deviceId,
                                         const std::string& label) {
    auto csr = seal::createCsrPem(key, deviceId);
    if (!csr) return localIoError("cannot make the signing request: " + csr.error().message);
    nlohmann::json body{{"csr", *csr}, {"device_id", deviceId}};
    if (!label.empty()) body["label"] = label;
    HttpRequest request;
    request.method = "POST";
    request.path = "/v1/devices/enroll";
    request.headers.add("Content-Type", "application/json");
    request.body = body.dump();
    auto response = session.call(std::move(request));
    if (!response) return response.error();
    if (response->status != 200 && response->status != 201)
        return ApiSession::errorFromResponse(*response, "device enrollment");
    auto reply = parseEnrollmentReply(response->body);
    if (!reply) return SyncError{SyncErrorKind::BadResponse, reply.error().message, response->status, {}, {}};
    reply->created = response->status == 201;
    if (auto s = checkEnrollmentReply(*reply, key); !s)
        return SyncError{SyncErrorKind::BadResponse, s.error().message, response->status, {}, {}};
    return std::move(*reply);
}

} // namespace fieldseal
