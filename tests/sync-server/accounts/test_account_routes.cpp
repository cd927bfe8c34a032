// The account routes, called directly through Route::handler with hand-made requests (the
// router's own layers — matching, authentication, role checks — are tested with the router; here
// we check that each route declares them): every status each route can answer.
#include "account_test_env.h"
#include "accounts/account_routes.h"

#include <QtTest>
#include <nlohmann/json.hpp>
#include <string>

using namespace fieldseal;
using namespace fieldseal::server;
using namespace fieldseal::server::test;
using nlohmann::json;

namespace {

struct Call {
    int status = 0;
    json body;
    HttpResponse response;
};

class Routes {
public:
    explicit Routes(AccountEnv& env)
        : m_env(env)
        , m_routes(accountRoutes(*env.accounts, *env.audit)) {}

    const Route& route(const std::string& method, const std::string& pattern) const {
        for (const auto& r : m_routes)
            if (r.method == method && r.pattern == pattern) return r;
        throw std::runtime_error("no route " + method + " " + pattern);
    }

    // Calls the handler as the router would: `caller` set for authenticated routes.
    Call call(const std::string& method, const std::string& pattern, const std::string& body,
              std::optional<Caller> caller = std::nullopt, std::map<std::string, std::string> params = {},
              HeaderList headers = {}) {
        HttpRequest request;
        request.method = method;
        request.path = pattern;
        request.target = pattern;
        request.pathParams = std::move(params);
        request.headers = std::move(headers);
        request.body = body;
        request.remoteAddress = "127.0.0.1:40000";
        RequestContext ctx{request, std::move(caller)};
        Call c;
        c.response = route(method, pattern).handler(ctx);
        c.status = c.response.status;
        if (!c.response.body.empty()) c.body = json::parse(c.response.body);
        return c;
    }

    // Logs in through the route and returns the caller the router would derive from the token.
    std::pair<std::string, Caller> signIn(const std::string& username, const std::string& password) {
        const auto c =
            call("POST", "/v1/auth/login", json{{"username", username}, {"password", password}}.dump());
        if (c.status != 200) throw std::runtime_error("login failed: " + c.response.body);
        const std::string token = c.body.at("access_token").get<std::string>();
        return {token, *m_env.accounts->authenticate(token)};
    }

private:
    AccountEnv& m_env;
    std::vector<Route> m_routes;
};

std::string errorCode(const Call& c) {
    return c.body.at("error").at("code").get<std::string>();
}

std::string errorMessage(const Call& c) {
    return c.body.at("error").at("message").get<std::string>();
}

std::optional<std::string> header(const HttpResponse& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
        if (k == name) return v;
    return std::nullopt;
}

} // namespace

class TestAccountRoutes : public QObject {
    Q_OBJECT

private slots:
    void routeTableDeclaresAccess() {
        AccountEnv env;
        Routes routes(env);
        QVERIFY(!routes.route("POST", "/v1/auth/login").authenticated);
        QVERIFY(!routes.route("POST", "/v1/auth/refresh").authenticated);
        QVERIFY(routes.route("POST", "/v1/auth/logout").authenticated);
        QVERIFY(routes.route("POST", "/v1/auth/logout").roles.empty());
        QVERIFY(routes.route("GET", "/v1/me").authenticated);
        for (const auto& [method, pattern] :
             std::vector<std::pair<std::string, std::string>>{{"GET", "/v1/admin/users"},
                                                              {"POST", "/v1/admin/users"},
                                                              {"POST", "/v1/admin/users/{id}/password"},
                                                              {"POST", "/v1/admin/users/{id}/disable"},
                                                              {"GET", "/v1/admin/audit/verify"}}) {
            const Route& r = routes.route(method, pattern);
            QVERIFY(r.authenticated);
            QCOMPARE(r.roles, std::vector<Role>{Role::Admin});
        }
        for (const auto& r : accountRoutes(*env.accounts, *env.audit))
            QVERIFY(r.maxBodyBytes <= 16 * 1024);
    }

    void login() {
        AccountEnv env;
        const Account alice = env.user("alice");
        Routes routes(env);
        auto ok =
            routes.call("POST", "/v1/auth/login",
                        R"({"username":"alice","password":"inspector-pass-1","device_id":"tablet-07"})");
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.body.at("expires_at").get<std::string>(), std::string("2026-03-01T20:00:00Z"));
        QCOMPARE(ok.body.at("refresh_expires_at").get<std::string>(), std::string("2026-03-31T08:00:00Z"));
        QCOMPARE(ok.body.at("access_token").get<std::string>().size(), size_t(43));
        QCOMPARE(ok.body.at("refresh_token").get<std::string>().size(), size_t(43));
        QCOMPARE(ok.body.at("user"), (json{{"id", alice.id},
                                           {"username", "alice"},
                                           {"display_name", "alice display"},
                                           {"role", "inspector"},
                                           {"district", "310115"}}));
        QCOMPARE(header(ok.response, "Cache-Control"), std::optional<std::string>("no-store"));
        QCOMPARE(env.accounts->authenticate(ok.body.at("access_token").get<std::string>())->deviceId,
                 std::string("tablet-07"));

