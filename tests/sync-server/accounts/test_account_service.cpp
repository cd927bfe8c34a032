// Unit tests of AccountService on a real server database: user creation rules, login, tokens
// stored only as hashes, expiry under an injected clock, refresh rotation and reuse detection,
// logout, disabled users, password resets, login throttling (and that unknown names take the
// same path as known ones), and the audit events all of this writes.
#include "account_test_env.h"
#include "accounts/bearer_token.h"
#include "accounts/password_hash.h"

#include <QFile>
#include <QtTest>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace fieldseal;
using namespace fieldseal::server;
using namespace fieldseal::server::test;

namespace {

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 24 * kHour;

std::string fileBytes(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll().toStdString();
}

} // namespace

class TestAccountService : public QObject {
    Q_OBJECT

private slots:
    void createUserRules() {
        AccountEnv env;
        auto alice = env.accounts->createUser("alice", "Alice Wang", "inspector", "310115",
                                              "inspector-pass-1", "root");
        QVERIFY2(alice.ok(), alice.ok() ? "" : alice.error().message.c_str());
        QCOMPARE(alice->username, std::string("alice"));
        QCOMPARE(alice->role, Role::Inspector);
        QCOMPARE(alice->district, std::string("310115"));
        QVERIFY(isUuid(alice->id));
        QCOMPARE(alice->createdAt, std::string("2026-03-01T08:00:00Z"));

        // An admin may be city-wide; others need a real district.
        QVERIFY(env.accounts->createUser("root2", "", "admin", "", "admin-password-1").ok());
        QVERIFY(env.accounts->createUser("sup", "", "supervisor", "310104", "supervisor-pw-1").ok());

        struct Bad {
            const char* username;
            const char* role;
            const char* district;
            const char* password;
            const char* says;
        };
        const Bad bad[] = {
            {"Al", "inspector", "310115", "inspector-pass-1", "3 to 32 characters"},
            {"Alice", "inspector", "310115", "inspector-pass-1", "3 to 32 characters"},
            {"bob", "boss", "310115", "inspector-pass-1", "unknown role 'boss'"},
            {"bob", "inspector", "", "inspector-pass-1", "role inspector needs a district"},
            {"bob", "exhibition_staff", "999999", "inspector-pass-1", "not a known district code"},
            {"bob", "inspector", "310115", "short-pw", "at least 10 characters (it has 8)"},
        };
        for (const auto& b : bad) {
            auto r = env.accounts->createUser(b.username, "", b.role, b.district, b.password);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().domain, ErrorDomain::Validation);
            QCOMPARE(r.error().code, ErrorCode::InvalidInput);
            QVERIFY2(r.error().message.find(b.says) != std::string::npos, r.error().message.c_str());
        }
        auto dup = env.accounts->createUser("alice", "", "supervisor", "310104", "another-password");
        QVERIFY(!dup.ok());
        QCOMPARE(dup.error().code, ErrorCode::Conflict);

        auto users = env.accounts->listUsers();
        QVERIFY(users.ok());
        QCOMPARE(users->size(), size_t(3));
        QCOMPARE((*users)[0].username, std::string("alice"));
        QCOMPARE((*users)[1].username, std::string("root2"));
        QCOMPARE((*users)[2].username, std::string("sup"));
        QCOMPARE(env.accounts->findUser(alice->id)->displayName, std::string("Alice Wang"));
        QCOMPARE(env.accounts->findUser("nope").error().code, ErrorCode::NotFound);
        QCOMPARE(env.accounts->findUserByName("sup")->role, Role::Supervisor);

