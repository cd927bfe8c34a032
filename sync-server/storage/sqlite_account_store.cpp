#include "sqlite_account_store.h"

#include "store/sqlite_db.h"

namespace fieldseal::server {
namespace {

constexpr const char* kUserColumns =
    "id, username, display_name, role, district, password_hash, disabled, created_at";

UserRecord readUser(const sqlite::Query& q) {
    UserRecord u;
    u.id = q.text(0);
    u.username = q.text(1);
    u.displayName = q.text(2);
    if (!parseRole(q.text(3), u.role))
        throw StoreFailure("user '" + u.username + "' has an unknown role '" + q.text(3) + "'");
    u.district = q.text(4);
    u.passwordHash = q.text(5);
    u.disabled = q.int64(6) != 0;
    u.createdAt = q.text(7);
    return u;
}

const char* kindName(TokenKind kind) {
    return kind == TokenKind::Access ? "access" : "refresh";
}

} // namespace

bool SqliteAccountStore::insertUser(const UserRecord& u) {
    return m_db.query(
                   "INSERT INTO users(id, username, display_name, role, district, password_hash, disabled, "
                   "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(username) DO NOTHING")
               .bind(1, u.id)
               .bind(2, u.username)
               .bind(3, u.displayName)
               .bind(4, std::string_view(toString(u.role)))
               .bind(5, u.district)
               .bind(6, u.passwordHash)
               .bind(7, std::int64_t{u.disabled ? 1 : 0})
               .bind(8, u.createdAt)
               .exec() == 1;
}

std::optional<UserRecord> SqliteAccountStore::findUserById(const std::string& id) {
    auto q = m_db.query(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?1");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return readUser(q);
}

std::optional<UserRecord> SqliteAccountStore::findUserByUsername(const std::string& username) {
    auto q = m_db.query(std::string("SELECT ") + kUserColumns + " FROM users WHERE username = ?1");
    q.bind(1, username);
    if (!q.step()) return std::nullopt;
    return readUser(q);
}

std::vector<UserRecord> SqliteAccountStore::listUsers() {
    auto q = m_db.query(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY username");
    std::vector<UserRecord> out;
    while (q.step())
        out.push_back(readUser(q));
    return out;
}

bool SqliteAccountStore::setPasswordHash(const std::string& userId, const std::string& passwordHash) {
    return m_db.query("UPDATE users SET password_hash = ?2 WHERE id = ?1")
               .bind(1, userId)
               .bind(2, passwordHash)
               .exec() == 1;
}

bool SqliteAccountStore::setDisabled(const std::string& userId, bool disabled) {
    return m_db.query("UPDATE users SET disabled = ?2 WHERE id = ?1")
               .bind(1, userId)
               .bind(2, std::int64_t{disabled ? 1 : 0})
               .exec() == 1;
}

void SqliteAccountStore::insertToken(const TokenRecord& t) {
    auto q =
        m_db.query("INSERT INTO tokens(token_hash, kind, user_id, device_id, family, created_at, expires_at, "
                   "used_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    q.bind(1, t.tokenHash)
        .bind(2, std::string_view(kindName(t.kind)))
        .bind(3, t.userId)
        .bind(4, t.deviceId)
        .bind(5, t.family)
        .bind(6, t.createdAt)
        .bind(7, t.expiresAt);
    if (t.usedAt)
        q.bind(8, *t.usedAt);
    else
        q.bindNull(8);
    q.exec();
}

std::optional<TokenRecord> SqliteAccountStore::findToken(const std::string& tokenHash) {
    auto q =
        m_db.query("SELECT token_hash, kind, user_id, device_id, family, created_at, expires_at, used_at "
                   "FROM tokens WHERE token_hash = ?1");
    q.bind(1, tokenHash);
    if (!q.step()) return std::nullopt;
    TokenRecord t;
    t.tokenHash = q.text(0);
    t.kind = q.text(1) == "refresh" ? TokenKind::Refresh : TokenKind::Access;
    t.userId = q.text(2);
    t.deviceId = q.text(3);
    t.family = q.text(4);
    t.createdAt = q.int64(5);
    t.expiresAt = q.int64(6);
    if (!q.isNull(7)) t.usedAt = q.int64(7);
    return t;
}

bool SqliteAccountStore::markTokenUsed(const std::string& tokenHash, std::int64_t at) {
    return m_db.query("UPDATE tokens SET used_at = ?2 WHERE token_hash = ?1 AND used_at IS NULL")
               .bind(1, tokenHash)
               .bind(2, at)
               .exec() == 1;
}

int SqliteAccountStore::deleteToken(const std::string& tokenHash) {
    return m_db.query("DELETE FROM tokens WHERE token_hash = ?1").bind(1, tokenHash).exec();
}

int SqliteAccountStore::deleteTokenFamily(const std::string& family) {
    return m_db.query("DELETE FROM tokens WHERE family = ?1").bind(1, family).exec();
}

int SqliteAccountStore::deleteUserTokens(const std::string& userId, std::optional<TokenKind> onlyKind) {
    if (!onlyKind) return m_db.query("DELETE FROM tokens WHERE user_id = ?1").bind(1, userId).exec();
    return m_db.query("DELETE FROM tokens WHERE user_id = ?1 AND kind = ?2")
        .bind(1, userId)
        .bind(2, std::string_view(kindName(*onlyKind)))
        .exec();
}

int SqliteAccountStore::deleteTokensExpiredBefore(std::int64_t now) {
    return m_db.query("DELETE FROM tokens WHERE expires_at <= ?1").bind(1, now).exec();
}

std::optional<LoginFailureCount> SqliteAccountStore::loginFailures(const std::string& key) {
    auto q = m_db.query("SELECT failures, last_failure_at FROM login_failures WHERE username = ?1");
    q.bind(1, key);
    if (!q.step()) return std::nullopt;
    return LoginFailureCount{static_cast<int>(q.int64(0)), q.int64(1)};
}

void SqliteAccountStore::setLoginFailures(const std::string& key, const LoginFailureCount& count) {
    m_db.query("INSERT INTO login_failures(username, failures, last_failure_at) VALUES (?1, ?2, ?3) "
               "ON CONFLICT(username) DO UPDATE SET failures = excluded.failures, "
               "last_failure_at = excluded.last_failure_at")
        .bind(1, key)
        .bind(2, std::int64_t{count.failures})
        .bind(3, count.lastFailureAt)
        .exec();
}

void SqliteAccountStore::clearLoginFailures(const std::string& key) {
    m_db.query("DELETE FROM login_failures WHERE username = ?1").bind(1, key).exec();
}

int SqliteAccountStore::deleteLoginFailuresBefore(std::int64_t lastFailureAt) {
    return m_db.query("DELETE FROM login_failures WHERE last_failure_at < ?1").bind(1, lastFailureAt).exec();
}

bool SqliteAccountStore::deviceRevoked(const std::string& deviceId) {
    auto q = m_db.query("SELECT 1 FROM devices WHERE id = ?1 AND revoked_at IS NOT NULL");
    q.bind(1, deviceId);
    return q.step();
}

} // namespace fieldseal::server
