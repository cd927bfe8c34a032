#include "client/api_session.h"

namespace fieldseal {

ApiSession::ApiSession(HttpClient& http, RetryPolicy policy, RetryEnvironment environment)
    : m_http(http)
    , m_policy(policy)
    , m_environment(std::move(environment)) {
    // One token cancels both the transfer in flight and the waits between attempts.
    m_environment.cancel = m_http.cancelToken();
}

RetryEnvironment ApiSession::retryEnvironment() {
    RetryEnvironment env = m_environment;
    env.seed = m_environment.seed + ++m_calls; // each retry sequence draws its own delays
    return env;
}

SyncError ApiSession::errorFromResponse(const HttpResponse& response, const std::string& what) {
    SyncError e;
    e.httpStatus = response.status;
    e.kind = response.status == 401   ? SyncErrorKind::LoginRequired
             : response.status == 403 ? SyncErrorKind::Forbidden
                                      : SyncErrorKind::Refused;
    std::string detail;
    if (auto server = parseServerError(response.body)) {
        e.serverCode = server->code;
        detail = server->message;
    }
    e.message = what + " refused" + (detail.empty() ? "" : ": " + detail);
    return e;
}

SyncResult<HttpResponse> ApiSession::send(HttpRequest& request, Retries retries) {
    if (retries == Retries::None) {
        auto once = m_http.send(request);
        if (!once) return fromNetworkError(once.error());
        return std::move(*once);
    }
    auto out = withRetries(m_policy, retryEnvironment(), [&] { return m_http.send(request); });
    if (!out) return fromNetworkError(out.error());
    return std::move(*out);
}

SyncResult<HttpResponse> ApiSession::call(HttpRequest request, Retries retries) {
    if (!m_tokens) return SyncError{SyncErrorKind::LoginRequired, "not signed in", 0, {}, {}};
    request.headers.set("Authorization", "Bearer " + m_tokens->accessToken);
    auto first = send(request, retries);
    if (!first || first->status != 401) return first;

    // The access token expired (or was revoked): renew once, then try again.
    auto renewed = refresh();
    if (!renewed) return renewed.error();
    request.headers.set("Authorization", "Bearer " + m_tokens->accessToken);
    auto second = send(request, retries);
    if (second && second->status == 401)
        return errorFromResponse(*second, request.method + " " + request.path);
    return second;
}

SyncResult<SessionTokens> ApiSession::exchange(const std::string& path, const nlohmann::json& body) {
    HttpRequest request;
    request.method = "POST";
    request.path = path;
    request.headers.add("Content-Type", "application/json");
    request.body = body.dump();
    auto response = send(request, Retries::Policy);
    if (!response) return response.error();
    if (response->status != 200) return errorFromResponse(*response, path);
    auto tokens = parseSessionReply(response->body);
    if (!tokens) return SyncError{SyncErrorKind::BadResponse, tokens.error().message, 200, {}, {}};
    m_tokens = *tokens;
    if (onTokensChanged) onTokensChanged(*m_tokens);
    return *tokens;
}

SyncResult<SessionTokens> ApiSession::login(const std::string& username, const std::string& password,
                                            const std::string& deviceId) {
    return exchange("/v1/auth/login", loginRequestJson(username, password, deviceId));
}

SyncResult<SessionTokens> ApiSession::refresh() {
    if (!m_tokens || m_tokens->refreshToken.empty())
        return SyncError{SyncErrorKind::LoginRequired, "no refresh token: sign in again", 0, {}, {}};
    auto renewed = exchange("/v1/auth/refresh", nlohmann::json{{"refresh_token", m_tokens->refreshToken}});
    if (!renewed && (renewed.error().httpStatus == 401 || renewed.error().httpStatus == 400)) {
        SyncError e = renewed.error();
        e.kind = SyncErrorKind::LoginRequired;
        e.message = "the session has expired: sign in again (" + e.message + ")";
        return e;
    }
    return renewed;
}

} // namespace fieldseal
