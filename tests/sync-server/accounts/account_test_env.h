#pragma once
// The account service on a real server database in a temporary directory, with a clock the test
// moves and a cheap KDF, plus a second raw SQLite connection to look at the file from outside.

#include "accounts/account_service.h"
#include "audit/audit_log.h"
#include "storage/server_database.h"
#include "storage/sqlite_account_store.h"
#include "storage/sqlite_audit_store.h"
#include "storage/sqlite_seal_store.h"

#include <QTemporaryDir>
#include <cstdint>
#include <memory>
#include <sqlite3.h>
#include <stdexcept>
#include <string>

namespace fieldseal::server::test {

// 2026-03-01T08:00:00Z
inline constexpr std::int64_t kStart = 1772352000;

class RawDb {
public:
    explicit RawDb(const std::string& path) {
        if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
            throw std::runtime_error("raw open failed: " + path);
        sqlite3_busy_timeout(m_db, 5000);
    }
    ~RawDb() { sqlite3_close(m_db); }
    RawDb(const RawDb&) = delete;
    RawDb& operator=(const RawDb&) = delete;

    std::string scalar(const std::string& sql) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string("raw prepare failed: ") + sqlite3_errmsg(m_db));
        std::string out;
        if (sqlite3_step(st) == SQLITE_ROW) {
            const auto* p = sqlite3_column_text(st, 0);
            out = p ? reinterpret_cast<const char*>(p) : "";
        }
        sqlite3_finalize(st);
        return out;
    }
    void exec(const std::string& sql) {
        char* err = nullptr;
        if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
            const std::string msg = err ? err : "?";
            sqlite3_free(err);
            throw std::runtime_error("raw exec failed: " + msg);
        }
    }

private:
    sqlite3* m_db = nullptr;
};

struct AccountEnv {
    QTemporaryDir dir;
    std::int64_t clock = kStart;
    std::int64_t clockMs = 0; // milliseconds past `clock`, seen only by the login throttle
    std::unique_ptr<ServerDatabase> db;
    std::unique_ptr<SqliteAuditStore> auditStore;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<SqliteAccountStore> accountStore;
    std::unique_ptr<AccountService> accounts;

    AccountEnv() {
        if (!dir.isValid()) throw std::runtime_error("no temporary directory");
        auto opened = ServerDatabase::open(dbPath(), true);
        if (!opened) throw std::runtime_error(opened.error().message);
        db = std::move(*opened);
        auditStore = std::make_unique<SqliteAuditStore>(db->db());
        audit = std::make_unique<AuditLog>(*db, *auditStore, AuditLogOptions{[this] { return clock; }});
        accountStore = std::make_unique<SqliteAccountStore>(db->db());
        AccountServiceOptions options;
        options.now = [this] { return clock; };
        options.nowMs = [this] { return clock * 1000 + clockMs; };
        options.kdf = ScryptParams::forTestsOnly(1u << 10);
        accounts = std::make_unique<AccountService>(*db, *accountStore, *audit, options);
    }

    std::string dbPath() const { return dir.filePath("server.db").toStdString(); }

    // Creates a user or fails the test's assumptions loudly.
    Account user(const std::string& username, const std::string& role = "inspector",
                 const std::string& district = "310115", const std::string& password = "inspector-pass-1") {
        auto a = accounts->createUser(username, username + " display", role, district, password);
        if (!a) throw std::runtime_error("createUser failed: " + a.error().message);
        return *a;
    }

    std::string scalar(const std::string& sql) {
        RawDb raw(dbPath());
        return raw.scalar(sql);
    }

    // An enrolled device of the user, revoked as the seal service revokes one: marked revoked
    // and its tokens deleted (through the seal part's real store; no certificate is needed here).
    void enrollAndRevokeDevice(const Account& owner, const std::string& deviceId) {
        auto lock = db->lock();
        SqliteSealStore seals(db->db());
        DeviceRecord d;
        d.id = deviceId;
        d.userId = owner.id;
        d.username = owner.username;
        d.role = "inspector";
        d.district = "310115";
        d.serial = "0a" + std::to_string(std::hash<std::string>{}(deviceId) % 1000000);
        d.certificate = "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";
        d.alg = "ES256";
        d.enrolledAt = "2026-03-01T08:00:00Z";
        d.notAfter = "2027-03-01T08:00:00Z";
        if (!seals.insertDevice(d)) throw std::runtime_error("insertDevice failed");
        if (!seals.markDeviceRevoked(deviceId, "2026-03-01T09:00:00Z"))
            throw std::runtime_error("markDeviceRevoked failed");
        seals.deleteDeviceTokens(deviceId);
    }
};

} // namespace fieldseal::server::test
