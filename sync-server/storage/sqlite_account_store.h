#pragma once
// AccountStore on the server's SQLite file (tables users, tokens, login_failures). Never locks:
// the account service holds ServerDatabase::lock() around every call.

#include "accounts/account_store.h"

namespace fieldseal::sqlite {
class Database;
}

namespace fieldseal::server {

class SqliteAccountStore final : public AccountStore {
public:
    explicit SqliteAccountStore(sqlite::Database& db)
        : m_db(db) {}

    bool insertUser(const UserRecord& user) override;
    std::optional<UserRecord> findUserById(const std::string& id) override;
    std::optional<UserRecord> findUserByUsername(const std::string& username) override;
    std::vector<UserRecord> listUsers() override;
    bool setPasswordHash(const std::string& userId, const std::string& passwordHash) override;
    bool setDisabled(const std::string& userId, bool disabled) override;

    void insertToken(const TokenRecord& token) override;
    std::optional<TokenRecord> findToken(const std::string& tokenHash) override;
    bool markTokenUsed(const std::string& tokenHash, std::int64_t at) override;
    int deleteToken(const std::string& tokenHash) override;
    int deleteTokenFamily(const std::string& family) override;
    int deleteUserTokens(const std::string& userId, std::optional<TokenKind> onlyKind) override;
    int deleteTokensExpiredBefore(std::int64_t now) override;

    std::optional<LoginFailureCount> loginFailures(const std::string& key) override;
    void setLoginFailures(const std::string& key, const LoginFailureCount& count) override;
    void clearLoginFailures(const std::string& key) override;
    int deleteLoginFailuresBefore(std::int64_t lastFailureAt) override;

    bool deviceRevoked(const std::string& deviceId) override;

private:
    sqlite::Database& m_db;
};

} // namespace fieldseal::server
