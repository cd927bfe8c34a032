#pragma once
// AccountStore: where users, tokens and login-failure counts are kept; the account service's only
// view of storage (the SQLite implementation is storage/sqlite_account_store.cpp).
//
// Store classes never lock: callers hold ServerDatabase::lock() and, for changes, a transaction.
// Backend failures throw StoreFailure.

#include "api/caller.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fieldseal::server {

struct UserRecord {
    std::string id; // UUIDv7
    std::string username;
    std::string displayName;
    Role role = Role::Inspector;
    std::string district; // empty for a city-wide admin
    std::string passwordHash;
    bool disabled = false;
    std::string createdAt; // RFC 3339 UTC
};

enum class TokenKind { Access, Refresh };

struct TokenRecord {
    std::string tokenHash; // hex SHA-256 of the token
    TokenKind kind = TokenKind::Access;
    std::string userId;
    std::string deviceId;
    std::string family;         // the login the token descends from
    std::int64_t createdAt = 0; // unix seconds
    std::int64_t expiresAt = 0;
    std::optional<std::int64_t> usedAt; // refresh tokens: when it was rotated
};

struct LoginFailureCount {
    int failures = 0;
    std::int64_t lastFailureAt = 0; // unix milliseconds (login_throttle.h says why)
};

class AccountStore {
public:
    virtual ~AccountStore() = default;

    // Users. insertUser returns false (and changes nothing) when the username is taken.
    virtual bool insertUser(const UserRecord& user) = 0;
    virtual std::optional<UserRecord> findUserById(const std::string& id) = 0;
    virtual std::optional<UserRecord> findUserByUsername(const std::string& username) = 0;
    virtual std::vector<UserRecord> listUsers() = 0; // by username
    // Return false when no such user.
    virtual bool setPasswordHash(const std::string& userId, const std::string& passwordHash) = 0;
    virtual bool setDisabled(const std::string& userId, bool disabled) = 0;

    // Tokens.
    virtual void insertToken(const TokenRecord& token) = 0;
    virtual std::optional<TokenRecord> findToken(const std::string& tokenHash) = 0;
    virtual bool markTokenUsed(const std::string& tokenHash, std::int64_t at) = 0;
    // Each returns the number of tokens removed.
    virtual int deleteToken(const std::string& tokenHash) = 0;
    virtual int deleteTokenFamily(const std::string& family) = 0;
    // All of the user's tokens, or only those of `onlyKind`.
    virtual int deleteUserTokens(const std::string& userId, std::optional<TokenKind> onlyKind) = 0;
    virtual int deleteTokensExpiredBefore(std::int64_t now) = 0;

    // Consecutive failed logins, keyed by the normalised login name (known or not).
    virtual std::optional<LoginFailureCount> loginFailures(const std::string& key) = 0;
    virtual void setLoginFailures(const std::string& key, const LoginFailureCount& count) = 0;
    virtual void clearLoginFailures(const std::string& key) = 0;
    virtual int deleteLoginFailuresBefore(std::int64_t lastFailureAt) = 0; // unix milliseconds

    // Whether the device id names an enrolled device that was revoked (devices are enrolled and
    // revoked by the seal service; a login must not hand a revoked device new tokens).
    virtual bool deviceRevoked(const std::string& deviceId) = 0;
};

} // namespace fieldseal::server
