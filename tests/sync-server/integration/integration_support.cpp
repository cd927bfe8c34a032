#include "integration_support.h"

#include "seal/encoding.h"

#include <fstream>
#include <mutex>
#include <random>
#include <sqlite3.h>
#include <sstream>

namespace fieldseal::itest {

using namespace std::chrono_literals;
using nlohmann::json;

void guarded(const std::function<void()>& body) {
    try {
        body();
    } catch (const std::exception& e) {
        QTest::qFail(e.what(), __FILE__, __LINE__);
    }
}

std::string newId() {
    static IdGenerator ids;
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    return ids.next();
}

RetryPolicy quickPolicy(int attempts) {
    RetryPolicy p;
    p.maxAttempts = attempts;
    p.baseDelay = 50ms;
    p.maxDelay = 200ms;
    p.maxElapsed = 10s;
    p.maxRetryAfter = 2s;
    return p;
}

HttpClient::Options clientOptions(const std::string& baseUrl, const std::filesystem::path& caFile) {
    HttpClient::Options o;
    o.baseUrl = baseUrl;
    o.caFile = caFile.string();
    o.connectTimeout = 5s;
    o.requestTimeout = 60s;
    return o;
}

// --- Tablet ---

Tablet::Tablet(const test::ServerProcess& server, std::string deviceId_, std::string user_,
               std::string district, Options options)
    : user(std::move(user_))
    , deviceId(std::move(deviceId_))
    , m_options(options) {
    std::string path = ":memory:";
    if (!options.existingStore.empty()) {
        store = must(SqliteStore::open(options.existingStore), "open the store of " + deviceId);
        replica = must(Replica::open(*store), "open the replica of " + deviceId);
        connect(server.baseUrl(), server.caFile());
        return;
    }
    if (!options.inMemory) {
        dir = std::make_unique<QTemporaryDir>();
        if (!dir->isValid()) throw std::runtime_error("no temporary directory for tablet " + deviceId);
        path = dir->filePath("device.db").toStdString();
    }
    store = must(SqliteStore::open(path), "open the store of " + deviceId);
    if (auto s = Replica::initialise(*store, {deviceId, user, district}); !s)
        throw std::runtime_error("initialise " + deviceId + ": " + s.error().message);
    replica = must(Replica::open(*store), "open the replica of " + deviceId);
    connect(server.baseUrl(), server.caFile());
}

void Tablet::connect(const std::string& baseUrl, const std::filesystem::path& caFile) {
    std::optional<SessionTokens> tokens;
    if (session) tokens = session->tokens();
    session.reset();
    http = std::make_unique<HttpClient>(clientOptions(baseUrl, caFile));
    RetryEnvironment env;
    env.seed = std::hash<std::string>{}(deviceId);
    session = std::make_unique<ApiSession>(*http, quickPolicy(m_options.attempts), env);
    session->setTokens(tokens);
}

void Tablet::login(const std::string& as, const std::string& password) {
    const std::string who = as.empty() ? user : as;
    must(session->login(who, password, deviceId), "sign in as " + who + " on " + deviceId);
}

std::vector<Op> Tablet::put(const std::string& type, const std::string& recordId, const Fields& fields) {
    return must(replica->put(type, recordId, fields), deviceId + ": put " + type + " " + recordId);
}

SyncResult<SyncReport> Tablet::trySync(SyncEngine::Options options) {
    SyncEngine engine(*replica, *session, options);
    return engine.sync();
}

SyncReport Tablet::sync(SyncEngine::Options options) {
    return must(trySync(options), deviceId + " (" + user + ") sync");
}

std::optional<json> Tablet::find(const std::string& recordId) {
    auto r = replica->record(recordId);
    if (!r) return std::nullopt;
    return *r;
}

json Tablet::record(const std::string& recordId) {
    auto r = find(recordId);
    if (!r) throw std::runtime_error(deviceId + " has no record " + recordId);
    return *r;
}

std::vector<json> Tablet::records(const std::string& type) {
    std::vector<std::string> ids;
    store->forEachRecord([&](const RecordMeta& meta) {
        if (type.empty() || meta.type == type) ids.push_back(meta.id);
    });
    std::vector<json> out;
    for (const auto& id : ids)
        out.push_back(record(id));
    return out;
}

json Tablet::task(const std::string& templateId) {
    for (auto& t : records("task"))
        if (t.value("template_id", "") == templateId) return t;
    throw std::runtime_error(deviceId + " has no task with template " + templateId + " (pulled?)");
}

std::string Tablet::dump() {
    std::ostringstream out;
    replica->writeCanonicalDump(out);
    return out.str();
}

std::string newInspection(Tablet& tablet, const std::string& templateId, const Fields& extra) {
    const json task = tablet.task(templateId);
    const std::string id = newId();
    Fields fields = {{"task_id", task["id"]},
                     {"organisation_id", task["organisation_id"]},
                     {"template_id", task["template_id"]},
                     {"inspection_type", task["inspection_type"]},
                     {"district", task["district"]},
                     {"inspectors", task["inspectors"]},
                     {"started_at", "2026-11-05T09:30:00+08:00"},
                     {"answers.item-1", {{"result", "pass"}, {"note", "铭牌清晰 nameplate legible"}}},
                     {"findings", "现场检查 on-site check by " + tablet.user},
                     {"conclusion", "conforming"}};
    fields.insert(fields.end(), extra.begin(), extra.end());
    tablet.put("inspection", id, fields);
    return id;
}

// --- Api ---

Api::Api(const test::ServerProcess& server, const std::string& user, const std::string& password) {
    m_http = std::make_unique<HttpClient>(clientOptions(server.baseUrl(), server.caFile()));
    m_session = std::make_unique<ApiSession>(*m_http, quickPolicy(1));
    must(m_session->login(user, password, "api-" + user), "sign in as " + user);
}

HttpResponse Api::send(HttpRequest request) {
    const std::string what = request.method + " " + request.path;
    return must(m_session->call(std::move(request), ApiSession::Retries::None), what);
}

HttpResponse Api::get(const std::string& path) {
    HttpRequest r;
    r.path = path;
    return send(std::move(r));
}

HttpResponse Api::post(const std::string& path, const json& body) {
    return postText(path, body.dump());
}

HttpResponse Api::postText(const std::string& path, std::string body, const std::string& contentType) {
    HttpRequest r;
    r.method = "POST";
    r.path = path;
    r.headers.add("Content-Type", contentType);
    r.body = std::move(body);
    return send(std::move(r));
}

HttpResponse sendUnauthenticated(const test::ServerProcess& server, HttpRequest request) {
    HttpClient http(clientOptions(server.baseUrl(), server.caFile()));
    auto r = http.send(request);
    if (!r) throw std::runtime_error(request.method + " " + request.path + ": " + r.error().message);
    return *r;
}

json jsonOf(const HttpResponse& response) {
    auto j = json::parse(response.body, nullptr, false);
    if (j.is_discarded())
        throw std::runtime_error("not JSON (status " + std::to_string(response.status) +
                                 "): " + response.body.substr(0, 300));
    return j;
}

std::string errorCode(const HttpResponse& response) {
    const auto j = json::parse(response.body, nullptr, false);
    if (j.is_object() && j.contains("error") && j["error"].is_object() && j["error"].contains("code") &&
        j["error"]["code"].is_string())
        return j["error"]["code"].get<std::string>();
    return "<status " + std::to_string(response.status) +
           ", not a JSON error: " + response.body.substr(0, 200) + ">";
}

bool isErrorBody(const HttpResponse& response) {
    const auto j = json::parse(response.body, nullptr, false);
    if (!j.is_object() || j.size() != 1 || !j.contains("error")) return false;
    const auto& e = j["error"];
    return e.is_object() && e.size() == 2 && e.contains("code") && e["code"].is_string() &&
           e.contains("message") && e["message"].is_string() && !e["message"].get<std::string>().empty();
}

std::int64_t serverOpCount(const test::ServerProcess& server) {
    HttpRequest r;
    r.path = "/v1/health";
    const auto response = sendUnauthenticated(server, r);
    if (response.status != 200) throw std::runtime_error("health: status " + std::to_string(response.status));
    return jsonOf(response).at("ops").get<std::int64_t>();
}

// --- files ---

void backupDatabase(const std::filesystem::path& from, const std::filesystem::path& to) {
    struct Closer {
        void operator()(sqlite3* db) const { sqlite3_close(db); }
    };
    sqlite3* raw = nullptr;
    sqlite3_open_v2(from.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    std::unique_ptr<sqlite3, Closer> src(raw);
    raw = nullptr;
    sqlite3_open_v2(to.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    std::unique_ptr<sqlite3, Closer> dst(raw);
    if (!src || !dst) throw std::runtime_error("backup: cannot open " + from.string() + " or " + to.string());
    sqlite3_backup* backup = sqlite3_backup_init(dst.get(), "main", src.get(), "main");
    if (!backup) throw std::runtime_error(std::string("backup: ") + sqlite3_errmsg(dst.get()));
    int rc = SQLITE_OK;
    do {
        rc = sqlite3_backup_step(backup, -1);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) throw std::runtime_error(std::string("backup: ") + sqlite3_errstr(rc));
}

int runAuditVerify(const std::filesystem::path& dataDir, std::string& output) {
    return test::runProcess({std::string(FIELDSEAL_BIN_DIR) + "/fieldseal-server", "audit", "verify",
                             "--data-dir", dataDir.string()},
                            output);
}

std::string sha256Hex(const std::string& bytes) {
    return seal::sha256Hex(bytes);
}

std::string randomBytes(std::size_t n, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; i += 8) {
        const std::uint64_t v = rng();
        for (std::size_t k = 0; k < 8 && i + k < n; ++k)
            s[i + k] = static_cast<char>((v >> (8 * k)) & 0xff);
    }
    return s;
}

void writeFile(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

} // namespace fieldseal::itest
