#include "account_routes.h"

#include "account_service.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "audit/audit_log.h"
#include "bearer_token.h"
#include "model/rfc3339.h"

#include <stdexcept>

namespace fieldseal::server {
namespace {

using nlohmann::json;

// Account bodies are a few hundred bytes; anything near this limit is not a real client.
constexpr std::size_t kAccountBodyLimit = 16 * 1024;

std::string rfc3339(std::int64_t unixSeconds) {
    return formatRfc3339(UtcSeconds(std::chrono::seconds(unixSeconds)));
}

json userJson(const Account& a) {
    return {{"id", a.id},
            {"username", a.username},
            {"display_name", a.displayName},
            {"role", toString(a.role)},
            {"district", a.district}};
}

json adminUserJson(const Account& a) {
    json j = userJson(a);
    j["disabled"] = a.disabled;
    j["created_at"] = a.createdAt;
    return j;
}

// Token responses must not be cached by anything between the server and the device (RFC 6749 5.1).
HttpResponse sessionResponse(const Session& s) {
    auto r = HttpResponse::json(200, {{"access_token", s.accessToken},
                                      {"expires_at", rfc3339(s.accessExpiresAt)},
                                      {"refresh_token", s.refreshToken},
                                      {"refresh_expires_at", rfc3339(s.refreshExpiresAt)},
                                      {"user", userJson(s.user)}});
    r.withHeader("Cache-Control", "no-store");
    return r;
}

HttpResponse authErrorResponse(const AuthError& e) {
    switch (e.failure) {
    case AuthFailure::InvalidCredentials:
        return HttpResponse::error(401, "invalid_credentials", e.message);
    case AuthFailure::InvalidRefreshToken:
        return HttpResponse::error(401, "invalid_refresh_token", e.message);
    case AuthFailure::AccountDisabled:
        return HttpResponse::error(403, "account_disabled", e.message);
    case AuthFailure::DeviceRevoked:
        return HttpResponse::error(403, "device_revoked", e.message);
    case AuthFailure::TooManyAttempts:
        return HttpResponse::error(429, "too_many_attempts", e.message)
            .withHeader("Retry-After", std::to_string(e.retryAfterSeconds));
    case AuthFailure::InvalidInput:
        return errorResponse(invalidInput(e.message));
    case AuthFailure::Unavailable:
        break;
    }
    return errorResponse(storeFailure(e.message));
}

// The router only calls authenticated handlers with a caller; a missing one is a wiring bug.
const Caller& callerOf(const RequestContext& ctx) {
    if (!ctx.caller) throw std::logic_error("account route reached without an authenticated caller");
    return *ctx.caller;
}

const std::string& pathParam(const RequestContext& ctx, const std::string& name) {
    const auto it = ctx.request.pathParams.find(name);
    if (it == ctx.request.pathParams.end()) throw std::logic_error("route pattern lacks {" + name + "}");
    return it->second;
}

// POST /v1/auth/login {"username","password","device_id"?}
// 200 session | 400 | 401 invalid_credentials | 403 account_disabled | 422 | 429 + Retry-After
Route loginRoute(AccountService& accounts) {
    return Route{"POST",
                 "/v1/auth/login",
                 [&accounts](RequestContext& ctx) {
                     auto body = parseJsonObject(ctx.request);
                     if (!body) return errorResponse(body.error());
                     if (auto s = requireMembers(*body, {{"username", JsonType::String},
                                                         {"password", JsonType::String},
                                                         {"device_id", JsonType::String, false}});
                         !s)
                         return errorResponse(s.error());
                     const auto result =
                         accounts.login(body->at("username").get_ref<const std::string&>(),
                                        body->at("password").get_ref<const std::string&>(),
                                        body->value("device_id", std::string()), ctx.request.remoteAddress);
                     return result ? sessionResponse(result.value()) : authErrorResponse(result.error());
                 },
                 false,
                 {},
                 kAccountBodyLimit};
}

// POST /v1/auth/refresh {"refresh_token"}
// 200 session (new access and refresh token) | 400 | 401 invalid_refresh_token | 403 account_disabled
Route refreshRoute(AccountService& accounts) {
    return Route{"POST",
                 "/v1/auth/refresh",
                 [&accounts](RequestContext& ctx) {
                     auto body = parseJsonObject(ctx.request);
                     if (!body) return errorResponse(body.error());
                     if (auto s = requireMembers(*body, {{"refresh_token", JsonType::String}}); !s)
                         return errorResponse(s.error());
                     const auto result = accounts.refresh(
                         body->at("refresh_token").get_ref<const std::string&>(), ctx.request.remoteAddress);
                     return result ? sessionResponse(result.value()) : authErrorResponse(result.error());
                 },
                 false,
                 {},
                 kAccountBodyLimit};
}

// POST /v1/auth/logout (no body): ends the session of the presented token. 204.
Route logoutRoute(AccountService& accounts) {
    return Route{"POST",
                 "/v1/auth/logout",
                 [&accounts](RequestContext& ctx) {
                     callerOf(ctx);
                     const auto header = ctx.request.header("Authorization").value_or(std::string());
                     if (auto s = accounts.logout(bearerFromAuthorization(header)); !s)
                         return errorResponse(s.error());
                     return HttpResponse::empty(204);
                 },
                 true,
                 {},
                 kAccountBodyLimit};
}

// GET /v1/me: 200 the caller's user object plus "device_id".
Route meRoute(AccountService& accounts) {
    return Route{"GET",
                 "/v1/me",
                 [&accounts](RequestContext& ctx) {
                     const Caller& caller = callerOf(ctx);
                     auto account = accounts.findUser(caller.userId);
                     if (!account) return errorResponse(account.error());
                     json j = userJson(*account);
                     j["device_id"] = caller.deviceId;
                     return HttpResponse::json(200, j);
                 },
                 true,
                 {},
                 kAccountBodyLimit};
}

// GET /v1/admin/users: 200 {"users":[{id, username, display_name, role, district, disabled, created_at}]}
Route listUsersRoute(AccountService& accounts) {
    return Route{"GET",
                 "/v1/admin/users",
                 [&accounts](RequestContext& ctx) {
                     callerOf(ctx);
                     auto users = accounts.listUsers();
                     if (!users) return errorResponse(users.error());
                     json list = json::array();
                     for (const auto& u : *users)
                         list.push_back(adminUserJson(u));
                     return HttpResponse::json(200, {{"users", std::move(list)}});
                 },
                 true,
                 {Role::Admin},
                 kAccountBodyLimit};
}

// POST /v1/admin/users {"username","display_name"?,"role","district"?,"password"}
// 201 the user | 400 | 409 conflict (username taken) | 422 invalid_input
Route createUserRoute(AccountService& accounts) {
    return Route{"POST",
                 "/v1/admin/users",
                 [&accounts](RequestContext& ctx) {
                     const Caller& caller = callerOf(ctx);
                     auto body = parseJsonObject(ctx.request);
                     if (!body) return errorResponse(body.error());
                     if (auto s = requireMembers(*body, {{"username", JsonType::String},
                                                         {"display_name", JsonType::String, false},
                                                         {"role", JsonType::String},
                                                         {"district", JsonType::String, false},
                                                         {"password", JsonType::String}});
                         !s)
                         return errorResponse(s.error());
                     auto account = accounts.createUser(
                         body->at("username").get<std::string>(), body->value("display_name", std::string()),
                         body->at("role").get<std::string>(), body->value("district", std::string()),
                         body->at("password").get<std::string>(), caller.username);
                     if (!account) return errorResponse(account.error());
                     return HttpResponse::json(201, adminUserJson(*account));
                 },
                 true,
                 {Role::Admin},
                 kAccountBodyLimit};
}

// POST /v1/admin/users/{id}/password {"password"}: 204 | 400 | 404 | 422 (too short)
Route resetPasswordRoute(AccountService& accounts) {
    return Route{"POST",
                 "/v1/admin/users/{id}/password",
                 [&accounts](RequestContext& ctx) {
                     const Caller& caller = callerOf(ctx);
                     auto body = parseJsonObject(ctx.request);
                     if (!body) return errorResponse(body.error());
                     if (auto s = requireMembers(*body, {{"password", JsonType::String}}); !s)
                         return errorResponse(s.error());
                     if (auto s = accounts.resetPassword(
                             pathParam(ctx, "id"), body->at("password").get<std::string>(), caller.username);
                         !s)
                         return errorResponse(s.error());
                     return HttpResponse::empty(204);
                 },
                 true,
                 {Role::Admin},
                 kAccountBodyLimit};
}

// POST /v1/admin/users/{id}/disable (no body, or {}): 204 | 404 | 409 (one's own account)
Route disableUserRoute(AccountService& accounts) {
    return Route{"POST",
                 "/v1/admin/users/{id}/disable",
                 [&accounts](RequestContext& ctx) {
                     const Caller& caller = callerOf(ctx);
                     if (ctx.request.body.find_first_not_of(" \t\r\n") != std::string::npos) {
                         auto body = parseJsonObject(ctx.request);
                         if (!body) return errorResponse(body.error());
                         if (auto s = requireMembers(*body, {}); !s) return errorResponse(s.error());
                     }
                     if (auto s = accounts.disableUser(pathParam(ctx, "id"), caller.username); !s)
                         return errorResponse(s.error());
                     return HttpResponse::empty(204);
                 },
                 true,
                 {Role::Admin},
                 kAccountBodyLimit};
}

// GET /v1/admin/audit/verify: 200 {"ok", "events", "message", "broken_seq"?} (a broken chain is a
// finding, not a request error); 503 when the log cannot be read.
Route auditVerifyRoute(AuditLog& audit) {
    return Route{
        "GET",
        "/v1/admin/audit/verify",
        [&audit](RequestContext& ctx) {
            callerOf(ctx);
            auto result = audit.verify();
            if (!result) return errorResponse(result.error());
            json j = {{"ok", result->ok()}, {"events", result->events}, {"message", result->message}};
            if (!result->ok()) j["broken_seq"] = result->brokenSeq;
            return HttpResponse::json(200, j);
        },
        true,
        {Role::Admin},
        kAccountBodyLimit};
}

} // namespace

std::vector<Route> accountRoutes(AccountService& accounts, AuditLog& audit) {
    return {loginRoute(accounts),         refreshRoute(accounts),
            logoutRoute(accounts),        meRoute(accounts),
            listUsersRoute(accounts),     createUserRoute(accounts),
            resetPasswordRoute(accounts), disableUserRoute(accounts),
            auditVerifyRoute(audit)};
}

} // namespace fieldseal::server
