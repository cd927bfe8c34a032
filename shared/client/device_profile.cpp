#include "client/device_profile.h"

namespace fieldseal {

namespace {

std::string metaOr(Store& store, const char* key) {
    return store.meta(key).value_or("");
}

} // namespace

DeviceProfile loadDeviceProfile(Store& store) {
    using namespace profile_keys;
    DeviceProfile p;
    p.server.url = metaOr(store, kServerUrl);
    p.server.caPem = metaOr(store, kServerCa);
    p.deviceId = metaOr(store, kDeviceId);
    if (auto user = nlohmann::json::parse(metaOr(store, kUser), nullptr, false); user.is_object())
        p.user = std::move(user);
    p.alg = metaOr(store, kAlg);
    p.publicKeyPem = metaOr(store, kPublicKey);
    p.certificatePem = metaOr(store, kCertificate);
    if (auto chain = nlohmann::json::parse(metaOr(store, kChain), nullptr, false); chain.is_array())
        for (const auto& pem : chain)
            if (pem.is_string()) p.chainPem.push_back(pem.get<std::string>());
    p.authorityRootPem = metaOr(store, kAuthorityRoot);
    return p;
}

void saveDeviceProfile(Store& store, const DeviceProfile& p) {
    using namespace profile_keys;
    const auto put = [&](const char* key, const std::string& value) {
        if (!value.empty()) store.setMeta(key, value);
    };
    put(kServerUrl, p.server.url);
    put(kServerCa, p.server.caPem);
    put(kDeviceId, p.deviceId);
    if (!p.user.empty()) store.setMeta(kUser, p.user.dump());
    put(kAlg, p.alg);
    put(kPublicKey, p.publicKeyPem);
    put(kCertificate, p.certificatePem);
    if (!p.chainPem.empty()) store.setMeta(kChain, nlohmann::json(p.chainPem).dump());
    put(kAuthorityRoot, p.authorityRootPem);
}

std::optional<SessionTokens> loadSession(Store& store) {
    const auto text = store.meta(profile_keys::kSession);
    if (!text || text->empty()) return std::nullopt;
    auto tokens = sessionFromJson(nlohmann::json::parse(*text, nullptr, false));
    if (!tokens) return std::nullopt;
    return std::move(*tokens);
}

void saveSession(Store& store, const SessionTokens& tokens) {
    store.setMeta(profile_keys::kSession, toJson(tokens).dump());
}

void clearSession(Store& store) {
    store.setMeta(profile_keys::kSession, "");
}

} // namespace fieldseal
