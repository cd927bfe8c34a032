// Evidence files and electronic seals against the real fieldseal-server over HTTPS: resumable
// uploads interrupted (cancelled; cut by the network) and resumed, a wrong hash refused and never
// served, downloads allowed by district; device enrollment from a CSR, the trust list, seal
// verification of a demo certificate, and a CCC exemption issued offline by an exhibition tablet
// that comes back counter-sealed by the authority; the audit chain over all of it.
#include "client/blob_download.h"
#include "client/blob_uploader.h"
#include "integration_support.h"
#include "seal/certificates.h"
#include "seal/csr.h"
#include "seal/exemption_payload.h"
#include "seal/keys.h"
#include "seal/sealer.h"
#include "seal/time_util.h"
#include "seal/trust_store.h"
#include "store/sqlite_db.h"
#include "support/fault_proxy.h"

#include <QtTest>
#include <fstream>
#include <sstream>

using namespace fieldseal;
using namespace fieldseal::itest;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

std::string readFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// An enrolled tablet key: what POST /v1/devices/enroll gave back for it.
struct Enrollment {
    seal::PkeyPtr key;
    std::string deviceId;
    std::string certificate;        // PEM
    std::vector<std::string> chain; // PEM each: the device CA, then the root
    json trustList;
    long status = 0;

    seal::Sealer sealer() const {
        auto keyCopy = must(seal::privateKeyFromPem(seal::privateKeyPem(key.get())), "copy the key");
        std::vector<seal::X509Ptr> cas;
        for (const auto& pem : chain)
            for (auto& c : must(seal::certificatesFromPem(pem), "chain"))
                cas.push_back(std::move(c));
        // The sealer carries the issuing CAs; the root comes from the verifier's own trust.
        if (!cas.empty()) cas.pop_back();
        return must(seal::Sealer::create(std::move(keyCopy),
                                         must(seal::certificateFromPem(certificate), "cert"), std::move(cas)),
                    "a sealer for " + deviceId);
    }
};

Enrollment enroll(Api& api, seal::Algorithm alg, const std::string& deviceId) {
    Enrollment e;
    e.key = must(seal::generateKey(alg), "a device key");
    e.deviceId = deviceId;
    const std::string csr = must(seal::createCsrPem(e.key.get(), "tablet " + deviceId), "a CSR");
    const auto r =
        api.post("/v1/devices/enroll", {{"csr", csr}, {"device_id", deviceId}, {"label", "进博会窗口"}});
    e.status = r.status;
    if (r.status != 201 && r.status != 200)
        throw std::runtime_error("enroll: " + std::to_string(r.status) + " " + r.body);
    const auto body = jsonOf(r);
    e.certificate = body.at("certificate").get<std::string>();
    for (const auto& c : body.at("chain"))
        e.chain.push_back(c.get<std::string>());
    e.trustList = body.at("trust_list");
    return e;
}

// The trust a tablet is provisioned with (the authority's root, last in the chain) plus the list.
std::unique_ptr<seal::TrustStore> deviceTrust(const Enrollment& e) {
    std::vector<seal::X509Ptr> roots;
    for (auto& c : must(seal::certificatesFromPem(e.chain.back()), "root"))
        roots.push_back(std::move(c));
    auto store = std::make_unique<seal::TrustStore>(std::move(roots));
    if (auto s = store->install(e.trustList, seal::now()); !s)
        throw std::runtime_error("install the trust list: " + s.error().message);
    return store;
}

json exemptionRecord(const std::string& applicantUscc, const std::string& applicantName) {
    return {{"exhibition", "第九届中国国际进口博览会 CIIE 2026"},
            {"applicant_uscc", applicantUscc},
            {"applicant_name", applicantName},
            {"exhibits",
             {{{"name", "意式咖啡机 espresso machine"},
               {"model", "GX-2"},
               {"hs_code", "8516.71"},
               {"ccc_category", "家用和类似用途电器"},
               {"quantity", 2},
               {"origin", "IT"}}}},
            {"purpose", "展览展示 exhibition only"},
            {"fast_channel", true},
            {"issued_by", "expo.chen"},
            {"district", kQingpu}};
}

} // namespace

class TestIntegrationEvidenceSeals : public QObject {
    Q_OBJECT

    std::unique_ptr<test::ServerProcess> m_server;

