// The seal routes, called directly through Route::handler with hand-made requests (the router's
// own layers are tested with the router; here each route's declared roles and limits are
// checked, and every status its handler answers).
#include "seal/qr_codec.h"
#include "seal_test_env.h"
#include "seals/seal_routes.h"

#include <QTest>
#include <map>

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
    explicit Routes(SealEnv& env)
        : m_routes(sealRoutes(*env.seals)) {}

    const Route& route(const std::string& method, const std::string& pattern) const {
        for (const auto& r : m_routes)
            if (r.method == method && r.pattern == pattern) return r;
        throw std::runtime_error("no route " + method + " " + pattern);
    }

    Call call(const std::string& method, const std::string& pattern, const std::string& body,
              const Caller& who, std::map<std::string, std::string> params = {},
              std::map<std::string, std::string> query = {}, HeaderList headers = {}) {
        HttpRequest request;
        request.method = method;
        request.path = pattern;
        request.target = pattern;
        request.pathParams = std::move(params);
        request.query = std::move(query);
        request.headers = std::move(headers);
        request.body = body;
        request.remoteAddress = "127.0.0.1:40000";
        RequestContext ctx{request, who};
        Call c;
        c.response = route(method, pattern).handler(ctx);
        c.status = c.response.status;
        if (!c.response.body.empty()) c.body = json::parse(c.response.body);
        return c;
    }

private:
    std::vector<Route> m_routes;
};

const Caller kAdmin = caller("root", Role::Admin, "");
const Caller kStaff = caller("alice", Role::ExhibitionStaff, "310118");
const Caller kInspector = caller("ivan", Role::Inspector, "310115");

std::string errorCode(const Call& c) {
    return c.body.contains("error") ? c.body["error"].value("code", "") : std::string();
}

std::string header(const HttpResponse& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
        if (k == name) return v;
    return {};
}

} // namespace

class TestSealRoutes : public QObject {
    Q_OBJECT
private slots:
    void declarations();
    void enroll();
    void devicesAndRevocation();
    void trustList();
    void publish();
    void verify();
};

void TestSealRoutes::declarations() {
    SealEnv env(seal::Algorithm::Es256);
    Routes routes(env);
    for (const auto& [method, pattern] : std::vector<std::pair<std::string, std::string>>{
             {"POST", "/v1/devices/enroll"}, {"GET", "/v1/trust-list"}, {"POST", "/v1/seal/verify"}}) {
        const auto& r = routes.route(method, pattern);
        QVERIFY(r.authenticated);
        QVERIFY2(r.roles.empty(), pattern.c_str()); // any signed-in user
    }
    QVERIFY(routes.route("GET", "/v1/devices").roles == (std::vector<Role>{Role::Admin, Role::Supervisor}));
    QVERIFY(routes.route("POST", "/v1/devices/{id}/revoke").roles == std::vector<Role>{Role::Admin});
    QVERIFY(routes.route("POST", "/v1/trust-list/publish").roles == std::vector<Role>{Role::Admin});
    QVERIFY(routes.route("POST", "/v1/devices/enroll").maxBodyBytes <= 64 * 1024);
    QCOMPARE(routes.route("POST", "/v1/seal/verify").maxBodyBytes, seal::kMaxEnvelopeBytes);
}

void TestSealRoutes::enroll() {
    SealEnv env(seal::Algorithm::Sm2Sm3);
    Routes routes(env);
    auto key = must(seal::generateKey(seal::Algorithm::Sm2Sm3));
    const std::string csr = must(seal::createCsrPem(key.get(), "someone else"));

    const auto created =
        routes.call("POST", "/v1/devices/enroll",
                    json{{"csr", csr}, {"device_id", "t-1"}, {"label", "4.1 馆"}}.dump(), kStaff);
    QCOMPARE(created.status, 201);
    QCOMPARE(created.body["device_id"].get<std::string>(), std::string("t-1"));
    QCOMPARE(created.body["chain"].size(), size_t{2});
    QCOMPARE(created.body["trust_list"]["payload"]["sequence"].get<int>(), 1);
    QVERIFY(!created.body["not_after"].get<std::string>().empty());
    const auto cert = must(seal::certificateFromPem(created.body["certificate"].get<std::string>()));
    QVERIFY(seal::subjectString(cert.get()).find("CN=alice") != std::string::npos);

    // Retried after a lost response: 200 with the same certificate.
    const auto retried =
        routes.call("POST", "/v1/devices/enroll", json{{"csr", csr}, {"device_id", "t-1"}}.dump(), kStaff);
    QCOMPARE(retried.status, 200);
    QVERIFY(retried.body["serial"] == created.body["serial"]);
    // The id is someone else's.
    QCOMPARE(
        routes.call("POST", "/v1/devices/enroll", json{{"csr", csr}, {"device_id", "t-1"}}.dump(), kInspector)
            .status,
        409);

    const auto bad = [&](const std::string& body, int status, const std::string& code) {
        const auto c = routes.call("POST", "/v1/devices/enroll", body, kStaff);
        QVERIFY2(c.status == status, (body.substr(0, 60) + " -> " + c.response.body).c_str());
        QCOMPARE(errorCode(c), code);
    };
    bad("{not json", 400, "malformed_json");
    bad("[]", 400, "invalid_request");
    bad(json{{"csr", 42}}.dump(), 400, "invalid_request");
    bad(json{{"csr", csr}, {"role", "admin"}}.dump(), 400, "invalid_request"); // unknown member
    bad(json::object().dump(), 400, "invalid_request");
    bad(json{{"csr", "not a request"}}.dump(), 422, "invalid_input");
    bad(json{{"csr", env.seals->authorityLocked().rootCertificatePem()}}.dump(), 422, "invalid_input");
    bad(json{{"csr", csr}, {"device_id", "has space"}}.dump(), 422, "invalid_input");
    const auto truncated =
        routes.call("POST", "/v1/devices/enroll",
                    json{{"csr", "-----BEGIN CERTIFICATE REQUEST-----\n"
                                 "MIIBDTCBlAIBADAVMRMwEQYDVQQDDAp0YWJsZXQtMzg0MHYwEAYHKoZIzj0CAQYF\n"
                                 "-----END CERTIFICATE REQUEST-----\n"}}
                        .dump(),
                    kStaff);
    QCOMPARE(truncated.status, 422);
    QCOMPARE(env.scalar("SELECT count(*) FROM devices"), std::string("1"));
}

