// Router and Metrics without a network: matching, captures, the auth/role/error layers, logging
// and the Prometheus text.
#include "http/metrics.h"
#include "http/router.h"
#include "store/store.h"

#include <QtTest>

#include <mutex>
#include <stdexcept>

using namespace fieldseal;
using namespace fieldseal::server;

namespace {

class FixedTokens : public Authenticator {
public:
    std::optional<Caller> authenticate(std::string_view token) override {
        ++calls;
        if (token == "admin-token") return Caller{"u1", "alice", Role::Admin, "", ""};
        if (token == "inspector-token") return Caller{"u2", "bob", Role::Inspector, "310101", ""};
        if (token == "store-down") throw StoreFailure("disk I/O error");
        return std::nullopt;
    }
    int calls = 0;
};

HttpRequest makeRequest(std::string method, std::string target, std::string token = {}) {
    HttpRequest r;
    r.method = std::move(method);
    r.target = std::move(target);
    if (!token.empty()) r.headers.emplace_back("Authorization", "Bearer " + token);
    return r;
}

nlohmann::json bodyOf(const HttpResponse& r) {
    return nlohmann::json::parse(r.body);
}

Route route(std::string method, std::string pattern, Handler h) {
    Route r;
    r.method = std::move(method);
    r.pattern = std::move(pattern);
    r.handler = std::move(h);
    return r;
}

} // namespace

class TestRouter : public QObject {
    Q_OBJECT

    FixedTokens m_auth;
    Metrics m_metrics;
    Router m_router{m_auth, m_metrics};
    std::mutex m_logMutex;
    std::vector<std::string> m_log;

    std::vector<std::string> logLines() {
        std::lock_guard lock(m_logMutex);
        return m_log;
    }

private slots:
    void initTestCase() {
        m_router.setLogSink([this](std::string_view line) {
            std::lock_guard lock(m_logMutex);
            m_log.emplace_back(line);
        });
        m_router.add(route("GET", "/v1/items/{id}", [](RequestContext& c) {
            return HttpResponse::json(200, {{"id", c.request.pathParams.at("id")}, {"user", c.caller->username}});
        }));
        m_router.add(route("GET", "/v1/items/special", [](RequestContext&) {
            return HttpResponse::json(200, {{"special", true}});
        }));
        m_router.add(route("DELETE", "/v1/items/{id}", [](RequestContext&) { return HttpResponse::empty(204); }));
        Route admin = route("POST", "/v1/admin/things", [](RequestContext&) { return HttpResponse::empty(201); });
        admin.roles = {Role::Admin};
        admin.maxBodyBytes = 4096;
        m_router.add(admin);
        Route open = route("GET", "/v1/health", [](RequestContext& c) {
            return HttpResponse::json(200, {{"caller", c.caller.has_value()}});
        });
        open.authenticated = false;
        m_router.add(open);
        m_router.add(route("GET", "/v1/boom", [](RequestContext&) -> HttpResponse {
            throw std::runtime_error("secret detail 42");
        }));
        m_router.add(route("GET", "/v1/store", [](RequestContext&) -> HttpResponse {
            throw StoreFailure("database disk image is malformed");
        }));
        addMetricsRoute(m_router, m_metrics);
    }

    void matchesAndDecodesCaptures() {
        auto req = makeRequest("GET", "/v1/items/a%20b%2Fc?x=1", "inspector-token");
        auto res = m_router.handle(req);
        QCOMPARE(res.status, 200);
        QCOMPARE(bodyOf(res)["id"].get<std::string>(), std::string("a b/c"));
        QCOMPARE(bodyOf(res)["user"].get<std::string>(), std::string("bob"));
    }

    void literalSegmentBeatsCapture() {
        auto req = makeRequest("GET", "/v1/items/special", "inspector-token");
        auto res = m_router.handle(req);
        QCOMPARE(res.status, 200);
        QCOMPARE(bodyOf(res)["special"].get<bool>(), true);
    }

    void unknownPathIs404() {
        auto req = makeRequest("GET", "/v1/nothing/here", "admin-token");
        auto res = m_router.handle(req);
        QCOMPARE(res.status, 404);
        QCOMPARE(bodyOf(res)["error"]["code"].get<std::string>(), std::string("not_found"));
        auto deeper = makeRequest("GET", "/v1/items/1/2", "admin-token");
        QCOMPARE(m_router.handle(deeper).status, 404);
    }

    void wrongMethodIs405WithAllow() {
        auto req = makeRequest("PUT", "/v1/items/7", "admin-token");
        auto res = m_router.handle(req);
        QCOMPARE(res.status, 405);
        QCOMPARE(bodyOf(res)["error"]["code"].get<std::string>(), std::string("method_not_allowed"));
        std::optional<std::string> allow;
        for (const auto& [k, v] : res.headers)
            if (k == "Allow") allow = v;
        QVERIFY(allow);
        QCOMPARE(*allow, std::string("DELETE, GET"));
    }

