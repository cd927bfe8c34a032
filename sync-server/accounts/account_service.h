#pragma once
// AccountService: users, passwords, sessions and login throttling; also the server's
// Authenticator (bearer token -> Caller).
//
// Sessions: a login issues an access token (12 h) and a refresh token (30 days), both random and
// stored only as SHA-256 hashes. POST /v1/auth/refresh trades a refresh token for a new pair and
// marks the old one used; presenting a used refresh token again means it was copied, so every
// token of that login (its "family") is revoked. Resetting a password revokes all the user's
// tokens; a disabled user's tokens are all refused.
//
// Throttling: an attempt is counted as a failure before its KDF runs and forgiven when it
// succeeds, so parallel guesses cannot slip past the count; after ThrottlePolicy::freeFailures
// consecutive failures a name must rest (1 s, 2 s, ... 5 min) and attempts inside the window are
// refused without running the KDF. Unknown names are counted and throttled the same way and run
// the KDF against a dummy hash, so neither timing nor throttling tells whether a user exists.
// Per-name throttling lets a stranger slow down a user's logins (never beyond the 5-minute cap);
// that is the accepted price of stopping password guessing.
//
// Locking: every public method takes ServerDatabase::lock() itself; the KDF always runs with the
// lock released (it takes tens of milliseconds and 32 MiB). Every change is written together with
// its audit event in one transaction.

#include "accounts/login_throttle.h"
#include "accounts/password_hash.h"
#include "http/router.h"
#include "model/ids.h"
#include "model/result.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace fieldseal::server {

class AccountStore;
class AuditLog;
class ServerDatabase;
struct UserRecord;

struct AccountServiceOptions {
    // Unix seconds; the system clock when empty. Tests inject their own to test expiry.
    std::function<std::int64_t()> now;
    // Unix milliseconds, for the login throttle (its first window is one second). When empty:
    // now() * 1000 if `now` was given, else the system clock.
    std::function<std::int64_t()> nowMs;
    // Cost of new password hashes. Below ScryptParams::reduced() only with forTestsOnly().
    ScryptParams kdf = ScryptParams::standard();
    std::chrono::seconds accessTtl = std::chrono::hours(12);
    std::chrono::seconds refreshTtl = std::chrono::hours(24 * 30);
    ThrottlePolicy throttle;
};

// A user as the API shows it (never the password hash).
struct Account {
    std::string id;
    std::string username;
    std::string displayName;
    Role role = Role::Inspector;
    std::string district;
    bool disabled = false;
    std::string createdAt; // RFC 3339 UTC
};

// What a login or refresh hands the device.
struct Session {
    std::string accessToken;
    std::int64_t accessExpiresAt = 0; // unix seconds
    std::string refreshToken;
    std::int64_t refreshExpiresAt = 0;
    std::string deviceId;
    Account user;
};

enum class AuthFailure {
    InvalidCredentials,  // 401 invalid_credentials: unknown user or wrong password (one message)
    TooManyAttempts,     // 429 too_many_attempts, retryAfterSeconds set
    AccountDisabled,     // 403 account_disabled (only said to someone who knew the password)
    DeviceRevoked,       // 403 device_revoked: the device id was revoked (same: password first)
    InvalidRefreshToken, // 401 invalid_refresh_token: unknown, expired, reused or revoked
    InvalidInput,        // 422 invalid_input (e.g. a malformed device id)
    Unavailable,         // 503 storage_unavailable: the store failed
};

struct AuthError {
    AuthFailure failure = AuthFailure::InvalidCredentials;
    std::string message;
    std::int64_t retryAfterSeconds = 0;
};

// A Session, or why there is none.
class [[nodiscard]] AuthResult {
public:
    AuthResult(Session session)
        : m_v(std::move(session)) {}
    AuthResult(AuthError error)
        : m_v(std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    Session& value() { return std::get<0>(m_v); }
    const Session& value() const { return std::get<0>(m_v); }
    Session* operator->() { return &value(); }
    const Session* operator->() const { return &value(); }
    const AuthError& error() const { return std::get<1>(m_v); }

private:
    std::variant<Session, AuthError> m_v;
};

class AccountService final : public Authenticator {
public:
    // Throws std::invalid_argument when options.kdf is below the floor (see password_hash.h).
    // Hashes one dummy password (for unknown-user logins), so construction takes one KDF run.
    AccountService(ServerDatabase& db, AccountStore& store, AuditLog& audit,
                   AccountServiceOptions options = {});
    ~AccountService() override;

    // Authenticator: the caller behind a valid, unexpired access token of an enabled user.
    // Throws StoreFailure if the store fails (the router turns it into a 500).
    std::optional<Caller> authenticate(std::string_view bearerToken) override;

    // username [a-z0-9._-]{3,32}; role via parseRole; district a code from model/districts.h
    // (an admin may have none: city-wide); password >= 10 characters. Errors: Validation (422),
    // Conflict when the username is taken (409), Store (503). `actor` is recorded in the audit.
    Result<Account> createUser(const std::string& username, const std::string& displayName,
                               const std::string& role, const std::string& district,
                               const std::string& password, std::string_view actor = "system");

    // Checks the password and opens a session for `deviceId` (may be empty). `remoteAddress` is
    // recorded in the audit log.
    AuthResult login(std::string_view username, std::string_view password, std::string_view deviceId = {},
                     std::string_view remoteAddress = {});

    // Rotates a refresh token: a new access and refresh token for the same login.
    AuthResult refresh(std::string_view refreshToken, std::string_view remoteAddress = {});

    // Ends the session the access token belongs to (the token and the refresh tokens of its
    // login). An unknown token is not an error: the session is gone either way.
    Status logout(std::string_view accessToken);

    // Sets a new password (>= 10 characters) and revokes every token of the user, which also
    // lifts any login throttling of the name. NotFound for an unknown id.
    Status resetPassword(const std::string& userId, const std::string& newPassword, std::string_view actor);

    // Disables the account: its access tokens are revoked at once, and its refresh tokens are
    // refused with AccountDisabled (an operation that enables accounts again must revoke them).
    // NotFound for an unknown id; Conflict when `actor` would disable their own account.
    Status disableUser(const std::string& userId, std::string_view actor);

    Result<std::vector<Account>> listUsers();            // by username
    Result<Account> findUser(const std::string& userId); // NotFound for an unknown id
    Result<Account> findUserByName(const std::string& username);

private:
    std::int64_t now() const;
    void purgeExpiredLocked(std::int64_t now);
    Session openSessionLocked(const UserRecord& user, std::string_view deviceId, const std::string& family,
                              std::int64_t now);

    ServerDatabase& m_db;
    AccountStore& m_store;
    AuditLog& m_audit;
    AccountServiceOptions m_options;
    std::string m_dummyHash;      // verified against for unknown users
    IdGenerator m_ids;            // used under the lock only (not thread-safe)
    std::int64_t m_nextPurge = 0; // when expired tokens and stale failure counts are swept next
};

} // namespace fieldseal::server
