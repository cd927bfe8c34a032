// SealService on a real data directory and database: init (new and imported authority, TLS
// files), enrollment of P-256 and SM2 devices under either authority, device listing, revocation
// reaching devices through the next trust list, renewal, certificate reports, and the counter-seal
// of CCC exemptions with every refusal.
#include "accounts/account_service.h"
#include "model/schema.h"
#include "seal/authority.h"
#include "seal/crl.h"
#include "seal/qr_codec.h"
#include "seal/trust_list.h"
#include "seal_test_env.h"
#include "storage/sqlite_account_store.h"
#include "support/cli_process.h"

#include <QTest>
#include <fstream>
#include <openssl/evp.h>
#include <sys/stat.h>

using namespace fieldseal;
using namespace fieldseal::server;
using namespace fieldseal::server::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kExemptionId = "0190f0aa-1111-7000-8000-000000000001";

unsigned modeOf(const fs::path& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 ? (st.st_mode & 0777) : 0;
}

std::string readText(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
}

seal::Algorithm algOf(const QString& name) {
    return name == "sm2" ? seal::Algorithm::Sm2Sm3 : seal::Algorithm::Es256;
}

const Caller kAdmin = caller("root", Role::Admin, "");
const Caller kStaff = caller("alice", Role::ExhibitionStaff, "310118");

// True when a CRL of the trust list revokes the certificate.
bool listRevokes(const json& trustList, const std::string& certificatePem) {
    const auto view = must(seal::viewEnvelope(trustList));
    const auto content = must(seal::parseTrustListPayload(*view.payload));
    const auto cert = must(seal::certificateFromPem(certificatePem));
    for (const auto& der : content.crlsDer)
        if (seal::revocationTime(must(seal::crlFromDer(der)).get(), cert.get())) return true;
    return false;
}

} // namespace

class TestSealService : public QObject {
    Q_OBJECT
private slots:
    void initMakesAuthorityAndTls();
    void initRefusesAndCleansUp();
    void initImportsCliAuthority();
    void enrollment_data();
    void enrollment();
    void enrollmentRefusals();
    void listing();
    void revocationReachesDevices_data();
    void revocationReachesDevices();
    void revokedDeviceLosesItsTokens();
    void trustListRenewal();
    void certificateReports();
    void counterSeal_data();
    void counterSeal();
    void counterSealRefusals();
};

void TestSealService::initMakesAuthorityAndTls() {
    SealEnv env(seal::Algorithm::Es256);
    for (const char* f : {"authority/authority.json", "authority/root.pem", "authority/trust-list.json",
                          "tls/ca.pem", "tls/server.pem"})
        QVERIFY2(fs::exists(env.data / f), f);
    QCOMPARE(modeOf(env.data / "tls/server.key"), 0600u);
    QCOMPARE(modeOf(env.data / "tls/ca.key"), 0600u);
    QCOMPARE(modeOf(env.data / "authority/root.key"), 0600u);
    QCOMPARE(modeOf(env.data / "authority"), 0700u);
    QVERIFY(!fs::exists(env.data / "authority.tmp"));

    // Trust list 1 is stored and installed.
    QCOMPARE(env.seals->trustListSequence(), std::uint64_t{1});
    QCOMPARE(env.scalar("SELECT count(*) FROM trust_lists"), std::string("1"));
    QCOMPARE(env.scalar("SELECT sequence FROM trust_lists"), std::string("1"));
    QCOMPARE(env.scalar("SELECT count(*) FROM audit WHERE action = 'trust_list.publish'"), std::string("1"));

    // The server certificate chains to ca.pem for every name (the openssl tool checks it).
    fieldseal::test::CliOptions inTls;
    inTls.workingDirectory = QString::fromStdString((env.data / "tls").string());
    inTls.timeoutMs = 30000;
    const auto openssl = [&](const QStringList& args) {
        return fieldseal::test::runProcess("openssl", args, inTls);
    };
    for (const QString& check : {QString("-verify_hostname=localhost"), QString("-verify_ip=127.0.0.1"),
                                 QString("-verify_hostname=fieldseal.example.org")}) {
        const auto verified = openssl({"verify", "-CAfile", "ca.pem", "-purpose", "sslserver",
                                       check.split('=')[0], check.split('=')[1], "server.pem"});
        QVERIFY2(verified.exitCode == 0,
                 qPrintable(check + ": " + QString::fromStdString(verified.out + verified.err)));
    }
    const auto evil =
        openssl({"verify", "-CAfile", "ca.pem", "-verify_hostname", "evil.example.org", "server.pem"});
    QVERIFY(evil.exitCode > 0); // it ran and refused
    const auto subject = openssl({"x509", "-in", "server.pem", "-noout", "-subject"});
    QCOMPARE(subject.exitCode, 0);
    QVERIFY(subject.out.find("CN = fieldseal-server") != std::string::npos);

    // Reopening changes nothing (no second list, no second audit entry).
    env.open();
    QCOMPARE(env.scalar("SELECT count(*) FROM trust_lists"), std::string("1"));
    QCOMPARE(env.scalar("SELECT count(*) FROM audit WHERE action = 'trust_list.publish'"), std::string("1"));
}

