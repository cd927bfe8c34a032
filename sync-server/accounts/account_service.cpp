#include "account_service.h"

#include "account_store.h"
#include "account_validation.h"
#include "api/errors.h"
#include "audit/audit_log.h"
#include "bearer_token.h"
#include "model/districts.h"
#include "model/rfc3339.h"
#include "storage/server_database.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace fieldseal::server {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxLoginKeyBytes = 64;
constexpr std::int64_t kPurgeEverySeconds = 3600;
// A name's failure count is forgotten a day after its last failure.
constexpr std::int64_t kForgetFailuresAfterSeconds = 24 * 3600;

std::int64_t systemNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::int64_t systemNowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string rfc3339(std::int64_t unixSeconds) {
    return formatRfc3339(UtcSeconds(std::chrono::seconds(unixSeconds)));
}

// At most `maxBytes`, cut at a code point boundary (the text goes into the audit log's JSON).
std::string truncateUtf8(std::string_view text, std::size_t maxBytes) {
    if (text.size() <= maxBytes) return std::string(text);
    std::size_t end = maxBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return std::string(text.substr(0, end));
}

Account toAccount(const UserRecord& u) {
    return Account{u.id, u.username, u.displayName, u.role, u.district, u.disabled, u.createdAt};
}

Error storeError(const StoreFailure& f) {
    return storeFailure(std::string("account store failed: ") + f.what());
}

AuthError authError(AuthFailure failure, std::string message, std::int64_t retryAfter = 0) {
    return AuthError{failure, std::move(message), retryAfter};
}

AuthError invalidCredentials() {
    return authError(AuthFailure::InvalidCredentials, "the username or password is wrong");
}

AuthError invalidRefreshToken(std::string why) {
    return authError(AuthFailure::InvalidRefreshToken, "the refresh token " + why + "; sign in again");
}

AuthError deviceRevoked(std::string_view deviceId) {
    return authError(AuthFailure::DeviceRevoked,
                     "device '" + std::string(deviceId) +
                         "' was revoked and may not sign in again; enroll this tablet as a new device (a new "
                         "device id) or sign in from another one");
}

AuthError accountDisabled() {
    return authError(AuthFailure::AccountDisabled,
                     "this account is disabled; ask an administrator of the city bureau to enable it");
}

Error noSuchUser(const std::string& userId) {
    return notFound("no user with id '" + userId + "'");
}

json networkDetail(std::string_view deviceId, std::string_view remoteAddress) {
    json d = json::object();
    if (!deviceId.empty()) d["device_id"] = std::string(deviceId);
    if (!remoteAddress.empty()) d["remote"] = truncateUtf8(remoteAddress, 64);
    return d;
}

} // namespace

AccountService::AccountService(ServerDatabase& db, AccountStore& store, AuditLog& audit,
                               AccountServiceOptions options)
    : m_db(db)
    , m_store(store)
    , m_audit(audit)
    , m_options(std::move(options)) {
    requireUsableScryptParams(m_options.kdf);
    if (!m_options.nowMs)
        m_options.nowMs = m_options.now ? std::function<std::int64_t()>([now = m_options.now] { return now() * 1000; })
                                        : std::function<std::int64_t()>(systemNowMs);
    if (!m_options.now) m_options.now = systemNow;
    // Same cost as real hashes, so that an unknown name takes as long as a wrong password.
    m_dummyHash = hashPassword(newBearerToken(), m_options.kdf);
}

AccountService::~AccountService() = default;

std::int64_t AccountService::now() const {
    return m_options.now();
}

void AccountService::purgeExpiredLocked(std::int64_t now) {
    if (now < m_nextPurge) return;
    m_store.deleteTokensExpiredBefore(now);
    m_store.deleteLoginFailuresBefore((now - kForgetFailuresAfterSeconds) * 1000);
    m_nextPurge = now + kPurgeEverySeconds;
}

