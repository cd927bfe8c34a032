#include "client/device_connection.h"

namespace fieldseal {

DeviceConnection::DeviceConnection(Store& store, ServerLink link, Options options)
    : m_store(store)
    , m_link(std::move(link)) {
    HttpClient::Options http;
    http.baseUrl = m_link.url;
    http.caPem = m_link.caPem;
    http.connectTimeout = options.connectTimeout;
    http.requestTimeout = options.requestTimeout;
    http.lowSpeedTime = options.lowSpeedTime;
    http.cancel = options.cancel;
    m_http = std::make_unique<HttpClient>(std::move(http));
    m_session = std::make_unique<ApiSession>(*m_http, options.policy, std::move(options.environment));
    m_session->setTokens(loadSession(m_store));
    m_session->onTokensChanged = [this](const SessionTokens& tokens) {
        if (!m_persistTokens) return;
        try {
            saveSession(m_store, tokens);
            m_tokenSaveError.clear();
        } catch (const StoreFailure& e) {
            // The exchange itself succeeded; losing the rotated refresh token only means signing
            // in again later. Reported, not thrown through the HTTP layer.
            m_tokenSaveError = e.what();
        }
    };
}

DeviceConnection::~DeviceConnection() = default;

SyncResult<std::unique_ptr<DeviceConnection>> DeviceConnection::fromStore(Store& store, Options options) {
    ServerLink link;
    try {
        const auto profile = loadDeviceProfile(store);
        link = profile.server;
    } catch (const StoreFailure& e) {
        return SyncError{SyncErrorKind::Store, e.what(), 0, {}, {}};
    }
    if (link.url.empty())
        return SyncError{SyncErrorKind::LoginRequired,
                         "this device has not signed in to a server yet: run 'device login' first",
                         0,
                         {},
                         {}};
    return std::make_unique<DeviceConnection>(store, std::move(link), std::move(options));
}

} // namespace fieldseal
