#include "client/trust_list_updater.h"

#include "client/device_profile.h"
#include "seal/certificates.h"

namespace fieldseal {

Result<std::unique_ptr<seal::TrustStore>> openDeviceTrustStore(Store& store) {
    const auto rootPem = store.meta(profile_keys::kAuthorityRoot);
    if (!rootPem || rootPem->empty())
        return Error{ErrorDomain::Seal, ErrorCode::NotFound,
                     "this device is not enrolled: it has no authority root to check trust lists against"};
    auto root = seal::certificateFromPem(*rootPem);
    if (!root)
        return Error{ErrorDomain::Seal, ErrorCode::InvalidInput,
                     "the kept authority root: " + root.error().message};
    std::vector<seal::X509Ptr> roots;
    roots.push_back(std::move(*root));
    auto trust = std::make_unique<seal::TrustStore>(std::move(roots));
    if (const auto kept = store.meta(kTrustListKey); kept && !kept->empty()) {
        const auto envelope = nlohmann::json::parse(*kept, nullptr, false);
        if (envelope.is_object()) (void)trust->install(envelope, seal::now());
    }
    return trust;
}

SyncResult<TrustListUpdate> adoptTrustList(Store& store, seal::TrustStore& trust,
                                           const nlohmann::json& envelope) {
    const auto before = trust.sequence().value_or(0);
    if (auto s = trust.install(envelope, seal::now()); !s) {
        if (s.error().code == ErrorCode::IllegalTransition)
            return TrustListUpdate{false, before}; // not newer
        return SyncError{SyncErrorKind::Untrusted,
                         "the server's trust list was refused (the device keeps list " +
                             std::to_string(before) + "): " + s.error().message,
                         0,
                         {},
                         {}};
    }
    try {
        store.setMeta(kTrustListKey, trust.currentTrustList().dump());
    } catch (const StoreFailure& e) {
        return SyncError{
            SyncErrorKind::Store, std::string("cannot keep the trust list: ") + e.what(), 0, {}, {}};
    }
    return TrustListUpdate{true, trust.sequence().value_or(0)};
}

SyncResult<TrustListUpdate> updateTrustList(Store& store, ApiSession& session, seal::TrustStore& trust) {
    const auto current = trust.sequence();
    HttpRequest request;
    request.method = "GET";
    request.path = "/v1/trust-list";
    if (current) request.path += "?after=" + std::to_string(*current);
    request.headers.add("Accept", "application/json");
    auto response = session.call(std::move(request));
    if (!response) return response.error();
    if (response->status == 304) return TrustListUpdate{false, current.value_or(0)};
    if (response->status != 200) return ApiSession::errorFromResponse(*response, "trust list");
    const auto envelope = nlohmann::json::parse(response->body, nullptr, false);
    if (!envelope.is_object())
        return SyncError{SyncErrorKind::BadResponse, "the trust list is not a JSON object", 200, {}, {}};
    return adoptTrustList(store, trust, envelope);
}

} // namespace fieldseal
