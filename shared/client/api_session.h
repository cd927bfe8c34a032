#pragma once
// ApiSession: authenticated calls to the sync server. It holds the session tokens, adds
// "Authorization: Bearer" to each request, retries retryable outcomes by its RetryPolicy, and
// when the server answers 401 renews the access token once with the refresh token and sends
// again; a refused renewal means the user must sign in again (LoginRequired). Other statuses
// come back as responses: what a 403, 404, 409 or 422 means is the caller's business.
// Token changes are reported through onTokensChanged so the device can keep them.

#include "client/http_client.h"
#include "client/retry_policy.h"
#include "client/sync_error.h"
#include "client/sync_protocol.h"

#include <functional>
#include <optional>
#include <string>

namespace fieldseal {

class ApiSession {
public:
    ApiSession(HttpClient& http, RetryPolicy policy = {}, RetryEnvironment environment = {});

    // POST /v1/auth/login; keeps the tokens.
    SyncResult<SessionTokens> login(const std::string& username, const std::string& password,
                                    const std::string& deviceId);
    // POST /v1/auth/refresh with the refresh token; keeps the new tokens.
    SyncResult<SessionTokens> refresh();

    void setTokens(std::optional<SessionTokens> tokens) { m_tokens = std::move(tokens); }
    const std::optional<SessionTokens>& tokens() const { return m_tokens; }
    std::function<void(const SessionTokens&)> onTokensChanged;

    enum class Retries { Policy, None };
    // Sends with the session's token (LoginRequired without one). Retries::None makes exactly
    // one attempt (after a 401 renewal, one more): for requests the caller must re-plan after a
    // failure, like a blob chunk whose offset has to be asked again.
    SyncResult<HttpResponse> call(HttpRequest request, Retries retries = Retries::Policy);

    // A final answer (>= 400) as a SyncError: 401 LoginRequired, 403 Forbidden, others Refused.
    static SyncError errorFromResponse(const HttpResponse& response, const std::string& what);

    HttpClient& http() { return m_http; }
    const RetryPolicy& policy() const { return m_policy; }
    // The environment a retry loop of the caller's should use (its own seed each time).
    RetryEnvironment retryEnvironment();

private:
    SyncResult<HttpResponse> send(HttpRequest& request, Retries retries);
    SyncResult<SessionTokens> exchange(const std::string& path, const nlohmann::json& body);

    HttpClient& m_http;
    RetryPolicy m_policy;
    RetryEnvironment m_environment;
    std::uint64_t m_calls = 0;
    std::optional<SessionTokens> m_tokens;
};

} // namespace fieldseal