        // The stored hash is a scrypt encoding, never the password; the creation is audited.
        const std::string stored = env.scalar("SELECT password_hash FROM users WHERE username = 'alice'");
        QVERIFY(stored.rfind("scrypt$1024$8$1$", 0) == 0);
        QVERIFY(stored.find("inspector-pass-1") == std::string::npos);
        QCOMPARE(env.scalar("SELECT actor || ' ' || action || ' ' || record_id FROM audit WHERE seq = 1"),
                 "root user.create " + alice->id);
        QCOMPARE(env.scalar("SELECT count(*) FROM audit"), std::string("3"));
    }

    void loginStoresTokensOnlyAsHashes() {
        AccountEnv env;
        const Account alice = env.user("alice");
        auto s = env.accounts->login("alice", "inspector-pass-1", "tablet-07", "10.0.0.8:5123");
        QVERIFY(s.ok());
        QVERIFY(looksLikeBearerToken(s->accessToken));
        QVERIFY(looksLikeBearerToken(s->refreshToken));
        QVERIFY(s->accessToken != s->refreshToken);
        QCOMPARE(s->accessExpiresAt, kStart + 12 * kHour);
        QCOMPARE(s->refreshExpiresAt, kStart + 30 * kDay);
        QCOMPARE(s->user.id, alice.id);
        QCOMPARE(s->deviceId, std::string("tablet-07"));

        QCOMPARE(env.scalar("SELECT count(*) FROM tokens"), std::string("2"));
        QCOMPARE(env.scalar("SELECT kind FROM tokens WHERE token_hash = '" + tokenHash(s->accessToken) + "'"),
                 std::string("access"));
        QCOMPARE(
            env.scalar("SELECT kind FROM tokens WHERE token_hash = '" + tokenHash(s->refreshToken) + "'"),
            std::string("refresh"));
        // No column of any token row, and no byte of the database files, holds a raw token.
        const std::string rows = env.scalar(
            "SELECT group_concat(token_hash || kind || user_id || device_id || family || created_at || "
            "expires_at || ifnull(used_at, ''), '|') FROM tokens");
        QVERIFY(!rows.empty());
        for (const auto& token : {s->accessToken, s->refreshToken}) {
            QVERIFY(rows.find(token) == std::string::npos);
            for (const char* suffix : {"", "-wal"}) {
                const std::string bytes = fileBytes(QString::fromStdString(env.dbPath()) + suffix);
                QVERIFY(bytes.find(token) == std::string::npos);
            }
        }

        const auto caller = env.accounts->authenticate(s->accessToken);
        QVERIFY(caller.has_value());
        QCOMPARE(caller->userId, alice.id);
        QCOMPARE(caller->username, std::string("alice"));
        QCOMPARE(caller->role, Role::Inspector);
        QCOMPARE(caller->district, std::string("310115"));
        QCOMPARE(caller->deviceId, std::string("tablet-07"));
        // A refresh token is not a bearer token, and garbage is nobody.
        QVERIFY(!env.accounts->authenticate(s->refreshToken));
        QVERIFY(!env.accounts->authenticate(""));
        QVERIFY(!env.accounts->authenticate(newBearerToken()));
        QVERIFY(!env.accounts->authenticate(std::string(10000, 'a')));

        QCOMPARE(
            env.scalar(
                "SELECT action || ' ' || actor || ' ' || record_id FROM audit ORDER BY seq DESC LIMIT 1"),
            "auth.login alice " + alice.id);
        QCOMPARE(env.scalar("SELECT json_extract(detail, '$.remote') FROM audit ORDER BY seq DESC LIMIT 1"),
                 std::string("10.0.0.8:5123"));
    }

    void tokensExpire() {
        AccountEnv env;
        env.user("alice");
        auto s = env.accounts->login("alice", "inspector-pass-1");
        QVERIFY(s.ok());
        env.clock = kStart + 12 * kHour - 1;
        QVERIFY(env.accounts->authenticate(s->accessToken));
        env.clock = kStart + 12 * kHour;
        QVERIFY(!env.accounts->authenticate(s->accessToken));

        // The device renews silently with its refresh token.
        auto renewed = env.accounts->refresh(s->refreshToken);
        QVERIFY(renewed.ok());
        QCOMPARE(renewed->accessExpiresAt, env.clock + 12 * kHour);
        QVERIFY(env.accounts->authenticate(renewed->accessToken));

        // Thirty days after the renewal its refresh token is dead too.
        env.clock = kStart + 12 * kHour + 30 * kDay;
        auto late = env.accounts->refresh(renewed->refreshToken);
        QVERIFY(!late.ok());
        QCOMPARE(late.error().failure, AuthFailure::InvalidRefreshToken);
        QVERIFY2(late.error().message.find("expired") != std::string::npos, late.error().message.c_str());
    }

    void expiredTokensArePurged() {
        AccountEnv env;
        env.user("alice");
        QVERIFY(env.accounts->login("alice", "inspector-pass-1").ok());
        QCOMPARE(env.scalar("SELECT count(*) FROM tokens"), std::string("2"));
        env.clock = kStart + 31 * kDay;
        QVERIFY(env.accounts->login("alice", "inspector-pass-1").ok());
        QCOMPARE(env.scalar("SELECT count(*) FROM tokens"), std::string("2")); // the old pair is gone
    }

    void refreshRotatesAndReuseRevokesTheLogin() {
        AccountEnv env;
        env.user("alice");
        auto first = env.accounts->login("alice", "inspector-pass-1", "tablet-07");
        auto other = env.accounts->login("alice", "inspector-pass-1", "desktop-1");
        QVERIFY(first.ok() && other.ok());

        env.clock += 60;
        auto second = env.accounts->refresh(first->refreshToken);
        QVERIFY(second.ok());
        QVERIFY(second->refreshToken != first->refreshToken);
        QVERIFY(second->accessToken != first->accessToken);
        QCOMPARE(second->deviceId, std::string("tablet-07"));
        QCOMPARE(env.accounts->authenticate(second->accessToken)->deviceId, std::string("tablet-07"));
        QCOMPARE(env.scalar("SELECT used_at FROM tokens WHERE token_hash = '" +
                            tokenHash(first->refreshToken) + "'"),
                 std::to_string(env.clock));

        // The old refresh token again: someone holds a copy. The whole login ends...
        auto reused = env.accounts->refresh(first->refreshToken);
        QVERIFY(!reused.ok());
        QCOMPARE(reused.error().failure, AuthFailure::InvalidRefreshToken);
        QVERIFY(!env.accounts->authenticate(first->accessToken));
        QVERIFY(!env.accounts->authenticate(second->accessToken));
        QCOMPARE(env.accounts->refresh(second->refreshToken).error().failure,
                 AuthFailure::InvalidRefreshToken);
        QCOMPARE(env.scalar("SELECT action FROM audit ORDER BY seq DESC LIMIT 1"),
                 std::string("auth.refresh_reuse"));
        // ...and the user's other login is untouched.
        QVERIFY(env.accounts->authenticate(other->accessToken));
        QVERIFY(env.accounts->refresh(other->refreshToken).ok());

        // An access token is not a refresh token; garbage is refused without a lookup.
        QCOMPARE(env.accounts->refresh(other->accessToken).error().failure, AuthFailure::InvalidRefreshToken);
        QCOMPARE(env.accounts->refresh("not-a-token").error().failure, AuthFailure::InvalidRefreshToken);
    }

    void logoutEndsTheSession() {
        AccountEnv env;
        env.user("alice");
        auto a = env.accounts->login("alice", "inspector-pass-1");
        auto b = env.accounts->login("alice", "inspector-pass-1");
        QVERIFY(env.accounts->logout(a->accessToken).ok());
        QVERIFY(!env.accounts->authenticate(a->accessToken));
        QCOMPARE(env.accounts->refresh(a->refreshToken).error().failure, AuthFailure::InvalidRefreshToken);
        QVERIFY(env.accounts->authenticate(b->accessToken));
        QVERIFY(env.accounts->logout(a->accessToken).ok()); // again: nothing left to end
        QCOMPARE(env.scalar("SELECT count(*) FROM audit WHERE action = 'auth.logout'"), std::string("1"));
    }

    void disabledUsers() {
        AccountEnv env;
        const Account root = env.user("root", "admin", "", "admin-password-1");
        const Account alice = env.user("alice");
        auto s = env.accounts->login("alice", "inspector-pass-1");
        QVERIFY(s.ok());

        QVERIFY(env.accounts->disableUser(alice.id, "root").ok());
        QVERIFY(env.accounts->findUser(alice.id)->disabled);
        QVERIFY(!env.accounts->authenticate(s->accessToken));
        auto renewed = env.accounts->refresh(s->refreshToken);
        QCOMPARE(renewed.error().failure, AuthFailure::AccountDisabled);
        QVERIFY2(renewed.error().message.find("disabled") != std::string::npos,
                 renewed.error().message.c_str());
        QCOMPARE(env.accounts->login("alice", "inspector-pass-1").error().failure,
                 AuthFailure::AccountDisabled);
        // Only someone who knows the password learns that the account is disabled.
        QCOMPARE(env.accounts->login("alice", "wrong-password").error().failure,
                 AuthFailure::InvalidCredentials);

        auto self = env.accounts->disableUser(root.id, "root");
        QCOMPARE(self.error().code, ErrorCode::Conflict);
        QCOMPARE(env.accounts->disableUser("no-such-id", "root").error().code, ErrorCode::NotFound);
        QCOMPARE(env.scalar("SELECT actor || ' ' || record_id FROM audit WHERE action = 'user.disable'"),
                 "root " + alice.id);
    }

    // A revoked device stays out: signing in again under its id is refused (403 device_revoked),
    // only to someone who knows the password, while the account works from its other devices.
    void revokedDeviceCannotSignInAgain() {
        AccountEnv env;
        const Account alice = env.user("alice");
        auto lost = env.accounts->login("alice", "inspector-pass-1", "tab-lost");
        auto other = env.accounts->login("alice", "inspector-pass-1", "tab-other");
        QVERIFY(lost.ok() && other.ok());
        env.enrollAndRevokeDevice(alice, "tab-lost");
        QVERIFY(!env.accounts->authenticate(lost->accessToken));

        auto again = env.accounts->login("alice", "inspector-pass-1", "tab-lost");
        QVERIFY(!again.ok());
        QCOMPARE(again.error().failure, AuthFailure::DeviceRevoked);
        QVERIFY2(again.error().message.find("revoked") != std::string::npos, again.error().message.c_str());
        QCOMPARE(env.scalar("SELECT count(*) FROM tokens WHERE device_id = 'tab-lost'"), std::string("0"));
        QCOMPARE(env.scalar("SELECT count(*) FROM audit WHERE action = 'auth.login_refused' AND "
                            "json_extract(detail, '$.reason') = 'device_revoked'"),
                 std::string("1"));
        // Without the password nothing is told about the device.
        QCOMPARE(env.accounts->login("alice", "wrong-password", "tab-lost").error().failure,
                 AuthFailure::InvalidCredentials);

        // The account is unharmed: its other device keeps its session and signs in again, and a
        // new device id signs in.
        QVERIFY(env.accounts->authenticate(other->accessToken));
        QVERIFY(env.accounts->login("alice", "inspector-pass-1", "tab-other").ok());
        QVERIFY(env.accounts->login("alice", "inspector-pass-1", "tab-new").ok());
        QVERIFY(env.accounts->refresh(other->refreshToken).ok());
    }

    // Revocation deletes a device's tokens by device id: an index range, not a scan of tokens.
    void tokensAreIndexedByDevice() {
        AccountEnv env;
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open_v2(env.dbPath().c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        sqlite3_stmt* st = nullptr;
        QCOMPARE(sqlite3_prepare_v2(db, "EXPLAIN QUERY PLAN DELETE FROM tokens WHERE device_id = 'x'", -1, &st,
                                    nullptr),
                 SQLITE_OK);
        std::string plan;
        while (sqlite3_step(st) == SQLITE_ROW)
            plan += reinterpret_cast<const char*>(sqlite3_column_text(st, 3)) + std::string(" | ");
        sqlite3_finalize(st);
        sqlite3_close(db);
        // "SEARCH tokens USING [COVERING] INDEX tokens_by_device (device_id=?)", not "SCAN tokens".
        QVERIFY2(plan.find("SEARCH tokens USING") != std::string::npos &&
                     plan.find("INDEX tokens_by_device (device_id=?)") != std::string::npos,
                 plan.c_str());
    }

    void resetPassword() {
        AccountEnv env;
        const Account alice = env.user("alice");
        auto s = env.accounts->login("alice", "inspector-pass-1");
        for (int i = 0; i < 6; ++i)
            (void)env.accounts->login("alice", "wrong-password");
        QCOMPARE(env.accounts->login("alice", "wrong-password").error().failure,
                 AuthFailure::TooManyAttempts);

        QCOMPARE(env.accounts->resetPassword(alice.id, "short", "root").error().code,
                 ErrorCode::InvalidInput);
        QCOMPARE(env.accounts->resetPassword("no-such-id", "a-new-password-1", "root").error().code,
                 ErrorCode::NotFound);
        QVERIFY(env.accounts->resetPassword(alice.id, "a-new-password-1", "root").ok());
        // Every session ends, the throttle is lifted, only the new password works.
        QVERIFY(!env.accounts->authenticate(s->accessToken));
        QCOMPARE(env.accounts->refresh(s->refreshToken).error().failure, AuthFailure::InvalidRefreshToken);
        QCOMPARE(env.accounts->login("alice", "inspector-pass-1").error().failure,
                 AuthFailure::InvalidCredentials);
        QVERIFY(env.accounts->login("alice", "a-new-password-1").ok());
        QCOMPARE(env.scalar("SELECT count(*) FROM audit WHERE action = 'user.password_reset'"),
                 std::string("1"));
    }

    void throttlesRepeatedFailures() {
        AccountEnv env;
        env.user("alice");
        for (int i = 1; i <= 5; ++i) {
            auto r = env.accounts->login("alice", "wrong-password");
            QCOMPARE(r.error().failure, AuthFailure::InvalidCredentials);
        }
        // The sixth attempt in the same second: refused, without a KDF run and without counting.
        auto kdfRuns = scryptDerivationCount();
        auto refused = env.accounts->login("alice", "inspector-pass-1");
        QCOMPARE(refused.error().failure, AuthFailure::TooManyAttempts);
        QCOMPARE(refused.error().retryAfterSeconds, std::int64_t(1));
        QCOMPARE(scryptDerivationCount(), kdfRuns);
        QCOMPARE(env.scalar("SELECT failures FROM login_failures WHERE username = 'alice'"),
                 std::string("5"));
        QCOMPARE(env.scalar("SELECT json_extract(detail, '$.reason') FROM audit ORDER BY seq DESC LIMIT 1"),
                 std::string("too_many_attempts"));

        // After the window one more attempt runs; failing it doubles the window.
        env.clock += 1;
        QCOMPARE(env.accounts->login("alice", "wrong-password").error().failure,
                 AuthFailure::InvalidCredentials);
        QCOMPARE(scryptDerivationCount(), kdfRuns + 1);
        QCOMPARE(env.accounts->login("alice", "x").error().retryAfterSeconds, std::int64_t(2));
        env.clock += 1;
        QCOMPARE(env.accounts->login("alice", "x").error().retryAfterSeconds, std::int64_t(1));
        env.clock += 1;
        QCOMPARE(env.accounts->login("alice", "wrong-password").error().failure,
                 AuthFailure::InvalidCredentials);
        QCOMPARE(env.accounts->login("alice", "x").error().retryAfterSeconds, std::int64_t(4));

        // The window is capped at five minutes however long the attack.
        for (int i = 0; i < 20; ++i) {
            env.clock += 300;
            (void)env.accounts->login("alice", "wrong-password");
        }
        QCOMPARE(env.accounts->login("alice", "x").error().retryAfterSeconds, std::int64_t(300));

        // A success after the window resets the count: five fresh failures before the next refusal.
        env.clock += 300;
        QVERIFY(env.accounts->login("Alice", "inspector-pass-1").ok());
        QCOMPARE(env.scalar("SELECT count(*) FROM login_failures"), std::string("0"));
        for (int i = 0; i < 5; ++i)
            QCOMPARE(env.accounts->login("alice", "wrong-password").error().failure,
                     AuthFailure::InvalidCredentials);
        QCOMPARE(env.accounts->login("alice", "inspector-pass-1").error().failure,
                 AuthFailure::TooManyAttempts);
    }

    // The throttle counts milliseconds: a fifth failure late in one second and a sixth attempt
    // early in the next were 1 s apart in whole seconds, and the sixth ran (401 instead of 429).
    void theFirstWindowIsAFullSecondAcrossASecondBoundary() {
        AccountEnv env;
        env.user("alice");
        env.clockMs = 999;
        for (int i = 1; i <= 5; ++i)
            QCOMPARE(env.accounts->login("alice", "wrong-password").error().failure,
                     AuthFailure::InvalidCredentials);
        env.clock += 1;
        env.clockMs = 1; // 2 ms later
        const auto kdfRuns = scryptDerivationCount();
        auto refused = env.accounts->login("alice", "inspector-pass-1");
        QCOMPARE(refused.error().failure, AuthFailure::TooManyAttempts);
        QCOMPARE(refused.error().retryAfterSeconds, std::int64_t(1)); // 998 ms, rounded up
        QCOMPARE(scryptDerivationCount(), kdfRuns);
        env.clockMs = 998; // 1 ms short of the window
        QCOMPARE(env.accounts->login("alice", "inspector-pass-1").error().failure,
                 AuthFailure::TooManyAttempts);
        env.clockMs = 999; // exactly one second after the fifth failure
        QVERIFY(env.accounts->login("alice", "inspector-pass-1").ok());
    }

    void parallelGuessesCannotSlipPastTheCount() {
        // Each attempt is counted before its KDF runs, so twenty guesses sent at once in the same
        // second get exactly five KDF runs, however the threads interleave.
        AccountEnv env;
        env.user("alice");
        const auto kdfRuns = scryptDerivationCount();
        std::atomic<int> refused{0};
        std::atomic<int> rejected{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&] {
                for (int i = 0; i < 5; ++i) {
                    const auto r = env.accounts->login("alice", "guess-" + std::to_string(i));
                    (r.error().failure == AuthFailure::TooManyAttempts ? refused : rejected)++;
                }
            });
        for (auto& th : threads)
            th.join();
        QCOMPARE(rejected.load(), 5);
        QCOMPARE(refused.load(), 15);
        QCOMPARE(scryptDerivationCount(), kdfRuns + 5);
    }

    void unknownNamesLookLikeKnownOnes() {
        AccountEnv env;
        env.user("alice");
        auto kdfRuns = scryptDerivationCount();
        const auto wrong = env.accounts->login("alice", "wrong-password");
        QCOMPARE(scryptDerivationCount(), kdfRuns + 1);
        const auto unknown = env.accounts->login("mallory", "wrong-password");
        QCOMPARE(scryptDerivationCount(), kdfRuns + 2); // the dummy hash
        const auto invalidName = env.accounts->login("no such name!", "wrong-password");
        QCOMPARE(scryptDerivationCount(), kdfRuns + 3);
        for (const auto* r : {&wrong, &unknown, &invalidName}) {
            QCOMPARE(r->error().failure, AuthFailure::InvalidCredentials);
            QCOMPARE(r->error().message, wrong.error().message);
        }
        // Unknown names are throttled like known ones.
        for (int i = 0; i < 4; ++i)
            (void)env.accounts->login("mallory", "wrong-password");
        QCOMPARE(env.accounts->login("mallory", "wrong-password").error().failure,
                 AuthFailure::TooManyAttempts);
        // The audit log (for administrators only) tells the cases apart.
        QCOMPARE(env.scalar(
                     "SELECT json_extract(detail, '$.reason') FROM audit WHERE action = 'auth.login_failed' "
                     "AND actor = 'mallory' ORDER BY seq LIMIT 1"),
                 std::string("unknown_user"));
        QCOMPARE(env.scalar(
                     "SELECT json_extract(detail, '$.reason') FROM audit WHERE action = 'auth.login_failed' "
                     "AND actor = 'alice'"),
                 std::string("wrong_password"));
    }

    void loginInputChecks() {
        AccountEnv env;
        env.user("alice");
        auto r = env.accounts->login("alice", "inspector-pass-1", "tablet 07");
        QCOMPARE(r.error().failure, AuthFailure::InvalidInput);
        QCOMPARE(env.scalar("SELECT count(*) FROM login_failures"), std::string("0"));
        // A 300-byte name is counted under its first 64 bytes, cut on a character boundary.
        std::string longName;
        for (int i = 0; i < 100; ++i)
            longName += "检";
        QCOMPARE(env.accounts->login(longName, "whatever-password").error().failure,
                 AuthFailure::InvalidCredentials);
        QCOMPARE(env.scalar("SELECT length(CAST(username AS BLOB)) FROM login_failures"), std::string("63"));
    }

    void everyChangeIsAudited() {
        AccountEnv env;
        const Account alice = env.user("alice");
        auto s = env.accounts->login("alice", "inspector-pass-1");
        (void)env.accounts->login("alice", "nope-nope-nope");
        auto r = env.accounts->refresh(s->refreshToken);
        (void)env.accounts->logout(r->accessToken);
        (void)env.accounts->resetPassword(alice.id, "a-new-password-1", "root");
        (void)env.accounts->disableUser(alice.id, "root");
        QCOMPARE(env.scalar("SELECT group_concat(action, ',') FROM (SELECT action FROM audit ORDER BY seq)"),
                 std::string("user.create,auth.login,auth.login_failed,auth.refresh,auth.logout,"
                             "user.password_reset,user.disable"));
        auto verified = env.audit->verify();
        QVERIFY(verified.ok());
        QVERIFY(verified->ok());
        QCOMPARE(verified->events, std::int64_t(7));
    }
};

QTEST_APPLESS_MAIN(TestAccountService)
#include "test_account_service.moc"
