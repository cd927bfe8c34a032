// SeedVault: a draw's seed at rest until the run. The key file is made 0600 and read back; a
// sealed seed opens only with that key, for its own draw id and commitment; a key readable by
// others, of the wrong size, or replaced is refused with a message that says what is wrong.
#include "draw/seed_commitment.h"
#include "draws/seed_vault.h"
#include "seal/encoding.h"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <sys/stat.h>

using namespace fieldseal;
using namespace fieldseal::server;

namespace {

draw::Seed fixedSeed() {
    auto s = draw::parseSeed("6f1c0a3e9b2d4c5f8a7e6d5c4b3a29180f1e2d3c4b5a69788796a5b4c3d2e1f0");
    if (!s) throw std::runtime_error(s.error().message);
    return *s;
}

} // namespace

class TestDrawSeedVault : public QObject {
    Q_OBJECT

private slots:
    void sealsAndOpens() {
        QTemporaryDir dir;
        const std::string keyFile = dir.filePath("draw-seed.key").toStdString();
        auto vault = SeedVault::open(keyFile);
        QVERIFY2(vault.ok(), vault ? "" : vault.error().message.c_str());
        struct stat st {};
        QCOMPARE(::stat(keyFile.c_str(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0600u);
        QCOMPARE(st.st_size, off_t(32));

        const draw::Seed seed = fixedSeed();
        const std::string commitment = draw::seedCommitment(seed);
        const std::string sealed = vault->seal(seed, "DRAW-1", commitment);
        QVERIFY(sealed.rfind("fieldseal-seed/1:", 0) == 0);
        QVERIFY(sealed.find(seed.hex) == std::string::npos);
        QVERIFY(sealed != vault->seal(seed, "DRAW-1", commitment)); // a fresh nonce each time

        auto opened = vault->open(sealed, "DRAW-1", commitment);
        QVERIFY2(opened.ok(), opened ? "" : opened.error().message.c_str());
        QCOMPARE(opened->hex, seed.hex);
        // The same key read back from the file opens it too (a restarted server).
        auto reopened = SeedVault::open(keyFile);
        QVERIFY(reopened.ok());
        QVERIFY(reopened->open(sealed, "DRAW-1", commitment).ok());

        // Bound to its draw and commitment; a changed byte fails authentication.
        QVERIFY(!vault->open(sealed, "DRAW-2", commitment));
        QVERIFY(!vault->open(sealed, "DRAW-1", std::string(64, '0')));
        std::string flipped = sealed;
        flipped.back() = flipped.back() == '0' ? '1' : '0';
        const auto bad = vault->open(flipped, "DRAW-1", commitment);
        QVERIFY(!bad);
        QVERIFY2(bad.error().message.find("cannot be opened") != std::string::npos, bad.error().message.c_str());
        QVERIFY(!vault->open("plain-hex-seed", "DRAW-1", commitment));
    }

    void anotherKeyCannotOpen() {
        QTemporaryDir a, b;
        auto first = SeedVault::open(a.filePath("k").toStdString());
        auto second = SeedVault::open(b.filePath("k").toStdString());
        QVERIFY(first.ok() && second.ok());
        const draw::Seed seed = fixedSeed();
        const std::string commitment = draw::seedCommitment(seed);
        const auto r = second->open(first->seal(seed, "DRAW-1", commitment), "DRAW-1", commitment);
        QVERIFY(!r);
        QVERIFY2(r.error().message.find("seed key file replaced") != std::string::npos, r.error().message.c_str());
    }

    void refusesBadKeyFiles() {
        QTemporaryDir dir;
        const std::string open = dir.filePath("open.key").toStdString();
        std::ofstream(open, std::ios::binary) << std::string(32, 'k');
        ::chmod(open.c_str(), 0644);
        auto r = SeedVault::open(open);
        QVERIFY(!r);
        QVERIFY2(r.error().message.find("readable by others") != std::string::npos, r.error().message.c_str());
        const std::string shortKey = dir.filePath("short.key").toStdString();
        std::ofstream(shortKey, std::ios::binary) << std::string(31, 'k');
        ::chmod(shortKey.c_str(), 0600);
        r = SeedVault::open(shortKey);
        QVERIFY(!r);
        QVERIFY2(r.error().message.find("exactly 32 bytes") != std::string::npos, r.error().message.c_str());
    }
};

QTEST_APPLESS_MAIN(TestDrawSeedVault)
#include "test_draw_seed_vault.moc"
