// The device side of the protocol against the real fieldseal-server (ServerProcess): first
// sign-in enrolls the device (key made on the device in the authority's algorithm, kept in a 0600
// file and never in the store; certificate for that key; the store's identity from the server's
// answer), later sign-ins do not enroll again, a store belongs to one account and one server, the
// trust list is replaced only by a valid one of higher sequence, evidence is attached offline,
// uploaded by the sync and fetched back by the district's supervisor with its hash checked.
#include "client/device_key.h"
#include "client/device_status.h"
#include "client/evidence_attachment.h"
#include "client/evidence_download.h"
#include "client/file_digest.h"
#include "client/pending_blobs.h"
#include "client/trust_list_updater.h"
#include "device_fixture.h"
#include "seal/certificates.h"
#include "seal/keys.h"

#include <QtTest>
#include <random>
#include <sys/stat.h>

using namespace fieldseal;
using namespace fieldseal::test;
using nlohmann::json;

namespace {

bool fileContains(const std::string& path, const std::string& needle) {
    return readText(path).find(needle) != std::string::npos;
}

} // namespace

class TestDeviceProtocol : public QObject {
    Q_OBJECT

    std::unique_ptr<ServerProcess> m_server;
    std::string m_ca;

    // Where both re-key tests start: a device enrolled and synced, then an inspection started
    // offline (in the outbox, not pushed yet).
    struct OfflineWork {
        std::string oldDeviceId;
        std::string inspection;
        std::int64_t pending = 0; // the outbox size
    };
    // Fills `work` for `device`; the caller returns when QTest::currentTestFailed().
    void enrollSyncAndWorkOffline(TestDevice& device, const std::string& user, const std::string& templateId,
                                  OfflineWork& work) {
        auto first = device.signIn(user);
        REQUIRE_OK(first);
        REQUIRE_OK(device.sync());
        work.oldDeviceId = first->deviceId;
        work.inspection = startInspection(device, templateId);
        work.pending = device.store().outboxSize();
        QVERIFY(work.pending > 0);
    }

private slots:
    void initTestCase() {
        m_server = ServerProcess::start();
        m_ca = readText(m_server->caFile());
    }

