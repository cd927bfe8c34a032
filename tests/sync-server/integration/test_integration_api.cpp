// fieldseal-server's API over HTTPS with the real client: signing in (good, wrong, throttled),
// /v1/me, token refresh and logout; every error status the API promises, each with the JSON
// error body and without changing the op log; and a graceful stop on SIGTERM that finishes the
// push in flight.
#include "client/sync_protocol.h"
#include "integration_support.h"
#include "support/fault_proxy.h"
#include "support/mutations.h"
#include "sync/op_codec.h"

#include <QtTest>
#include <atomic>
#include <thread>

using namespace fieldseal;
using namespace fieldseal::itest;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

Tablet::Options inMemory() {
    Tablet::Options o;
    o.inMemory = true;
    o.attempts = 1;
    return o;
}

HttpRequest request(const std::string& method, const std::string& path, std::string body = {},
                    const std::string& contentType = "application/json") {
    HttpRequest r;
    r.method = method;
    r.path = path;
    r.body = std::move(body);
    if (!r.body.empty()) r.headers.add("Content-Type", contentType);
    return r;
}

HttpRequest withBearer(HttpRequest r, const std::string& token) {
    r.headers.set("Authorization", "Bearer " + token);
    return r;
}

json loginBody(const std::string& user, const std::string& password) {
    return {{"username", user}, {"password", password}, {"device_id", "tab-itest"}};
}

// A blob PATCH (tus 1.0).
HttpRequest patch(const std::string& sha, std::uint64_t offset, std::string bytes,
                  std::optional<std::uint64_t> length = std::nullopt,
                  const std::string& contentType = "application/offset+octet-stream") {
    HttpRequest r = request("PATCH", "/v1/blobs/" + sha, std::move(bytes), contentType);
    if (r.body.empty()) r.headers.add("Content-Type", contentType);
    r.headers.add("Tus-Resumable", "1.0.0");
    r.headers.add("Upload-Offset", std::to_string(offset));
    if (length) r.headers.add("Upload-Length", std::to_string(*length));
    return r;
}

} // namespace

class TestIntegrationApi : public QObject {
    Q_OBJECT

    std::unique_ptr<test::ServerProcess> m_server;

    // The answer is the error promised, in the documented body, and the op log did not change.
    void expectError(const HttpResponse& r, long status, const std::string& code, std::int64_t opsBefore) {
        QCOMPARE(r.status, status);
        QVERIFY2(isErrorBody(r), r.body.c_str());
        QCOMPARE(errorCode(r), code);
        QCOMPARE(serverOpCount(*m_server), opsBefore);
    }

    // Wang's tablet with one inspection of each state the review errors need.
    struct Inspections {
        std::string draft, submitted;
    };
    Inspections pudongInspections() {
        Tablet wang(*m_server, "tab-wang-api-" + newId().substr(24), "insp.wang", kPudong);
        wang.login();
        wang.sync();
        Inspections i{newInspection(wang, "ccc-toys-v1"), newInspection(wang, "ccc-ebike-v1")};
        wang.put("inspection", i.submitted, {{"status", "submitted"}});
        const auto report = wang.sync();
        if (!report.rejected.empty()) throw std::runtime_error("wang's inspections were rejected");
        return i;
    }

private slots:
    void initTestCase() {
        guarded([&] { m_server = test::ServerProcess::start(); });
    }

    void cleanupTestCase() {
        if (m_server && QTest::currentTestFailed()) qWarning("server log:\n%s", m_server->log().c_str());
        m_server.reset();
    }

