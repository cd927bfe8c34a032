// seal::Authority on a real folder, both algorithms: create/open round trips, trust-list
// publication and revocation, device certificates from PKCS#10 requests (ours and the openssl
// tool's), refused requests, and device seals verifying PASSED, then REVOKED after revocation.
#include "seal/authority.h"
#include "seal/certificates.h"
#include "seal/csr.h"
#include "seal/encoding.h"
#include "seal/exemption_payload.h"
#include "seal/keys.h"
#include "seal/qr_codec.h"
#include "seal/trust_store.h"
#include "support/cli_process.h"

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>

using namespace fieldseal;
using namespace fieldseal::seal;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

template <class T> T must(Result<T> r) {
    if (!r) throw std::runtime_error("unexpected error: " + r.error().message);
    return std::move(r).value();
}

Algorithm algOf(const QString& name) {
    return name == "sm2" ? Algorithm::Sm2Sm3 : Algorithm::Es256;
}

std::unique_ptr<TrustStore> storeFor(const Authority& a, Time at = now()) {
    auto store = std::make_unique<TrustStore>(a.provisionedRoots());
    const auto s = store->install(a.currentTrustList(), at);
    if (!s) throw std::runtime_error("install: " + s.error().message);
    return store;
}

std::string readText(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
}

// A request carrying `subjectKey`'s public key but signed by `signingKey` (a forged request).
std::string forgedCsr(EVP_PKEY* subjectKey, EVP_PKEY* signingKey, Algorithm alg) {
    X509_REQ* req = X509_REQ_new();
    X509_NAME* name = X509_NAME_new();
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("x"), 1, -1,
                               0);
    X509_REQ_set_subject_name(req, name);
    X509_NAME_free(name);
    X509_REQ_set_pubkey(req, subjectKey);
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = nullptr;
    EVP_DigestSignInit_ex(md, &pctx, alg == Algorithm::Sm2Sm3 ? "SM3" : "SHA256", nullptr, nullptr,
                          signingKey, nullptr);
    // The ID after the init: OpenSSL 3.0.19 refuses it as an init parameter.
    if (alg == Algorithm::Sm2Sm3) EVP_PKEY_CTX_set1_id(pctx, "1234567812345678", 16);
    X509_REQ_sign_ctx(req, md);
    EVP_MD_CTX_free(md);
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509_REQ(bio, req);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<size_t>(len));
    BIO_free(bio);
    X509_REQ_free(req);
    return pem;
}

DeviceIdentity staff() {
    return DeviceIdentity{"alice", "exhibition_staff", "310118", "dev-0001"};
}

SealIdentity deviceSeal() {
    return SealIdentity{"device:dev-0001", "进博会窗口 免办签发", sha256Hex("device seal")};
}

} // namespace

class TestSealAuthority : public QObject {
    Q_OBJECT
private slots:
    void createOpenRoundTrip_data();
    void createOpenRoundTrip();
    void revocationAndTrustLists_data();
    void revocationAndTrustLists();
    void deviceEnrollment_data();
    void deviceEnrollment();
    void refusedRequests_data();
    void refusedRequests();
    void opensslRequest_data();
    void opensslRequest();
    void exemptionPayload();
};

void TestSealAuthority::createOpenRoundTrip_data() {
    QTest::addColumn<QString>("alg");
    QTest::newRow("sm2") << "sm2";
    QTest::newRow("p256") << "p256";
}

