// The seal verbs of the `fieldseal` binary end to end: authority init/issue-signer/revoke/
// trust-list, seal sign, seal verify exit codes (0 PASSED, 3 FAILED, 4 INDETERMINATE, 2 usage),
// qr encode/decode.
#include "support/cli_process.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <nlohmann/json.hpp>

namespace {

// A run of the CLI with its stdout read as JSON (discarded when it is not JSON).
struct Run : fieldseal::test::CliRun {
    nlohmann::json json() const { return nlohmann::json::parse(out, nullptr, false); }
};

Run runIn(const QString& dir, const QStringList& args) {
    fieldseal::test::CliOptions options;
    options.workingDirectory = dir;
    return {fieldseal::test::runFieldsealCli(args, options)};
}

void writeText(const QString& path, const std::string& text) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text.data(), qint64(text.size()));
}

std::string readText(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string();
}

QString isoIn(int seconds) {
    return QDateTime::currentDateTimeUtc().addSecs(seconds).toString(Qt::ISODate);
}

#define RUN_EXPECT(var, args, expectedCode)                                                                  \
    const Run var = runIn(dir, args);                                                                        \
    QVERIFY2(var.exitCode == (expectedCode),                                                                 \
             qPrintable(QString("exit %1, expected %2\nstdout: %3\nstderr: %4")                              \
                            .arg(var.exitCode)                                                               \
                            .arg(expectedCode)                                                               \
                            .arg(QString::fromStdString(var.out))                                            \
                            .arg(QString::fromStdString(var.err))))

} // namespace

class TestSealCli : public QObject {
    Q_OBJECT
private slots:
    void endToEnd_data();
    void endToEnd();
    void usageErrors();
};

void TestSealCli::endToEnd_data() {
    QTest::addColumn<QString>("alg");
    QTest::newRow("sm2") << "sm2";
    QTest::newRow("p256") << "p256";
}