void TestSealService::initRefusesAndCleansUp() {
    QTemporaryDir tmp;
    const fs::path data = fs::path(tmp.path().toStdString()) / "data";
    QVERIFY(!initServerSeals(data, seal::Algorithm::Es256, std::nullopt, {"bad name!"}).ok());
    QVERIFY(!fs::exists(data / "authority"));
    QVERIFY(!fs::exists(data / "tls"));
    QVERIFY(!fs::exists(data / "authority.tmp"));
    QVERIFY(!initServerSeals(data, seal::Algorithm::Es256, fs::path(tmp.path().toStdString()) / "nothing", {})
                 .ok());
    QVERIFY(!fs::exists(data / "authority"));

    QVERIFY(initServerSeals(data, seal::Algorithm::Es256, std::nullopt, {"10.0.0.8", "::1"}).ok());
    const std::string root = readText(data / "authority/root.pem");
    const auto again = initServerSeals(data, seal::Algorithm::Es256, std::nullopt, {});
    QVERIFY(!again.ok());
    QCOMPARE(readText(data / "authority/root.pem"), root); // never overwritten
}

void TestSealService::initImportsCliAuthority() {
    QTemporaryDir tmp;
    const fs::path cliDir = fs::path(tmp.path().toStdString()) / "offline-authority";
    // What `fieldseal authority init` leaves, with a few more lists published.
    auto cli = must(seal::Authority::create(cliDir, seal::Algorithm::Sm2Sm3, {"上海市市场监督管理局", ""}));
    must(cli.publishTrustList(json::array({uscc("91310000MA1FL0001")})));
    const fs::path data = fs::path(tmp.path().toStdString()) / "data";
    QVERIFY(initServerSeals(data, seal::Algorithm::Es256, cliDir, {}).ok());
    QCOMPARE(readText(data / "authority/root.pem"), readText(cliDir / "root.pem"));
    QCOMPARE(modeOf(data / "authority/root.key") & 0077u, 0u); // keys stay private in the copy
    QCOMPARE(modeOf(data / "authority"), 0700u);

    auto db = must(ServerDatabase::open(data / "server.db", true));
    auto seals = must(SealService::open(data, *db, std::make_unique<SqliteSealStore>(db->db()), nullptr));
    QCOMPARE(seals->trustListSequence(), std::uint64_t{2});
    QCOMPARE(toString(seals->authorityLocked().algorithm()), toString(seal::Algorithm::Sm2Sm3));
    QVERIFY(seals->trustStore().fastChannelUnits() == json::array({uscc("91310000MA1FL0001")}));
}

void TestSealService::enrollment_data() {
    QTest::addColumn<QString>("authorityAlg");
    QTest::addColumn<QString>("deviceAlg");
    for (const char* a : {"sm2", "p256"})
        for (const char* d : {"sm2", "p256"})
            QTest::newRow((std::string(a) + " authority, " + d + " device").c_str()) << a << d;
}