void TestSealAuthority::createOpenRoundTrip() {
    QFETCH(QString, alg);
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "auth";
    auto created = must(Authority::create(dir, algOf(alg), {"上海市市场监督管理局", "认证认可专用章"}));
    QCOMPARE(created.trustListSequence(), std::uint64_t{1});
    QCOMPARE(toString(created.algorithm()), toString(algOf(alg)));
    QCOMPARE(created.sealIdentity().name, std::string("认证认可专用章"));
    QCOMPARE(created.organization(), std::string("上海市市场监督管理局"));
    for (const char* key : {"root.key", "intermediate.key", "signer.key", "trust-list-signer.key"}) {
        struct stat st {};
        QCOMPARE(::stat((dir / key).c_str(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0600u);
    }
    QVERIFY(!Authority::create(dir, algOf(alg)).ok()); // never overwrites an authority

    // The authority seal verifies against its own list with only the root provisioned.
    auto store = storeFor(created);
    const auto env = must(created.sealer().seal({{"number", "CCC-1"}}, created.sealIdentity(), now()));
    QVERIFY2(store->verify(env, now()).passed(), store->verify(env, now()).detail.c_str());

    auto opened = must(Authority::open(dir));
    QCOMPARE(opened.trustListSequence(), std::uint64_t{1});
    QCOMPARE(opened.rootCertificatePem(), created.rootCertificatePem());
    QCOMPARE(opened.sealer().kid(), created.sealer().kid());
    QVERIFY(opened.currentTrustList() == created.currentTrustList());
    QCOMPARE(formatRfc3339(opened.trustListNextUpdate()), formatRfc3339(created.trustListNextUpdate()));

    QVERIFY(!Authority::open(fs::path(tmp.path().toStdString()) / "nowhere").ok());
    std::ofstream(dir / "authority.json") << "{not json";
    QVERIFY(!Authority::open(dir).ok());
}

void TestSealAuthority::revocationAndTrustLists_data() {
    createOpenRoundTrip_data();
}

void TestSealAuthority::revocationAndTrustLists() {
    QFETCH(QString, alg);
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    auto a = must(Authority::create(dir, algOf(alg)));
    const auto signer = must(a.issueSigner("窗口 02"));
    QVERIFY(fs::exists(signer.keyPath));
    QVERIFY(signer.notAfter <=
            certificateNotAfter(must(certificateFromPem(a.issuingCaCertificatePem())).get()));

    // Fast-channel units: published with the next list; bad lists change nothing.
    const nlohmann::json units = {"91310000MA1FL0000X", {{"name", "Gaggia S.p.A."}}};
    QCOMPARE(must(a.publishTrustList(units)).sequence, std::uint64_t{2});
    QVERIFY(!a.publishTrustList(nlohmann::json::object()).ok());
    QVERIFY(!a.publishTrustList(nlohmann::json::array({42})).ok());
    QVERIFY(!a.publishTrustList(std::nullopt, 0).ok());
    QCOMPARE(a.trustListSequence(), std::uint64_t{2});
    QVERIFY(storeFor(a)->fastChannelUnits() == units);

    // Seals before and after the revocation time.
    PkeyPtr key = must(privateKeyFromPem(readText(signer.keyPath)));
    const auto sealer = must(Sealer::create(std::move(key), must(certificateFromPem(signer.pem)),
                                            must(certificatesFromPem(a.issuingCaCertificatePem()))));
    const Time revokedAt = now() - 10min;
    const auto before = must(sealer.seal({{"n", 1}}, a.sealIdentity(), revokedAt - 5min));
    const auto after = must(sealer.seal({{"n", 2}}, a.sealIdentity(), revokedAt + 1min));
    QVERIFY(storeFor(a)->verify(after, now()).passed());

    const auto published = must(a.revoke(signer.serial, revokedAt));
    QCOMPARE(published.sequence, std::uint64_t{3});
    auto store = storeFor(a);
    QCOMPARE(store->sequence(), std::optional<std::uint64_t>(3));
    const auto report = store->verify(after, now());
    QCOMPARE(toString(report.subIndication), "REVOKED");
    QVERIFY(store->verify(before, now()).passed());
    QVERIFY(store->fastChannelUnits() == units); // kept across publications

    // Revocation errors: twice, unknown, not hex. None changes the state.
    const auto twice = a.revoke("00" + signer.serial, now());
    QVERIFY(!twice.ok());
    QCOMPARE(fieldseal::toString(twice.error().code), fieldseal::toString(ErrorCode::IllegalTransition));
    const auto unknown = a.revoke("abcdef0123", now());
    QVERIFY(!unknown.ok());
    QCOMPARE(fieldseal::toString(unknown.error().code), fieldseal::toString(ErrorCode::NotFound));
    QVERIFY(!a.revoke("xyz", now()).ok());
    QCOMPARE(a.trustListSequence(), std::uint64_t{3});

    // Reopened, the state is the same and the next list continues the sequence.
    auto reopened = must(Authority::open(dir));
    QCOMPARE(reopened.trustListSequence(), std::uint64_t{3});
    QCOMPARE(reopened.revocations().size(), size_t{1});
    QCOMPARE(reopened.revocations()[0].serialHex, signer.serial);
    QCOMPARE(formatRfc3339(reopened.revocations()[0].revokedAt), formatRfc3339(revokedAt));
    QCOMPARE(must(reopened.publishTrustList()).sequence, std::uint64_t{4});
    QCOMPARE(toString(storeFor(reopened)->verify(after, now()).subIndication), "REVOKED");
    QVERIFY(storeFor(reopened)->fastChannelUnits() == units);
}

void TestSealAuthority::deviceEnrollment_data() {
    createOpenRoundTrip_data();
}

void TestSealAuthority::deviceEnrollment() {
    QFETCH(QString, alg);
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    auto a = must(Authority::create(dir, algOf(alg), {"上海市市场监督管理局", ""}));
    auto listBefore = storeFor(a);

    // The tablet: its own key, a request with a subject of its own choosing.
    auto deviceKey = must(generateKey(algOf(alg)));
    const std::string csr = must(createCsrPem(deviceKey.get(), "mallory"));
    const auto checked = must(checkCsrPem(csr));
    QCOMPARE(toString(checked.alg), toString(algOf(alg)));
    QCOMPARE(checked.subject, std::string("CN=mallory"));

    const auto issued = must(a.issueDeviceCertificate(csr, staff(), std::chrono::days(30)));
    QVERIFY(issued.keyPath.empty());
    QVERIFY(fs::exists(issued.certPath));
    const std::string subject = subjectString(issued.certificate.get());
    QVERIFY2(subject.find("CN=alice") != std::string::npos, subject.c_str());
    QVERIFY2(subject.find("title=exhibition_staff") != std::string::npos, subject.c_str());
    QVERIFY2(subject.find("L=310118") != std::string::npos, subject.c_str());
    QVERIFY2(subject.find("serialNumber=dev-0001") != std::string::npos, subject.c_str());
    QVERIFY2(subject.find("O=上海市市场监督管理局") != std::string::npos, subject.c_str());
    QVERIFY(subject.find("mallory") == std::string::npos);
    QVERIFY(issued.notAfter <= now() + 24h * 30 && issued.notAfter > now() + 24h * 29);
    QCOMPARE(publicKeyPem(certificatePublicKey(issued.certificate.get())), publicKeyPem(deviceKey.get()));
    QCOMPARE(serialHex(issued.certificate.get()), issued.serial);

    // Validity never beyond the device CA.
    const auto longLived = must(a.issueDeviceCertificate(csr, staff(), std::chrono::days(365 * 30)));
    QCOMPARE(formatRfc3339(longLived.notAfter),
             formatRfc3339(certificateNotAfter(must(certificateFromPem(a.issuingCaCertificatePem())).get())));
    QVERIFY(longLived.serial != issued.serial);

    // A seal made with the device key verifies as a seal signer, with its chain, at once.
    std::vector<X509Ptr> chain;
    chain.push_back(must(certificateFromPem(a.issuingCaCertificatePem())));
    const auto device =
        must(Sealer::create(std::move(deviceKey), must(certificateFromPem(issued.pem)), std::move(chain)));
    const auto payload =
        seal::exemptionPayload("0190f0aa-0000-7000-8000-000000000001",
                               {{"exhibition", "CIIE 2026"}, {"applicant_name", "Gaggia S.p.A."}});
    const auto env = must(device.seal(payload, deviceSeal(), now() - 1min));
    const auto passed = listBefore->verify(env, now());
    QVERIFY2(passed.passed(), passed.detail.c_str());
    QCOMPARE(passed.signerSerial, issued.serial);
    // Without its chain (the QR form) only once a list carrying the device certificate is out.
    const std::string qr = must(encodeQr(env));
    QCOMPARE(toString(listBefore->verifyText(qr, now()).subIndication), "NO_CERTIFICATE_CHAIN_FOUND");
    must(a.publishTrustList());
    QVERIFY(storeFor(a)->verifyText(qr, now()).passed());

    // Revoked: later seals fail once the next list reaches the verifier.
    must(a.revoke(issued.serial, now() - 2min)); // before the seal's signing time
    auto listAfter = storeFor(a);
    const auto revoked = listAfter->verify(env, now());
    QCOMPARE(toString(revoked.indication), "FAILED");
    QCOMPARE(toString(revoked.subIndication), "REVOKED");
    QVERIFY(listBefore->verify(env, now()).passed()); // a device that has not fetched the list yet
    QCOMPARE(must(Authority::open(dir)).revocations().size(), size_t{1});
}

void TestSealAuthority::refusedRequests_data() {
    createOpenRoundTrip_data();
}

void TestSealAuthority::refusedRequests() {
    QFETCH(QString, alg);
    QTemporaryDir tmp;
    auto a = must(Authority::create(fs::path(tmp.path().toStdString()), algOf(alg)));
    const auto expectRefused = [&](const std::string& csr, const char* why, const std::string& needle) {
        const auto r = a.issueDeviceCertificate(csr, staff());
        QVERIFY2(!r.ok(), why);
        QCOMPARE(fieldseal::toString(r.error().code), fieldseal::toString(ErrorCode::InvalidInput));
        QVERIFY2(r.error().message.find(needle) != std::string::npos, r.error().message.c_str());
    };
    auto deviceKey = must(generateKey(algOf(alg)));
    auto otherKey = must(generateKey(algOf(alg)));
    const std::string good = must(createCsrPem(deviceKey.get(), "tablet"));

    expectRefused("", "empty", "not a PEM");
    expectRefused("hello", "not PEM", "not a PEM");
    expectRefused(a.rootCertificatePem(), "a certificate, not a request", "not a PEM");
    std::string cut = good;
    cut.erase(cut.size() / 2, 40);
    expectRefused(cut, "damaged base64", "not a valid");
    expectRefused(forgedCsr(deviceKey.get(), otherKey.get(), algOf(alg)), "signed by another key",
                  "does not verify");
    // A flipped bit inside the signed part.
    std::string der = *base64Decode([&] {
        std::string b64;
        std::istringstream in(good);
        for (std::string line; std::getline(in, line);)
            if (line.find("-----") == std::string::npos) b64 += line;
        return b64;
    }());
    der[der.size() / 3] ^= 0x01;
    expectRefused("-----BEGIN CERTIFICATE REQUEST-----\n" + base64Encode(der) +
                      "\n-----END CERTIFICATE REQUEST-----\n",
                  "tampered", "");
    expectRefused(std::string(kMaxCsrPemBytes + 1, 'A'), "too large", "larger than");
    PkeyPtr p384(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"));
    expectRefused(forgedCsr(p384.get(), p384.get(), Algorithm::Es256), "P-384", "unsupported key type");
    PkeyPtr rsa(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048}));
    expectRefused(forgedCsr(rsa.get(), rsa.get(), Algorithm::Es256), "RSA", "unsupported key type");
    QVERIFY(!a.issueDeviceCertificate(good, DeviceIdentity{}).ok()); // no user name
    QCOMPARE(must(Authority::open(a.directory())).trustListSequence(), std::uint64_t{1});
    QVERIFY(!fs::exists(a.directory() / "devices")); // nothing was issued
}

void TestSealAuthority::opensslRequest_data() {
    createOpenRoundTrip_data();
}

// Devices may make their request with other tools: the openssl command line, SM2 with the ID.
void TestSealAuthority::opensslRequest() {
    QFETCH(QString, alg);
    QTemporaryDir tmp;
    auto a = must(Authority::create(fs::path(tmp.path().toStdString()) / "auth", algOf(alg)));
    test::CliOptions inTmp;
    inTmp.workingDirectory = tmp.path();
    const QStringList keygen =
        alg == "sm2" ? QStringList{"genpkey", "-algorithm", "SM2", "-out", "d.key"}
                     : QStringList{"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                                   "-out",    "d.key"};
    QCOMPARE(test::runProcess("openssl", keygen, inTmp).exitCode, 0);
    const auto req = test::runProcess(
        "openssl",
        QStringList{"req", "-new", "-key", "d.key", "-subj", "/CN=tablet-7", "-out", "d.csr"} +
            (alg == "sm2" ? QStringList{"-sm3", "-sigopt", "distid:1234567812345678"}
                          : QStringList{"-sha256"}),
        inTmp);
    QVERIFY2(req.exitCode == 0, req.err.c_str());
    const std::string csr = readText(fs::path(tmp.path().toStdString()) / "d.csr");
    const auto issued = a.issueDeviceCertificate(csr, staff());
    QVERIFY2(issued.ok(), issued.ok() ? "" : issued.error().message.c_str());
    if (alg == "sm2") {
        // Without the ID OpenSSL 3.0 signs with an empty ID: the request does not check out.
        QCOMPARE(test::runProcess(
                     "openssl",
                     {"req", "-new", "-key", "d.key", "-subj", "/CN=tablet-7", "-sm3", "-out", "noid.csr"},
                     inTmp)
                     .exitCode,
                 0);
        QVERIFY(!a.issueDeviceCertificate(readText(fs::path(tmp.path().toStdString()) / "noid.csr"), staff())
                     .ok());
    }
}

void TestSealAuthority::exemptionPayload() {
    const std::string id = "0190f0aa-0000-7000-8000-000000000001";
    const nlohmann::json record = {{"exhibition", "CIIE 2026"},
                                   {"applicant_name", "Gaggia S.p.A."},
                                   {"exhibits", {{{"name", "咖啡机"}, {"qty", 2}}}},
                                   {"fast_channel", true},
                                   {"exemption_status", "issued"},
                                   {"district", "310118"}};
    const auto payload = seal::exemptionPayload(id, record);
    QVERIFY(!payload.contains("exemption_status")); // status changes after sealing
    QVERIFY(exemptionPayloadMismatches(id, record, payload).empty());
    auto changed = record;
    changed["exhibits"][0]["qty"] = 20;
    QCOMPARE(exemptionPayloadMismatches(id, changed, payload), std::vector<std::string>{"exhibits"});
    changed = record;
    changed["applicant_uscc"] = "91310000MA1FL0000X";
    QCOMPARE(exemptionPayloadMismatches(id, changed, payload), std::vector<std::string>{"applicant_uscc"});
    QCOMPARE(exemptionPayloadMismatches("other-id", record, payload), std::vector<std::string>{"id"});
    auto extra = payload;
    extra["note"] = "x";
    QCOMPARE(exemptionPayloadMismatches(id, record, extra), std::vector<std::string>{"payload"});

    const nlohmann::json units = {
        "91310000MA1FL0000X", {{"uscc", "91310115MA1K4XXXXX"}}, {{"name", "Gaggia S.p.A."}}};
    QVERIFY(onFastChannelList(units, "91310000MA1FL0000X", "whoever"));
    QVERIFY(onFastChannelList(units, "91310115MA1K4XXXXX", ""));
    QVERIFY(onFastChannelList(units, "", "Gaggia S.p.A."));
    QVERIFY(!onFastChannelList(units, "", "Gaggia"));
    QVERIFY(!onFastChannelList(units, "91310000MA1FL0001X", "Gaggia S.p.A.")); // a USCC is matched by USCC
    QVERIFY(!onFastChannelList(nlohmann::json::array(), "", ""));
}

QTEST_APPLESS_MAIN(TestSealAuthority)
#include "test_seal_authority.moc"
