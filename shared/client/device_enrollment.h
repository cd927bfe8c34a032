#pragma once
// Enrollment, the device's side of POST /v1/devices/enroll: a PKCS#10 request for the device key
// goes up, the device certificate (naming the signed-in user, role and district), its chain and
// the current trust list come back. The reply is checked before anything is kept: the
// certificate must be for our key and every certificate must parse. The chain's last certificate
// becomes the device's provisioned authority root (it came over the TLS connection pinned to the
// server's CA); the trust list that came with it must verify under that root (sign-in checks it).

#include "client/api_session.h"
#include "model/result.h"
#include "seal/ossl_types.h"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace fieldseal {

struct EnrollmentReply {
    std::string deviceId;
    std::string certificatePem;
    std::vector<std::string> chainPem; // issuing CA first, the authority root last
    std::string serial;
    std::string alg;
    std::string notAfter;
    nlohmann::json trustList; // the current trust-list envelope
    bool created = true;      // 201; false for 200 (a retried enrollment answered again)
};

Result<EnrollmentReply> parseEnrollmentReply(std::string_view body);

// Checks that `reply` certifies `key` and that its chain parses.
Status checkEnrollmentReply(const EnrollmentReply& reply, evp_pkey_st* key);

// Sends the request (retried by the session's policy: the server answers a repeated request for
// the same device, user and key again with 200) and checks the reply.
SyncResult<EnrollmentReply> enrollDevice(ApiSession& session, evp_pkey_st* key, const std::string& deviceId,
                                         const std::string& label);

} // namespace fieldseal
