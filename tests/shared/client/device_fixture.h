#pragma once
// Devices against the real fieldseal-server (tests/support/server_process.h), for the client's
// integration tests and its benchmark: a tablet's store file, its connection (pinned to the
// server's CA, through a FaultProxy or not), sign-in and enrollment, and the whole device sync.
// Also the administrator's REST calls the tests need (disable an account, publish a trust list).
// Qt-free, so the benchmark can use it too.
#include "client/device_connection.h"
#include "client/device_sign_in.h"
#include "client/device_sync.h"
#include "model/ids.h"
#include "store/sqlite_store.h"
#include "support/server_process.h"
#include "sync/replica.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace fieldseal::test {

inline constexpr const char* kDemoPassword = "demo-password-2026";
inline constexpr const char* kAdminPassword = "admin-password-2026";

inline std::string readText(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A temporary directory removed with everything in it.
class TempDir {
public:
    TempDir() {
        char tmpl[] = "/tmp/fieldseal-client-XXXXXX";
        if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
        m_path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::string file(const std::string& name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

// One tablet: a store file, a connection and (once signed in) its replica.
class TestDevice {
public:
    // Retries quickly (tests should not sleep for long) but really wait, so that a stalled or
    // restarted peer gets its time; `waits` records every wait the retry loops asked for.
    static DeviceConnection::Options fastOptions() {
        DeviceConnection::Options o;
        o.connectTimeout = std::chrono::seconds(5);
        o.requestTimeout = std::chrono::seconds(20);
        o.lowSpeedTime = std::chrono::seconds(5);
        o.policy.maxAttempts = 5;
        o.policy.baseDelay = std::chrono::milliseconds(20);
        o.policy.maxDelay = std::chrono::milliseconds(200);
        o.policy.maxElapsed = std::chrono::seconds(60);
        return o;
    }

    TestDevice(const std::filesystem::path& dir, const std::string& name, std::string url, std::string caPem,
               DeviceConnection::Options options = fastOptions())
        : m_db((dir / (name + ".db")).string())
        , m_key((dir / (name + ".key.pem")).string())
        , m_link{std::move(url), std::move(caPem)}
        , m_options(std::move(options)) {
        auto store = SqliteStore::open(m_db);
        if (!store) throw std::runtime_error("open " + m_db + ": " + store.error().message);
        m_store = std::move(*store);
        connect();
    }

    // A new connection (e.g. to another address of the same server), keeping the store.
    void connect(std::optional<std::string> url = std::nullopt) {
        if (url) m_link.url = *url;
        DeviceConnection::Options o = m_options;
        o.environment.seed = std::hash<std::string>{}(m_db);
        // Every retry loop (the session's and the blob uploader's) waits through this.
        o.environment.sleep = [this, cancel = o.cancel](std::chrono::milliseconds d) {
            waits.push_back(d);
            if (onWait) onWait();
            return cancel.waitFor(d);
        };
        o.environment.onRetry = [this](int, const HttpResult& outcome, std::chrono::milliseconds) {
            retried.push_back(outcome ? "HTTP " + std::to_string(outcome->status)
                                      : toString(outcome.error().kind));
        };
        m_connection = std::make_unique<DeviceConnection>(*m_store, m_link, o);
    }

    SyncResult<SignInOutcome> signIn(const std::string& user, const std::string& password = kDemoPassword) {
        auto r = signInDevice(*m_store, *m_connection, SignInRequest{user, password, m_key, "test " + user});
        if (r && !m_replica) {
            auto replica = Replica::open(*m_store);
            if (!replica) throw std::runtime_error("replica: " + replica.error().message);
            m_replica = std::move(*replica);
        }
        return r;
    }

    SyncResult<DeviceSyncReport> sync(DeviceSync::Options options = {},
                                      const std::function<void(const DeviceSyncProgress&)>& progress = {}) {
        DeviceSync s(replica(), *m_connection, options);
        return s.run(progress);
    }

    std::string dump() {
        std::ostringstream out;
        replica().writeCanonicalDump(out);
        return out.str();
    }

    Replica& replica() {
        if (!m_replica) throw std::logic_error("the device has not signed in");
        return *m_replica;
    }
    SqliteStore& store() { return *m_store; }
    DeviceConnection& connection() { return *m_connection; }
    ApiSession& session() { return m_connection->session(); }
    const std::string& dbPath() const { return m_db; }
    const std::string& keyPath() const { return m_key; }

    std::vector<std::chrono::milliseconds> waits;
    std::vector<std::string> retried; // why the session retried: "HTTP 503", "connection_reset"...
    std::function<void()> onWait;     // after each recorded wait (tests switch faults here)

private:
    std::string m_db;
    std::string m_key;
    ServerLink m_link;
    DeviceConnection::Options m_options;
    std::unique_ptr<SqliteStore> m_store;
    std::unique_ptr<DeviceConnection> m_connection;
    std::unique_ptr<Replica> m_replica;
};

// The administrator's REST calls, straight to the server.
class AdminClient {
public:
    explicit AdminClient(const ServerProcess& server) {
        HttpClient::Options o;
        o.baseUrl = server.baseUrl();
        o.caFile = server.caFile().string();
        m_http = std::make_unique<HttpClient>(o);
        m_session = std::make_unique<ApiSession>(*m_http);
        auto t = m_session->login("admin", kAdminPassword, "");
        if (!t) throw std::runtime_error("admin login: " + t.error().describe());
    }

    nlohmann::json call(const std::string& method, const std::string& path,
                        const nlohmann::json& body = nullptr, long* status = nullptr) {
        HttpRequest r;
        r.method = method;
        r.path = path;
        if (!body.is_null()) {
            r.headers.add("Content-Type", "application/json");
            r.body = body.dump();
        }
        auto res = m_session->call(std::move(r));
        if (!res) throw std::runtime_error(method + " " + path + ": " + res.error().describe());
        if (status) *status = res->status;
        return nlohmann::json::parse(res->body, nullptr, false);
    }

    std::string userId(const std::string& username) {
        const auto users = call("GET", "/v1/admin/users");
        for (const auto& u : users.at("users"))
            if (u.value("username", "") == username) return u.at("id").get<std::string>();
        throw std::runtime_error("no user " + username);
    }
    void disable(const std::string& username) {
        long status = 0;
        call("POST", "/v1/admin/users/" + userId(username) + "/disable", nullptr, &status);
        if (status != 204)
            throw std::runtime_error("disable " + username + ": HTTP " + std::to_string(status));
    }
    std::uint64_t publishTrustList() {
        long status = 0;
        const auto r = call("POST", "/v1/trust-list/publish", nlohmann::json::object(), &status);
        if (status != 200) throw std::runtime_error("publish: HTTP " + std::to_string(status));
        return r.at("sequence").get<std::uint64_t>();
    }
    std::int64_t serverOps() { return call("GET", "/v1/health").at("ops").get<std::int64_t>(); }

private:
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<ApiSession> m_session;
};

// `n` organisation ops of Pudong (records of four fields, like a registry import) made by the
// signed-in administrator's device `admin` and pushed straight to the server in batches, so the
// server's log holds them; returns them.
inline std::vector<Op> pushRegistry(TestDevice& admin, std::size_t n, std::size_t batchSize = 2000) {
    HlcClock clock(HlcClock::systemWallClock());
    IdGenerator ids;
    const std::string device = admin.replica().identity().device;
    const std::string author = admin.replica().identity().user;
    std::vector<Op> ops;
    ops.reserve(n);
    for (std::size_t r = 0; ops.size() < n; ++r) {
        const std::string id = ids.next();
        const std::pair<const char*, nlohmann::json> fields[] = {
            {"uscc", "91310115MA1H7PQR3M"},
            {"name", "上海某电器有限公司 " + std::to_string(r)},
            {"org_type", "manufacturer"},
            {"district", "310115"}};
        for (const auto& [field, value] : fields)
            if (ops.size() < n)
                ops.push_back(
                    Op{ids.next(), id, "organisation", field, value, clock.now(), 0, device, author});
    }
    for (std::size_t i = 0; i < ops.size(); i += batchSize) {
        const std::vector<Op> batch(ops.begin() + static_cast<long>(i),
                                    ops.begin() + static_cast<long>(std::min(ops.size(), i + batchSize)));
        HttpRequest push;
        push.method = "POST";
        push.path = "/v1/sync";
        push.headers.add("Content-Type", "application/json");
        push.body = syncRequestBody(0, batch, 1);
        auto res = admin.session().call(std::move(push));
        if (!res || res->status != 200)
            throw std::runtime_error("push: " + (res ? res->body : res.error().describe()));
        const auto reply = parseSyncReply(res->body);
        if (!reply || reply->accepted.size() != batch.size())
            throw std::runtime_error("push: not every op was accepted");
    }
    return ops;
}

// What went wrong, for a failed Result (core) or SyncResult (client).
inline std::string errorText(const Error& e) {
    return e.message;
}
inline std::string errorText(const SyncError& e) {
    return e.describe();
}
inline std::string errorText(const NetworkError& e) {
    return e.describe();
}

// Ops of a canonical dump ({"op": id} lines), in order.
inline std::vector<std::string> opIdsOf(const std::string& dump) {
    std::vector<std::string> ids;
    std::istringstream in(dump);
    for (std::string line; std::getline(in, line);) {
        const auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_object() && j.contains("op")) ids.push_back(j["op"].get<std::string>());
    }
    return ids;
}

// The id of a record of `type` whose `field` equals `value`, from a canonical dump.
inline std::string findRecord(const std::string& dump, const std::string& type, const std::string& field,
                              const nlohmann::json& value) {
    std::istringstream in(dump);
    for (std::string line; std::getline(in, line);) {
        const auto j = nlohmann::json::parse(line, nullptr, false);
        if (!j.is_object() || !j.contains("record")) continue;
        const auto& r = j["record"];
        if (r.value("type", "") == type && r.contains(field) && r[field] == value)
            return r["id"].get<std::string>();
    }
    return {};
}

// Deterministic pseudo-random bytes (evidence files of a given size).
inline std::string randomBytes(std::size_t n, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; i += 8) {
        const auto v = rng();
        std::memcpy(s.data() + i, &v, std::min<std::size_t>(8, n - i));
    }
    return s;
}

inline void writeFile(const std::string& path, const std::string& data) {
    std::ofstream(path, std::ios::binary) << data;
}

// An inspection of the demo's shared Pudong task of `templateId` (insp.wang and insp.li), made
// offline on `device` (which must have pulled the task).
inline std::string startInspection(TestDevice& device, const std::string& templateId = "ccc-toys-v1") {
    const std::string task = findRecord(device.dump(), "task", "template_id", templateId);
    if (task.empty()) throw std::runtime_error("no task " + templateId + " on the device");
    const auto t = device.replica().record(task).value();
    const std::string id = IdGenerator().next();
    auto ops = device.replica().put("inspection", id,
                                    {{"task_id", task},
                                     {"organisation_id", t["organisation_id"]},
                                     {"template_id", templateId},
                                     {"inspection_type", t["inspection_type"]},
                                     {"inspectors", t["inspectors"]},
                                     {"district", "310115"}});
    if (!ops) throw std::runtime_error("inspection: " + ops.error().message);
    return id;
}

} // namespace fieldseal::test

// For the Qt tests that use this fixture (expanded only there).
// Enums compared by name: QCOMPARE cannot print them.
#define QCOMPARE_KIND(actual, expected)                                                                      \
    QCOMPARE(std::string(toString(actual)), std::string(toString(expected)))

#define REQUIRE_OK(expr)                                                                                     \
    do {                                                                                                     \
        const auto& r_ = (expr);                                                                             \
        QVERIFY2(r_.ok(), r_.ok() ? "" : ::fieldseal::test::errorText(r_.error()).c_str());                  \
    } while (0)