    void missingOrBadTokenIs401() {
        auto none = makeRequest("GET", "/v1/items/7");
        auto res = m_router.handle(none);
        QCOMPARE(res.status, 401);
        QCOMPARE(bodyOf(res)["error"]["code"].get<std::string>(), std::string("unauthenticated"));
        bool challenge = false;
        for (const auto& [k, v] : res.headers)
            if (k == "WWW-Authenticate" && v.rfind("Bearer", 0) == 0) challenge = true;
        QVERIFY(challenge);

        auto bad = makeRequest("GET", "/v1/items/7", "nope");
        QCOMPARE(m_router.handle(bad).status, 401);
        auto basic = makeRequest("GET", "/v1/items/7");
        basic.headers.emplace_back("authorization", "Basic YWxpY2U6cHc=");
        QCOMPARE(m_router.handle(basic).status, 401);
        auto lowerScheme = makeRequest("GET", "/v1/items/7");
        lowerScheme.headers.emplace_back("authorization", "bearer admin-token");
        QCOMPARE(m_router.handle(lowerScheme).status, 200);
    }

    void wrongRoleIs403() {
        auto req = makeRequest("POST", "/v1/admin/things", "inspector-token");
        auto res = m_router.handle(req);
        QCOMPARE(res.status, 403);
        QCOMPARE(bodyOf(res)["error"]["code"].get<std::string>(), std::string("forbidden"));
        auto ok = makeRequest("POST", "/v1/admin/things", "admin-token");
        QCOMPARE(m_router.handle(ok).status, 201);
    }

    void unauthenticatedRouteSkipsAuth() {
        const int before = m_auth.calls;
        auto req = makeRequest("GET", "/v1/health");
        auto res = m_router.handle(req);
        QCOMPARE(res.status, 200);
        QCOMPARE(bodyOf(res)["caller"].get<bool>(), false);
        QCOMPARE(m_auth.calls, before);
    }

    void handlerExceptionIs500WithoutDetail() {
        auto req = makeRequest("GET", "/v1/boom", "admin-token");
        auto res = m_router.handle(req);
        QCOMPARE(res.status, 500);
        QCOMPARE(bodyOf(res)["error"]["code"].get<std::string>(), std::string("internal"));
        QVERIFY(res.body.find("secret detail 42") == std::string::npos);
        bool logged = false;
        for (const auto& line : logLines())
            if (line.find("secret detail 42") != std::string::npos) logged = true;
        QVERIFY(logged);
    }

    void storeFailureIs503() {
        auto req = makeRequest("GET", "/v1/store", "admin-token");
        auto res = m_router.handle(req);
        QCOMPARE(res.status, 503);
        QCOMPARE(bodyOf(res)["error"]["code"].get<std::string>(), std::string("storage_unavailable"));
        QVERIFY(res.body.find("malformed") == std::string::npos);
        auto authDown = makeRequest("GET", "/v1/items/1", "store-down");
        QCOMPARE(m_router.handle(authDown).status, 503);
    }

    void malformedEscapeIs400() {
        auto req = makeRequest("GET", "/v1/items/%zz", "admin-token");
        QCOMPARE(m_router.handle(req).status, 400);
    }

    void bodyLimitFollowsTheRoute() {
        QCOMPARE(m_router.bodyLimit("POST", "/v1/admin/things"), std::size_t(4096));
        QCOMPARE(m_router.bodyLimit("POST", "/v1/admin/things?x=1"), std::size_t(4096));
        QCOMPARE(m_router.bodyLimit("GET", "/v1/items/1"), kDefaultBodyLimit);
        QCOMPARE(m_router.bodyLimit("GET", "/nowhere"), kDefaultBodyLimit);
        QCOMPARE(m_router.bodyLimit("GET", "/metrics"), std::size_t(0));
    }