        // One answer for a wrong password and an unknown user.
        auto wrong =
            routes.call("POST", "/v1/auth/login", R"({"username":"alice","password":"wrong-password"})");
        auto unknown =
            routes.call("POST", "/v1/auth/login", R"({"username":"nobody","password":"wrong-password"})");
        QCOMPARE(wrong.status, 401);
        QCOMPARE(unknown.status, 401);
        QCOMPARE(errorCode(wrong), std::string("invalid_credentials"));
        QCOMPARE(wrong.response.body, unknown.response.body);

        QCOMPARE(
            routes.call("POST", "/v1/auth/login", R"({"username":"alice","password":"x","device_id":"a b"})")
                .status,
            422);
    }

    void loginBodyIsParsedStrictly() {
        AccountEnv env;
        env.user("alice");
        Routes routes(env);
        struct Case {
            const char* body;
            int status;
            const char* code;
            const char* says;
        };
        const Case cases[] = {
            {"", 400, "malformed_json", "empty"},
            {"{\"username\":\"alice\",", 400, "malformed_json", "not valid JSON"},
            {"[1,2]", 400, "invalid_request", "must be a JSON object"},
            {R"({"username":"alice","password":"p","admin":true})", 400, "invalid_request",
             "unknown member 'admin'"},
            {R"({"username":"alice","password":12345})", 400, "invalid_request",
             "member 'password' must be a string"},
            {R"({"username":"alice","password":null})", 400, "invalid_request",
             "member 'password' must be a string"},
            {R"({"username":"alice"})", 400, "invalid_request", "missing member 'password'"},
            {R"({"username":"alice","password":"a","password":"b"})", 400, "malformed_json", "appears twice"},
            {"{\"username\":\"al\xff\",\"password\":\"p\"}", 400, "malformed_json", "not valid JSON"},
        };
        for (const auto& c : cases) {
            auto r = routes.call("POST", "/v1/auth/login", c.body);
            QCOMPARE(r.status, c.status);
            QCOMPARE(errorCode(r), std::string(c.code));
            QVERIFY2(errorMessage(r).find(c.says) != std::string::npos, errorMessage(r).c_str());
        }
        std::string deep = std::string(100, '[') + std::string(100, ']');
        auto r = routes.call("POST", "/v1/auth/login", R"({"username":"alice","password":)" + deep + "}");
        QCOMPARE(r.status, 400);
        QVERIFY2(errorMessage(r).find("nested deeper") != std::string::npos, errorMessage(r).c_str());
        // None of these was a login attempt.
        QCOMPARE(env.scalar("SELECT count(*) FROM login_failures"), std::string("0"));
    }

    void loginThrottledAndDisabled() {
        AccountEnv env;
        const Account root = env.user("root", "admin", "", "admin-password-1");
        const Account bob = env.user("bob");
        Routes routes(env);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(routes.call("POST", "/v1/auth/login", R"({"username":"bob","password":"bad-password"})")
                         .status,
                     401);
        auto limited =
            routes.call("POST", "/v1/auth/login", R"({"username":"bob","password":"inspector-pass-1"})");
        QCOMPARE(limited.status, 429);
        QCOMPARE(errorCode(limited), std::string("too_many_attempts"));
        QCOMPARE(header(limited.response, "Retry-After"), std::optional<std::string>("1"));

        env.clock += 1;
        QVERIFY(env.accounts->disableUser(bob.id, "root").ok());
        auto disabled =
            routes.call("POST", "/v1/auth/login", R"({"username":"bob","password":"inspector-pass-1"})");
        QCOMPARE(disabled.status, 403);
        QCOMPARE(errorCode(disabled), std::string("account_disabled"));
        QVERIFY(errorMessage(disabled).find("disabled") != std::string::npos);
    }

    void revokedDeviceIsRefused() {
        AccountEnv env;
        const Account carol = env.user("carol");
        env.enrollAndRevokeDevice(carol, "tab-gone");
        Routes routes(env);
        auto refused = routes.call(
            "POST", "/v1/auth/login",
            R"({"username":"carol","password":"inspector-pass-1","device_id":"tab-gone"})");
        QCOMPARE(refused.status, 403);
        QCOMPARE(errorCode(refused), std::string("device_revoked"));
        QVERIFY(errorMessage(refused).find("tab-gone") != std::string::npos);
        auto fine = routes.call(
            "POST", "/v1/auth/login",
            R"({"username":"carol","password":"inspector-pass-1","device_id":"tab-next"})");
        QCOMPARE(fine.status, 200);
    }

    void refresh() {
        AccountEnv env;
        env.user("alice");
        Routes routes(env);
        auto login =
            routes.call("POST", "/v1/auth/login", R"({"username":"alice","password":"inspector-pass-1"})");
        const std::string refreshToken = login.body.at("refresh_token").get<std::string>();
        env.clock += 3600;
        auto renewed = routes.call("POST", "/v1/auth/refresh", json{{"refresh_token", refreshToken}}.dump());
        QCOMPARE(renewed.status, 200);
        QCOMPARE(renewed.body.at("expires_at").get<std::string>(), std::string("2026-03-01T21:00:00Z"));
        QVERIFY(renewed.body.at("refresh_token").get<std::string>() != refreshToken);
        QCOMPARE(renewed.body.at("user").at("username").get<std::string>(), std::string("alice"));

        auto reused = routes.call("POST", "/v1/auth/refresh", json{{"refresh_token", refreshToken}}.dump());
        QCOMPARE(reused.status, 401);
        QCOMPARE(errorCode(reused), std::string("invalid_refresh_token"));
        QCOMPARE(routes.call("POST", "/v1/auth/refresh", R"({"refresh_token":"nonsense"})").status, 401);
        QCOMPARE(routes.call("POST", "/v1/auth/refresh", R"({"refresh_token":1})").status, 400);
        QCOMPARE(routes.call("POST", "/v1/auth/refresh", R"({})").status, 400);

        // A disabled account hears so on its next silent renewal.
        auto again =
            routes.call("POST", "/v1/auth/login", R"({"username":"alice","password":"inspector-pass-1"})");
        QVERIFY(env.accounts->disableUser(env.accounts->findUserByName("alice")->id, "root").ok());
        auto refused = routes.call("POST", "/v1/auth/refresh",
                                   json{{"refresh_token", again.body.at("refresh_token")}}.dump());
        QCOMPARE(refused.status, 403);
        QCOMPARE(errorCode(refused), std::string("account_disabled"));
    }

    void logoutAndMe() {
        AccountEnv env;
        const Account alice = env.user("alice");
        Routes routes(env);
        auto [token, caller] = routes.signIn("alice", "inspector-pass-1");

        auto me = routes.call("GET", "/v1/me", "", caller);
        QCOMPARE(me.status, 200);
        QCOMPARE(me.body.at("id").get<std::string>(), alice.id);
        QCOMPARE(me.body.at("display_name").get<std::string>(), std::string("alice display"));
        QCOMPARE(me.body.at("district").get<std::string>(), std::string("310115"));

        auto out =
            routes.call("POST", "/v1/auth/logout", "", caller, {}, {{"Authorization", "Bearer " + token}});
        QCOMPARE(out.status, 204);
        QVERIFY(out.response.body.empty());
        QVERIFY(!env.accounts->authenticate(token));
    }

    void adminUsers() {
        AccountEnv env;
        env.user("root", "admin", "", "admin-password-1");
        Routes routes(env);
        auto [token, admin] = routes.signIn("root", "admin-password-1");

        auto created = routes.call("POST", "/v1/admin/users",
                                   R"({"username":"wang.li","display_name":"王力","role":"supervisor",)"
                                   R"("district":"310104","password":"supervisor-pw-1"})",
                                   admin);
        QCOMPARE(created.status, 201);
        QCOMPARE(created.body.at("username").get<std::string>(), std::string("wang.li"));
        QCOMPARE(created.body.at("display_name").get<std::string>(), std::string("王力"));
        QCOMPARE(created.body.at("role").get<std::string>(), std::string("supervisor"));
        QCOMPARE(created.body.at("disabled").get<bool>(), false);
        QVERIFY(!created.body.contains("password_hash"));
        const std::string id = created.body.at("id").get<std::string>();
        QCOMPARE(
            env.scalar("SELECT actor FROM audit WHERE action = 'user.create' AND record_id = '" + id + "'"),
            std::string("root"));

        const std::string dup = R"({"username":"wang.li","role":"supervisor","district":"310104",)"
                                R"("password":"supervisor-pw-1"})";
        auto conflict = routes.call("POST", "/v1/admin/users", dup, admin);
        QCOMPARE(conflict.status, 409);
        QCOMPARE(errorCode(conflict), std::string("conflict"));

        struct Case {
            const char* body;
            int status;
            const char* code;
        };
        const Case cases[] = {
            {R"({"username":"x","role":"inspector","district":"310104","password":"long-enough-1"})", 422,
             "invalid_input"},
            {R"({"username":"zhao","role":"inspector","district":"310104","password":"short"})", 422,
             "invalid_input"},
            {R"({"username":"zhao","role":"chief","district":"310104","password":"long-enough-1"})", 422,
             "invalid_input"},
            {R"({"username":"zhao","role":"inspector","password":"long-enough-1"})", 422, "invalid_input"},
            {R"({"username":"zhao","role":"inspector","district":"000000","password":"long-enough-1"})", 422,
             "invalid_input"},
            {R"({"username":"zhao","role":"inspector","district":310104,"password":"long-enough-1"})", 400,
             "invalid_request"},
            {R"({"username":"zhao","role":"inspector","district":"310104","password":"long-enough-1","x":1})",
             400, "invalid_request"},
            {R"({"username":"zhao","role":"inspector","district":"310104"})", 400, "invalid_request"},
            {R"({"username":"zhao",)", 400, "malformed_json"},
        };
        for (const auto& c : cases) {
            auto r = routes.call("POST", "/v1/admin/users", c.body, admin);
            QCOMPARE(r.status, c.status);
            QCOMPARE(errorCode(r), std::string(c.code));
        }

        auto list = routes.call("GET", "/v1/admin/users", "", admin);
        QCOMPARE(list.status, 200);
        QCOMPARE(list.body.at("users").size(), size_t(2));
        QCOMPARE(list.body.at("users")[0].at("username").get<std::string>(), std::string("root"));
        QCOMPARE(list.body.at("users")[1].at("created_at").get<std::string>(),
                 std::string("2026-03-01T08:00:00Z"));
        QVERIFY(!list.response.body.empty() && list.response.body.find("scrypt") == std::string::npos);

        // Password reset.
        const std::map<std::string, std::string> target{{"id", id}};
        QCOMPARE(routes
                     .call("POST", "/v1/admin/users/{id}/password", R"({"password":"a-fresh-password"})",
                           admin, target)
                     .status,
                 204);
        QVERIFY(env.accounts->login("wang.li", "a-fresh-password").ok());
        QCOMPARE(
            routes.call("POST", "/v1/admin/users/{id}/password", R"({"password":"short"})", admin, target)
                .status,
            422);
        QCOMPARE(routes
                     .call("POST", "/v1/admin/users/{id}/password", R"({"password":"a-fresh-password"})",
                           admin, {{"id", "no-such-user"}})
                     .status,
                 404);
        QCOMPARE(
            routes
                .call("POST", "/v1/admin/users/{id}/password", R"({"pw":"a-fresh-password"})", admin, target)
                .status,
            400);

        // Disable.
        QCOMPARE(
            routes.call("POST", "/v1/admin/users/{id}/disable", "", admin, {{"id", "no-such-user"}}).status,
            404);
        QCOMPARE(routes.call("POST", "/v1/admin/users/{id}/disable", R"({"why":"x"})", admin, target).status,
                 400);
        QCOMPARE(routes.call("POST", "/v1/admin/users/{id}/disable", "{}", admin, target).status, 204);
        QVERIFY(env.accounts->findUser(id)->disabled);
        auto self = routes.call("POST", "/v1/admin/users/{id}/disable", "", admin, {{"id", admin.userId}});
        QCOMPARE(self.status, 409);
        QVERIFY(errorMessage(self).find("your own account") != std::string::npos);
    }

    void auditVerifyRoute() {
        AccountEnv env;
        env.user("root", "admin", "", "admin-password-1");
        Routes routes(env);
        auto [token, admin] = routes.signIn("root", "admin-password-1");
        auto r = routes.call("GET", "/v1/admin/audit/verify", "", admin);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, (json{{"ok", true}, {"events", 2}, {"message", "ok, 2 events"}}));

        RawDb(env.dbPath()).exec("UPDATE audit SET actor = 'someone else' WHERE seq = 2");
        auto broken = routes.call("GET", "/v1/admin/audit/verify", "", admin);
        QCOMPARE(broken.status, 200);
        QCOMPARE(broken.body.at("ok").get<bool>(), false);
        QCOMPARE(broken.body.at("broken_seq").get<int>(), 2);
        QCOMPARE(broken.body.at("events").get<int>(), 1);
    }
};

QTEST_APPLESS_MAIN(TestAccountRoutes)
#include "test_account_routes.moc"