    void loginGoodAndWrongPassword() {
        guarded([&] {
            HttpClient http(clientOptions(m_server->baseUrl(), m_server->caFile()));
            ApiSession session(http, quickPolicy(1));
            const auto tokens = must(session.login("insp.li", kDemoPassword, "tab-li-login"), "login");
            QVERIFY(tokens.accessToken.size() >= 32);
            QVERIFY(!tokens.refreshToken.empty() && tokens.refreshToken != tokens.accessToken);
            QVERIFY(!tokens.expiresAt.empty());
            QCOMPARE(tokens.user["username"].get<std::string>(), std::string("insp.li"));
            QCOMPARE(tokens.user["role"].get<std::string>(), std::string("inspector"));
            QCOMPARE(tokens.user["district"].get<std::string>(), std::string(kPudong));

            for (const auto& [user, password] :
                 {std::pair<std::string, std::string>{"insp.li", "wrong-password"},
                  {"nobody.here", kDemoPassword}}) {
                ApiSession other(http, quickPolicy(1));
                const auto refused = other.login(user, password, "tab-li-login");
                QVERIFY(!refused.ok());
                QCOMPARE(refused.error().httpStatus, 401L);
                QCOMPARE(refused.error().serverCode, std::string("invalid_credentials")); // no hint which
                QVERIFY(!other.tokens().has_value());
            }
        });
    }

    void sixthFailedLoginIsThrottled() {
        guarded([&] {
            // A fresh account, so no other test shares its failure count.
            Api admin(*m_server, "admin.city");
            const std::string user = "itest.throttle";
            const std::string password = "correct-horse-battery-42";
            auto r = admin.post(
                "/v1/admin/users",
                {{"username", user}, {"role", "inspector"}, {"district", kPudong}, {"password", password}});
            QCOMPARE(r.status, 201L);
            const auto attempt = [&](const std::string& pw) {
                return sendUnauthenticated(*m_server,
                                           request("POST", "/v1/auth/login", loginBody(user, pw).dump()));
            };
            for (int i = 0; i < 4; ++i)
                QCOMPARE(attempt("wrong-" + std::to_string(i)).status, 401L);
            // The server keeps the time of the last failure in whole seconds, so a 1 s window that
            // straddles a second boundary is shorter than 1 s (reported). Make the fifth failure
            // early in a second so that the next attempts fall in the same one.
            while (std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                           .count() %
                       1000 >
                   100)
                std::this_thread::sleep_for(5ms);
            QCOMPARE(attempt("wrong-4").status, 401L);

            r = attempt("wrong-5");
            QCOMPARE(r.status, 429L);
            QVERIFY(isErrorBody(r));
            QCOMPARE(errorCode(r), std::string("too_many_attempts"));
            const auto retryAfter = r.headers.get("Retry-After");
            QVERIFY(retryAfter.has_value());
            const int seconds = std::stoi(*retryAfter);
            QVERIFY(seconds >= 1 && seconds <= 300);
            // Even the right password waits.
            QCOMPARE(attempt(password).status, 429L);

            // After the wait, the right password gets in.
            std::this_thread::sleep_for(std::chrono::seconds(seconds + 1));
            r = attempt(password);
            QCOMPARE(r.status, 200L);
            QCOMPARE(jsonOf(r)["user"]["username"].get<std::string>(), user);
        });
    }

    void meRefreshAndLogout() {
        guarded([&] {
            Api wang(*m_server, "insp.wang");
            auto r = wang.get("/v1/me");
            QCOMPARE(r.status, 200L);
            auto me = jsonOf(r);
            QCOMPARE(me["username"].get<std::string>(), std::string("insp.wang"));
            QCOMPARE(me["role"].get<std::string>(), std::string("inspector"));
            QCOMPARE(me["district"].get<std::string>(), std::string(kPudong));

            // Refresh: new tokens, and the new access token works.
            const SessionTokens old = wang.tokens();
            const auto renewed = must(wang.session().refresh(), "refresh");
            QVERIFY(renewed.accessToken != old.accessToken);
            QVERIFY(renewed.refreshToken != old.refreshToken);
            r = sendUnauthenticated(*m_server, withBearer(request("GET", "/v1/me"), renewed.accessToken));
            QCOMPARE(r.status, 200L);
            // The old refresh token is used up; presenting it again looks like a stolen token, so
            // the whole session (the renewed tokens too) is revoked.
            r = sendUnauthenticated(*m_server, request("POST", "/v1/auth/refresh",
                                                       json{{"refresh_token", old.refreshToken}}.dump()));
            QCOMPARE(r.status, 401L);
            QVERIFY(isErrorBody(r));
            r = sendUnauthenticated(*m_server, withBearer(request("GET", "/v1/me"), renewed.accessToken));
            QCOMPARE(r.status, 401L);

            // Logout: 204, and the token no longer opens anything; nor does its refresh token.
            Api li(*m_server, "insp.li");
            const SessionTokens session = li.tokens();
            r = sendUnauthenticated(*m_server,
                                    withBearer(request("POST", "/v1/auth/logout"), session.accessToken));
            QCOMPARE(r.status, 204L);
            r = sendUnauthenticated(*m_server, withBearer(request("GET", "/v1/me"), session.accessToken));
            QCOMPARE(r.status, 401L);
            QCOMPARE(errorCode(r), std::string("unauthenticated"));
            r = sendUnauthenticated(*m_server, request("POST", "/v1/auth/refresh",
                                                       json{{"refresh_token", session.refreshToken}}.dump()));
            QCOMPARE(r.status, 401L);
        });
    }

