// Verification reports: every sub-indication reached by building that exact situation, every
// byte of the signed part altered, malformed input, trust-list installation, cache and threads.
#include "seal/canonical_json.h"
#include "seal/qr_codec.h"
#include "seal_test_pki.h"

#include <QTest>
#include <atomic>
#include <thread>

using namespace fieldseal;
using namespace fieldseal::seal;
using namespace fieldseal::seal::test;

Q_DECLARE_METATYPE(fieldseal::seal::Algorithm)

namespace {

void addAlgRows() {
    QTest::addColumn<Algorithm>("alg");
    QTest::newRow("ES256") << Algorithm::Es256;
    QTest::newRow("SM2-SM3") << Algorithm::Sm2Sm3;
}

QByteArray describe(const VerificationReport& r) {
    return QByteArray::fromStdString(r.toJson().dump());
}

#define EXPECT_REPORT(report, ind, sub)                                                                      \
    do {                                                                                                     \
        const auto& rep_ = (report);                                                                         \
        if (rep_.indication != (ind) || rep_.subIndication != (sub)) QFAIL(describe(rep_).constData());      \
        QVERIFY(!rep_.explanationZh.empty());                                                                \
        QVERIFY(!rep_.explanationEn.empty());                                                                \
    } while (0)

} // namespace

class TestSealVerify : public QObject {
    Q_OBJECT
private slots:
    void passed_data() { addAlgRows(); }
    void passed();
    void passedFromQrWithoutChain_data() { addAlgRows(); }
    void passedFromQrWithoutChain();
    void sigCryptoFailureOnChangedPayload_data() { addAlgRows(); }
    void sigCryptoFailureOnChangedPayload();
    void sigCryptoFailureOnForeignKey_data() { addAlgRows(); }
    void sigCryptoFailureOnForeignKey();
    void sigCryptoFailureOnAlgorithmSwap();
    void noChainForForeignRoot_data() { addAlgRows(); }
    void noChainForForeignRoot();
    void noChainForUnknownKid_data() { addAlgRows(); }
    void noChainForUnknownKid();
    void chainConstraintsCaAsSigner_data() { addAlgRows(); }
    void chainConstraintsCaAsSigner();
    void chainConstraintsLeafAsIssuer_data() { addAlgRows(); }
    void chainConstraintsLeafAsIssuer();
    void expiredAtSigningTime_data() { addAlgRows(); }
    void expiredAtSigningTime();
    void notYetValidAtSigningTime_data() { addAlgRows(); }
    void notYetValidAtSigningTime();
    void revokedJudgedAtSigningTime_data() { addAlgRows(); }
    void revokedJudgedAtSigningTime();
    void tryLaterWhenTrustListIsStale_data() { addAlgRows(); }
    void tryLaterWhenTrustListIsStale();
    void indeterminateWithoutTrustList();
    void everyByteOfSignedPartAltered_data() { addAlgRows(); }
    void everyByteOfSignedPartAltered();
    void malformedInputIsFormatFailure_data();
    void malformedInputIsFormatFailure();
    void trustListInstallRules_data() { addAlgRows(); }
    void trustListInstallRules();
    void trustListEveryByteAltered();
    void chainVerifiedOncePerSequence();
    void resultsIndependentOfCache_data() { addAlgRows(); }
    void resultsIndependentOfCache();
    void deviceCertificateSeals();
    void concurrentVerification();
    void reportJson();
};