void TestSealService::enrollment() {
    QFETCH(QString, authorityAlg);
    QFETCH(QString, deviceAlg);
    SealEnv env(algOf(authorityAlg));
    Tablet tablet(env, kStaff, algOf(deviceAlg), "tablet-0001");
    const auto& d = tablet.enrolled.device;
    QVERIFY(tablet.enrolled.created);
    QCOMPARE(d.id, std::string("tablet-0001"));
    QCOMPARE(d.userId, kStaff.userId);
    QCOMPARE(d.alg, std::string(toString(algOf(deviceAlg))));
    QCOMPARE(tablet.enrolled.chainPem.size(), size_t{2});
    QCOMPARE(tablet.enrolled.trustList["payload"]["sequence"].get<int>(), 1);

    // The certificate names the caller, not what the CSR said ("tablet").
    const auto cert = must(seal::certificateFromPem(d.certificate));
    const std::string subject = seal::subjectString(cert.get());
    QVERIFY2(subject.find("CN=alice") != std::string::npos, subject.c_str());
    QVERIFY2(subject.find("title=exhibition_staff") != std::string::npos, subject.c_str());
    QVERIFY2(subject.find("L=310118") != std::string::npos, subject.c_str());
    QVERIFY2(subject.find("serialNumber=tablet-0001") != std::string::npos, subject.c_str());
    QVERIFY(subject.find("tablet,") == std::string::npos && !subject.ends_with("CN=tablet"));
    QCOMPARE(seal::serialHex(cert.get()), d.serial);
    const auto notAfter = seal::certificateNotAfter(cert.get());
    QVERIFY(notAfter > seal::now() + 24h * 364 && notAfter <= seal::now() + 24h * 365);
    QCOMPARE(d.notAfter, seal::formatRfc3339(notAfter));

    // Stored, audited.
    QCOMPARE(
        env.scalar("SELECT username || '/' || role || '/' || district FROM devices WHERE id = 'tablet-0001'"),
        std::string("alice/exhibition_staff/310118"));
    QCOMPARE(
        env.scalar("SELECT count(*) FROM audit WHERE action = 'device.enroll' AND record_id = 'tablet-0001'"),
        std::string("1"));

    // The device key seals; the seal passes on the server and on another tablet.
    const auto env1 = tablet.seal({{"note", "试封"}});
    QVERIFY2(env.seals->verify(env1).passed(), env.seals->verify(env1).detail.c_str());
    QVERIFY(env.deviceTrustStore()->verify(env1, seal::now()).passed());

    // A retry (lost response) gets the same certificate; the same id with another key does not.
    const auto retry =
        must(env.seals->enroll(kStaff, {must(seal::createCsrPem(tablet.key.get(), "x")), "tablet-0001", ""}));
    QVERIFY(!retry.created);
    QCOMPARE(retry.device.serial, d.serial);
    auto otherKey = must(seal::generateKey(algOf(deviceAlg)));
    const auto stolenId =
        env.seals->enroll(kStaff, {must(seal::createCsrPem(otherKey.get(), "x")), "tablet-0001", ""});
    QVERIFY(!stolenId.ok());
    QCOMPARE(toString(stolenId.error().code), toString(ErrorCode::Conflict));
    const auto otherUser =
        env.seals->enroll(caller("bob", Role::ExhibitionStaff, "310118"),
                          {must(seal::createCsrPem(tablet.key.get(), "x")), "tablet-0001", ""});
    QVERIFY(!otherUser.ok());
    QCOMPARE(env.scalar("SELECT count(*) FROM devices"), std::string("1"));

    // Without a device id the server makes one.
    Tablet second(env, caller("bob", Role::Inspector, "310115"), algOf(deviceAlg));
    QVERIFY(isUuid(second.enrolled.device.id));
    QVERIFY(second.enrolled.device.serial != d.serial);
}

