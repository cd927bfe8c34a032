#pragma once
// FakeSyncServer: the sync server's wire contract played by a TestHttpServer over a real
// city-wide Replica (so ops merge by the same rules and its canonical dump can be compared with the
// devices'): /v1/auth/login, /v1/auth/refresh and /v1/sync. The server's op log order is its
// sequence (cursor). Tests switch on the failures they need: expired access tokens, a refused
// refresh, a disabled account (403), ops to reject. Not the real server: no scoping, no limits.
#include "client/sync_protocol.h"
#include "store/sqlite_store.h"
#include "support/test_http_server.h"
#include "sync/op_codec.h"
#include "sync/replica.h"

#include <mutex>
#include <set>
#include <sstream>
#include <vector>

namespace fieldseal::test {

class FakeSyncServer {
public:
    FakeSyncServer() {
        m_store = std::move(SqliteStore::open(":memory:").value());
        if (!Replica::initialise(*m_store, {"server", "server", ""}).ok()) throw std::runtime_error("init");
        m_replica = std::move(Replica::open(*m_store).value());
        m_http = std::make_unique<TestHttpServer>([this](const TestHttpRequest& r) { return handle(r); });
    }

    std::string baseUrl() const { return m_http->baseUrl(); }
    std::uint16_t port() const { return m_http->port(); }

    // Test switches.
    void expireAccessTokens() {
        std::lock_guard lock(m_mutex);
        m_validAccess.clear();
    }
    void revokeRefreshTokens() {
        std::lock_guard lock(m_mutex);
        m_validRefresh.clear();
    }
    void disableAccount(bool disabled) {
        std::lock_guard lock(m_mutex);
        m_disabled = disabled;
    }
    void rejectOp(const std::string& opId) {
        std::lock_guard lock(m_mutex);
        m_reject.insert(opId);
    }

    std::int64_t opCount() {
        std::lock_guard lock(m_mutex);
        return m_store->opCount();
    }
    std::int64_t lastSeq() {
        std::lock_guard lock(m_mutex);
        return m_store->lastSeq();
    }
    std::string dump() {
        std::lock_guard lock(m_mutex);
        std::ostringstream out;
        m_replica->writeCanonicalDump(out);
        return out.str();
    }
    int syncRequests() {
        std::lock_guard lock(m_mutex);
        return m_syncRequests;
    }
    // The op ids of every push, in the order they came.
    std::vector<std::vector<std::string>> pushes() {
        std::lock_guard lock(m_mutex);
        return m_pushes;
    }
    int refreshes() {
        std::lock_guard lock(m_mutex);
        return m_refreshes;
    }

private:
    static TestHttpResponse error(int status, const std::string& code, const std::string& message) {
        return TestHttpResponse::json(
            status, nlohmann::json{{"error", {{"code", code}, {"message", message}}}}.dump());
    }

    TestHttpResponse issueTokens() {
        ++m_tokenCounter;
        const std::string access = "access-" + std::to_string(m_tokenCounter);
        const std::string refresh = "refresh-" + std::to_string(m_tokenCounter);
        m_validAccess.insert(access);
        m_validRefresh.insert(refresh);
        return TestHttpResponse::json(200,
                                      nlohmann::json{{"access_token", access},
                                                     {"expires_at", "2026-11-26T00:00:00Z"},
                                                     {"refresh_token", refresh},
                                                     {"refresh_expires_at", "2026-12-26T00:00:00Z"},
                                                     {"user", {{"username", "zhang"}, {"role", "inspector"}}}}
                                          .dump());
    }

    TestHttpResponse handle(const TestHttpRequest& req) {
        std::lock_guard lock(m_mutex);
        const auto body = nlohmann::json::parse(req.body, nullptr, false);
        if (req.method == "POST" && req.path() == "/v1/auth/login") {
            if (body.value("password", "") != "secret")
                return error(401, "bad_credentials", "wrong user or password");
            if (m_disabled) return error(403, "account_disabled", "this account is disabled");
            return issueTokens();
        }
        if (req.method == "POST" && req.path() == "/v1/auth/refresh") {
            ++m_refreshes;
            if (!m_validRefresh.count(body.value("refresh_token", "")))
                return error(401, "invalid_refresh_token", "sign in again");
            if (m_disabled) return error(403, "account_disabled", "this account is disabled");
            m_validRefresh.erase(body.value("refresh_token", "")); // rotation
            return issueTokens();
        }
        const auto auth = req.header("Authorization").value_or("");
        if (!auth.starts_with("Bearer ") || !m_validAccess.count(auth.substr(7)))
            return error(401, "unauthorized", "missing or expired token");
        if (m_disabled) return error(403, "account_disabled", "this account is disabled");
        if (req.method == "POST" && req.path() == "/v1/sync") return sync(body);
        return error(404, "not_found", "no route");
    }

    TestHttpResponse sync(const nlohmann::json& body) {
        ++m_syncRequests;
        if (!body.is_object() || !body.contains("cursor")) return error(400, "invalid_request", "no cursor");
        auto accepted = nlohmann::json::array();
        auto rejected = nlohmann::json::array();
        std::vector<std::string> pushed;
        for (const auto& j : body.value("ops", nlohmann::json::array())) {
            auto op = opFromJson(j);
            if (!op) return error(400, "invalid_request", op.error().message);
            pushed.push_back(op->opId);
            if (m_reject.count(op->opId)) {
                rejected.push_back(
                    {{"op_id", op->opId}, {"code", "forbidden"}, {"message", "not your task"}});
                continue;
            }
            auto report = m_replica->apply({*op});
            if (!report) return error(503, "storage_unavailable", report.error().message);
            if (!report->rejected.empty())
                rejected.push_back({{"op_id", op->opId},
                                    {"code", toString(report->rejected.front().second.code)},
                                    {"message", report->rejected.front().second.message}});
            else
                accepted.push_back(op->opId);
        }
        if (!pushed.empty()) m_pushes.push_back(std::move(pushed));
        const std::int64_t cursor = body["cursor"].get<std::int64_t>();
        const std::size_t limit = body.value("limit", std::size_t{1000});
        auto ops = nlohmann::json::array();
        std::int64_t next = cursor;
        bool more = false;
        m_store->forEachOpSince(cursor, [&](const StoredOp& s) {
            if (ops.size() == limit) {
                more = true;
                return false;
            }
            ops.push_back(opToJson(s.op));
            next = s.seq;
            return true;
        });
        return TestHttpResponse::json(200, nlohmann::json{{"accepted", accepted},
                                                          {"rejected", rejected},
                                                          {"ops", ops},
                                                          {"cursor", next},
                                                          {"more", more},
                                                          {"conflicts", nlohmann::json::array()}}
                                               .dump());
    }

    std::mutex m_mutex;
    std::unique_ptr<SqliteStore> m_store;
    std::unique_ptr<Replica> m_replica;
    std::set<std::string> m_validAccess, m_validRefresh, m_reject;
    std::vector<std::vector<std::string>> m_pushes;
    int m_tokenCounter = 0;
    int m_syncRequests = 0;
    int m_refreshes = 0;
    bool m_disabled = false;
    std::unique_ptr<TestHttpServer> m_http; // last: stopped first, while the rest still exists
};

} // namespace fieldseal::test