    void malformedRequestsAre400() {
        guarded([&] {
            Tablet wang(*m_server, "tab-wang-400", "insp.wang", kPudong, inMemory());
            wang.login();
            wang.sync();
            newInspection(wang, "cma-agency-v1");
            std::vector<Op> ops;
            for (const auto& s : wang.store->outbox(100))
                ops.push_back(s.op);
            Api api(*m_server, "insp.wang");
            const auto count = serverOpCount(*m_server);

            expectError(api.postText("/v1/sync", "{\"cursor\": 0, \"ops\": ["), 400, "malformed_json", count);
            expectError(api.post("/v1/sync", {{"cursor", 0}, {"since", 0}}), 400, "invalid_request", count);
            expectError(api.post("/v1/sync", {{"cursor", "0"}}), 400, "invalid_request", count);
            expectError(api.post("/v1/sync", {{"cursor", 0}, {"ops", opToJson(ops[0])}}), 400,
                        "invalid_request", count);
            // One bad op refuses the whole push: the good ops around it are not stored either.
            json list = json::array();
            for (const auto& op : ops)
                list.push_back(opToJson(op));
            json unknownMember = list;
            unknownMember[1]["colour"] = "red";
            expectError(api.post("/v1/sync", {{"cursor", 0}, {"ops", unknownMember}}), 400, "invalid_request",
                        count);
            json wrongType = list;
            wrongType[1]["hlc"] = std::to_string(ops[1].hlc);
            expectError(api.post("/v1/sync", {{"cursor", 0}, {"ops", wrongType}}), 400, "invalid_request",
                        count);

            // Strict bodies elsewhere too.
            auto r = sendUnauthenticated(
                *m_server, request("POST", "/v1/auth/login",
                                   json{{"username", "insp.wang"}, {"password", "x"}, {"otp", 1}}.dump()));
            expectError(r, 400, "invalid_request", count);
            r = sendUnauthenticated(*m_server, request("POST", "/v1/auth/login",
                                                       json{{"username", 5}, {"password", "x"}}.dump()));
            QCOMPARE(r.status, 400L);
            const auto inspections = pudongInspections();
            const auto count2 = serverOpCount(*m_server);
            Api sup(*m_server, "sup.pudong");
            r = sup.post("/v1/review/inspections/" + inspections.submitted + "/decision",
                         {{"decision", "maybe"}});
            expectError(r, 400, "invalid_request", count2);

            // The same ops, well formed, are then accepted: nothing of them had been stored.
            const auto accepted = wang.sync();
            QCOMPARE(accepted.accepted, static_cast<std::uint64_t>(ops.size()));
            QCOMPARE(serverOpCount(*m_server), count2 + static_cast<std::int64_t>(ops.size()));
        });
    }

