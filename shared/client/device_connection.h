#pragma once
// DeviceConnection: a device's authenticated link to its sync server — an HttpClient that pins the
// server's CA, and an ApiSession whose tokens are the store's (auth.session). Every renewal the
// session makes (a quiet refresh after a 401) is written to the store at once, so the next run
// of the program starts with the newest refresh token (the server rotates them and treats a
// reused one as theft).

#include "client/api_session.h"
#include "client/device_profile.h"
#include "client/http_client.h"
#include "client/retry_policy.h"
#include "store/store.h"

#include <chrono>
#include <memory>

namespace fieldseal {

class DeviceConnection {
public:
    struct Options {
        std::chrono::milliseconds connectTimeout{10'000};
        std::chrono::milliseconds requestTimeout{60'000};
        std::chrono::seconds lowSpeedTime{30};
        RetryPolicy policy;
        RetryEnvironment environment;
        CancelToken cancel;
    };

    // To `link`, with the tokens the store holds (if any).
    DeviceConnection(Store& store, ServerLink link, Options options);
    DeviceConnection(Store& store, ServerLink link)
        : DeviceConnection(store, std::move(link), Options{}) {}
    // To the server the store signed in to; LoginRequired when it never did.
    static SyncResult<std::unique_ptr<DeviceConnection>> fromStore(Store& store, Options options);

    ~DeviceConnection();
    DeviceConnection(const DeviceConnection&) = delete;
    DeviceConnection& operator=(const DeviceConnection&) = delete;

    const ServerLink& link() const { return m_link; }
    HttpClient& http() { return *m_http; }
    ApiSession& session() { return *m_session; }
    CancelToken cancelToken() const { return m_http->cancelToken(); }

    // While false, new tokens stay in memory only (sign-in checks the account before keeping it).
    void setPersistTokens(bool persist) { m_persistTokens = persist; }
    // Why the last renewed tokens could not be written to the store ("" when they were).
    const std::string& tokenSaveError() const { return m_tokenSaveError; }

private:
    Store& m_store;
    ServerLink m_link;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<ApiSession> m_session;
    bool m_persistTokens = true;
    std::string m_tokenSaveError;
};

} // namespace fieldseal