    // An inspection of Wang's with one evidence record naming `sha` (pushed).
    std::string pushEvidence(Tablet& wang, const std::string& sha, std::uint64_t size) {
        const std::string id = newInspection(wang, "ccc-toys-v1");
        wang.put("evidence", newId(),
                 {{"inspection_id", id},
                  {"sha256", sha},
                  {"media_type", "video/mp4"},
                  {"size", size},
                  {"captured_at", "2026-11-05T09:45:00+08:00"},
                  {"device", wang.deviceId},
                  {"inspector", "insp.wang"},
                  {"district", kPudong}});
        const auto report = wang.sync();
        if (!report.rejected.empty())
            throw std::runtime_error("evidence rejected: " + report.rejected[0].message);
        return id;
    }

private slots:
    void initTestCase() {
        guarded([&] { m_server = test::ServerProcess::start(); });
    }

    void cleanupTestCase() {
        if (m_server && QTest::currentTestFailed()) qWarning("server log:\n%s", m_server->log().c_str());
        m_server.reset();
    }

    void uploadCancelledMidwayResumesWhereItStopped() {
        guarded([&] {
            Tablet wang(*m_server, "tab-wang-blob", "insp.wang", kPudong);
            wang.login();
            wang.sync();
            const std::string data = randomBytes(6u << 20, 21);
            const std::string sha = sha256Hex(data);
            const auto path = std::filesystem::path(wang.dir->path().toStdString()) / "video.mp4";
            writeFile(path, data);
            const std::string inspectionId = pushEvidence(wang, sha, data.size());

            BlobUploader uploader(*wang.session, {256 * 1024});
            auto cut = uploader.upload(sha, path.string(), [&](const BlobProgress& p) {
                if (p.done >= data.size() / 2) wang.http->cancel();
            });
            QVERIFY(!cut.ok());
            QCOMPARE(cut.error().kind, SyncErrorKind::Cancelled);
            wang.http->cancelToken().reset();
            const auto state = must(uploader.state(sha), "HEAD");
            QVERIFY(state.known);
            QVERIFY2(state.offset > 0 && state.offset < data.size(), std::to_string(state.offset).c_str());
            QCOMPARE(state.length, std::uint64_t(data.size()));

            // Half a blob is neither downloadable nor shown as arrived.
            Api sup(*m_server, "sup.pudong");
            auto r = sup.get("/v1/blobs/" + sha);
            QCOMPARE(r.status, 409L);
            QVERIFY(isErrorBody(r));
            auto detail = jsonOf(sup.get("/v1/review/inspections/" + inspectionId));
            QCOMPARE(detail["evidence"][0]["blob"].get<std::string>(), std::string("uploading"));

            // Resumed: only the rest is sent. (The chunk in flight when the tablet cancelled may
            // still land after the HEAD above: the server's offset only grows, by at most a chunk.)
            const auto resumed = must(uploader.upload(sha, path.string()), "resume");
            QVERIFY(!resumed.alreadyComplete);
            QVERIFY(resumed.bodyBytesSent <= data.size() - state.offset);
            QVERIFY(resumed.bodyBytesSent + 256 * 1024 >= data.size() - state.offset);
            QCOMPARE(resumed.interruptions, 0);
            detail = jsonOf(sup.get("/v1/review/inspections/" + inspectionId));
            QCOMPARE(detail["evidence"][0]["blob"].get<std::string>(), std::string("complete"));

            // The district's supervisor downloads it; another district's and the exhibition window may not.
            HttpClient supHttp(clientOptions(m_server->baseUrl(), m_server->caFile()));
            ApiSession supSession(supHttp, quickPolicy(1));
            must(supSession.login("sup.pudong", kDemoPassword, "desk-pudong"), "login");
            const auto out = std::filesystem::path(wang.dir->path().toStdString()) / "downloaded.mp4";
            QCOMPARE(must(downloadBlob(supSession, {sha, out.string()}), "download").size, std::uint64_t(data.size()));
            QVERIFY(readFile(out) == data);
            for (const char* user : {"sup.xuhui", "expo.chen", "insp.zhao"}) {
                HttpClient http(clientOptions(m_server->baseUrl(), m_server->caFile()));
                ApiSession session(http, quickPolicy(1));
                must(session.login(user, kDemoPassword, "desk-other"), "login");
                const auto refused = downloadBlob(session, {sha, out.string() + ".other"});
                QVERIFY2(!refused.ok(), user);
                QCOMPARE(refused.error().httpStatus, 403L);
                QVERIFY(!std::filesystem::exists(out.string() + ".other"));
            }
        });
    }