void TestSealVerify::passed() {
    QFETCH(Algorithm, alg);
    TestPki pki(alg);
    auto store = pki.store();
    const auto env =
        must(pki.sealerFor(pki.signer).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    QCOMPARE(env["alg"].get<std::string>(), std::string(toString(alg)));
    const auto r = store->verify(env, pki.t0);
    EXPECT_REPORT(r, Indication::Passed, SubIndication::None);
    QVERIFY(r.signerSubject.find("检验检测专用章") != std::string::npos);
    QCOMPARE(r.seal->id, std::string("SEAL-310000-0001"));
    QCOMPARE(r.signedAt, formatRfc3339(pki.t0));
    QCOMPARE(*r.trustListSequence, std::uint64_t{1});
    // Round trip through text as another program would store it.
    EXPECT_REPORT(store->verifyText(env.dump(2), pki.t0), Indication::Passed, SubIndication::None);
}

void TestSealVerify::passedFromQrWithoutChain() {
    QFETCH(Algorithm, alg);
    TestPki pki(alg);
    auto store = pki.store();
    const auto env =
        must(pki.sealerFor(pki.signer).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    const auto qr = must(encodeQr(env));
    QVERIFY2(qr.size() < 1200, qr.c_str()); // fits a QR code comfortably
    EXPECT_REPORT(store->verifyText(qr, pki.t0), Indication::Passed, SubIndication::None);
    auto noChain = env;
    noChain.erase("chain");
    EXPECT_REPORT(store->verify(noChain, pki.t0), Indication::Passed, SubIndication::None);
}

void TestSealVerify::sigCryptoFailureOnChangedPayload() {
    QFETCH(Algorithm, alg);
    TestPki pki(alg);
    auto store = pki.store();
    auto env = must(pki.sealerFor(pki.signer).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    env["payload"]["valid_until"] = "2039-12-31";
    EXPECT_REPORT(store->verify(env, pki.t0), Indication::Failed, SubIndication::SigCryptoFailure);
    env = must(pki.sealerFor(pki.signer).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    env["seal"]["name"] = "另一枚印章";
    EXPECT_REPORT(store->verify(env, pki.t0), Indication::Failed, SubIndication::SigCryptoFailure);
    env = must(pki.sealerFor(pki.signer).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    env["signed_at"] = formatRfc3339(pki.t0 - 1h); // backdating breaks the signature too
    EXPECT_REPORT(store->verify(env, pki.t0), Indication::Failed, SubIndication::SigCryptoFailure);
}

void TestSealVerify::sigCryptoFailureOnForeignKey() {
    QFETCH(Algorithm, alg);
    TestPki pki(alg);
    auto store = pki.store();
    auto env = must(pki.sealerFor(pki.signer).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    // Same envelope signed by another key of the same algorithm, claiming the genuine certificate.
    const auto forger = pki.issue(CertProfile::SealSigner, "forger", &pki.inter, pki.t0 - 24h, pki.t0 + 24h);
    const auto forged =
        must(pki.sealerFor(forger).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    env["signature"] = forged["signature"];
    EXPECT_REPORT(store->verify(env, pki.t0), Indication::Failed, SubIndication::SigCryptoFailure);
}

void TestSealVerify::sigCryptoFailureOnAlgorithmSwap() {
    TestPki pki(Algorithm::Es256);
    auto store = pki.store();
    auto env = must(pki.sealerFor(pki.signer).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    env["alg"] = "SM2-SM3";
    EXPECT_REPORT(store->verify(env, pki.t0), Indication::Failed, SubIndication::SigCryptoFailure);
}

void TestSealVerify::noChainForForeignRoot() {
    QFETCH(Algorithm, alg);
    TestPki pki(alg);
    TestPki other(alg, pki.t0); // a look-alike authority nobody provisioned
    auto store = pki.store();
    const auto env =
        must(other.sealerFor(other.signer).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    EXPECT_REPORT(store->verify(env, pki.t0), Indication::Failed, SubIndication::NoCertificateChainFound);
}

void TestSealVerify::noChainForUnknownKid() {
    QFETCH(Algorithm, alg);
    TestPki pki(alg);
    auto store = pki.store();
    const auto unlisted =
        pki.issue(CertProfile::SealSigner, "unlisted", &pki.inter, pki.t0 - 24h, pki.t0 + 24h);
    auto env = must(pki.sealerFor(unlisted).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    env.erase("chain"); // a QR code of a signer the trust list does not carry
    EXPECT_REPORT(store->verify(env, pki.t0), Indication::Failed, SubIndication::NoCertificateChainFound);
}

void TestSealVerify::chainConstraintsCaAsSigner() {
    QFETCH(Algorithm, alg);
    TestPki pki(alg);
    auto store = pki.store();
    const auto env =
        must(pki.sealerFor(pki.inter, false).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    const auto r = store->verify(env, pki.t0);
    EXPECT_REPORT(r, Indication::Failed, SubIndication::ChainConstraintsFailure);
    QVERIFY(r.detail.find("CA") != std::string::npos);
}

void TestSealVerify::chainConstraintsLeafAsIssuer() {
    QFETCH(Algorithm, alg);
    TestPki pki(alg);
    auto store = pki.store();
    // The seal signer (an end entity) issues a certificate: the chain breaks its constraints.
    const auto rogue = pki.issue(CertProfile::SealSigner, "rogue", &pki.signer, pki.t0 - 24h, pki.t0 + 24h);
    std::vector<X509Ptr> chain;
    chain.push_back(copyCert(pki.signer.cert.get()));
    chain.push_back(copyCert(pki.inter.cert.get()));
    auto sealer =
        must(Sealer::create(copyKey(rogue.key.get()), copyCert(rogue.cert.get()), std::move(chain)));
    const auto env = must(sealer.seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    EXPECT_REPORT(store->verify(env, pki.t0), Indication::Failed, SubIndication::ChainConstraintsFailure);
}

void TestSealVerify::expiredAtSigningTime() {
    QFETCH(Algorithm, alg);
    TestPki pki(alg);
    auto store = pki.store();
    const auto old =
        pki.issue(CertProfile::SealSigner, "old", &pki.inter, pki.t0 - 24h * 10, pki.t0 - 24h * 5);
    const auto late =
        must(pki.sealerFor(old).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0 - 24h));
    EXPECT_REPORT(store->verify(late, pki.t0), Indication::Failed, SubIndication::Expired);
    // Sealed while the certificate was valid: still valid today although it has since expired.
    const auto inTime =
        must(pki.sealerFor(old).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0 - 24h * 6));
    EXPECT_REPORT(store->verify(inTime, pki.t0), Indication::Passed, SubIndication::None);
}

void TestSealVerify::notYetValidAtSigningTime() {
    QFETCH(Algorithm, alg);
    TestPki pki(alg);
    auto store = pki.store();
    const auto future =
        pki.issue(CertProfile::SealSigner, "future", &pki.inter, pki.t0 + 24h, pki.t0 + 24h * 30);
    const auto env =
        must(pki.sealerFor(future).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    EXPECT_REPORT(store->verify(env, pki.t0), Indication::Failed, SubIndication::NotYetValid);
}

void TestSealVerify::revokedJudgedAtSigningTime() {
    QFETCH(Algorithm, alg);
    TestPki pki(alg);
    const Time revokedAt = pki.t0 - 1h;
    auto store = pki.store({pki.crl({serialHex(pki.signer.cert.get())}, revokedAt)});
    const auto sealer = pki.sealerFor(pki.signer);
    const auto after = must(sealer.seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    EXPECT_REPORT(store->verify(after, pki.t0), Indication::Failed, SubIndication::Revoked);
    const auto atRevocation = must(sealer.seal(TestPki::samplePayload(), TestPki::sampleSeal(), revokedAt));
    EXPECT_REPORT(store->verify(atRevocation, pki.t0), Indication::Failed, SubIndication::Revoked);
    const auto before = must(sealer.seal(TestPki::samplePayload(), TestPki::sampleSeal(), revokedAt - 1s));
    EXPECT_REPORT(store->verify(before, pki.t0), Indication::Passed, SubIndication::None);
    // A revoked intermediate (CRL of the root) revokes everything under it from then on. (Later
    // than the list's own signing time: a list signed under a revoked CA is itself refused.)
    std::vector<RevokedEntry> entries{{serialHex(pki.inter.cert.get()), pki.t0 - 30min}};
    const auto rootCrl = crlDer(
        must(issueCrl(pki.root.cert.get(), pki.root.key.get(), entries, pki.t0 - 2h, pki.t0 + 24h, 1)).get());
    auto store2 = pki.store({rootCrl});
    EXPECT_REPORT(store2->verify(after, pki.t0), Indication::Failed, SubIndication::Revoked);
    EXPECT_REPORT(store2->verify(before, pki.t0), Indication::Passed, SubIndication::None);
}

void TestSealVerify::tryLaterWhenTrustListIsStale() {
    QFETCH(Algorithm, alg);
    TestPki pki(alg);
    auto store = pki.store();
    const auto env =
        must(pki.sealerFor(pki.signer).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    EXPECT_REPORT(store->verify(env, *store->nextUpdate()), Indication::Passed, SubIndication::None);
    EXPECT_REPORT(store->verify(env, *store->nextUpdate() + 1s), Indication::Indeterminate,
                  SubIndication::TryLater);
    // A tampered envelope fails whatever the freshness of the list.
    auto bad = env;
    bad["payload"]["quantity"] = 13;
    EXPECT_REPORT(store->verify(bad, *store->nextUpdate() + 1s), Indication::Failed,
                  SubIndication::SigCryptoFailure);
}

void TestSealVerify::indeterminateWithoutTrustList() {
    TestPki pki(Algorithm::Es256);
    TrustStore empty(pki.roots());
    const auto env =
        must(pki.sealerFor(pki.signer).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    EXPECT_REPORT(empty.verify(env, pki.t0), Indication::Indeterminate,
                  SubIndication::NoCertificateChainFound);
    EXPECT_REPORT(empty.verifyText("{", pki.t0), Indication::Failed, SubIndication::FormatFailure);
}

void TestSealVerify::everyByteOfSignedPartAltered() {
    QFETCH(Algorithm, alg);
    TestPki pki(alg);
    auto store = pki.store();
    const auto env =
        must(pki.sealerFor(pki.signer).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    auto noChain = env;
    noChain.erase("chain");
    // The canonical text without chain is exactly the signed bytes plus the signature member.
    const std::string text = canonicalJson(noChain);
    EXPECT_REPORT(store->verifyText(text, pki.t0), Indication::Passed, SubIndication::None);
    int altered = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        for (const unsigned char mask : {0x01, 0x20}) {
            std::string copy = text;
            copy[i] = static_cast<char>(static_cast<unsigned char>(copy[i]) ^ mask);
            const auto r = store->verifyText(copy, pki.t0);
            if (r.indication == Indication::Passed)
                QFAIL(qPrintable(QString("byte %1 ^ %2 still verifies: %3")
                                     .arg(i)
                                     .arg(mask)
                                     .arg(QString::fromStdString(copy))));
            ++altered;
        }
    }
    QVERIFY(altered > 600);
    // The same with the chain present: the chain is not signed, but kid binds its first certificate.
    const std::string full = env.dump();
    const size_t chainStart = full.find("\"chain\"");
    QVERIFY(chainStart != std::string::npos);
    const size_t chain0End = full.find('"', full.find('[', chainStart) + 2);
    for (size_t i = chainStart; i < chain0End; ++i) {
        std::string copy = full;
        copy[i] = static_cast<char>(static_cast<unsigned char>(copy[i]) ^ 0x01);
        QVERIFY2(store->verifyText(copy, pki.t0).indication != Indication::Passed,
                 qPrintable(QString::number(i)));
    }
}

void TestSealVerify::malformedInputIsFormatFailure_data() {
    QTest::addColumn<QByteArray>("input");
    TestPki pki(Algorithm::Es256);
    const auto env =
        must(pki.sealerFor(pki.signer).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    auto with = [&](const char* key, nlohmann::json value) {
        auto e = env;
        e[key] = std::move(value);
        return QByteArray::fromStdString(e.dump());
    };
    auto without = [&](const char* key) {
        auto e = env;
        e.erase(key);
        return QByteArray::fromStdString(e.dump());
    };
    const auto qr = must(encodeQr(env));
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not json") << QByteArray("certificate");
    QTest::newRow("truncated json") << QByteArray::fromStdString(env.dump().substr(0, 100));
    QTest::newRow("array") << QByteArray("[1,2]");
    QTest::newRow("empty object") << QByteArray("{}");
    QTest::newRow("deep nesting") << QByteArray(100000, '[');
    QTest::newRow("oversized") << QByteArray::fromStdString(std::string(kMaxEnvelopeBytes + 1, ' '));
    QTest::newRow("wrong format") << with("format", "fieldseal-sealed/2");
    QTest::newRow("unknown alg") << with("alg", "RS256");
    QTest::newRow("kid upper case") << with("kid", std::string(64, 'A'));
    QTest::newRow("kid short") << with("kid", "abcd");
    QTest::newRow("seal not object") << with("seal", "x");
    QTest::newRow("seal extra member")
        << with("seal", {{"id", "a"}, {"name", "b"}, {"image_sha256", std::string(64, '0')}, {"x", 1}});
    QTest::newRow("bad signed_at") << with("signed_at", "yesterday");
    QTest::newRow("payload array") << with("payload", nlohmann::json::array());
    QTest::newRow("signature not base64") << with("signature", "***");
    QTest::newRow("signature unpadded") << with("signature", "AAA");
    QTest::newRow("signature number") << with("signature", 5);
    QTest::newRow("missing signature") << without("signature");
    QTest::newRow("missing payload") << without("payload");
    QTest::newRow("missing kid") << without("kid");
    QTest::newRow("extra member") << with("comment", "hi");
    QTest::newRow("chain not array") << with("chain", "AAAA");
    QTest::newRow("chain base64 garbage") << with("chain", {"!!!!"});
    QTest::newRow("chain DER garbage")
        << with("chain", {base64Encode(std::string("\x30\x03\x02\x01\x01", 5))});
    QTest::newRow("chain[0] not kid") << with("chain", {env["chain"][1]});
    QTest::newRow("qr truncated") << QByteArray::fromStdString(qr.substr(0, qr.size() / 2));
    QTest::newRow("qr garbage") << QByteArray("FS1:####");
    QTest::newRow("qr lower case") << QByteArray::fromStdString(
        "FS1:" + QByteArray::fromStdString(qr.substr(4)).toLower().toStdString());
}

void TestSealVerify::malformedInputIsFormatFailure() {
    QFETCH(QByteArray, input);
    TestPki pki(Algorithm::Es256);
    auto store = pki.store();
    const auto r = store->verifyText(input.toStdString(), pki.t0);
    EXPECT_REPORT(r, Indication::Failed, SubIndication::FormatFailure);
    QVERIFY(!r.detail.empty());
}

void TestSealVerify::trustListInstallRules() {
    QFETCH(Algorithm, alg);
    TestPki pki(alg);
    TrustStore store(pki.roots());
    QVERIFY(!store.sequence());
    QVERIFY(store.install(pki.trustList(pki.content(2)), pki.t0));
    QCOMPARE(*store.sequence(), std::uint64_t{2});
    QCOMPARE(store.fastChannelUnits().at(0).get<std::string>(), std::string("91310000MA1FL0000X"));
    // Same or lower sequence: refused, the current list stays.
    auto st = store.install(pki.trustList(pki.content(2)), pki.t0);
    QVERIFY(!st);
    QCOMPARE(st.error().code, ErrorCode::IllegalTransition);
    QVERIFY(!store.install(pki.trustList(pki.content(1)), pki.t0));
    // Signed by an ordinary seal signer (no tslSigning EKU): refused.
    st = store.install(must(sealTrustList(pki.content(3), pki.sealerFor(pki.signer))), pki.t0);
    QVERIFY(!st);
    QVERIFY2(st.error().message.find("CHAIN_CONSTRAINTS_FAILURE") != std::string::npos,
             st.error().message.c_str());
    // Signed by a trust-list signer of a foreign authority: refused.
    TestPki other(alg, pki.t0);
    QVERIFY(!store.install(other.trustList(other.content(4)), pki.t0));
    // A higher sequence with a tampered payload: refused.
    auto tampered = pki.trustList(pki.content(5));
    tampered["payload"]["sequence"] = 6;
    QVERIFY(!store.install(tampered, pki.t0));
    QCOMPARE(*store.sequence(), std::uint64_t{2});
    // Without a provisioned root a list is refused unless trust on first use is asked for.
    TrustStore bare;
    QVERIFY(!bare.install(pki.trustList(pki.content(1)), pki.t0));
    QVERIFY(bare.install(pki.trustList(pki.content(1)), pki.t0, InstallMode::TrustOnFirstUse));
    QVERIFY(store.install(pki.trustList(pki.content(7)), pki.t0));
    QCOMPARE(*store.sequence(), std::uint64_t{7});
    // What a device persists re-installs on the next start.
    TrustStore restarted(pki.roots());
    QVERIFY(restarted.install(nlohmann::json::parse(store.currentTrustList().dump()), pki.t0));
    QCOMPARE(*restarted.sequence(), std::uint64_t{7});
}

void TestSealVerify::trustListEveryByteAltered() {
    TestPki pki(Algorithm::Es256);
    auto list = pki.trustList(pki.content(1, {pki.crl({"1234"}, pki.t0 - 1h)}));
    const auto chain = list["chain"];
    list.erase("chain");
    const std::string text = canonicalJson(list);
    for (size_t i = 0; i < text.size(); ++i) {
        std::string copy = text;
        copy[i] = static_cast<char>(static_cast<unsigned char>(copy[i]) ^ 0x01);
        auto doc = parseJsonText(copy);
        if (!doc || !doc->is_object()) continue; // not even JSON: nothing to install
        (*doc)["chain"] = chain;
        TrustStore store(pki.roots());
        QVERIFY2(!store.install(*doc, pki.t0), qPrintable(QString("byte %1 altered still installs").arg(i)));
    }
    list["chain"] = chain;
    TrustStore store(pki.roots());
    QVERIFY(store.install(list, pki.t0));
}

void TestSealVerify::chainVerifiedOncePerSequence() {
    TestPki pki(Algorithm::Sm2Sm3);
    TrustStore store(pki.roots());
    QVERIFY(store.install(pki.trustList(pki.content(1)), pki.t0));
    const auto sealer = pki.sealerFor(pki.signer);
    for (int i = 0; i < 20; ++i) {
        auto payload = TestPki::samplePayload();
        payload["n"] = i;
        EXPECT_REPORT(store.verify(must(sealer.seal(payload, TestPki::sampleSeal(), pki.t0)), pki.t0),
                      Indication::Passed, SubIndication::None);
    }
    QCOMPARE(store.chainValidations(), std::size_t{1});
    // A new sequence starts a fresh cache (its CRLs or anchors may differ).
    QVERIFY(store.install(pki.trustList(pki.content(2)), pki.t0));
    QCOMPARE(store.chainValidations(), std::size_t{0});
    EXPECT_REPORT(
        store.verify(must(sealer.seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0)), pki.t0),
        Indication::Passed, SubIndication::None);
    QCOMPARE(store.chainValidations(), std::size_t{1});
}

void TestSealVerify::resultsIndependentOfCache() {
    QFETCH(Algorithm, alg);
    TestPki pki(alg);
    auto store = pki.store();
    const auto unlisted =
        pki.issue(CertProfile::SealSigner, "unlisted", &pki.inter, pki.t0 - 24h, pki.t0 + 24h);
    const auto env =
        must(pki.sealerFor(unlisted).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    EXPECT_REPORT(store->verify(env, pki.t0), Indication::Passed, SubIndication::None); // warms the cache
    // The same signer without chain is still unknown to the list...
    auto noChain = env;
    noChain.erase("chain");
    EXPECT_REPORT(store->verify(noChain, pki.t0), Indication::Failed, SubIndication::NoCertificateChainFound);
    // ...and a damaged chain is still a format failure, however warm the cache is.
    auto damaged = env;
    damaged["chain"][1] = base64Encode("not a certificate");
    EXPECT_REPORT(store->verify(damaged, pki.t0), Indication::Failed, SubIndication::FormatFailure);
    EXPECT_REPORT(store->verify(env, pki.t0), Indication::Passed, SubIndication::None);
}

void TestSealVerify::deviceCertificateSeals() {
    TestPki pki(Algorithm::Sm2Sm3);
    auto store = pki.store();
    const auto device =
        pki.issue(CertProfile::Device, "Tablet 0042", &pki.inter, pki.t0 - 24h, pki.t0 + 24h * 30);
    const auto env =
        must(pki.sealerFor(device).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    EXPECT_REPORT(store->verify(env, pki.t0), Indication::Passed, SubIndication::None);
}

void TestSealVerify::concurrentVerification() {
    TestPki pki(Algorithm::Es256);
    auto store = pki.store();
    const auto sealer = pki.sealerFor(pki.signer);
    const auto good = must(sealer.seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    auto bad = good;
    bad["payload"]["quantity"] = 99;
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 100; ++i) {
                const bool useGood = (i + t) % 2 == 0;
                const auto r = store->verify(useGood ? good : bad, pki.t0);
                if (r.passed() != useGood) ++wrong;
                if (t == 0 && i == 50)
                    (void)store->install(pki.trustList(pki.content(2)), pki.t0); // swap mid-flight
            }
        });
    for (auto& th : threads)
        th.join();
    QCOMPARE(wrong.load(), 0);
    QCOMPARE(*store->sequence(), std::uint64_t{2});
}

void TestSealVerify::reportJson() {
    TestPki pki(Algorithm::Es256);
    auto store = pki.store();
    const auto env =
        must(pki.sealerFor(pki.signer).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    const auto j = store->verify(env, pki.t0).toJson();
    QCOMPARE(j["indication"].get<std::string>(), std::string("PASSED"));
    QVERIFY(j["sub_indication"].is_null());
    QVERIFY(j["explanation"]["zh"].get<std::string>().find("有效") != std::string::npos);
    QVERIFY(j["explanation"]["en"].get<std::string>().find("valid") != std::string::npos);
    QCOMPARE(j["seal"]["id"].get<std::string>(), std::string("SEAL-310000-0001"));
    QVERIFY(j["signer"]["subject"].get<std::string>().find("CN=") != std::string::npos);
    QCOMPARE(j["trust_list_sequence"].get<int>(), 1);
}

QTEST_APPLESS_MAIN(TestSealVerify)
#include "test_seal_verify.moc"
