#pragma once
// What the integration tests of fieldseal-server share: tablets (a device replica on its own
// SQLite file, synced by the real libcurl client), signed-in sessions for raw API requests, and
// small readers of the server's answers and files.
//
// Steps that are not what a test checks (signing in, a sync that must work) throw
// std::runtime_error with the reason; every test body runs inside guarded(), which turns the
// exception into a test failure (an exception escaping a Qt Test slot aborts the whole run and
// would leave the server process behind).

#include "client/api_session.h"
#include "client/http_client.h"
#include "client/sync_engine.h"
#include "model/ids.h"
#include "store/sqlite_store.h"
#include "support/server_process.h"
#include "sync/replica.h"

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace fieldseal::itest {

using Fields = std::vector<std::pair<std::string, nlohmann::json>>;

inline constexpr const char* kDemoPassword = "demo-password-2026"; // ServerProcess's default
inline constexpr const char* kPudong = "310115";
inline constexpr const char* kXuhui = "310104";
inline constexpr const char* kQingpu = "310118"; // the CIIE exhibition window

// Runs a test body; an exception becomes a failure of the current test with its message.
void guarded(const std::function<void()>& body);

template <class T> T must(Result<T> r, const std::string& what) {
    if (!r) throw std::runtime_error(what + ": " + r.error().message);
    return std::move(r).value();
}
template <class T> T must(SyncResult<T> r, const std::string& what) {
    if (!r) throw std::runtime_error(what + ": " + r.error().describe());
    return std::move(r).value();
}

// A fresh UUIDv7 for a new record.
std::string newId();

// A retry policy that gives up quickly: tests want the first honest answer.
RetryPolicy quickPolicy(int attempts = 2);
HttpClient::Options clientOptions(const std::string& baseUrl, const std::filesystem::path& caFile);

// A tablet of one user: its store (a file in its own temporary directory, or memory), its
// replica and the real client (HttpClient, ApiSession, SyncEngine) against one server.
class Tablet {
public:
    struct Options {
        bool inMemory = false;
        int attempts = 2;          // retry policy of the session
        std::string existingStore; // open this initialised store file instead of a new one
    };
    Tablet(const test::ServerProcess& server, std::string deviceId, std::string user, std::string district,
           Options options);
    Tablet(const test::ServerProcess& server, std::string deviceId, std::string user, std::string district)
        : Tablet(server, std::move(deviceId), std::move(user), std::move(district), Options{}) {}

    // A new HttpClient and session (after the server restarted on another port); tokens kept.
    void connect(const std::string& baseUrl, const std::filesystem::path& caFile);
    // Signs in as `as` (default: the replica's user).
    void login(const std::string& as = {}, const std::string& password = kDemoPassword);

    std::vector<Op> put(const std::string& type, const std::string& recordId, const Fields& fields);
    SyncResult<SyncReport> trySync(SyncEngine::Options options = {});
    SyncReport sync(SyncEngine::Options options = {});

    std::optional<nlohmann::json> find(const std::string& recordId);
    nlohmann::json record(const std::string& recordId);
    // Every record (of one type when given), materialised.
    std::vector<nlohmann::json> records(const std::string& type = {});
    // The demo task with this template (pulled before).
    nlohmann::json task(const std::string& templateId);
    std::string dump();
    std::int64_t outboxSize() { return store->outboxSize(); }

    std::string user;
    std::string deviceId;
    std::unique_ptr<QTemporaryDir> dir;
    std::unique_ptr<SqliteStore> store;
    std::unique_ptr<Replica> replica;
    std::unique_ptr<HttpClient> http;
    std::unique_ptr<ApiSession> session;

private:
    Options m_options;
};

// A new draft inspection of the demo task with `templateId`, made on the tablet (not synced).
// Fields of the task (organisation, type, district, inspectors) plus one answer, findings and a
// conclusion (needed to submit).
std::string newInspection(Tablet& tablet, const std::string& templateId, const Fields& extra = {});

// A signed-in session for raw requests (each made once, no retries).
class Api {
public:
    Api(const test::ServerProcess& server, const std::string& user,
        const std::string& password = kDemoPassword);

    HttpResponse send(HttpRequest request);
    HttpResponse get(const std::string& path);
    HttpResponse post(const std::string& path, const nlohmann::json& body);
    HttpResponse postText(const std::string& path, std::string body,
                          const std::string& contentType = "application/json");

    HttpClient& http() { return *m_http; }
    ApiSession& session() { return *m_session; }
    const SessionTokens& tokens() const { return *m_session->tokens(); }

private:
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<ApiSession> m_session;
};

// A request without a session (login, health, bad tokens).
HttpResponse sendUnauthenticated(const test::ServerProcess& server, HttpRequest request);

nlohmann::json jsonOf(const HttpResponse& response);
// The {"error":{"code"}} of an error answer, or a description of what came instead.
std::string errorCode(const HttpResponse& response);
// True when the body is exactly {"error":{"code":string,"message":string}}.
bool isErrorBody(const HttpResponse& response);
// The op count the server reports on GET /v1/health.
std::int64_t serverOpCount(const test::ServerProcess& server);

// A copy of a live SQLite database, taken with the online backup API (safe while the server writes).
void backupDatabase(const std::filesystem::path& from, const std::filesystem::path& to);
// `fieldseal-server audit verify --data-dir D`: exit code, output in `output`.
int runAuditVerify(const std::filesystem::path& dataDir, std::string& output);

std::string sha256Hex(const std::string& bytes);
std::string randomBytes(std::size_t n, unsigned seed);
void writeFile(const std::filesystem::path& path, const std::string& bytes);

} // namespace fieldseal::itest
