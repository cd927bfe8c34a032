// Unit tests of the account building blocks that need no database: scrypt password hashes (a
// known-answer vector from RFC 7914, round trip, salts, the encoded form and its parse errors, the
// cost floor), bearer tokens, the account input rules and the login back-off policy.
#include "accounts/account_validation.h"
#include "accounts/bearer_token.h"
#include "accounts/login_throttle.h"
#include "accounts/password_hash.h"

#include <QtTest>
#include <set>
#include <stdexcept>
#include <string>

using namespace fieldseal;
using namespace fieldseal::server;

namespace {

// 1 MiB per hash: fast enough to hash dozens of passwords in a unit test.
const ScryptParams kCheap = ScryptParams::forTestsOnly(1u << 10);

} // namespace

class TestPasswordHash : public QObject {
    Q_OBJECT

private slots:
    void knownAnswerFromRfc7914() {
        // RFC 7914 section 12, third vector: P="pleaseletmein", S="SodiumChloride", N=16384, r=8, p=1.
        const std::string encoded =
            "scrypt$16384$8$1$U29kaXVtQ2hsb3JpZGU=$"
            "cCO9yzr9c0hGHAbNgf046/2o+7qQT44+qbVD9lRdofLVQylVYT8Pz2LUlwUkKpr55h6F3A1lHkDfzwF7RVdYhw==";
        const auto match = verifyPassword("pleaseletmein", encoded);
        QVERIFY(match.ok());
        QVERIFY(*match);
        const auto mismatch = verifyPassword("pleaseletmeiN", encoded);
        QVERIFY(mismatch.ok());
        QVERIFY(!*mismatch);
    }

    void roundTripAndWrongPassword() {
        const std::string encoded = hashPassword("correct horse battery", kCheap);
        QVERIFY(encoded.rfind("scrypt$1024$8$1$", 0) == 0);
        QCOMPARE(*verifyPassword("correct horse battery", encoded), true);
        QCOMPARE(*verifyPassword("correct horse batterY", encoded), false);
        QCOMPARE(*verifyPassword("", encoded), false);
        // Non-ASCII passwords are bytes like any other.
        const std::string zh = hashPassword("检验检测监督管理密码", kCheap);
        QCOMPARE(*verifyPassword("检验检测监督管理密码", zh), true);
        QCOMPARE(*verifyPassword("检验检测监督管理密玛", zh), false);
    }