Session AccountService::openSessionLocked(const UserRecord& user, std::string_view deviceId,
                                          const std::string& family, std::int64_t now) {
    Session s;
    s.accessToken = newBearerToken();
    s.accessExpiresAt = now + m_options.accessTtl.count();
    s.refreshToken = newBearerToken();
    s.refreshExpiresAt = now + m_options.refreshTtl.count();
    s.deviceId = std::string(deviceId);
    s.user = toAccount(user);
    m_store.insertToken(TokenRecord{tokenHash(s.accessToken), TokenKind::Access, user.id, s.deviceId, family,
                                    now, s.accessExpiresAt, std::nullopt});
    m_store.insertToken(TokenRecord{tokenHash(s.refreshToken), TokenKind::Refresh, user.id, s.deviceId,
                                    family, now, s.refreshExpiresAt, std::nullopt});
    return s;
}

std::optional<Caller> AccountService::authenticate(std::string_view bearerToken) {
    if (!looksLikeBearerToken(bearerToken)) return std::nullopt;
    const std::string hash = tokenHash(bearerToken);
    const std::int64_t t = now();
    auto lock = m_db.lock();
    const auto token = m_store.findToken(hash);
    if (!token || token->kind != TokenKind::Access || token->expiresAt <= t) return std::nullopt;
    const auto user = m_store.findUserById(token->userId);
    if (!user || user->disabled) return std::nullopt;
    return Caller{user->id, user->username, user->role, user->district, token->deviceId};
}

Result<Account> AccountService::createUser(const std::string& username, const std::string& displayName,
                                           const std::string& roleName, const std::string& district,
                                           const std::string& password, std::string_view actor) {
    if (auto s = validateUsername(username); !s) return s.error();
    if (auto s = validateDisplayName(displayName); !s) return s.error();
    Role role{};
    if (!parseRole(roleName, role))
        return invalidInput("unknown role '" + truncateUtf8(roleName, 32) +
                            "' (inspector, supervisor, exhibition_staff or admin)");
    if (role != Role::Admin && district.empty())
        return invalidInput(std::string("a user with role ") + toString(role) + " needs a district");
    if (!district.empty())
        if (auto s = validateDistrict(district); !s) return s.error();
    if (auto s = validateNewPassword(password); !s) return s.error();

    const auto taken = [&]() {
        return validationError(ErrorCode::Conflict, "the username '" + username + "' is taken");
    };
    try {
        {
            // Cheap check first, so a duplicate does not cost a KDF run.
            auto lock = m_db.lock();
            if (m_store.findUserByUsername(username)) return taken();
        }
        const std::string hash = hashPassword(password, m_options.kdf);

        auto lock = m_db.lock();
        auto tx = m_db.store().begin();
        UserRecord user;
        user.id = m_ids.next();
        user.username = username;
        user.displayName = displayName;
        user.role = role;
        user.district = district;
        user.passwordHash = hash;
        user.createdAt = rfc3339(now());
        if (!m_store.insertUser(user)) return taken(); // created meanwhile by another request
        m_audit.appendLocked(actor, "user.create", user.id,
                             {{"username", user.username}, {"role", toString(role)}, {"district", district}});
        tx->commit();
        return toAccount(user);
    } catch (const StoreFailure& f) {
        return storeError(f);
    }
}

