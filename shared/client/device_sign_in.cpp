#include "client/device_sign_in.h"

#include "client/device_enrollment.h"
#include "client/device_key.h"
#include "client/trust_list_updater.h"
#include "model/ids.h"
#include "seal/keys.h"
#include "sync/replica.h"

#include <filesystem>
#include <system_error>

namespace fieldseal {

namespace {

SyncError storeError(const std::string& message) {
    return SyncError{SyncErrorKind::Store, message, 0, {}, {}};
}

SyncError refused(const std::string& message) {
    return SyncError{SyncErrorKind::Refused, message, 0, {}, {}};
}

// The algorithm the authority signs with, as its current trust list says.
SyncResult<seal::Algorithm> authorityAlgorithm(ApiSession& session, nlohmann::json& trustList) {
    HttpRequest request;
    request.method = "GET";
    request.path = "/v1/trust-list";
    auto response = session.call(std::move(request));
    if (!response) return response.error();
    if (response->status != 200) return ApiSession::errorFromResponse(*response, "trust list");
    trustList = nlohmann::json::parse(response->body, nullptr, false);
    if (!trustList.is_object() || !trustList.contains("alg") || !trustList["alg"].is_string())
        return SyncError{SyncErrorKind::BadResponse, "the trust list names no algorithm", 200, {}, {}};
    const auto alg = seal::parseAlgorithm(trustList["alg"].get<std::string>());
    if (!alg)
        return SyncError{SyncErrorKind::BadResponse,
                         "the authority signs with " + trustList["alg"].get<std::string>() +
                             ", which this device does not support",
                         200,
                         {},
                         {}};
    return *alg;
}

// Does the key file hold the key the kept certificate was issued for?
bool keyMatchesProfile(const std::string& keyFile, const DeviceProfile& profile) {
    if (profile.publicKeyPem.empty()) return false;
    auto key = loadDeviceKey(keyFile);
    return key && seal::publicKeyPem(key->key.get()) == profile.publicKeyPem;
}

SyncResult<Ok> enroll(Store& store, ApiSession& session, const SignInRequest& request,
                      DeviceProfile& profile) {
    nlohmann::json trustList;
    auto alg = authorityAlgorithm(session, trustList);
    if (!alg) return alg.error();
    auto key = loadOrCreateDeviceKey(request.keyFile, *alg);
    if (!key) return localIoError(key.error().message);
    auto reply = enrollDevice(session, key->key.get(), profile.deviceId, request.label);
    if (!reply) return reply.error();
    if (reply->deviceId != profile.deviceId)
        return SyncError{SyncErrorKind::BadResponse,
                         "the server enrolled device " + reply->deviceId + " instead of " + profile.deviceId,
                         0,
                         {},
                         {}};

    profile.alg = seal::toString(*alg);
    profile.publicKeyPem = seal::publicKeyPem(key->key.get());
    profile.certificatePem = reply->certificatePem;
    profile.chainPem = reply->chainPem;
    profile.authorityRootPem = reply->chainPem.back();
    try {
        auto tx = store.begin();
        saveDeviceProfile(store, profile);
        // The list that came with the certificate must verify under the root that came with it.
        auto trust = openDeviceTrustStore(store);
        if (!trust) return storeError(trust.error().message);
        auto adopted = adoptTrustList(store, **trust, reply->trustList);
        if (!adopted) return adopted.error(); // rolls the enrollment back: nothing is kept
        tx->commit();
    } catch (const StoreFailure& e) {
        return storeError(e.what());
    }
    return Ok{};
}

bool fileExists(const std::string& path) {
    std::error_code ec;
    return std::filesystem::exists(path, ec);
}

// 3b: the tablet goes on as device `newId` with a new key; the store keeps everything else. Done
// only once the login showed the account fits the store. The certificate and public key are
// forgotten in the same transaction as the new id is kept, so a sign-in that stops before the
// enrollment finishes simply enrolls the new id the next time.
SyncResult<Ok> startNewEnrollment(Store& store, DeviceProfile& profile, const std::string& keyFile,
                                  const std::string& newId, SignInOutcome& outcome) {
    outcome.previousDeviceId = profile.deviceId;
    if (fileExists(keyFile)) {
        const std::string aside = keyFile + ".retired-" + profile.deviceId;
        std::error_code ec;
        std::filesystem::rename(keyFile, aside, ec);
        if (ec)
            return SyncError{SyncErrorKind::LocalIo,
                             "cannot move the old key file " + keyFile + " aside: " + ec.message(),
                             0,
                             {},
                             {}};
        outcome.retiredKeyFile = aside;
    }
    profile.deviceId = newId;
    profile.publicKeyPem.clear();
    profile.certificatePem.clear();
    profile.chainPem.clear();
    try {
        auto tx = store.begin();
        store.setMeta(profile_keys::kDeviceId, profile.deviceId);
        store.setMeta(profile_keys::kPublicKey, "");
        store.setMeta(profile_keys::kCertificate, "");
        store.setMeta(profile_keys::kChain, "");
        tx->commit();
    } catch (const StoreFailure& e) {
        return storeError(e.what());
    }
    return Ok{};
}

} // namespace

SyncResult<SignInOutcome> signInDevice(Store& store, DeviceConnection& connection,
                                       const SignInRequest& request) {
    SignInOutcome outcome;
    DeviceProfile profile;
    std::optional<ReplicaIdentity> identity;
    try {
        profile = loadDeviceProfile(store);
        if (auto device = store.meta("device"))
            identity = ReplicaIdentity{*device, store.meta("user").value_or(""),
                                       store.meta("district").value_or("")};
        if (identity && profile.deviceId.empty()) {
            profile.deviceId = identity->device; // (stores from before device.id was kept)
        } else if (profile.deviceId.empty()) {
            profile.deviceId = IdGenerator().next();
            store.setMeta(profile_keys::kDeviceId, profile.deviceId);
        }
    } catch (const StoreFailure& e) {
        return storeError(e.what());
    }
    // A server is known by its TLS CA, not its address (which may change): a store stays with
    // the server it first signed in to, whose cursor and outbox it keeps.
    if (profile.signedInOnce() && profile.server.caPem != connection.link().caPem)
        return refused("this device belongs to the server at " + profile.server.url +
                       " (another CA): use another --db for another server");

    // An enrolled device whose key file lost the certified key can only go on as a new device
    // (3b); so can a device the server revoked. Nothing changes here before the login shows that
    // the account fits the store.
    std::string loginId = profile.deviceId;
    if (profile.enrolled() && !keyMatchesProfile(request.keyFile, profile)) {
        outcome.rekeyReason = fileExists(request.keyFile)
                                  ? "the key file " + request.keyFile + " does not hold the certified key"
                                  : "the key file " + request.keyFile + " is missing";
        loginId = IdGenerator().next();
    }

    ApiSession& session = connection.session();
    connection.setPersistTokens(false);
    auto tokens = session.login(request.username, request.password, loginId);
    if (!tokens && tokens.error().serverCode == "device_revoked" && outcome.rekeyReason.empty()) {
        outcome.rekeyReason = "the server revoked device " + loginId;
        loginId = IdGenerator().next();
        tokens = session.login(request.username, request.password, loginId);
    }
    connection.setPersistTokens(true);
    if (!tokens) return tokens.error();
    const nlohmann::json& user = tokens->user;
    const std::string username = user.value("username", std::string());
    const std::string district = user.value("district", std::string());
    if (username.empty())
        return SyncError{SyncErrorKind::BadResponse, "the login reply names no user", 200, {}, {}};
    if (identity && (identity->user != username || identity->district != district)) {
        // Not kept, so not left valid on the server either.
        HttpRequest logout;
        logout.method = "POST";
        logout.path = "/v1/auth/logout";
        (void)session.call(std::move(logout), ApiSession::Retries::None);
        session.setTokens(std::nullopt);
        return refused("this device's store belongs to " + identity->user +
                       (identity->district.empty() ? "" : " (district " + identity->district + ")") +
                       ", not to " + username + ": use another --db for another account");
    }

    if (loginId != profile.deviceId) {
        if (auto s = startNewEnrollment(store, profile, request.keyFile, loginId, outcome); !s)
            return s.error();
    }

    profile.server = connection.link();
    profile.user = user;
    try {
        auto tx = store.begin();
        saveDeviceProfile(store, profile);
        saveSession(store, *tokens);
        tx->commit();
    } catch (const StoreFailure& e) {
        return storeError(e.what());
    }

    if (!profile.enrolled() || !keyMatchesProfile(request.keyFile, profile)) {
        if (auto s = enroll(store, session, request, profile); !s) return s.error();
        outcome.enrolled = true;
    }

    if (!identity) {
        if (auto s = Replica::initialise(store, {profile.deviceId, username, district}); !s)
            return storeError(s.error().message);
        outcome.identityInitialised = true;
    }

    auto trust = openDeviceTrustStore(store);
    if (!trust) return storeError(trust.error().message);
    if (!outcome.enrolled) {
        auto update = updateTrustList(store, session, **trust);
        if (!update) outcome.trustListProblem = update.error().describe();
    }
    outcome.trustListSequence = (*trust)->sequence().value_or(0);
    outcome.deviceId = profile.deviceId;
    outcome.user = user;
    return outcome;
}

} // namespace fieldseal
