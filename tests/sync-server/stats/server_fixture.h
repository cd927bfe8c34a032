#pragma once
// An in-process server for route tests of issue 7 (statistics, inspection reports): a ServerApp
// on a data directory made by the real `fieldseal-server init --demo`, requests sent through its
// Router with the bearer tokens of real logins (so the router's authentication and role layers
// run), and records written through the server's SyncService as its own edits (putLocked), the
// way the review and seal parts write theirs.

#include "accounts/account_service.h"
#include "app/server_app.h"
#include "app/server_commands.h"
#include "http/router.h"
#include "http/url.h"
#include "model/ids.h"
#include "seal/encoding.h"
#include "storage/server_database.h"
#include "sync/sync_service.h"

#include <QTemporaryDir>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fieldseal::server::test {

inline constexpr const char* kDemoPassword = "demo-password-2026";
inline constexpr const char* kAdminPassword = "admin-password-2026";

class ServerFixture {
public:
    ServerFixture() {
        if (!m_dir.isValid()) throw std::runtime_error("no temporary directory");
        data = std::filesystem::path(m_dir.path().toStdString()) / "data";
        setenv("FIELDSEAL_DEMO_PASSWORD", kDemoPassword, 1);
        setenv("FIELDSEAL_ADMIN_PASSWORD", kAdminPassword, 1);
        std::stringstream out, err;
        if (runServerCommand({"init", "--data-dir", data.string(), "--alg", "p256", "--demo"}, out, err) != 0)
            throw std::runtime_error("init --demo failed: " + err.str());
        auto opened = ServerApp::open(data, ServerAppOptions{.reducedPasswordCost = true});
        if (!opened) throw std::runtime_error("open: " + opened.error().message);
        app = std::move(*opened);
    }

    // The caller a login of `username` gives (for the services' own entry points).
    Caller caller(const std::string& username) {
        session(username);
        return m_callers.at(username);
    }

    // GET/POST/PATCH through the router as `username` ("" for no Authorization header).
    HttpResponse request(const std::string& username, const std::string& method, const std::string& target,
                         std::string body = {}, HeaderList headers = {}) {
        HttpRequest r;
        r.method = method;
        r.target = target;
        const auto split = splitTarget(target);
        r.path = percentDecode(split.path).value();
        r.query = parseQuery(split.query).value();
        r.headers = std::move(headers);
        if (!username.empty()) r.headers.emplace_back("Authorization", "Bearer " + session(username));
        if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
        r.body = std::move(body);
        r.remoteAddress = "127.0.0.1:40000";
        return app->router().handle(r);
    }
    HttpResponse get(const std::string& username, const std::string& target) {
        return request(username, "GET", target);
    }

    // Writes the fields as the server's own edit by `who` (no access rules; audited and scoped
    // like any accepted op). Returns the record id.
    std::string put(const Caller& who, const std::string& type, std::string id,
                    const std::vector<std::pair<std::string, nlohmann::json>>& fields) {
        if (id.empty()) id = IdGenerator().next();
        auto lock = app->database().lock();
        auto ops = app->sync().putLocked(who, type, id, fields);
        if (!ops) throw std::runtime_error("put " + type + ": " + ops.error().message);
        return id;
    }

    nlohmann::json record(const std::string& id) {
        auto lock = app->database().lock();
        auto r = app->sync().replicaLocked().record(id);
        return r ? *r : nlohmann::json();
    }

    // Uploads `bytes` as one tus PATCH; returns their SHA-256.
    std::string uploadBlob(const std::string& username, const std::string& bytes) {
        const std::string sha = seal::sha256Hex(bytes);
        HttpRequest r;
        r.method = "PATCH";
        r.target = r.path = "/v1/blobs/" + sha;
        r.headers = {{"Authorization", "Bearer " + session(username)},
                     {"Tus-Resumable", "1.0.0"},
                     {"Upload-Offset", "0"},
                     {"Upload-Length", std::to_string(bytes.size())},
                     {"Content-Type", "application/offset+octet-stream"}};
        r.body = bytes;
        r.remoteAddress = "127.0.0.1:40000";
        const auto response = app->router().handle(r);
        if (response.status != 204) throw std::runtime_error("blob upload answered " + std::to_string(response.status) + ": " + response.body);
        return sha;
    }

    std::filesystem::path data;
    std::unique_ptr<ServerApp> app;

private:
    const std::string& session(const std::string& username) {
        if (auto t = m_tokens.find(username); t != m_tokens.end()) return t->second;
        auto s = app->accounts().login(username, username == "admin" ? kAdminPassword : kDemoPassword);
        if (!s) throw std::runtime_error("login " + username + " failed");
        const Session& session = s.value();
        m_callers[username] =
            Caller{session.user.id, session.user.username, session.user.role, session.user.district, ""};
        return m_tokens[username] = session.accessToken;
    }

    QTemporaryDir m_dir;
    std::map<std::string, std::string> m_tokens;
    std::map<std::string, Caller> m_callers;
};

} // namespace fieldseal::server::test