AuthResult AccountService::login(std::string_view username, std::string_view password,
                                 std::string_view deviceId, std::string_view remoteAddress) {
    if (auto s = validateDeviceId(deviceId); !s)
        return authError(AuthFailure::InvalidInput, s.error().message);
    const std::string name = truncateUtf8(normalizeLoginName(username), kMaxLoginKeyBytes);
    const bool plausibleName = validateUsername(name).ok();
    const json where = networkDetail(deviceId, remoteAddress);
    try {
        // 1. Throttle, count the attempt as a failure in advance, and read the stored hash.
        std::optional<UserRecord> user;
        int failures = 0;
        {
            const std::int64_t t = now();
            const std::int64_t tMs = m_options.nowMs();
            auto lock = m_db.lock();
            auto tx = m_db.store().begin();
            purgeExpiredLocked(t);
            const auto count = m_store.loginFailures(name).value_or(LoginFailureCount{});
            if (const auto wait =
                    loginRetryAfterSeconds(m_options.throttle, count.failures, count.lastFailureAt, tMs);
                wait > 0) {
                json detail = where;
                detail["reason"] = "too_many_attempts";
                detail["retry_after"] = wait;
                m_audit.appendLocked(name, "auth.login_refused", "", std::move(detail));
                tx->commit();
                return authError(AuthFailure::TooManyAttempts,
                                 "too many failed sign-ins for this name; try again in " +
                                     std::to_string(wait) + " s",
                                 wait);
            }
            failures = count.failures + 1;
            m_store.setLoginFailures(name, LoginFailureCount{failures, tMs});
            if (plausibleName) user = m_store.findUserByUsername(name);
            tx->commit();
        }

        // 2. The KDF, without the lock; against a dummy hash when there is no such user.
        const auto match = verifyPassword(password, user ? user->passwordHash : m_dummyHash);

        // 3. Decide and record.
        const std::int64_t t = now();
        auto lock = m_db.lock();
        auto tx = m_db.store().begin();
        const auto current = user ? m_store.findUserById(user->id) : std::nullopt;
        const char* failure = nullptr;
        if (!user)
            failure = "unknown_user";
        else if (!match)
            failure = "unreadable_password_hash";
        else if (!*match)
            failure = "wrong_password";
        else if (!current || current->passwordHash != user->passwordHash)
            failure = "password_changed_meanwhile";
        if (failure) {
            // The window runs from when the failure was known, not from before the KDF: a slow
            // KDF on a busy server must not use up the wait before the client hears of it.
            if (auto count = m_store.loginFailures(name)) {
                count->lastFailureAt = std::max(count->lastFailureAt, m_options.nowMs());
                m_store.setLoginFailures(name, *count);
            }
            json detail = where;
            detail["reason"] = failure;
            detail["consecutive_failures"] = failures;
            m_audit.appendLocked(name, "auth.login_failed", user ? user->id : "", std::move(detail));
            tx->commit();
            return invalidCredentials();
        }
        // The password was right: whatever follows, the failure count is forgiven.
        m_store.clearLoginFailures(name);
        if (current->disabled) {
            json detail = where;
            detail["reason"] = "account_disabled";
            m_audit.appendLocked(name, "auth.login_refused", current->id, std::move(detail));
            tx->commit();
            return accountDisabled();
        }
        // A revoked device stays revoked: a login would hand it fresh tokens under the same id.
        // Only this device is refused; the account signs in from any other.
        if (!deviceId.empty() && m_store.deviceRevoked(std::string(deviceId))) {
            json detail = where;
            detail["reason"] = "device_revoked";
            m_audit.appendLocked(name, "auth.login_refused", current->id, std::move(detail));
            tx->commit();
            return deviceRevoked(deviceId);
        }
        const std::string family = m_ids.next();
        Session session = openSessionLocked(*current, deviceId, family, t);
        json detail = where;
        detail["session"] = family;
        m_audit.appendLocked(name, "auth.login", current->id, std::move(detail));
        tx->commit();
        return session;
    } catch (const StoreFailure& f) {
        return authError(AuthFailure::Unavailable, storeError(f).message);
    }
}

AuthResult AccountService::refresh(std::string_view refreshToken, std::string_view remoteAddress) {
    if (!looksLikeBearerToken(refreshToken)) return invalidRefreshToken("is not one this server issues");
    const std::string hash = tokenHash(refreshToken);
    try {
        const std::int64_t t = now();
        auto lock = m_db.lock();
        auto tx = m_db.store().begin();
        const auto token = m_store.findToken(hash);
        if (!token || token->kind != TokenKind::Refresh)
            return invalidRefreshToken("is unknown or was revoked");
        if (token->usedAt) {
            // A rotated token came back: a copy exists. End the whole login.
            const int revoked = m_store.deleteTokenFamily(token->family);
            json detail = networkDetail(token->deviceId, remoteAddress);
            detail["session"] = token->family;
            detail["revoked_tokens"] = revoked;
            const auto user = m_store.findUserById(token->userId);
            m_audit.appendLocked(user ? user->username : token->userId, "auth.refresh_reuse", token->userId,
                                 std::move(detail));
            tx->commit();
            return invalidRefreshToken("was already used, so this session has been signed out everywhere");
        }
        if (token->expiresAt <= t) {
            m_store.deleteToken(hash);
            tx->commit();
            return invalidRefreshToken("has expired");
        }
        const auto user = m_store.findUserById(token->userId);
        if (!user) return invalidRefreshToken("belongs to no user");
        if (user->disabled) return accountDisabled();
        m_store.markTokenUsed(hash, t);
        Session session = openSessionLocked(*user, token->deviceId, token->family, t);
        json detail = networkDetail(token->deviceId, remoteAddress);
        detail["session"] = token->family;
        m_audit.appendLocked(user->username, "auth.refresh", user->id, std::move(detail));
        tx->commit();
        return session;
    } catch (const StoreFailure& f) {
        return authError(AuthFailure::Unavailable, storeError(f).message);
    }
}