void TestSealRoutes::devicesAndRevocation() {
    SealEnv env(seal::Algorithm::Es256);
    Routes routes(env);
    Tablet a(env, kStaff, seal::Algorithm::Es256, "a");
    Tablet b(env, kInspector, seal::Algorithm::Es256, "b");

    const auto all = routes.call("GET", "/v1/devices", "", kAdmin);
    QCOMPARE(all.status, 200);
    QCOMPARE(all.body["devices"].size(), size_t{2});
    QVERIFY(all.body["devices"][0]["revoked_at"].is_null());
    QCOMPARE(all.body["devices"][0]["label"].get<std::string>(), std::string("窗口 1"));
    const auto district = routes.call("GET", "/v1/devices", "", caller("sup", Role::Supervisor, "310115"));
    QCOMPARE(district.body["devices"].size(), size_t{1});
    QCOMPARE(district.body["devices"][0]["device_id"].get<std::string>(), std::string("b"));

    const std::string path = "/v1/devices/{id}/revoke";
    QCOMPARE(routes.call("POST", path, "", kAdmin, {{"id", "nope"}}).status, 404);
    QCOMPARE(routes.call("POST", path, "", kStaff, {{"id", "a"}}).status,
             403); // even if the router let it through
    QCOMPARE(routes.call("POST", path, json{{"at", "yesterday"}}.dump(), kAdmin, {{"id", "a"}}).status, 422);
    QCOMPARE(
        routes.call("POST", path, json{{"at", "2999-01-01T00:00:00Z"}}.dump(), kAdmin, {{"id", "a"}}).status,
        422);
    QCOMPARE(routes.call("POST", path, json{{"when", "now"}}.dump(), kAdmin, {{"id", "a"}}).status, 400);
    QCOMPARE(routes.call("POST", path, "{", kAdmin, {{"id", "a"}}).status, 400);
    QCOMPARE(env.seals->trustListSequence(), std::uint64_t{1}); // nothing above changed anything

    const auto revoked = routes.call("POST", path, json{{"reason", "lost"}}.dump(), kAdmin, {{"id", "a"}});
    QCOMPARE(revoked.status, 200);
    QCOMPARE(revoked.body["trust_list_sequence"].get<int>(), 2);
    QVERIFY(revoked.body["revoked_at"].is_string());
    QCOMPARE(routes.call("POST", path, "", kAdmin, {{"id", "a"}}).status, 409);
    QVERIFY(routes.call("GET", "/v1/devices", "", kAdmin).body["devices"][0]["revoked_at"].is_string());
}

void TestSealRoutes::trustList() {
    SealEnv env(seal::Algorithm::Es256);
    Routes routes(env);
    const auto got = routes.call("GET", "/v1/trust-list", "", kInspector);
    QCOMPARE(got.status, 200);
    QCOMPARE(got.body["payload"]["type"].get<std::string>(), std::string("trust-list"));
    QCOMPARE(header(got.response, "ETag"), std::string("\"trust-list-1\""));
    // What a device does with it: install it under the provisioned root.
    seal::TrustStore device(must(seal::certificatesFromPem([&] {
        auto lock = env.db->lock();
        return env.seals->authorityLocked().rootCertificatePem();
    }())));
    QVERIFY(device.install(got.body, seal::now()).ok());

    QCOMPARE(routes.call("GET", "/v1/trust-list", "", kInspector, {}, {{"after", "1"}}).status, 304);
    QCOMPARE(routes.call("GET", "/v1/trust-list", "", kInspector, {}, {{"after", "7"}}).status, 304);
    QCOMPARE(routes.call("GET", "/v1/trust-list", "", kInspector, {}, {{"after", "0"}}).status, 200);
    QCOMPARE(
        routes.call("GET", "/v1/trust-list", "", kInspector, {}, {}, {{"If-None-Match", "\"trust-list-1\""}})
            .status,
        304);
    for (const char* bad : {"", "-1", "one", "1x", "99999999999999999999999"})
        QVERIFY2(routes.call("GET", "/v1/trust-list", "", kInspector, {}, {{"after", bad}}).status == 400,
                 bad);

    must(env.seals->publishTrustList(kAdmin, std::nullopt));
    const auto newer = routes.call("GET", "/v1/trust-list", "", kInspector, {}, {{"after", "1"}});
    QCOMPARE(newer.status, 200);
    QCOMPARE(newer.body["payload"]["sequence"].get<int>(), 2);
}