    void badTokensAre401() {
        guarded([&] {
            Tablet wang(*m_server, "tab-wang-401", "insp.wang", kPudong, inMemory());
            wang.login();
            wang.sync();
            newInspection(wang, "ccc-toys-v1");
            std::vector<Op> ops;
            for (const auto& s : wang.store->outbox(100))
                ops.push_back(s.op);
            const auto count = serverOpCount(*m_server);
            const std::string body = syncRequestBody(0, ops, 10);
            expectError(sendUnauthenticated(*m_server, request("POST", "/v1/sync", body)), 401,
                        "unauthenticated", count);
            expectError(
                sendUnauthenticated(*m_server, withBearer(request("POST", "/v1/sync", body),
                                                          "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")),
                401, "unauthenticated", count);
            auto basic = request("GET", "/v1/me");
            basic.headers.add("Authorization", "Basic aW5zcC53YW5nOmRlbW8=");
            expectError(sendUnauthenticated(*m_server, basic), 401, "unauthenticated", count);
            // A refresh token is not an access token.
            expectError(sendUnauthenticated(*m_server, withBearer(request("GET", "/v1/me"),
                                                                  wang.session->tokens()->refreshToken)),
                        401, "unauthenticated", count);
        });
    }

    void forbiddenRoutesAre403() {
        guarded([&] {
            Api wang(*m_server, "insp.wang");
            Api sup(*m_server, "sup.pudong");
            const auto count = serverOpCount(*m_server);
            expectError(wang.get("/v1/review/queue"), 403, "forbidden", count);
            expectError(wang.get("/metrics"), 403, "forbidden", count);
            expectError(
                wang.post("/v1/admin/users",
                          {{"username", "mallory"}, {"role", "admin"}, {"password", "mallory-password-1"}}),
                403, "forbidden", count);
            expectError(sup.post("/v1/devices/some-device/revoke", json::object()), 403, "forbidden", count);
            Api chen(*m_server, "expo.chen");
            expectError(chen.get("/v1/conflicts"), 403, "forbidden", count);
            // Nothing was created by the refused request.
            Api admin(*m_server, "admin.city");
            QVERIFY(admin.get("/v1/admin/users").body.find("mallory") == std::string::npos);
        });
    }

    void unknownRoutesAndRecordsAre404() {
        guarded([&] {
            Api sup(*m_server, "sup.pudong");
            const auto count = serverOpCount(*m_server);
            expectError(sup.get("/v1/nothing-here"), 404, "not_found", count);
            expectError(sendUnauthenticated(*m_server, request("GET", "/v2/sync")), 404, "not_found", count);
            const std::string unknown = newId();
            expectError(sup.get("/v1/review/inspections/" + unknown), 404, "not_found", count);
            expectError(
                sup.post("/v1/review/inspections/" + unknown + "/decision", {{"decision", "approve"}}), 404,
                "not_found", count);
            Api admin(*m_server, "admin.city");
            expectError(admin.get("/v1/blobs/" + sha256Hex("never uploaded")), 404, "not_found", count);
        });
    }

    void wrongMethodIs405() {
        guarded([&] {
            Api wang(*m_server, "insp.wang");
            const auto count = serverOpCount(*m_server);
            auto r = wang.get("/v1/sync");
            expectError(r, 405, "method_not_allowed", count);
            QVERIFY(r.headers.get("Allow").value_or("").find("POST") != std::string::npos);
            HttpRequest del;
            del.method = "DELETE";
            del.path = "/v1/me";
            expectError(wang.send(del), 405, "method_not_allowed", count);
        });
    }