void TestSealCli::endToEnd() {
    QFETCH(QString, alg);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString dir = tmp.path();

    RUN_EXPECT(
        init,
        (QStringList{"authority", "init", "--dir", "auth", "--alg", alg, "--name", "上海市市场监督管理局"}),
        0);
    QVERIFY(init.json().contains("trust_list"));
    writeText(
        dir + "/p.json",
        R"({"kind":"CCC exemption","number":"CIIE-2026-0001","exhibits":[{"name":"咖啡机","hs":"8516.71","qty":2}]})");

    RUN_EXPECT(sign,
               (QStringList{"seal", "sign", "--key", "auth/signer.key", "--cert", "auth/signer.pem",
                            "--chain", "auth/chain.pem", "--seal-id", "SEAL-1", "--seal-name", "免办专用章",
                            "--in", "p.json", "--out", "env.json"}),
               0);
    const auto env = nlohmann::json::parse(readText(dir + "/env.json"));
    QCOMPARE(env["alg"].get<std::string>(), std::string(alg == "sm2" ? "SM2-SM3" : "ES256"));

    const QStringList verify{"seal", "verify", "--trust", "auth/trust-list.json", "--root", "auth/root.pem"};
    RUN_EXPECT(ok, (verify + QStringList{"--in", "env.json"}), 0);
    QCOMPARE(ok.json()["indication"].get<std::string>(), std::string("PASSED"));
    QCOMPARE(ok.json()["payload"]["number"].get<std::string>(), std::string("CIIE-2026-0001"));

    // The README's interop recipe: the signed bytes from `seal tbs`, checked by `openssl dgst`.
    RUN_EXPECT(tbs, (QStringList{"seal", "tbs", "--in", "env.json", "--out", "tbs.bin"}), 0);
    {
        QFile sig(dir + "/sig.der");
        QVERIFY(sig.open(QIODevice::WriteOnly));
        sig.write(QByteArray::fromBase64(QByteArray::fromStdString(env["signature"].get<std::string>())));
    }
    fieldseal::test::CliOptions inDir;
    inDir.workingDirectory = dir;
    QCOMPARE(fieldseal::test::runProcess(
                 "openssl", {"x509", "-in", "auth/signer.pem", "-pubkey", "-noout", "-out", "pub.pem"}, inDir)
                 .exitCode,
             0);
    const auto dgst = fieldseal::test::runProcess(
        "openssl",
        (alg == "sm2" ? QStringList{"dgst", "-sm3", "-sigopt", "distid:1234567812345678"}
                      : QStringList{"dgst", "-sha256"}) +
            QStringList{"-verify", "pub.pem", "-signature", "sig.der", "tbs.bin"},
        inDir);
    QVERIFY2(dgst.exitCode == 0, dgst.err.c_str());
    QVERIFY(dgst.out.find("Verified OK") != std::string::npos);

    // Tampered: FAILED (3).
    auto tampered = env;
    tampered["payload"]["exhibits"][0]["qty"] = 20;
    writeText(dir + "/tampered.json", tampered.dump());
    RUN_EXPECT(bad, (verify + QStringList{"--in", "tampered.json"}), 3);
    QCOMPARE(bad.json()["sub_indication"].get<std::string>(), std::string("SIG_CRYPTO_FAILURE"));

    // Trust list past next_update: INDETERMINATE (4).
    RUN_EXPECT(stale, (verify + QStringList{"--in", "env.json", "--at", isoIn(30 * 86400)}), 4);
    QCOMPARE(stale.json()["sub_indication"].get<std::string>(), std::string("TRY_LATER"));

    // Malformed input: FAILED with FORMAT_FAILURE, not a crash.
    writeText(dir + "/junk.json", "{\"format\":");
    RUN_EXPECT(junk, (verify + QStringList{"--in", "junk.json"}), 3);
    QCOMPARE(junk.json()["sub_indication"].get<std::string>(), std::string("FORMAT_FAILURE"));

    // QR: encode, verify from the text, decode back to the envelope without its chain.
    RUN_EXPECT(qr, (QStringList{"qr", "encode", "--in", "env.json"}), 0);
    const QString qrText = QString::fromStdString(qr.out).trimmed();
    QVERIFY(qrText.startsWith("FS1:"));
    RUN_EXPECT(qrOk, (verify + QStringList{"--qr", qrText}), 0);
    RUN_EXPECT(qrCut, (verify + QStringList{"--qr", qrText.left(qrText.size() - 5)}), 3);
    QCOMPARE(qrCut.json()["sub_indication"].get<std::string>(), std::string("FORMAT_FAILURE"));
    RUN_EXPECT(decoded, (QStringList{"qr", "decode", "--qr", qrText}), 0);
    auto expected = env;
    expected.erase("chain");
    QVERIFY(decoded.json() == expected);

    // A new signer: with its chain it verifies at once; from a QR code only once a trust list
    // carrying it is published.
    RUN_EXPECT(issued, (QStringList{"authority", "issue-signer", "--dir", "auth", "--name", "进博会窗口 02"}),
               0);
    const auto serial = QString::fromStdString(issued.json()["serial"].get<std::string>());
    RUN_EXPECT(
        sign2,
        (QStringList{"seal", "sign", "--key", QString::fromStdString(issued.json()["key"]), "--cert",
                     QString::fromStdString(issued.json()["cert"]), "--seal-id", "SEAL-2", "--seal-name",
                     "窗口章", "--in", "p.json", "--no-chain", "--out", "env2.json", "--at", isoIn(-60)}),
        0);
    RUN_EXPECT(unknown, (verify + QStringList{"--in", "env2.json"}), 3);
    QCOMPARE(unknown.json()["sub_indication"].get<std::string>(), std::string("NO_CERTIFICATE_CHAIN_FOUND"));
    RUN_EXPECT(published, (QStringList{"authority", "trust-list", "--dir", "auth"}), 0);
    QCOMPARE(published.json()["sequence"].get<int>(), 2);
    RUN_EXPECT(known, (verify + QStringList{"--in", "env2.json"}), 0);

    // Revocation: later seals of the revoked signer fail, the earlier one still passes.
    RUN_EXPECT(revoke, (QStringList{"authority", "revoke", "--dir", "auth", serial}), 0);
    RUN_EXPECT(
        sign3,
        (QStringList{"seal", "sign", "--key", QString::fromStdString(issued.json()["key"]), "--cert",
                     QString::fromStdString(issued.json()["cert"]), "--seal-id", "SEAL-2", "--seal-name",
                     "窗口章", "--in", "p.json", "--out", "env3.json", "--at", isoIn(60)}),
        0);
    RUN_EXPECT(revoked, (verify + QStringList{"--in", "env3.json"}), 3);
    QCOMPARE(revoked.json()["sub_indication"].get<std::string>(), std::string("REVOKED"));
    RUN_EXPECT(before, (verify + QStringList{"--in", "env2.json"}), 0);

    // Another authority's root does not accept this trust list: INDETERMINATE.
    RUN_EXPECT(other, (QStringList{"authority", "init", "--dir", "other", "--alg", alg}), 0);
    RUN_EXPECT(foreign,
               (QStringList{"seal", "verify", "--trust", "auth/trust-list.json", "--root", "other/root.pem",
                            "--in", "env.json"}),
               4);
    QVERIFY(foreign.json()["detail"].get<std::string>().find("trust list") != std::string::npos);
}

void TestSealCli::usageErrors() {
    QTemporaryDir tmp;
    const QString dir = tmp.path();
    RUN_EXPECT(noTrust, (QStringList{"seal", "verify", "--in", "x.json"}), 2);
    RUN_EXPECT(both, (QStringList{"seal", "verify", "--trust", "t", "--in", "x", "--qr", "y"}), 2);
    RUN_EXPECT(noSub, (QStringList{"seal"}), 2);
    RUN_EXPECT(badSub, (QStringList{"qr", "print"}), 2);
    RUN_EXPECT(badOpt, (QStringList{"authority", "init", "--dir", "d", "--colour", "red"}), 2);
    RUN_EXPECT(badAlg, (QStringList{"authority", "init", "--dir", "d", "--alg", "rsa"}), 2);
    RUN_EXPECT(badAt, (QStringList{"seal", "verify", "--trust", "t", "--in", "x", "--at", "tomorrow"}), 2);
    RUN_EXPECT(missingFile, (QStringList{"qr", "encode", "--in", "nowhere.json"}), 1);
}

QTEST_APPLESS_MAIN(TestSealCli)
#include "test_seal_cli.moc"