void TestSealService::enrollmentRefusals() {
    SealEnv env(seal::Algorithm::Es256);
    const auto refused = [&](const EnrollRequest& r, const char* needle) {
        const auto e = env.seals->enroll(kStaff, r);
        QVERIFY2(!e.ok(), needle);
        QCOMPARE(toString(e.error().code), toString(ErrorCode::InvalidInput));
        QVERIFY2(e.error().message.find(needle) != std::string::npos, e.error().message.c_str());
    };
    auto key = must(seal::generateKey(seal::Algorithm::Es256));
    const std::string good = must(seal::createCsrPem(key.get(), "t"));
    refused({"", "", ""}, "csr");
    refused({"-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", "", ""},
            "csr");
    refused({readText(env.data / "authority/root.pem"), "", ""}, "csr");
    refused({good, "bad id with spaces", ""}, "device_id");
    refused({good, std::string(65, 'a'), ""}, "device_id");
    refused({good, "", std::string(201, 'x')}, "label");
    refused({good, "", "line\nbreak"}, "label");
    // A request whose signature bytes were altered (one signed by another key altogether is in
    // test_seal_authority).
    std::string tampered = good;
    const auto pos = tampered.find("-----END") - 10;
    tampered[pos] = tampered[pos] == 'A' ? 'B' : 'A';
    refused({tampered, "", ""}, "csr");
    seal::PkeyPtr p384(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"));
    QVERIFY(p384);
    QVERIFY(!seal::createCsrPem(p384.get(), "x").ok()); // our own tool will not even make one
    QCOMPARE(env.scalar("SELECT count(*) FROM devices"), std::string("0"));
    QVERIFY(!fs::exists(env.data / "authority/devices"));
}

void TestSealService::listing() {
    SealEnv env(seal::Algorithm::Es256);
    Tablet a(env, kStaff, seal::Algorithm::Es256, "a");
    Tablet b(env, caller("bob", Role::Inspector, "310115"), seal::Algorithm::Es256, "b");
    Tablet c(env, caller("carol", Role::Inspector, "310115"), seal::Algorithm::Es256, "c");
    const auto ids = [](const std::vector<DeviceRecord>& list) {
        std::string s;
        for (const auto& d : list)
            s += d.id;
        return s;
    };
    QCOMPARE(ids(must(env.seals->listDevices(kAdmin))), std::string("abc"));
    QCOMPARE(ids(must(env.seals->listDevices(caller("sup", Role::Supervisor, "310115")))), std::string("bc"));
    QCOMPARE(ids(must(env.seals->listDevices(caller("sup2", Role::Supervisor, "310101")))), std::string());
    QCOMPARE(ids(must(env.seals->listDevices(caller("bob", Role::Inspector, "310115")))), std::string("b"));
}

void TestSealService::revocationReachesDevices_data() {
    QTest::addColumn<QString>("alg");
    QTest::newRow("sm2") << "sm2";
    QTest::newRow("p256") << "p256";
}

void TestSealService::revocationReachesDevices() {
    QFETCH(QString, alg);
    SealEnv env(algOf(alg));
    Tablet tablet(env, kStaff, algOf(alg), "tablet-7");
    auto otherTablet = env.deviceTrustStore(); // another device, still on list 1
    const auto before = tablet.seal({{"n", 1}}, seal::now() - 10min);
    QVERIFY(env.seals->verify(before).passed());

    // Only admins revoke; not in the future; unknown devices are 404s.
    QCOMPARE(toString(env.seals->revokeDevice(kStaff, "tablet-7").error().code),
             toString(ErrorCode::Forbidden));
    QVERIFY(!env.seals->revokeDevice(kAdmin, "tablet-7", seal::now() + 24h).ok());
    QCOMPARE(toString(env.seals->revokeDevice(kAdmin, "nope").error().code), toString(ErrorCode::NotFound));
    QCOMPARE(env.seals->trustListSequence(), std::uint64_t{1});

    const auto revoked =
        must(env.seals->revokeDevice(kAdmin, "tablet-7", seal::now() - 5min, "tablet stolen"));
    QCOMPARE(revoked.trustListSequence, std::uint64_t{2});
    QVERIFY(revoked.device.revokedAt.has_value());
    QCOMPARE(env.seals->trustListSequence(), std::uint64_t{2});
    QCOMPARE(env.scalar("SELECT max(sequence) FROM trust_lists"), std::string("2"));
    QVERIFY(!env.scalar("SELECT revoked_at FROM devices WHERE id = 'tablet-7'").empty());
    QCOMPARE(env.scalar("SELECT json_extract(detail, '$.reason') FROM audit WHERE action = 'device.revoke'"),
             std::string("tablet stolen"));
    QCOMPARE(toString(env.seals->revokeDevice(kAdmin, "tablet-7").error().code),
             toString(ErrorCode::IllegalTransition));

    // Seals made after the revocation time fail on the server at once...
    const auto after = tablet.seal({{"n", 2}}, seal::now() - 1min);
    const auto report = env.seals->verify(after);
    QCOMPARE(toString(report.indication), "FAILED");
    QCOMPARE(toString(report.subIndication), "REVOKED");
    QVERIFY(env.seals->verify(before).passed()); // sealed before the compromise
    // ...and on another device once it fetches the new list (its old one knows nothing yet).
    QVERIFY(otherTablet->verify(after, seal::now()).passed());
    QVERIFY(otherTablet->install(env.seals->currentTrustList(), seal::now()).ok());
    QCOMPARE(toString(otherTablet->verify(after, seal::now()).subIndication), "REVOKED");
    QVERIFY(listRevokes(env.seals->currentTrustList(), tablet.enrolled.device.certificate));
    QVERIFY(!listRevokes(tablet.enrolled.trustList, tablet.enrolled.device.certificate));

    // The state survives a restart.
    env.open();
    QCOMPARE(env.seals->trustListSequence(), std::uint64_t{2});
    QCOMPARE(toString(env.seals->verify(after).subIndication), "REVOKED");
}

// A revoked device's sessions end with its certificate: its access and refresh tokens stop
// working at once; the same user's sessions on other devices go on.
void TestSealService::revokedDeviceLosesItsTokens() {
    SealEnv env(seal::Algorithm::Es256);
    SqliteAccountStore accountStore(env.db->db());
    AccountServiceOptions options;
    options.kdf = ScryptParams::reduced();
    AccountService accounts(*env.db, accountStore, *env.audit, options);
    QVERIFY(accounts.createUser("staff.wu", "吴", "exhibition_staff", "310118", "password-2026", "admin.city").ok());
    Tablet lost(env, caller("staff.wu", Role::ExhibitionStaff, "310118"), seal::Algorithm::Es256, "tablet-9");
    auto onLost = accounts.login("staff.wu", "password-2026", "tablet-9");
    auto onOther = accounts.login("staff.wu", "password-2026", "tablet-10");
    QVERIFY(onLost.ok() && onOther.ok());
    QVERIFY(accounts.authenticate(onLost->accessToken).has_value());

    must(env.seals->revokeDevice(kAdmin, "tablet-9", std::nullopt, "tablet lost"));
    QVERIFY(!accounts.authenticate(onLost->accessToken).has_value());
    const auto renewed = accounts.refresh(onLost->refreshToken);
    QVERIFY(!renewed.ok());
    QCOMPARE(static_cast<int>(renewed.error().failure), static_cast<int>(AuthFailure::InvalidRefreshToken));
    QVERIFY(accounts.authenticate(onOther->accessToken).has_value());
    QVERIFY(accounts.refresh(onOther->refreshToken).ok());
    QCOMPARE(env.scalar("SELECT json_extract(detail, '$.tokens_revoked') FROM audit WHERE action = 'device.revoke'"),
             std::string("2"));
}

void TestSealService::trustListRenewal() {
    SealEnv env(seal::Algorithm::Es256);
    QCOMPARE(env.seals->trustListSequence(), std::uint64_t{1});
    env.shift = 24h * 3; // under half of the 7-day lifetime: no renewal
    env.seals->currentTrustList();
    QCOMPARE(env.seals->trustListSequence(), std::uint64_t{1});
    env.shift = 24h * 4;
    const auto list = env.seals->currentTrustList();
    QCOMPARE(env.seals->trustListSequence(), std::uint64_t{2});
    QCOMPARE(list["payload"]["sequence"].get<int>(), 2);
    QCOMPARE(env.scalar("SELECT count(*) FROM trust_lists"), std::string("2"));

    // An authority that published while the server was down (the CLI on DATA/authority).
    env.seals.reset();
    auto offline = must(seal::Authority::open(env.data / "authority"));
    must(offline.publishTrustList(json::array({"Gaggia S.p.A."})));
    env.shift = 0s;
    env.open();
    QCOMPARE(env.seals->trustListSequence(), std::uint64_t{3});
    QCOMPARE(env.scalar("SELECT max(sequence) FROM trust_lists"), std::string("3"));
}

void TestSealService::certificateReports() {
    SealEnv env(seal::Algorithm::Sm2Sm3);
    json payload = {{"kind", "ccc"}, {"number", "2026011101234567"}, {"holder", "上海示例电器有限公司"}};
    json envelope;
    {
        auto lock = env.db->lock();
        const auto& a = env.seals->authorityLocked();
        envelope = must(a.sealer().seal(payload, a.sealIdentity(), seal::now() - 1min));
    }
    json body = {{"kind", "ccc"},
                 {"number", "2026011101234567"},
                 {"holder", "上海示例电器有限公司"},
                 {"envelope", envelope},
                 {"district", "310115"}};
    const auto verify = [&](const std::string& id, const json& b) {
        auto lock = env.db->lock();
        return env.seals->verifyCertificateRecordLocked(id, b);
    };
    auto report = verify("cert-1", body);
    QCOMPARE(report["indication"].get<std::string>(), std::string("PASSED"));
    QVERIFY(!report.contains("record_mismatch"));
    QCOMPARE(env.scalar("SELECT indication FROM seal_reports WHERE record_id = 'cert-1'"),
             std::string("PASSED"));
    QVERIFY(json::parse(env.scalar("SELECT report FROM seal_reports WHERE record_id = 'cert-1'")) == report);

    auto tampered = body;
    tampered["envelope"]["payload"]["number"] = "2026011101234568";
    report = verify("cert-2", tampered);
    QCOMPARE(report["sub_indication"].get<std::string>(), std::string("SIG_CRYPTO_FAILURE"));
    QCOMPARE(env.scalar("SELECT indication FROM seal_reports WHERE record_id = 'cert-2'"),
             std::string("FAILED"));

    auto lying = body; // a good seal, on other content than the record shows
    lying["number"] = "9999";
    report = verify("cert-3", lying);
    QCOMPARE(report["indication"].get<std::string>(), std::string("PASSED"));
    QVERIFY(report["record_mismatch"] == json::array({"number"}));

    auto bare = body;
    bare.erase("envelope");
    QVERIFY(verify("cert-4", bare).is_null());
    QCOMPARE(env.scalar("SELECT count(*) FROM seal_reports WHERE record_id = 'cert-4'"), std::string("0"));
}

void TestSealService::counterSeal_data() {
    QTest::addColumn<QString>("authorityAlg");
    QTest::addColumn<QString>("deviceAlg");
    QTest::newRow("sm2/sm2") << "sm2"
                             << "sm2";
    QTest::newRow("p256/p256") << "p256"
                               << "p256";
    QTest::newRow("sm2/p256") << "sm2"
                              << "p256";
}

void TestSealService::counterSeal() {
    QFETCH(QString, authorityAlg);
    QFETCH(QString, deviceAlg);
    SealEnv env(algOf(authorityAlg));
    const std::string applicant = uscc("91310118MA1JL0001");
    must(env.seals->publishTrustList(kAdmin, json::array({applicant, {{"name", "Gaggia S.p.A."}}})));
    Tablet tablet(env, kStaff, algOf(deviceAlg), "window-2");
    const json exemption = sealedExemption(tablet, kExemptionId, applicant);

    CounterSealOutcome out;
    {
        auto lock = env.db->lock();
        out = env.seals->counterSealLocked(kExemptionId, exemption);
    }
    QVERIFY2(out.sealed, (out.refusalCode + ": " + out.refusalReason).c_str());
    QCOMPARE(out.deviceReport["indication"].get<std::string>(), std::string("PASSED"));
    QCOMPARE(out.certificateId, SealService::certificateIdFor(kExemptionId));
    QVERIFY(isUuid(out.certificateId));
    QCOMPARE(out.certificate["number"].get<std::string>(), SealService::certificateNumberFor(kExemptionId));
    QCOMPARE(out.certificate["kind"].get<std::string>(), std::string("ccc_exemption"));
    QCOMPARE(out.certificate["holder"].get<std::string>(), std::string("上海示例进出口有限公司"));
    QCOMPARE(out.certificate["holder_uscc"].get<std::string>(), applicant);
    QCOMPARE(out.certificate["district"].get<std::string>(), std::string("310118"));
    QVERIFY(validateBody(*findRecordType("certificate"), out.certificate).ok());
    QCOMPARE(out.counterSeal["certificate_id"].get<std::string>(), out.certificateId);
    QCOMPARE(out.counterSeal["device_id"].get<std::string>(), std::string("window-2"));
    QVERIFY(validateField(*findRecordType("ccc_exemption"), "counter_seal", out.counterSeal).ok());

    // The official certificate verifies on a tablet that knows only the authority's root and list,
    // from the envelope and from its QR code; it is the authority's seal over the device's.
    auto device = env.deviceTrustStore();
    const json& envelope = out.certificate["envelope"];
    const auto report = device->verify(envelope, seal::now());
    QVERIFY2(report.passed(), report.detail.c_str());
    QCOMPARE(report.seal->id, std::string("fieldseal-authority-seal"));
    QVERIFY(device->verifyText(must(seal::encodeQr(envelope)), seal::now()).passed());
    QVERIFY(envelope["payload"]["exemption"] == exemption["envelope"]["payload"]);
    QCOMPARE(envelope["payload"]["device_seal"]["serial"].get<std::string>(), tablet.enrolled.device.serial);
    QVERIFY(envelope["payload"]["valid_from"] == out.certificate["valid_from"]);

    // Reports stored for both records, one audit entry.
    QCOMPARE(env.scalar("SELECT indication FROM seal_reports WHERE record_id = '" + kExemptionId + "'"),
             std::string("PASSED"));
    QCOMPARE(env.scalar("SELECT indication FROM seal_reports WHERE record_id = '" + out.certificateId + "'"),
             std::string("PASSED"));
    QCOMPARE(env.scalar("SELECT json_extract(detail, '$.certificate_id') FROM audit WHERE action = "
                        "'seal.counter_seal'"),
             out.certificateId);

    // A foreign applicant (no USCC) on the list by name; not claiming the fast channel needs no list.
    auto foreign = sealedExemption(tablet, "ex-foreign", "");
    foreign["applicant_name"] = "Gaggia S.p.A.";
    foreign["envelope"] = tablet.seal(seal::exemptionPayload("ex-foreign", foreign));
    auto ordinary = sealedExemption(tablet, "ex-ordinary", uscc("91310118MA1JL9991"));
    ordinary["fast_channel"] = false;
    ordinary["envelope"] = tablet.seal(seal::exemptionPayload("ex-ordinary", ordinary));
    auto lock = env.db->lock();
    const auto f = env.seals->counterSealLocked("ex-foreign", foreign);
    QVERIFY2(f.sealed, f.refusalReason.c_str());
    QVERIFY(!f.certificate.contains("holder_uscc"));
    QVERIFY(env.seals->counterSealLocked("ex-ordinary", ordinary).sealed);
}

void TestSealService::counterSealRefusals() {
    SealEnv env(seal::Algorithm::Sm2Sm3);
    const std::string listed = uscc("91310118MA1JL0001");
    must(env.seals->publishTrustList(kAdmin, json::array({listed})));
    Tablet tablet(env, kStaff, seal::Algorithm::Sm2Sm3, "window-2");
    const json good = sealedExemption(tablet, kExemptionId, listed);

    const auto refusal = [&](const std::string& id, const json& exemption) {
        auto lock = env.db->lock();
        const auto out = env.seals->counterSealLocked(id, exemption);
        if (out.sealed) throw std::runtime_error("sealed although it should be refused: " + id);
        return out;
    };
    const auto expect = [&](const std::string& id, const json& exemption, const std::string& code,
                            const std::string& needle = {}) {
        const auto out = refusal(id, exemption);
        QVERIFY2(out.refusalCode == code, (id + ": " + out.refusalCode + ": " + out.refusalReason).c_str());
        QVERIFY2(out.refusalReason.find(needle) != std::string::npos, out.refusalReason.c_str());
        QVERIFY(out.certificate.is_null() && out.certificateId.empty());
    };

    // The record was edited after the device sealed it.
    auto tampered = good;
    tampered["exhibits"][0]["quantity"] = 20;
    expect(kExemptionId, tampered, "payload_mismatch", "exhibits");
    // The sealed payload itself was edited: the signature breaks.
    auto forged = good;
    forged["envelope"]["payload"]["exhibits"][0]["quantity"] = 20;
    forged["exhibits"][0]["quantity"] = 20;
    const auto forgedOut = refusal(kExemptionId, forged);
    QCOMPARE(forgedOut.refusalCode, std::string("seal_invalid"));
    QCOMPARE(forgedOut.deviceReport["sub_indication"].get<std::string>(), std::string("SIG_CRYPTO_FAILURE"));
    // A device envelope replayed onto another exemption.
    expect("0190f0aa-1111-7000-8000-000000000002", good, "payload_mismatch", "id");
    // Applicant not on the fast-channel list.
    expect("ex-unlisted", sealedExemption(tablet, "ex-unlisted", uscc("91310118MA1JL9991")),
           "not_on_fast_channel_list", "not on the fast-channel unit list");
    // Not issued, no envelope.
    auto draft = good;
    draft["exemption_status"] = "draft";
    expect(kExemptionId, draft, "not_issued");
    auto unsealed = good;
    unsealed.erase("envelope");
    expect(kExemptionId, unsealed, "no_device_seal");
    // A device certificate from another authority's device CA.
    {
        SealEnv elsewhere(seal::Algorithm::Sm2Sm3);
        Tablet foreignTablet(elsewhere, kStaff, seal::Algorithm::Sm2Sm3, "window-2");
        const auto out = refusal(kExemptionId, sealedExemption(foreignTablet, kExemptionId, listed));
        QCOMPARE(out.refusalCode, std::string("seal_invalid"));
        QCOMPARE(out.deviceReport["sub_indication"].get<std::string>(),
                 std::string("NO_CERTIFICATE_CHAIN_FOUND"));
    }
    // Sealed by the authority's own seal signer, not by an enrolled device.
    {
        auto authoritySealed = good;
        auto lock = env.db->lock();
        const auto& a = env.seals->authorityLocked();
        authoritySealed["envelope"] =
            must(a.sealer().seal(good["envelope"]["payload"], a.sealIdentity(), seal::now()));
        const auto out = env.seals->counterSealLocked(kExemptionId, authoritySealed);
        QCOMPARE(out.refusalCode, std::string("device_not_enrolled"));
    }
    // An inspector's tablet, and a device of another district.
    Tablet inspectorTablet(env, caller("ivan", Role::Inspector, "310118"), seal::Algorithm::Sm2Sm3, "insp-1");
    expect("ex-insp", sealedExemption(inspectorTablet, "ex-insp", listed), "device_not_exhibition_staff");
    Tablet pudong(env, caller("pat", Role::ExhibitionStaff, "310115"), seal::Algorithm::Sm2Sm3, "pudong-1");
    expect("ex-pd", sealedExemption(pudong, "ex-pd", listed), "district_mismatch");
    // Revoked: the seal made after the revocation fails, and one made before it is refused too,
    // because the server counter-seals now.
    const json sealedBefore = sealedExemption(tablet, "ex-before", listed, seal::now() - 10min);
    must(env.seals->revokeDevice(kAdmin, "window-2", seal::now() - 5min));
    const auto after = refusal(kExemptionId, sealedExemption(tablet, kExemptionId, listed));
    QCOMPARE(after.refusalCode, std::string("device_revoked"));
    QCOMPARE(after.deviceReport["sub_indication"].get<std::string>(), std::string("REVOKED"));
    expect("ex-before", sealedBefore, "device_revoked", "was revoked at");

    // Nothing was counter-sealed; every refusal left the device report behind.
    QCOMPARE(env.scalar("SELECT count(*) FROM audit WHERE action = 'seal.counter_seal'"), std::string("0"));
    QCOMPARE(env.scalar("SELECT indication FROM seal_reports WHERE record_id = 'ex-unlisted'"),
             std::string("PASSED"));
}

QTEST_APPLESS_MAIN(TestSealService)
#include "test_seal_service.moc"