Status AccountService::logout(std::string_view accessToken) {
    if (!looksLikeBearerToken(accessToken)) return ok();
    try {
        auto lock = m_db.lock();
        auto tx = m_db.store().begin();
        const auto token = m_store.findToken(tokenHash(accessToken));
        if (!token) return ok();
        const int revoked = m_store.deleteTokenFamily(token->family);
        const auto user = m_store.findUserById(token->userId);
        json detail = networkDetail(token->deviceId, {});
        detail["session"] = token->family;
        detail["revoked_tokens"] = revoked;
        m_audit.appendLocked(user ? user->username : token->userId, "auth.logout", token->userId,
                             std::move(detail));
        tx->commit();
        return ok();
    } catch (const StoreFailure& f) {
        return storeError(f);
    }
}

Status AccountService::resetPassword(const std::string& userId, const std::string& newPassword,
                                     std::string_view actor) {
    if (auto s = validateNewPassword(newPassword); !s) return s.error();
    try {
        {
            auto lock = m_db.lock();
            if (!m_store.findUserById(userId)) return noSuchUser(userId);
        }
        const std::string hash = hashPassword(newPassword, m_options.kdf);

        auto lock = m_db.lock();
        auto tx = m_db.store().begin();
        const auto user = m_store.findUserById(userId);
        if (!user || !m_store.setPasswordHash(userId, hash)) return noSuchUser(userId);
        const int revoked = m_store.deleteUserTokens(userId, std::nullopt);
        m_store.clearLoginFailures(user->username);
        m_audit.appendLocked(actor, "user.password_reset", userId,
                             {{"username", user->username}, {"revoked_tokens", revoked}});
        tx->commit();
        return ok();
    } catch (const StoreFailure& f) {
        return storeError(f);
    }
}

Status AccountService::disableUser(const std::string& userId, std::string_view actor) {
    try {
        auto lock = m_db.lock();
        auto tx = m_db.store().begin();
        const auto user = m_store.findUserById(userId);
        if (!user) return noSuchUser(userId);
        if (user->username == actor)
            return validationError(ErrorCode::Conflict, "you cannot disable your own account");
        m_store.setDisabled(userId, true);
        // Refresh tokens stay (inert: refresh() refuses disabled users) so that a device's next
        // silent renewal hears 403 account_disabled rather than a puzzling "sign in again".
        const int revoked = m_store.deleteUserTokens(userId, TokenKind::Access);
        m_audit.appendLocked(
            actor, "user.disable", userId,
            {{"username", user->username}, {"revoked_tokens", revoked}, {"was_disabled", user->disabled}});
        tx->commit();
        return ok();
    } catch (const StoreFailure& f) {
        return storeError(f);
    }
}

Result<std::vector<Account>> AccountService::listUsers() {
    try {
        auto lock = m_db.lock();
        std::vector<Account> out;
        for (const auto& u : m_store.listUsers())
            out.push_back(toAccount(u));
        return out;
    } catch (const StoreFailure& f) {
        return storeError(f);
    }
}

Result<Account> AccountService::findUser(const std::string& userId) {
    try {
        auto lock = m_db.lock();
        const auto user = m_store.findUserById(userId);
        if (!user) return noSuchUser(userId);
        return toAccount(*user);
    } catch (const StoreFailure& f) {
        return storeError(f);
    }
}

Result<Account> AccountService::findUserByName(const std::string& username) {
    try {
        auto lock = m_db.lock();
        const auto user = m_store.findUserByUsername(username);
        if (!user) return notFound("no user named '" + truncateUtf8(username, 64) + "'");
        return toAccount(*user);
    } catch (const StoreFailure& f) {
        return storeError(f);
    }
}

} // namespace fieldseal::server