void TestSealRoutes::publish() {
    SealEnv env(seal::Algorithm::Sm2Sm3);
    Routes routes(env);
    const json units = {uscc("91310118MA1JL0001"), {{"name", "Gaggia S.p.A."}}};
    const auto published =
        routes.call("POST", "/v1/trust-list/publish", json{{"fast_channel_units", units}}.dump(), kAdmin);
    QCOMPARE(published.status, 200);
    QCOMPARE(published.body["sequence"].get<int>(), 2);
    QVERIFY(env.seals->trustStore().fastChannelUnits() == units);
    QCOMPARE(routes.call("POST", "/v1/trust-list/publish", "", kAdmin).status, 200); // keeps the units
    QVERIFY(env.seals->trustStore().fastChannelUnits() == units);
    QCOMPARE(
        routes.call("POST", "/v1/trust-list/publish", json{{"fast_channel_units", {1, 2}}}.dump(), kAdmin)
            .status,
        422);
    QCOMPARE(routes.call("POST", "/v1/trust-list/publish", json{{"fast_channel_units", "x"}}.dump(), kAdmin)
                 .status,
             400);
    QCOMPARE(routes.call("POST", "/v1/trust-list/publish", "", kStaff).status, 403);
    QCOMPARE(env.seals->trustListSequence(), std::uint64_t{3});
}

void TestSealRoutes::verify() {
    SealEnv env(seal::Algorithm::Sm2Sm3);
    Routes routes(env);
    Tablet tablet(env, kStaff, seal::Algorithm::Sm2Sm3, "t");
    const json envelope = tablet.seal({{"number", "CCCE-1"}, {"qty", 2}});
    const auto post = [&](const json& body) {
        return routes.call("POST", "/v1/seal/verify", body.dump(), kInspector);
    };

    const auto passed = post(envelope);
    QCOMPARE(passed.status, 200);
    QCOMPARE(passed.body["indication"].get<std::string>(), std::string("PASSED"));
    QCOMPARE(passed.body["signer"]["serial"].get<std::string>(), tablet.enrolled.device.serial);
    QVERIFY(passed.body["sub_indication"].is_null());
    QVERIFY(!passed.body["explanation"]["zh"].get<std::string>().empty());

    auto tampered = envelope;
    tampered["payload"]["qty"] = 3;
    const auto failed = post(tampered);
    QCOMPARE(failed.status, 200); // a verdict, not a bad request
    QCOMPARE(failed.body["sub_indication"].get<std::string>(), std::string("SIG_CRYPTO_FAILURE"));

    // QR form: the signer is found in the trust list once one carrying the device is published.
    const std::string qr = must(seal::encodeQr(envelope));
    QCOMPARE(post({{"qr", qr}}).body["sub_indication"].get<std::string>(),
             std::string("NO_CERTIFICATE_CHAIN_FOUND"));
    must(env.seals->publishTrustList(kAdmin, std::nullopt));
    QCOMPARE(post({{"qr", qr}}).body["indication"].get<std::string>(), std::string("PASSED"));

    // Malformed: 422 with the report; not JSON or not an object: 400.
    auto missing = envelope;
    missing.erase("signature");
    const auto malformed = post(missing);
    QCOMPARE(malformed.status, 422);
    QCOMPARE(errorCode(malformed), std::string("malformed_envelope"));
    QCOMPARE(malformed.body["report"]["sub_indication"].get<std::string>(), std::string("FORMAT_FAILURE"));
    QCOMPARE(post({{"qr", qr.substr(0, qr.size() - 7)}}).status, 422);
    QCOMPARE(post({{"qr", "hello"}}).status, 422);
    QCOMPARE(post({{"qr", 42}}).status, 400);
    QCOMPARE(post({{"qr", qr}, {"extra", 1}}).status, 400);
    QCOMPARE(post(json::array()).status, 400);
    QCOMPARE(routes.call("POST", "/v1/seal/verify", "{\"format\":", kInspector).status, 400);
}

QTEST_APPLESS_MAIN(TestSealRoutes)
#include "test_seal_routes.moc"