    void stateConflictsAre409() {
        guarded([&] {
            const auto inspections = pudongInspections();
            Api wang(*m_server, "insp.wang");
            auto count = serverOpCount(*m_server);

            // A cursor the server never gave out (a device restored from an old backup of another
            // server): refused whole, including its ops.
            Tablet t(*m_server, "tab-wang-409", "insp.wang", kPudong, inMemory());
            t.login();
            t.sync();
            newInspection(t, "ccc-toys-v1");
            std::vector<Op> ops;
            for (const auto& s : t.store->outbox(100))
                ops.push_back(s.op);
            expectError(wang.postText("/v1/sync", syncRequestBody(1'000'000'000, ops, 10)), 409,
                        "cursor_ahead", count);

            // A review of an inspection that is not submitted.
            Api sup(*m_server, "sup.pudong");
            expectError(sup.post("/v1/review/inspections/" + inspections.draft + "/decision",
                                 {{"decision", "approve"}}),
                        409, "illegal_transition", count);

            // A blob chunk at the wrong offset: 409 with the server's offset, which stays.
            const std::string bytes = randomBytes(100, 409);
            const std::string sha = sha256Hex(bytes);
            auto r = wang.send(patch(sha, 0, bytes.substr(0, 40), 100));
            QCOMPARE(r.status, 204L);
            QCOMPARE(r.headers.get("Upload-Offset").value_or(""), std::string("40"));
            r = wang.send(patch(sha, 10, bytes.substr(10, 30)));
            expectError(r, 409, "offset_mismatch", count);
            QCOMPARE(r.headers.get("Upload-Offset").value_or(""), std::string("40"));
            HttpRequest head;
            head.method = "HEAD";
            head.path = "/v1/blobs/" + sha;
            head.headers.add("Tus-Resumable", "1.0.0");
            r = wang.send(head);
            QCOMPARE(r.status, 200L);
            QCOMPARE(r.headers.get("Upload-Offset").value_or(""), std::string("40"));
        });
    }

    void oversizedBodiesAre413() {
        guarded([&] {
            Api wang(*m_server, "insp.wang");
            const auto count = serverOpCount(*m_server);
            // 2 MiB where 1 MiB is the limit: refused before it is read into memory.
            const std::string big =
                json{{"username", "insp.wang"}, {"password", std::string(2u << 20, 'x')}}.dump();
            expectError(sendUnauthenticated(*m_server, request("POST", "/v1/auth/login", big)), 413,
                        "payload_too_large", count);
            // More ops than one push may carry.
            Tablet t(*m_server, "tab-wang-413", "insp.wang", kPudong, inMemory());
            t.login();
            t.sync();
            newInspection(t, "ccc-toys-v1");
            const Op op = t.store->outbox(1).front().op;
            json list = json::array();
            for (int i = 0; i < 5001; ++i) {
                json j = opToJson(op);
                j["op_id"] = newId();
                list.push_back(std::move(j));
            }
            expectError(wang.post("/v1/sync", {{"cursor", 0}, {"ops", list}}), 413, "too_many_ops", count);
            // One PATCH may carry a whole blob (FieldSeal-Max-Chunk-Size is the blob limit), so the
            // limit that remains is the blob's declared size; a body past its declared length is 400.
            const std::string chunk(9u << 20, 'c');
            auto r = wang.send(patch(sha256Hex(chunk), 0, chunk, chunk.size() - 1));
            expectError(r, 400, "chunk_beyond_length", count);
            r = wang.send(patch(sha256Hex("huge"), 0, "abc", std::uint64_t(5) << 30));
            expectError(r, 413, "payload_too_large", count);
        });
    }

    void wrongBlobContentTypeIs415() {
        guarded([&] {
            Api wang(*m_server, "insp.wang");
            const auto count = serverOpCount(*m_server);
            const std::string bytes = "a photo";
            const std::string sha = sha256Hex(bytes);
            for (const char* type : {"application/octet-stream", "image/jpeg", "application/json"}) {
                auto r = wang.send(patch(sha, 0, bytes, bytes.size(), type));
                expectError(r, 415, "unsupported_media_type", count);
            }
            HttpRequest head;
            head.method = "HEAD";
            head.path = "/v1/blobs/" + sha;
            head.headers.add("Tus-Resumable", "1.0.0");
            QCOMPARE(wang.send(head).status, 404L); // nothing was stored
        });
    }

    // Mangled JSON bodies (bytes replaced, dropped, inserted, repeated, cut) of a push, a review
    // decision and a new user: never a 5xx; every 4xx in the documented error body and with the op
    // log as it was. (A mangling that is still a good request may succeed: that is allowed.)
    void mangledBodiesGetA4xxAndChangeNothing() {
        guarded([&] {
            Tablet wang(*m_server, "tab-wang-mangled", "insp.wang", kPudong, inMemory());
            wang.login();
            wang.sync();
            newInspection(wang, "cma-agency-v1");
            json ops = json::array();
            for (const auto& s : wang.store->outbox(100))
                ops.push_back(opToJson(s.op));
            const auto inspections = pudongInspections();
            Api wangApi(*m_server, "insp.wang");
            Api sup(*m_server, "sup.pudong");
            Api admin(*m_server, "admin.city");
            struct Target {
                Api& api;
                std::string path;
                std::string body;
            };
            const Target targets[] = {
                {wangApi, "/v1/sync", json{{"cursor", 0}, {"ops", ops}, {"limit", 10}}.dump()},
                {sup, "/v1/review/inspections/" + inspections.submitted + "/decision",
                 json{{"decision", "return"}, {"comment", "请补充现场照片"}}.dump()},
                {admin, "/v1/admin/users",
                 json{{"username", "itest.mangled"}, {"role", "inspector"}, {"district", kPudong},
                      {"password", "long-enough-password"}}
                     .dump()}};
            auto [rng, count] = test::mutationRun(300);
            int refused = 0;
            for (int i = 0; i < count; ++i) {
                const Target& t = targets[i % std::size(targets)];
                const std::string body = test::mutated(t.body, rng, test::kJsonTelling);
                const auto before = serverOpCount(*m_server);
                const auto r = t.api.postText(t.path, body);
                const std::string what = t.path + " " + std::to_string(r.status) + " " + r.body + " for " +
                                         json(body).dump(-1, ' ', true, json::error_handler_t::replace);
                QVERIFY2(r.status >= 200 && r.status < 500, what.c_str());
                if (r.status < 400) continue;
                ++refused;
                QVERIFY2(isErrorBody(r), what.c_str());
                QVERIFY2(serverOpCount(*m_server) == before, what.c_str());
            }
            qInfo("%d mangled bodies: %d refused", count, refused);
            QVERIFY(refused > count * 2 / 3); // most manglings break the body
        });
    }

    void invalidInputIs422() {
        guarded([&] {
            const auto inspections = pudongInspections();
            const auto count = serverOpCount(*m_server);
            Api sup(*m_server, "sup.pudong");
            const std::string decision = "/v1/review/inspections/" + inspections.submitted + "/decision";
            auto r = sup.post(decision, {{"decision", "return"}});
            expectError(r, 422, "missing_field", count);
            r = sup.post(decision, {{"decision", "return"}, {"comment", ""}});
            expectError(r, 422, "missing_field", count);
            Api admin(*m_server, "admin.city");
            r = admin.post("/v1/admin/users", {{"username", "itest.short"},
                                               {"role", "inspector"},
                                               {"district", kPudong},
                                               {"password", "short"}});
            expectError(r, 422, "invalid_input", count);
            r = admin.post("/v1/admin/users", {{"username", "itest.nodistrict"},
                                               {"role", "inspector"},
                                               {"district", "999999"},
                                               {"password", "long-enough-password"}});
            expectError(r, 422, "invalid_input", count);
            Api chen(*m_server, "expo.chen");
            r = chen.post("/v1/devices/enroll", {{"csr", "-----BEGIN CERTIFICATE REQUEST-----\nnot a csr\n"
                                                         "-----END CERTIFICATE REQUEST-----\n"}});
            expectError(r, 422, "invalid_input", count);
            // The uploaded bytes are not the blob named.
            Api wang(*m_server, "insp.wang");
            const std::string bytes = "these are not the bytes named";
            r = wang.send(patch(sha256Hex("other bytes"), 0, bytes, bytes.size()));
            expectError(r, 422, "hash_mismatch", count);
            // The inspection is still submitted and undecided.
            const auto detail = jsonOf(sup.get("/v1/review/inspections/" + inspections.submitted));
            QCOMPARE(detail["inspection"]["status"].get<std::string>(), std::string("submitted"));
            QVERIFY(!detail["inspection"].contains("review_comment"));
        });
    }

    void healthAndMetrics() {
        guarded([&] {
            auto r = sendUnauthenticated(*m_server, request("GET", "/v1/health"));
            QCOMPARE(r.status, 200L);
            QCOMPARE(jsonOf(r)["status"].get<std::string>(), std::string("ok"));
            Api admin(*m_server, "admin.city");
            r = admin.get("/metrics");
            QCOMPARE(r.status, 200L);
            QVERIFY(r.headers.get("Content-Type").value_or("").starts_with("text/plain"));
            for (const char* counter :
                 {"fieldseal_http_requests_total", "fieldseal_http_request_duration_seconds",
                  "fieldseal_ops_accepted_total"})
                QVERIFY2(r.body.find(counter) != std::string::npos, counter);
            // Every request so far took the database lock (sign-in, the token check): some time held.
            const auto held = r.body.find("\nfieldseal_db_lock_held_seconds_total ");
            QVERIFY2(held != std::string::npos, r.body.c_str());
            QVERIFY(std::stod(r.body.substr(held + 38)) > 0);
            QVERIFY(r.body.find("# TYPE fieldseal_db_lock_wait_seconds_total counter\n") != std::string::npos);
        });
    }

    // Last: stops the shared server.
    void sigtermDuringAPushCompletesIt() {
        guarded([&] {
            Tablet admin(*m_server, "tab-admin-sigterm", "admin.city", "", inMemory());
            admin.login();
            for (int i = 0; i < 300; ++i) {
                Fields fields = {{"organisation_id", "org-" + std::to_string(i)},
                                 {"template_id", "ccc-toys-v1"},
                                 {"district", kPudong}};
                for (int k = 0; k < 7; ++k)
                    fields.emplace_back("answers.item-" + std::to_string(k),
                                        json{{"result", "pass"}, {"note", "检查项 " + std::to_string(k)}});
                admin.put("inspection", newId(), fields);
            }
            std::vector<Op> ops;
            for (const auto& s : admin.store->outbox(100000))
                ops.push_back(s.op);
            const auto before = serverOpCount(*m_server);

            // The push goes through a relay that stalls part-way through the request body, so
            // the server is in the middle of reading it when SIGTERM arrives.
            test::FaultProxy proxy("127.0.0.1", m_server->port(), 7);
            HttpClient http(clientOptions(proxy.url("https"), m_server->caFile()));
            ApiSession session(http, quickPolicy(1));
            session.setTokens(admin.session->tokens());
            proxy.setFaults(test::FaultProxy::Faults::stallAfter(test::FaultProxy::Direction::ClientToServer,
                                                                 64 * 1024, 64 * 1024, 2000ms));
            std::optional<SyncResult<HttpResponse>> answer;
            std::thread push([&] {
                HttpRequest r = request("POST", "/v1/sync", syncRequestBody(0, ops, 1));
                answer = session.call(std::move(r), ApiSession::Retries::None);
            });
            const auto deadline = std::chrono::steady_clock::now() + 60s;
            while (proxy.counters().stalls == 0 && std::chrono::steady_clock::now() < deadline)
                std::this_thread::sleep_for(5ms);
            const bool stalled = proxy.counters().stalls > 0;
            const int exitStatus = m_server->stop(30s);
            push.join();
            QVERIFY(stalled);
            QCOMPARE(exitStatus, 0);
            QVERIFY(answer.has_value());
            QVERIFY2(answer->ok(), answer->ok() ? "" : answer->error().describe().c_str());
            QCOMPARE((*answer)->status, 200L);
            const auto reply = parseSyncReply((*answer)->body);
            QVERIFY(reply.ok());
            QCOMPARE(reply->accepted.size(), ops.size());
            QVERIFY(reply->rejected.empty());
            const std::string log = m_server->log();
            QVERIFY(log.find("caught SIGTERM") != std::string::npos);
            QVERIFY(log.find("caught SIGTERM") < log.rfind("path=/v1/sync status=200"));

            // What the client was told is what the server kept.
            m_server->restart();
            QCOMPARE(serverOpCount(*m_server), before + static_cast<std::int64_t>(ops.size()));
        });
    }
};

QTEST_APPLESS_MAIN(TestIntegrationApi)
#include "test_integration_api.moc"