    void uploadCutByTheNetworkRecovers() {
        guarded([&] {
            Tablet wang(*m_server, "tab-wang-blobcut", "insp.wang", kPudong);
            wang.login();
            wang.sync();
            const std::string data = randomBytes(4u << 20, 22);
            const std::string sha = sha256Hex(data);
            const auto path = std::filesystem::path(wang.dir->path().toStdString()) / "audio.m4a";
            writeFile(path, data);
            pushEvidence(wang, sha, data.size());

            // Every connection is cut 300-900 KB into what the tablet sends, three times.
            test::FaultProxy proxy("127.0.0.1", m_server->port(), 33);
            HttpClient http(clientOptions(proxy.url("https"), m_server->caFile()));
            ApiSession session(http, quickPolicy(6));
            session.setTokens(wang.session->tokens());
            proxy.setFaults(test::FaultProxy::Faults::drop(test::FaultProxy::Direction::ClientToServer,
                                                           300'000, 900'000));
            const std::uint64_t chunk = 256 * 1024;
            BlobUploader uploader(session, {chunk});
            const auto report =
                must(uploader.upload(sha, path.string(),
                                     [&](const BlobProgress&) {
                                         if (proxy.counters().drops >= 3)
                                             proxy.setFaults(test::FaultProxy::Faults::passThrough());
                                     }),
                     "upload through the cutting relay");
            QVERIFY(proxy.counters().drops >= 3);
            QVERIFY(report.interruptions >= 3);
            QVERIFY(report.bodyBytesSent >= data.size());
            QVERIFY(report.bodyBytesSent <= data.size() + std::uint64_t(report.interruptions) * chunk);

            Api admin(*m_server, "admin.city");
            const auto r = admin.get("/v1/blobs/" + sha);
            QCOMPARE(r.status, 200L);
            QVERIFY(r.body == data);
        });
    }