    void defaultCostIsScryptTwoToTheFifteen() {
        const std::string encoded = hashPassword("a default-cost password", ScryptParams::standard());
        QVERIFY(encoded.rfind("scrypt$32768$8$1$", 0) == 0);
        QCOMPARE(*verifyPassword("a default-cost password", encoded), true);
        const auto decoded = decodePasswordHash(encoded);
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->salt.size(), size_t(16));
        QCOMPARE(decoded->hash.size(), size_t(32));
    }

    void saltsAreUnique() {
        std::set<std::string> salts;
        std::set<std::string> encodings;
        for (int i = 0; i < 20; ++i) {
            const std::string encoded = hashPassword("the same password", kCheap);
            encodings.insert(encoded);
            salts.insert(decodePasswordHash(encoded)->salt);
        }
        QCOMPARE(salts.size(), size_t(20));
        QCOMPARE(encodings.size(), size_t(20));
    }

    void encodedFormErrors_data() {
        QTest::addColumn<QString>("encoded");
        QTest::addColumn<QString>("expected");
        const QString salt = "AAAAAAAAAAAAAAAAAAAAAA==";                     // 16 bytes
        const QString hash = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="; // 32 bytes
        QTest::newRow("empty") << ""
                               << "expected scrypt$N$r$p$salt$hash";
        QTest::newRow("too few fields") << "scrypt$1024$8$1$" + salt << "expected scrypt$N$r$p$salt$hash";
        QTest::newRow("too many fields") << "scrypt$1024$8$1$" + salt + "$" + hash + "$x"
                                         << "expected scrypt$N$r$p$salt$hash";
        QTest::newRow("other scheme") << "argon2$1024$8$1$" + salt + "$" + hash << "unknown scheme 'argon2'";
        QTest::newRow("N not a number")
            << "scrypt$lots$8$1$" + salt + "$" + hash << "N is not a decimal number";
        QTest::newRow("N signed") << "scrypt$+1024$8$1$" + salt + "$" + hash << "N is not a decimal number";
        QTest::newRow("N leading zero")
            << "scrypt$01024$8$1$" + salt + "$" + hash << "N is not a decimal number";
        QTest::newRow("N not a power of two") << "scrypt$1000$8$1$" + salt + "$" + hash << "power of two";
        QTest::newRow("N too large") << "scrypt$2097152$8$1$" + salt + "$" + hash << "N above 2^20";
        QTest::newRow("r zero") << "scrypt$1024$0$1$" + salt + "$" + hash << "r must be 1..32";
        QTest::newRow("p zero") << "scrypt$1024$8$0$" + salt + "$" + hash << "p must be 1..16";
        QTest::newRow("memory") << "scrypt$1048576$32$1$" + salt + "$" + hash << "more than 256 MiB";
        QTest::newRow("salt not base64") << "scrypt$1024$8$1$*not*base64*$" + hash << "salt is not Base64";
        QTest::newRow("salt short") << "scrypt$1024$8$1$AAAA$" + hash << "salt must be 8..64 bytes";
        QTest::newRow("hash not base64") << "scrypt$1024$8$1$" + salt + "$AAA"
                                         << "hash is not Base64";
        QTest::newRow("hash short") << "scrypt$1024$8$1$" + salt + "$" + salt << "hash must be 32..64 bytes";
    }

    void encodedFormErrors() {
        QFETCH(QString, encoded);
        QFETCH(QString, expected);
        const auto decoded = decodePasswordHash(encoded.toStdString());
        QVERIFY(!decoded.ok());
        QVERIFY2(decoded.error().message.find(expected.toStdString()) != std::string::npos,
                 decoded.error().message.c_str());
        QVERIFY(decoded.error().message.rfind("malformed password hash: ", 0) == 0);
        // verifyPassword reports the same error instead of a mismatch.
        const auto verified = verifyPassword("whatever", encoded.toStdString());
        QVERIFY(!verified.ok());
    }

    void costFloor() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 hashPassword("password123", ScryptParams{1u << 13, 8, 1}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 requireUsableScryptParams(ScryptParams{1u << 10, 8, 1}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 requireUsableScryptParams(ScryptParams{3u << 14, 8, 1}));
        requireUsableScryptParams(ScryptParams::reduced());
        requireUsableScryptParams(ScryptParams::standard());
        requireUsableScryptParams(kCheap);
        // A stored hash below the floor (made by a test) still verifies: the floor is for new hashes.
        const std::string weak = hashPassword("password123", kCheap);
        QCOMPARE(*verifyPassword("password123", weak), true);
    }

    void derivationsAreCounted() {
        const auto before = scryptDerivationCount();
        const std::string encoded = hashPassword("count me please", kCheap);
        (void)verifyPassword("count me please", encoded);
        (void)verifyPassword("count me please", "not a hash"); // refused before any KDF run
        QCOMPARE(scryptDerivationCount() - before, std::uint64_t(2));
    }

    void bearerTokens() {
        std::set<std::string> seen;
        for (int i = 0; i < 100; ++i) {
            const std::string t = newBearerToken();
            QCOMPARE(t.size(), size_t(43));
            QVERIFY(looksLikeBearerToken(t));
            QVERIFY(t.find_first_of("+/=") == std::string::npos);
            seen.insert(t);
        }
        QCOMPARE(seen.size(), size_t(100));
        QVERIFY(!looksLikeBearerToken(""));
        QVERIFY(!looksLikeBearerToken(std::string(43, '+')));
        QVERIFY(!looksLikeBearerToken(std::string(44, 'a')));
        // SHA-256 of "abc" (FIPS 180-2).
        QCOMPARE(tokenHash("abc"),
                 std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(bearerFromAuthorization("Bearer abc"), std::string_view("abc"));
        QCOMPARE(bearerFromAuthorization("bearer   abc "), std::string_view("abc"));
        QCOMPARE(bearerFromAuthorization("Basic YWxpY2U6cHc="), std::string_view());
        QCOMPARE(bearerFromAuthorization("Bearer"), std::string_view());
    }

    void accountRules() {
        QVERIFY(validateUsername("li.wei_2-x").ok());
        QVERIFY(validateUsername("abc").ok());
        QVERIFY(validateUsername(std::string(32, 'a')).ok());
        QVERIFY(!validateUsername("ab").ok());
        QVERIFY(!validateUsername(std::string(33, 'a')).ok());
        QVERIFY(!validateUsername("LiWei").ok());
        QVERIFY(!validateUsername("li wei").ok());
        QVERIFY(!validateUsername("李伟").ok());

        QVERIFY(validateNewPassword("0123456789").ok());
        QVERIFY(validateNewPassword("十个汉字的密码啊啊啊").ok()); // 10 characters, 30 bytes
        const auto shortOne = validateNewPassword("123456789");
        QVERIFY(!shortOne.ok());
        QCOMPARE(shortOne.error().code, ErrorCode::InvalidInput);
        QVERIFY2(shortOne.error().message.find("at least 10 characters (it has 9)") != std::string::npos,
                 shortOne.error().message.c_str());
        QVERIFY(!validateNewPassword("九个汉字的密码啊啊").ok());
        QVERIFY(!validateNewPassword(std::string(257, 'x')).ok());

        QVERIFY(validateDisplayName("").ok());
        QVERIFY(validateDisplayName("王 检查员").ok());
        QVERIFY(!validateDisplayName("tab\there").ok());
        QVERIFY(!validateDisplayName(std::string(101, 'x')).ok());

        QVERIFY(validateDeviceId("").ok());
        QVERIFY(validateDeviceId("tablet-07:A.b_c").ok());
        QVERIFY(!validateDeviceId("tablet 07").ok());
        QVERIFY(!validateDeviceId(std::string(129, 'a')).ok());

        QCOMPARE(normalizeLoginName("Li.Wei"), std::string("li.wei"));
        QCOMPARE(utf8Length("检验a"), size_t(3));
    }

    void backoffPolicy() {
        const ThrottlePolicy p; // 5 free failures, 1 s doubling to 300 s
        QCOMPARE(loginBackoffWindow(p, 0), std::int64_t(0));
        QCOMPARE(loginBackoffWindow(p, 4), std::int64_t(0));
        QCOMPARE(loginBackoffWindow(p, 5), std::int64_t(1));
        QCOMPARE(loginBackoffWindow(p, 6), std::int64_t(2));
        QCOMPARE(loginBackoffWindow(p, 7), std::int64_t(4));
        QCOMPARE(loginBackoffWindow(p, 13), std::int64_t(256));
        QCOMPARE(loginBackoffWindow(p, 14), std::int64_t(300));
        QCOMPARE(loginBackoffWindow(p, 1000000), std::int64_t(300));

        // Times in milliseconds; the wait in milliseconds and in whole seconds rounded up.
        QCOMPARE(loginRetryAfterMs(p, 4, 1'000'000, 1'000'000), std::int64_t(0));
        QCOMPARE(loginRetryAfterMs(p, 5, 1'000'000, 1'000'000), std::int64_t(1000));
        QCOMPARE(loginRetryAfterMs(p, 5, 1'000'000, 1'001'000), std::int64_t(0));
        QCOMPARE(loginRetryAfterMs(p, 7, 1'000'000, 1'001'000), std::int64_t(3000));
        QCOMPARE(loginRetryAfterMs(p, 7, 1'000'000, 1'004'000), std::int64_t(0));
        // A failure late in a second still rests a full second (whole seconds made it 1 ms).
        QCOMPARE(loginRetryAfterMs(p, 5, 12'999, 13'001), std::int64_t(998));
        QCOMPARE(loginRetryAfterSeconds(p, 5, 12'999, 13'001), std::int64_t(1));
        QCOMPARE(loginRetryAfterSeconds(p, 5, 12'999, 13'998), std::int64_t(1));
        QCOMPARE(loginRetryAfterSeconds(p, 5, 12'999, 13'999), std::int64_t(0));
        QCOMPARE(loginRetryAfterSeconds(p, 6, 12'999, 13'001), std::int64_t(2));
        // A clock that stepped back waits one window, not more.
        QCOMPARE(loginRetryAfterMs(p, 14, 1'000'000, 500'000), std::int64_t(300'000));
        QCOMPARE(loginRetryAfterSeconds(p, 14, 1'000'000, 500'000), std::int64_t(300));
    }
};

QTEST_APPLESS_MAIN(TestPasswordHash)
#include "test_password_hash.moc"