    void firstSignInEnrollsTheDevice() {
        TempDir dir;
        TestDevice wang(dir.path(), "wang", m_server->baseUrl(), m_ca);
        auto in = wang.signIn("insp.wang");
        REQUIRE_OK(in);
        QVERIFY(in->enrolled);
        QVERIFY(in->identityInitialised);
        QVERIFY(in->trustListSequence >= 1);
        QCOMPARE(in->user.value("username", ""), std::string("insp.wang"));

        // The store's identity is the server's answer.
        const auto& id = wang.replica().identity();
        QCOMPARE(id.device, in->deviceId);
        QCOMPARE(id.user, std::string("insp.wang"));
        QCOMPARE(id.district, std::string("310115"));

        // The key: in its own 0600 file, of the authority's algorithm (P-256 here), certified.
        struct stat st {};
        QCOMPARE(::stat(wang.keyPath().c_str(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0600u);
        auto key = loadDeviceKey(wang.keyPath());
        REQUIRE_OK(key);
        QVERIFY(key->alg == seal::Algorithm::Es256);
        const auto profile = loadDeviceProfile(wang.store());
        QCOMPARE(profile.alg, std::string("ES256"));
        auto cert = seal::certificateFromPem(profile.certificatePem);
        REQUIRE_OK(cert);
        QCOMPARE(seal::publicKeyPem(seal::certificatePublicKey(cert->get())),
                 seal::publicKeyPem(key->key.get()));
        QVERIFY(seal::subjectString(cert->get()).find("insp.wang") != std::string::npos);
        QCOMPARE(profile.chainPem.size(), std::size_t(2));
        QCOMPARE(profile.authorityRootPem, profile.chainPem.back());

        // Neither the private key nor the password is anywhere in the store; the tokens are.
        const std::string keyPem = seal::privateKeyPem(key->key.get());
        const std::string keyBody = keyPem.substr(keyPem.find('\n') + 1, 40);
        for (const auto& file : {wang.dbPath(), wang.dbPath() + "-wal"}) {
            QVERIFY(!fileContains(file, "PRIVATE KEY"));
            QVERIFY(!fileContains(file, keyBody));
            QVERIFY(!fileContains(file, kDemoPassword));
        }
        const auto tokens = loadSession(wang.store());
        QVERIFY(tokens.has_value());
        QVERIFY(!tokens->refreshToken.empty());

        // The server lists the device with its algorithm.
        AdminClient admin(*m_server);
        const auto devices = admin.call("GET", "/v1/devices");
        bool listed = false;
        for (const auto& d : devices.at("devices"))
            if (d.value("device_id", "") == in->deviceId) {
                listed = true;
                QCOMPARE(d.value("alg", ""), std::string("ES256"));
                QCOMPARE(d.value("username", ""), std::string("insp.wang"));
            }
        QVERIFY(listed);

        // Signing in again: same device, no second enrollment, the key file untouched.
        const std::string keyBefore = readText(wang.keyPath());
        auto again = wang.signIn("insp.wang");
        REQUIRE_OK(again);
        QVERIFY(!again->enrolled);
        QVERIFY(!again->identityInitialised);
        QCOMPARE(again->deviceId, in->deviceId);
        QCOMPARE(readText(wang.keyPath()), keyBefore);
    }

    void anSm2AuthorityGetsAnSm2DeviceKey() {
        ServerProcess::Options o;
        o.alg = "sm2";
        auto sm2 = ServerProcess::start(o);
        TempDir dir;
        TestDevice li(dir.path(), "li", sm2->baseUrl(), readText(sm2->caFile()));
        auto in = li.signIn("insp.li");
        REQUIRE_OK(in);
        QVERIFY(in->enrolled);
        auto key = loadDeviceKey(li.keyPath());
        REQUIRE_OK(key);
        QVERIFY(key->alg == seal::Algorithm::Sm2Sm3);
        QCOMPARE(loadDeviceProfile(li.store()).alg, std::string("SM2-SM3"));
        auto trust = openDeviceTrustStore(li.store());
        REQUIRE_OK(trust);
        QCOMPARE((*trust)->sequence().value_or(0), in->trustListSequence);
    }

    void aStoreBelongsToOneAccountAndOneServer() {
        TempDir dir;
        TestDevice wang(dir.path(), "wang", m_server->baseUrl(), m_ca);
        REQUIRE_OK(wang.signIn("insp.wang"));
        const auto tokensBefore = loadSession(wang.store())->accessToken;

        auto li = wang.signIn("insp.li");
        QVERIFY(!li.ok());
        QCOMPARE_KIND(li.error().kind, SyncErrorKind::Refused);
        QVERIFY(li.error().message.find("belongs to insp.wang") != std::string::npos);
        QCOMPARE(loadSession(wang.store())->accessToken, tokensBefore); // li's tokens were not kept
        QCOMPARE(wang.store().meta("user").value_or(""), std::string("insp.wang"));

        // Another server (another CA) is refused before anything is sent.
        auto other = ServerProcess::start();
        TestDevice probe(dir.path(), "probe", other->baseUrl(), readText(other->caFile()));
        auto elsewhere = signInDevice(wang.store(), probe.connection(),
                                      SignInRequest{"insp.wang", kDemoPassword, wang.keyPath(), ""});
        QVERIFY(!elsewhere.ok());
        QCOMPARE_KIND(elsewhere.error().kind, SyncErrorKind::Refused);
        QCOMPARE(loadSession(wang.store())->accessToken, tokensBefore);
    }

    void theTrustListIsReplacedOnlyByAValidNewerOne() {
        TempDir dir;
        TestDevice sup(dir.path(), "sup", m_server->baseUrl(), m_ca);
        auto in = sup.signIn("sup.pudong");
        REQUIRE_OK(in);
        auto trust = openDeviceTrustStore(sup.store());
        REQUIRE_OK(trust);
        const std::uint64_t first = (*trust)->sequence().value_or(0);
        const json firstList = (*trust)->currentTrustList();

        // Nothing newer: 304, nothing changes.
        auto same = updateTrustList(sup.store(), sup.session(), **trust);
        REQUIRE_OK(same);
        QVERIFY(!same->installed);
        QCOMPARE(same->sequence, first);

        // The authority publishes a new list: fetched, verified, installed and kept.
        AdminClient admin(*m_server);
        const std::uint64_t published = admin.publishTrustList();
        QVERIFY(published > first);
        auto newer = updateTrustList(sup.store(), sup.session(), **trust);
        REQUIRE_OK(newer);
        QVERIFY(newer->installed);
        QCOMPARE(newer->sequence, published);
        auto reopened = openDeviceTrustStore(sup.store());
        REQUIRE_OK(reopened);
        QCOMPARE((*reopened)->sequence().value_or(0), published);

        // An older valid list changes nothing.
        auto older = adoptTrustList(sup.store(), **trust, firstList);
        REQUIRE_OK(older);
        QVERIFY(!older->installed);
        QCOMPARE(older->sequence, published);

        // A forged list of higher sequence (payload changed, signature kept) is refused.
        json forged = (*trust)->currentTrustList();
        forged["payload"]["sequence"] = published + 5;
        auto refused = adoptTrustList(sup.store(), **trust, forged);
        QVERIFY(!refused.ok());
        QCOMPARE_KIND(refused.error().kind, SyncErrorKind::Untrusted);
        QCOMPARE((*trust)->sequence().value_or(0), published);

        // A valid list of another authority (not the root provisioned at enrollment) is refused.
        auto other = ServerProcess::start();
        TestDevice stranger(dir.path(), "stranger", other->baseUrl(), readText(other->caFile()));
        REQUIRE_OK(stranger.signIn("sup.pudong"));
        AdminClient otherAdmin(*other);
        for (int i = 0; i < 3; ++i)
            otherAdmin.publishTrustList(); // its sequence is now above ours
        auto strangerTrust = openDeviceTrustStore(stranger.store());
        REQUIRE_OK(strangerTrust);
        REQUIRE_OK(updateTrustList(stranger.store(), stranger.session(), **strangerTrust));
        QVERIFY((*strangerTrust)->sequence().value_or(0) > published);
        auto foreign = adoptTrustList(sup.store(), **trust, (*strangerTrust)->currentTrustList());
        QVERIFY(!foreign.ok());
        QCOMPARE_KIND(foreign.error().kind, SyncErrorKind::Untrusted);
        auto kept = openDeviceTrustStore(sup.store());
        QCOMPARE((*kept)->sequence().value_or(0), published);
    }

    void evidenceIsAttachedOfflineUploadedAndFetchedBack() {
        TempDir dir;
        TestDevice wang(dir.path(), "wang", m_server->baseUrl(), m_ca);
        REQUIRE_OK(wang.signIn("insp.wang"));
        REQUIRE_OK(wang.sync());
        const std::string inspection = startInspection(wang);

        const std::string photo = dir.file("IMG_0042.JPG");
        const std::string data = randomBytes(300'000, 7);
        writeFile(photo, data);
        const auto before = std::chrono::system_clock::now();
        auto attached = attachEvidence(wang.replica(), {inspection, photo, "ccc-1.2", "", nullptr, {}});
        REQUIRE_OK(attached);
        const auto record = wang.replica().record(attached->evidenceId).value();
        auto digest = digestFile(photo);
        REQUIRE_OK(digest);
        QCOMPARE(record.value("sha256", ""), digest->sha256);
        QCOMPARE(record.value("size", 0), 300'000);
        QCOMPARE(record.value("media_type", ""), std::string("image/jpeg"));
        QCOMPARE(record.value("inspection_id", ""), inspection);
        QCOMPARE(record.value("item_id", ""), std::string("ccc-1.2"));
        QCOMPARE(record.value("device", ""), wang.replica().identity().device);
        QCOMPARE(record.value("inspector", ""), std::string("insp.wang"));
        QCOMPARE(record.value("district", ""), std::string("310115"));
        QCOMPARE(record.value("file_name", ""), std::string("IMG_0042.JPG"));
        const auto captured = parseRfc3339(record.value("captured_at", ""));
        QVERIFY(captured.has_value());
        QVERIFY(*captured >= std::chrono::floor<std::chrono::seconds>(before));
        auto status = readDeviceStatus(wang.store());
        REQUIRE_OK(status);
        QCOMPARE(status->pendingBlobs, std::size_t(1));
        QCOMPARE(status->pendingBlobBytes, std::uint64_t(300'000));
        QVERIFY(status->pendingOps > 0);

        // Attaching to something that is not a known inspection changes nothing.
        const auto outbox = wang.store().outboxSize();
        QVERIFY(!attachEvidence(wang.replica(), {"no-such-inspection", photo, "", "", nullptr, {}}).ok());
        QVERIFY(
            !attachEvidence(wang.replica(), {inspection, dir.file("missing.jpg"), "", "", nullptr, {}}).ok());
        QCOMPARE(wang.store().outboxSize(), outbox);
        QCOMPARE(pending_blobs::list(wang.store()).size(), std::size_t(1));

        // The sync pushes the record and uploads the file.
        auto synced = wang.sync();
        REQUIRE_OK(synced);
        QCOMPARE(synced->blobsUploaded, std::uint64_t(1));
        QCOMPARE(synced->blobBodyBytesSent, std::uint64_t(300'000));
        status = readDeviceStatus(wang.store());
        QCOMPARE(status->pendingOps, std::int64_t(0));
        QCOMPARE(status->pendingBlobs, std::size_t(0));
        QCOMPARE(status->pendingBlobBytes, std::uint64_t(0));
        QCOMPARE(status->lastError, std::string());
        QVERIFY(!status->lastSync.empty());

        // The district's supervisor pulls the record and fetches the file, checked by its hash.
        TestDevice sup(dir.path(), "sup", m_server->baseUrl(), m_ca);
        REQUIRE_OK(sup.signIn("sup.pudong"));
        REQUIRE_OK(sup.sync());
        auto fetched = fetchEvidence(sup.replica(), sup.session(), attached->evidenceId, dir.file("cache"));
        REQUIRE_OK(fetched);
        QVERIFY(fetched->downloaded);
        QCOMPARE(readText(fetched->path), data);
        auto cached = fetchEvidence(sup.replica(), sup.session(), attached->evidenceId, dir.file("cache"));
        REQUIRE_OK(cached);
        QVERIFY(!cached->downloaded);
        // A damaged cached copy is fetched again, never shown.
        writeFile(fetched->path, "damaged");
        auto refetched = fetchEvidence(sup.replica(), sup.session(), attached->evidenceId, dir.file("cache"));
        REQUIRE_OK(refetched);
        QVERIFY(refetched->downloaded);
        QCOMPARE(readText(refetched->path), data);

        // Another district's supervisor may not.
        TestDevice xuhui(dir.path(), "xuhui", m_server->baseUrl(), m_ca);
        REQUIRE_OK(xuhui.signIn("sup.xuhui"));
        REQUIRE_OK(xuhui.sync());
        QVERIFY(!xuhui.replica().record(attached->evidenceId).ok()); // not even pulled: out of scope
    }

    void aFileChangedAfterAttachingIsNotUploaded() {
        TempDir dir;
        TestDevice li(dir.path(), "li", m_server->baseUrl(), m_ca);
        REQUIRE_OK(li.signIn("insp.li"));
        REQUIRE_OK(li.sync());
        const std::string inspection = startInspection(li, "ccc-ebike-v1");
        const std::string a = dir.file("a.mp4");
        const std::string b = dir.file("b.m4a");
        writeFile(a, randomBytes(100'000, 1));
        writeFile(b, randomBytes(50'000, 2));
        auto first = attachEvidence(li.replica(), {inspection, a, "", "", nullptr, {}});
        auto second = attachEvidence(li.replica(), {inspection, b, "", "", nullptr, {}});
        REQUIRE_OK(first);
        REQUIRE_OK(second);
        QCOMPARE(first->mediaType, std::string("video/mp4"));
        QCOMPARE(second->mediaType, std::string("audio/mp4"));
        writeFile(a, randomBytes(100'000, 3)); // same size, other bytes: the server's hash check refuses it
        writeFile(b, "shorter");               // another size: refused before sending

        auto synced = li.sync();
        REQUIRE_OK(synced); // the ops went through; the files are reported
        QCOMPARE(synced->blobsUploaded, std::uint64_t(0));
        QCOMPARE(synced->blobsFailed, std::size_t(2));
        for (const auto& outcome : synced->blobs) {
            QVERIFY(outcome.error.has_value());
            if (outcome.blob.evidenceId == first->evidenceId) {
                QCOMPARE_KIND(outcome.error->kind, SyncErrorKind::Refused);
                QCOMPARE(outcome.error->httpStatus, 422L);
            } else {
                QCOMPARE_KIND(outcome.error->kind, SyncErrorKind::LocalIo);
                QVERIFY(outcome.error->message.find("changed since it was attached") != std::string::npos);
            }
        }
        auto status = readDeviceStatus(li.store());
        QCOMPARE(status->failedBlobs, std::size_t(2));
        QCOMPARE(status->pendingBlobs, std::size_t(0));
        QVERIFY(status->lastError.find("evidence") != std::string::npos);

        // Refused files are not tried again.
        auto again = li.sync();
        REQUIRE_OK(again);
        QVERIFY(again->blobs.empty());
    }

    void aListedFileWithoutItsRecordIsDropped() {
        TempDir dir;
        TestDevice wang(dir.path(), "wang", m_server->baseUrl(), m_ca);
        REQUIRE_OK(wang.signIn("insp.wang"));
        const std::string path = dir.file("orphan.jpg");
        writeFile(path, "x");
        pending_blobs::add(wang.store(), {std::string(64, 'a'), path, 1, "never-written", {}});
        auto synced = wang.sync();
        REQUIRE_OK(synced);
        QCOMPARE(synced->blobsDropped, std::size_t(1));
        QVERIFY(pending_blobs::list(wang.store()).empty());
    }

    // Issue 5: a tablet that lost its key file signs in again as a new device with a new key,
    // keeping its records and outbox, which then sync.
    void aLostKeyFileIsReplacedByANewDeviceAndKey() {
        TempDir dir;
        TestDevice wang(dir.path(), "wang", m_server->baseUrl(), m_ca);
        OfflineWork work;
        enrollSyncAndWorkOffline(wang, "insp.wang", "ccc-toys-v1", work);
        if (QTest::currentTestFailed()) return;
        const auto& [oldId, inspection, pending] = work;
        const std::string before = wang.dump();

        QVERIFY(std::filesystem::remove(wang.keyPath()));
        auto again = wang.signIn("insp.wang");
        REQUIRE_OK(again);
        QVERIFY(again->enrolled);
        QVERIFY(again->deviceId != oldId);
        QCOMPARE(again->previousDeviceId, oldId);
        QVERIFY2(again->rekeyReason.find("is missing") != std::string::npos, again->rekeyReason.c_str());
        QCOMPARE(again->retiredKeyFile, std::string());

        // A new key in the key file, certified for the new device id.
        auto key = loadDeviceKey(wang.keyPath());
        REQUIRE_OK(key);
        const auto profile = loadDeviceProfile(wang.store());
        QCOMPARE(profile.deviceId, again->deviceId);
        auto cert = seal::certificateFromPem(profile.certificatePem);
        REQUIRE_OK(cert);
        QCOMPARE(seal::publicKeyPem(seal::certificatePublicKey(cert->get())),
                 seal::publicKeyPem(key->key.get()));
        QVERIFY(seal::subjectString(cert->get()).find(again->deviceId) != std::string::npos);
        auto status = readDeviceStatus(wang.store());
        REQUIRE_OK(status);
        QCOMPARE(status->deviceId, again->deviceId);

        // Local data and outbox untouched; ops keep naming the replica that made them.
        QCOMPARE(wang.store().outboxSize(), pending);
        QCOMPARE(wang.dump(), before);
        QCOMPARE(wang.replica().identity().device, oldId);

        // The outbox syncs under the new enrollment; the district's supervisor receives it.
        REQUIRE_OK(wang.sync());
        QCOMPARE(wang.store().outboxSize(), std::int64_t(0));
        TestDevice sup(dir.path(), "sup", m_server->baseUrl(), m_ca);
        REQUIRE_OK(sup.signIn("sup.pudong"));
        REQUIRE_OK(sup.sync());
        QVERIFY(sup.replica().record(inspection).ok());

        // The next sign-in is an ordinary one.
        auto third = wang.signIn("insp.wang");
        REQUIRE_OK(third);
        QVERIFY(!third->enrolled);
        QVERIFY(third->rekeyReason.empty());
        QCOMPARE(third->deviceId, again->deviceId);
    }

    // Issue 5: a device the administrator revoked stops syncing; its next sign-in enrolls the
    // tablet as a new device with a new key (the old key file is moved aside, never reused).
    void aRevokedDeviceIsEnrolledAgainWithANewKey() {
        TempDir dir;
        TestDevice li(dir.path(), "li", m_server->baseUrl(), m_ca);
        OfflineWork work;
        enrollSyncAndWorkOffline(li, "insp.li", "ccc-ebike-v1", work);
        if (QTest::currentTestFailed()) return;
        const auto& [oldId, inspection, pending] = work;
        const std::string oldKey = readText(li.keyPath());

        AdminClient admin(*m_server);
        long status = 0;
        admin.call("POST", "/v1/devices/" + oldId + "/revoke", json{{"reason", "tablet reported stolen"}},
                   &status);
        QCOMPARE(status, 200L);
        QVERIFY(!li.sync().ok()); // its session ended with the revocation
        QCOMPARE(li.store().outboxSize(), pending);

        auto again = li.signIn("insp.li");
        REQUIRE_OK(again);
        QVERIFY(again->enrolled);
        QVERIFY(again->deviceId != oldId);
        QCOMPARE(again->previousDeviceId, oldId);
        QVERIFY2(again->rekeyReason.find("revoked device " + oldId) != std::string::npos,
                 again->rekeyReason.c_str());
        QCOMPARE(again->retiredKeyFile, li.keyPath() + ".retired-" + oldId);
        QCOMPARE(readText(again->retiredKeyFile), oldKey);
        QVERIFY(readText(li.keyPath()) != oldKey);

        REQUIRE_OK(li.sync());
        QCOMPARE(li.store().outboxSize(), std::int64_t(0));
        QVERIFY(li.replica().record(inspection).ok());
    }

    void cleanupTestCase() { m_server.reset(); }
};

QTEST_APPLESS_MAIN(TestDeviceProtocol)
#include "test_device_protocol.moc"