    void wrongHashIsRefusedAndNeverServed() {
        guarded([&] {
            Tablet wang(*m_server, "tab-wang-badhash", "insp.wang", kPudong);
            wang.login();
            const std::string data = randomBytes(700'000, 23);
            const std::string claimed = sha256Hex("the bytes the evidence record names");
            const auto path = std::filesystem::path(wang.dir->path().toStdString()) / "photo.jpg";
            writeFile(path, data);
            const auto count = serverOpCount(*m_server);

            BlobUploader uploader(*wang.session, {256 * 1024});
            const auto refused = uploader.upload(claimed, path.string());
            QVERIFY(!refused.ok());
            QCOMPARE(refused.error().httpStatus, 422L);
            QCOMPARE(refused.error().serverCode, std::string("hash_mismatch"));

            Api admin(*m_server, "admin.city");
            for (const auto& sha : {claimed, sha256Hex(data)}) {
                const auto r = admin.get("/v1/blobs/" + sha);
                QCOMPARE(r.status, 404L);
                QVERIFY(isErrorBody(r));
            }
            QVERIFY(!must(uploader.state(claimed), "HEAD").known); // discarded: start again from 0
            QCOMPARE(serverOpCount(*m_server), count);
        });
    }

    void enrollmentGivesADeviceCertificate() {
        guarded([&] {
            Api chen(*m_server, "expo.chen");
            for (const auto alg : {seal::Algorithm::Es256, seal::Algorithm::Sm2Sm3}) {
                const std::string deviceId =
                    std::string("itest-window-") + (alg == seal::Algorithm::Es256 ? "p256" : "sm2");
                const auto e = enroll(chen, alg, deviceId);
                QCOMPARE(e.status, 201L);
                const auto cert = must(seal::certificateFromPem(e.certificate), "certificate");
                const std::string subject = seal::subjectString(cert.get());
                for (const char* part : {"expo.chen", "exhibition_staff", kQingpu})
                    QVERIFY2(subject.find(part) != std::string::npos, subject.c_str());
                QVERIFY(seal::certificateNotAfter(cert.get()) > seal::now());
                QVERIFY(seal::certificateNotAfter(cert.get()) < seal::now() + 24h * 800); // bounded
                QCOMPARE(e.chain.size(), std::size_t(2));
                // The certificate is for our key (the sealer checks), and its seal verifies on a
                // tablet that knows only the authority's root and the current trust list.
                const auto envelope = must(e.sealer().seal({{"hello", "世界"}},
                                                           {"device:" + deviceId, "窗口", sha256Hex("img")},
                                                           seal::now() - 1min),
                                           "seal");
                const auto report = deviceTrust(e)->verify(envelope, seal::now());
                QVERIFY2(report.passed(), report.detail.c_str());
            }
            // The administrator lists the devices.
            Api admin(*m_server, "admin.city");
            const auto r = admin.get("/v1/devices");
            QCOMPARE(r.status, 200L);
            QVERIFY(r.body.find("itest-window-p256") != std::string::npos);
            QVERIFY(r.body.find("itest-window-sm2") != std::string::npos);
        });
    }

    void trustListAndVerificationOfADemoCertificate() {
        guarded([&] {
            Api wang(*m_server, "insp.wang");
            auto r = wang.get("/v1/trust-list");
            QCOMPARE(r.status, 200L);
            QVERIFY(jsonOf(r).contains("payload"));
            const std::string etag = r.headers.get("ETag").value_or("");
            const auto dash = etag.rfind('-');
            QVERIFY2(etag.starts_with("\"trust-list-") && dash != std::string::npos, etag.c_str());
            const std::string sequence = etag.substr(dash + 1, etag.size() - dash - 2);
            QCOMPARE(wang.get("/v1/trust-list?after=" + sequence).status, 304L);
            HttpRequest conditional;
            conditional.path = "/v1/trust-list";
            conditional.headers.add("If-None-Match", etag);
            QCOMPARE(wang.send(conditional).status, 304L);

            // A certificate the tablet pulled carries its sealed envelope; the server verifies it.
            Tablet tablet(*m_server, "tab-wang-verify", "insp.wang", kPudong);
            tablet.login();
            tablet.sync();
            json envelope;
            for (const auto& c : tablet.records("certificate"))
                if (c.value("kind", "") == "ccc" && c.contains("envelope")) envelope = c["envelope"];
            QVERIFY(envelope.is_object());
            r = wang.post("/v1/seal/verify", envelope);
            QCOMPARE(r.status, 200L);
            QCOMPARE(jsonOf(r)["indication"].get<std::string>(), std::string("PASSED"));

            // A changed holder is caught.
            json forged = envelope;
            forged["payload"]["holder"] = "上海冒名玩具有限公司";
            r = wang.post("/v1/seal/verify", forged);
            QCOMPARE(r.status, 200L);
            QCOMPARE(jsonOf(r)["indication"].get<std::string>(), std::string("FAILED"));
        });
    }

    void exemptionIssuedOfflineComesBackCounterSealed() {
        guarded([&] {
            Api chenApi(*m_server, "expo.chen");
            const auto e = enroll(chenApi, seal::Algorithm::Sm2Sm3, "itest-window-ciie");
            Tablet chen(*m_server, e.deviceId, "expo.chen", kQingpu);
            chen.login();
            chen.sync();

            // Issued offline: the record, sealed with the tablet's key.
            const std::string exemptionId = newId();
            json record =
                exemptionRecord("91310118MA1JK9E466", "上海博览进口贸易有限公司"); // on the fast-channel list
            const auto envelope =
                must(e.sealer().seal(seal::exemptionPayload(exemptionId, record),
                                     {"device:" + e.deviceId, "进博会 CCC 免办窗口", sha256Hex("seal image")},
                                     seal::now() - 1min),
                     "device seal");
            Fields fields;
            for (const auto& [k, v] : record.items())
                fields.emplace_back(k, v);
            fields.emplace_back("exemption_status", "issued");
            fields.emplace_back("envelope", envelope);
            chen.put("ccc_exemption", exemptionId, fields);

            // A second one whose applicant claims the fast channel but is not on the list.
            const std::string refusedId = newId();
            const json unlisted =
                exemptionRecord("91310115MA1K3A7B2U", "上海童趣玩具制造有限公司"); // not listed
            Fields refusedFields;
            for (const auto& [k, v] : unlisted.items())
                refusedFields.emplace_back(k, v);
            refusedFields.emplace_back("exemption_status", "issued");
            refusedFields.emplace_back(
                "envelope",
                must(e.sealer().seal(seal::exemptionPayload(refusedId, unlisted),
                                     {"device:" + e.deviceId, "进博会 CCC 免办窗口", sha256Hex("seal image")},
                                     seal::now() - 1min),
                     "device seal"));
            chen.put("ccc_exemption", refusedId, refusedFields);

            const auto pushed = chen.sync();
            QVERIFY(pushed.rejected.empty());
            chen.sync(); // the next sync

            // The exemption is sealed and the official certificate came back to the tablet.
            const auto sealed = chen.record(exemptionId);
            QCOMPARE(sealed["exemption_status"].get<std::string>(), std::string("sealed"));
            QVERIFY(sealed.contains("counter_seal"));
            const std::string certificateId = sealed["counter_seal"]["certificate_id"].get<std::string>();
            const auto certificate = chen.record(certificateId);
            QCOMPARE(certificate["type"].get<std::string>(), std::string("certificate"));
            QCOMPARE(certificate["kind"].get<std::string>(), std::string("ccc_exemption"));
            QCOMPARE(certificate["holder_uscc"].get<std::string>(), std::string("91310118MA1JK9E466"));
            QCOMPARE(certificate["district"].get<std::string>(), std::string(kQingpu));
            const auto r = chenApi.post("/v1/seal/verify", certificate["envelope"]);
            QCOMPARE(r.status, 200L);
            QCOMPARE(jsonOf(r)["indication"].get<std::string>(), std::string("PASSED"));
            // Offline too, and it is the authority's seal over the device's.
            const auto report = deviceTrust(e)->verify(certificate["envelope"], seal::now());
            QVERIFY2(report.passed(), report.detail.c_str());
            QVERIFY(certificate["envelope"]["payload"]["exemption"] == envelope["payload"]);

            // The unlisted applicant's exemption stays issued, with no certificate.
            const auto notSealed = chen.record(refusedId);
            QCOMPARE(notSealed["exemption_status"].get<std::string>(), std::string("issued"));
            QVERIFY(!notSealed.contains("counter_seal"));
            QCOMPARE(chen.records("certificate").size(), std::size_t(1));

            // Once sealed, the exemption's sealed content must not change under its certificate,
            // nor can it be set back to issued; the certificate itself stays.
            const auto renamed = chen.put("ccc_exemption", exemptionId, {{"applicant_name", "另一家公司"}});
            const auto edit = chen.sync();
            QCOMPARE(edit.rejected.size(), std::size_t(1));
            QCOMPARE(edit.rejected[0].opId, renamed.front().opId);
            QCOMPARE(edit.rejected[0].code, std::string("sealed"));
            const auto reissued = chen.put("ccc_exemption", exemptionId, {{"exemption_status", "issued"}});
            const auto unseal = chen.sync();
            QCOMPARE(unseal.rejected.size(), std::size_t(1));
            QCOMPARE(unseal.rejected[0].opId, reissued.front().opId);
            QCOMPARE(unseal.rejected[0].code, std::string("sealed"));
            QCOMPARE(chen.record(certificateId)["holder"].get<std::string>(),
                     std::string("上海博览进口贸易有限公司"));
        });
    }

    // Last: the chain over the uploads, enrollments and seals above.
    void auditChainVerifies() {
        guarded([&] {
            std::string out;
            QCOMPARE(runAuditVerify(m_server->dataDir(), out), 0);
            QVERIFY2(out.find("ok") != std::string::npos, out.c_str());
            QTemporaryDir tmp;
            const auto copy = std::filesystem::path(tmp.path().toStdString()) / "server.db";
            backupDatabase(m_server->dataDir() / "server.db", copy);
            sqlite::Database db(copy.string(), false);
            for (const char* action :
                 {"device.enroll", "seal.counter_seal", "exemption.counter_seal_refused"}) {
                auto q = db.query("SELECT count(*) FROM audit WHERE action = ?1");
                q.bind(1, std::string_view(action));
                QVERIFY(q.step());
                QVERIFY2(q.int64(0) > 0, action);
            }
        });
    }
};

QTEST_APPLESS_MAIN(TestIntegrationEvidenceSeals)
#include "test_integration_evidence_seals.moc"