    void badPatternsAreProgrammerErrors() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 m_router.add(route("GET", "no-slash", [](RequestContext&) { return HttpResponse::empty(204); })));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 m_router.add(route("GET", "/a/x{id}", [](RequestContext&) { return HttpResponse::empty(204); })));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 m_router.add(route("GET", "/v1/items/{id}", [](RequestContext&) { return HttpResponse::empty(204); })));
    }

    void accessLogHasOneLinePerRequestAndNoSecrets() {
        const auto before = logLines().size();
        auto req = makeRequest("GET", "/v1/items/42?token=querysecret", "inspector-token");
        req.body = "bodysecret";
        QCOMPARE(m_router.handle(req).status, 200);
        const auto lines = logLines();
        QCOMPARE(lines.size(), before + 1);
        const std::string& line = lines.back();
        QVERIFY2(line.find("method=GET") != std::string::npos, line.c_str());
        QVERIFY2(line.find("path=/v1/items/42") != std::string::npos, line.c_str());
        QVERIFY2(line.find("status=200") != std::string::npos, line.c_str());
        QVERIFY2(line.find("user=bob") != std::string::npos, line.c_str());
        QVERIFY2(line.find("ms=") != std::string::npos, line.c_str());
        for (const auto& l : lines) {
            QVERIFY(l.find("inspector-token") == std::string::npos);
            QVERIFY(l.find("admin-token") == std::string::npos);
            QVERIFY(l.find("querysecret") == std::string::npos);
            QVERIFY(l.find("bodysecret") == std::string::npos);
        }
    }

    void metricsCountRequestsByPattern() {
        auto req = makeRequest("GET", "/metrics", "admin-token");
        auto res = m_router.handle(req);
        QCOMPARE(res.status, 200);
        QVERIFY(res.contentType.rfind("text/plain; version=0.0.4", 0) == 0);
        const std::string& text = res.body;
        QVERIFY2(text.find("fieldseal_http_requests_total{route=\"/v1/items/{id}\",method=\"GET\",status=\"200\"}") !=
                     std::string::npos,
                 text.c_str());
        QVERIFY(text.find("route=\"(unmatched)\",method=\"GET\",status=\"404\"") != std::string::npos);
        QVERIFY(text.find("# TYPE fieldseal_http_request_duration_seconds histogram") != std::string::npos);
        QVERIFY(text.find("fieldseal_http_request_duration_seconds_bucket{route=\"/v1/items/{id}\",le=\"+Inf\"}") !=
                std::string::npos);
        auto denied = makeRequest("GET", "/metrics", "inspector-token");
        QCOMPARE(m_router.handle(denied).status, 403);
    }

    void metricsTextFormat() {
        Metrics m;
        m.add("fieldseal_ops_accepted_total", 3);
        m.add("fieldseal_ops_accepted_total", 2);
        m.set("fieldseal_queue_depth", 7);
        m.set("fieldseal_queue_depth", 4.5);
        m.describe("fieldseal_queue_depth", "Things waiting.");
        m.observeRequest("/a/{x}", "GET", 200, 0.003);
        m.observeRequest("/a/{x}", "GET", 200, 0.2);
        m.observeRequest("/a/{x}", "GET", 500, 20);
        m.observeRequest("/q\"uote", "GET", 200, 0.001);
        QCOMPARE(m.value("fieldseal_ops_accepted_total"), 5.0);
        QCOMPARE(m.value("fieldseal_queue_depth"), 4.5);
        const std::string text = m.renderPrometheus();
        QVERIFY(text.find("# HELP fieldseal_ops_accepted_total Ops accepted") != std::string::npos);
        QVERIFY(text.find("# TYPE fieldseal_ops_accepted_total counter\nfieldseal_ops_accepted_total 5\n") !=
                std::string::npos);
        QVERIFY(text.find("# HELP fieldseal_queue_depth Things waiting.\n# TYPE fieldseal_queue_depth gauge\n"
                          "fieldseal_queue_depth 4.5\n") != std::string::npos);
        // Buckets are cumulative; the 20 s request lands only in +Inf.
        QVERIFY(text.find("fieldseal_http_request_duration_seconds_bucket{route=\"/a/{x}\",le=\"0.005\"} 1\n") !=
                std::string::npos);
        QVERIFY(text.find("fieldseal_http_request_duration_seconds_bucket{route=\"/a/{x}\",le=\"0.25\"} 2\n") !=
                std::string::npos);
        QVERIFY(text.find("fieldseal_http_request_duration_seconds_bucket{route=\"/a/{x}\",le=\"10\"} 2\n") !=
                std::string::npos);
        QVERIFY(text.find("fieldseal_http_request_duration_seconds_bucket{route=\"/a/{x}\",le=\"+Inf\"} 3\n") !=
                std::string::npos);
        QVERIFY(text.find("fieldseal_http_request_duration_seconds_count{route=\"/a/{x}\"} 3\n") != std::string::npos);
        QVERIFY(text.find("fieldseal_http_requests_total{route=\"/a/{x}\",method=\"GET\",status=\"500\"} 1\n") !=
                std::string::npos);
        QVERIFY(text.find("route=\"/q\\\"uote\"") != std::string::npos);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m.add("bad name"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m.add("fieldseal_queue_depth"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m.add("fieldseal_ops_accepted_total", -1));
    }

    // A total kept elsewhere (the database lock's) is read at each render, and stays a counter.
    void sourcesAreReadAtEachRender() {
        Metrics m;
        double held = 0.25;
        int refreshed = 0;
        m.addSource([&](Metrics& metrics) {
            ++refreshed;
            metrics.setTotal("fieldseal_db_lock_held_seconds_total", held);
        });
        QCOMPARE(refreshed, 0);
        std::string text = m.renderPrometheus();
        QCOMPARE(refreshed, 1);
        QVERIFY2(text.find("# HELP fieldseal_db_lock_held_seconds_total Time requests held the database lock.\n"
                           "# TYPE fieldseal_db_lock_held_seconds_total counter\n"
                           "fieldseal_db_lock_held_seconds_total 0.25\n") != std::string::npos,
                 text.c_str());
        held = 1.5;
        text = m.renderPrometheus();
        QVERIFY(text.find("fieldseal_db_lock_held_seconds_total 1.5\n") != std::string::npos);
        QCOMPARE(m.value("fieldseal_db_lock_held_seconds_total"), 1.5);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m.set("fieldseal_db_lock_held_seconds_total", 1));
    }
};

QTEST_APPLESS_MAIN(TestRouter)
#include "test_router.moc"
