// Issue 5's integration test: the client against the real fieldseal-server, through the
// fault-injecting TCP proxy (tests/support/fault_proxy.h).
//
// - Three Pudong devices (inspectors insp.wang and insp.li on the shared toys task, supervisor
//   sup.pudong reviewing) edit offline, sync through a proxy that drops connections at random
//   points, cuts request and response bodies (RST and FIN) and stalls; after the faults stop and
//   every device syncs twice, their canonical dumps equal a fresh same-scope replica pulled from
//   the server, no op is duplicated or lost (op ids counted on every side and on the server),
//   and the conflicts are the same everywhere (and as the server's /v1/conflicts lists them).
// - A 50 MB evidence file whose upload is cut five times completes, sending no more than its
//   size plus one chunk per cut, and the server's copy has the right SHA-256.
// - An expired access token is renewed without the user noticing; an expired session asks to
//   sign in again and keeps the local data.
// - A disabled account stops syncing with a clear message and keeps its local data.
// - Every retryable and final error class, reached against the real server.
#include "client/device_status.h"
#include "client/evidence_attachment.h"
#include "client/evidence_download.h"
#include "client/file_digest.h"
#include "client/pending_blobs.h"
#include "device_fixture.h"
#include "support/fault_proxy.h"

#include <QtTest>
#include <atomic>
#include <random>
#include <set>
#include <sqlite3.h>
#include <thread>

using namespace fieldseal;
using namespace fieldseal::test;
using namespace std::chrono_literals;
using nlohmann::json;
using Faults = FaultProxy::Faults;
using Direction = FaultProxy::Direction;

namespace {

void put(TestDevice& d, const std::string& id, std::vector<std::pair<std::string, json>> fields) {
    auto ops = d.replica().put("inspection", id, fields);
    if (!ops) qFatal("put on %s: %s", d.dbPath().c_str(), ops.error().message.c_str());
}

json answer(const std::string& result, const std::string& note) {
    return json{{"result", result}, {"note", note}};
}

// Op ids this device authored (its own log entries with its device id).
std::vector<std::string> authored(TestDevice& d) {
    std::vector<std::string> ids;
    const std::string device = d.replica().identity().device;
    d.store().forEachOpSince(0, [&](const StoredOp& s) {
        if (s.op.device == device) ids.push_back(s.op.opId);
        return true;
    });
    return ids;
}

// Runs SQL on the server's database beside the running server (WAL: both may use it).
void serverSql(const ServerProcess& server, const std::string& sql) {
    sqlite3* db = nullptr;
    const auto path = (server.dataDir() / "server.db").string();
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) qFatal("open %s", path.c_str());
    sqlite3_busy_timeout(db, 10000);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    if (rc != SQLITE_OK) qFatal("%s: %s", sql.c_str(), message.c_str());
}

} // namespace

class TestSyncIntegration : public QObject {
    Q_OBJECT

    std::unique_ptr<ServerProcess> m_server;
    std::string m_ca;

private slots:
    void initTestCase() {
        m_server = ServerProcess::start();
        m_ca = readText(m_server->caFile());
    }

    void threeDevicesConvergeThroughAFaultyNetwork() {
        TempDir dir;
        FaultProxy proxy("127.0.0.1", m_server->port(), 20261125);
        auto options = TestDevice::fastOptions();
        options.requestTimeout = 4s; // a stall longer than this is a timeout (retryable)
        options.lowSpeedTime = 3s;
        options.policy.maxAttempts = 3; // give up inside a fault phase now and then: the next sync resumes
        TestDevice wang(dir.path(), "wang", proxy.url("https"), m_ca, options);
        TestDevice li(dir.path(), "li", proxy.url("https"), m_ca, options);
        TestDevice sup(dir.path(), "sup", proxy.url("https"), m_ca, options);
        AdminClient admin(*m_server);
        const std::int64_t serverOpsBefore = admin.serverOps();

        // Online: sign in (enrolls), pull the tasks, start two inspections, li submits hers.
        for (TestDevice* d : {&wang, &li, &sup}) {
            REQUIRE_OK(d->signIn(d == &wang ? "insp.wang" : d == &li ? "insp.li" : "sup.pudong"));
            REQUIRE_OK(d->sync());
        }
        const std::string toys = startInspection(wang, "ccc-toys-v1");
        put(wang, toys, {{"answers.ccc-1.1", answer("pass", "标志清晰 marks legible")}});
        REQUIRE_OK(wang.sync());
        const std::string lab = startInspection(wang, "cma-agency-v1");
        REQUIRE_OK(wang.sync());
        const std::string ebike = startInspection(li, "ccc-ebike-v1");
        put(li, ebike, {{"answers.ebike-1", answer("pass", "")}, {"conclusion", "conforming"}});
        put(li, ebike, {{"status", "submitted"}});
        REQUIRE_OK(li.sync());
        for (TestDevice* d : {&sup, &wang, &li})
            REQUIRE_OK(d->sync());
        QVERIFY(li.replica().record(lab).ok());
        QCOMPARE(sup.replica().record(ebike).value().value("status", ""), std::string("submitted"));

        // Offline, everyone: wang and li both fill the toys checklist (overlapping items: last
        // writer wins), li submits it while wang is still writing his findings (wang's later
        // edits were made against the draft: a conflict for the supervisor); sup returns li's
        // e-bike inspection with a comment; each inspector attaches a photo.
        for (int i = 0; i < 60; ++i)
            put(wang, toys,
                {{"answers.item-" + std::to_string(i), answer("pass", "wang " + std::to_string(i))}});
        for (int i = 30; i < 90; ++i)
            put(li, toys, {{"answers.item-" + std::to_string(i), answer(i % 7 ? "pass" : "fail", "li")}});
        put(li, toys, {{"conclusion", "rectify"}});
        put(li, toys, {{"status", "submitted"}});
        put(wang, toys, {{"findings", "包装警示语缺失 warning label missing on 2 of 12 samples"}});
        put(sup, ebike, {{"review_comment", "请补充铭牌照片 please add a photo of the rating plate"}});
        put(sup, ebike, {{"status", "returned"}});
        writeFile(dir.file("wang.jpg"), randomBytes(600'000, 1));
        writeFile(dir.file("li.jpg"), randomBytes(400'000, 2));
        REQUIRE_OK(attachEvidence(wang.replica(), {toys, dir.file("wang.jpg"), "item-3", "", nullptr, {}}));
        REQUIRE_OK(attachEvidence(li.replica(), {toys, dir.file("li.jpg"), "item-40", "", nullptr, {}}));

        // Through the faults, in small rounds so that cuts land between committed rounds too.
        // Both inspectors keep working on the lab inspection meanwhile (the same checklist items:
        // last writer wins), so every fault round has ops to push and to pull.
        DeviceSync::Options small;
        small.engine.pushBatch = 15;
        small.engine.pullLimit = 25;
        small.blobs.chunkSize = 64 * 1024;
        const std::vector<Faults> phases = {
            Faults::drop(Direction::ClientToServer, 200, 6'000),
            // Low byte windows: sync replies are compressed (zstd), so connections carry few bytes.
            Faults::drop(Direction::ServerToClient, 200, 3'000),
            Faults::drop(Direction::Either, 200, 3'000, false), // FIN instead of RST
            Faults::stallAfter(Direction::Either, 50, 1'500, 5s), Faults::drop(Direction::Either, 100, 8'000),
            Faults::stallAfter(Direction::ServerToClient, 50, 1'500, 1s), // ridden out
        };
        int failedSyncs = 0;
        for (std::size_t round = 0; round < 2 * phases.size(); ++round) {
            Faults f = phases[round % phases.size()];
            f.probability = 0.7;
            proxy.setFaults(f);
            const std::string r = std::to_string(round);
            for (int k = 0; k < 6; ++k) {
                put(wang, lab,
                    {{"answers.r" + r + "-" + std::to_string(k), answer("pass", "wang round " + r)}});
                put(li, lab,
                    {{"answers.r" + r + "-" + std::to_string(k + 3), answer("fail", "li round " + r)}});
            }
            for (TestDevice* d : {&wang, &li, &sup}) {
                auto result = d->sync(small);
                if (!result) {
                    ++failedSyncs;
                    QVERIFY2(result.error().kind == SyncErrorKind::Network,
                             result.error().describe().c_str());
                }
            }
        }
        const auto counters = proxy.counters();
        qInfo("faults: %llu drops, %llu stalls over %llu connections; %d of %zu syncs stopped (and resumed "
              "later)",
              static_cast<unsigned long long>(counters.drops),
              static_cast<unsigned long long>(counters.stalls),
              static_cast<unsigned long long>(counters.connections), failedSyncs, 3 * 2 * phases.size());
        QVERIFY(counters.drops >= 10);
        QVERIFY(counters.stalls >= 2);

        // The faults stop; every device syncs twice.
        proxy.setFaults(Faults::passThrough());
        for (int pass = 0; pass < 2; ++pass)
            for (TestDevice* d : {&wang, &li, &sup})
                REQUIRE_OK(d->sync(small));

        // The server's view of the Pudong scope: a fresh supervisor device, straight to the server.
        TestDevice reference(dir.path(), "reference", m_server->baseUrl(), m_ca);
        REQUIRE_OK(reference.signIn("sup.pudong"));
        REQUIRE_OK(reference.sync());
        const std::string expected = reference.dump();
        QCOMPARE(wang.dump(), expected);
        QCOMPARE(li.dump(), expected);
        QCOMPARE(sup.dump(), expected);

        // Nothing rejected, nothing pending, every file uploaded.
        for (TestDevice* d : {&wang, &li, &sup}) {
            QVERIFY(SyncEngine::rejectedOps(d->store()).empty());
            QVERIFY(!d->store().meta(SyncEngine::kPullRejectedKey).has_value());
            QCOMPARE(d->store().outboxSize(), std::int64_t(0));
            QVERIFY(pending_blobs::list(d->store()).empty());
        }

        // No op duplicated or lost: every op once in the scope, every authored op on the server
        // exactly once (the server's log grew by exactly the ops the devices made).
        const auto ids = opIdsOf(expected);
        const std::set<std::string> unique(ids.begin(), ids.end());
        QCOMPARE(unique.size(), ids.size());
        std::size_t made = 0;
        for (TestDevice* d : {&wang, &li, &sup}) {
            const auto mine = authored(*d);
            made += mine.size();
            for (const auto& id : mine)
                QVERIFY2(unique.count(id), ("lost op " + id).c_str());
        }
        QCOMPARE(admin.serverOps(), serverOpsBefore + static_cast<std::int64_t>(made));
        TestDevice city(dir.path(), "city", m_server->baseUrl(), m_ca);
        REQUIRE_OK(city.signIn("admin.city"));
        REQUIRE_OK(city.sync());
        QCOMPARE(city.store().opCount(), admin.serverOps());

        // The same conflicts everywhere: the toys inspection's, as the server reports them too.
        const json conflicts = wang.replica().conflicts();
        QVERIFY(!conflicts.empty());
        bool onToys = false;
        for (const auto& c : conflicts)
            onToys = onToys || c.value("record_id", "") == toys;
        QVERIFY(onToys);
        QCOMPARE(li.replica().conflicts(), conflicts);
        QCOMPARE(sup.replica().conflicts(), conflicts);
        HttpRequest list;
        list.path = "/v1/conflicts";
        auto serverConflicts = sup.session().call(list);
        REQUIRE_OK(serverConflicts);
        const json onServer = json::parse(serverConflicts->body);
        std::set<std::string> serverIds, deviceIds;
        for (const auto& c : onServer.at("conflicts"))
            serverIds.insert(c.value("id", ""));
        for (const auto& c : conflicts)
            deviceIds.insert(c.value("id", ""));
        QVERIFY(serverIds == deviceIds);

        // The outcome everyone sees: li's submission stands, e-bike returned with the comment.
        const auto toysNow = sup.replica().record(toys).value();
        QCOMPARE(toysNow.value("status", ""), std::string("submitted"));
        const auto ebikeNow = li.replica().record(ebike).value();
        QCOMPARE(ebikeNow.value("status", ""), std::string("returned"));
    }

    void aFiftyMegabyteUploadCutFiveTimesCompletes() {
        TempDir dir;
        FaultProxy proxy("127.0.0.1", m_server->port(), 50);
        auto options = TestDevice::fastOptions();
        options.policy.maxAttempts = 8; // five cuts in a row without a whole chunk through
        TestDevice wang(dir.path(), "wang", proxy.url("https"), m_ca, options);
        REQUIRE_OK(wang.signIn("insp.wang"));
        REQUIRE_OK(wang.sync());
        const std::string inspection = startInspection(wang, "ccc-toys-v1");
        const std::string video = dir.file("walkthrough.mp4");
        const std::string data = randomBytes(50u << 20, 5);
        writeFile(video, data);
        auto attached = attachEvidence(wang.replica(), {inspection, video, "", "", nullptr, {}});
        REQUIRE_OK(attached);
        DeviceSync::Options noBlobs;
        noBlobs.uploadBlobs = false;
        REQUIRE_OK(wang.sync(noBlobs)); // the record first, so the cuts land in the upload only

        // Every connection is cut 1-3 MB into what the device sends (inside a 4 MB chunk), until
        // the fifth cut; the device then resumes from the server's offset each time.
        const std::uint64_t chunk = 4u << 20;
        proxy.setFaults(Faults::drop(Direction::ClientToServer, 1u << 20, 3u << 20));
        wang.onWait = [&] {
            if (proxy.counters().drops >= 5) proxy.setFaults(Faults::passThrough());
        };
        DeviceSync::Options big;
        big.blobs.chunkSize = chunk;
        std::vector<DeviceSyncProgress> progress;
        auto synced = wang.sync(big, [&](const DeviceSyncProgress& p) {
            if (p.phase == DeviceSyncProgress::Phase::Blobs) progress.push_back(p);
        });
        REQUIRE_OK(synced);
        QCOMPARE(synced->blobsUploaded, std::uint64_t(1));
        const auto& upload = synced->blobs.at(0).report;
        QCOMPARE(proxy.counters().drops, std::uint64_t(5));
        // Each cut is an interruption; so is a 409 with Retry-After when the server had not yet
        // noticed the cut PATCH (seen under load), so there may be more than five.
        QVERIFY(upload.interruptions >= 5);
        const std::uint64_t limit = data.size() + std::uint64_t(upload.interruptions) * chunk;
        qInfo("50 MB upload: %d interruptions, %llu body bytes sent for %zu (limit %llu)", upload.interruptions,
              static_cast<unsigned long long>(upload.bodyBytesSent), data.size(),
              static_cast<unsigned long long>(limit));
        QVERIFY(upload.bodyBytesSent <= limit);
        QVERIFY(upload.bodyBytesSent > data.size()); // the parts that were cut went twice
        QVERIFY(!progress.empty());
        QCOMPARE(progress.back().blobBytesDone, std::uint64_t(data.size()));

        // The server's copy: on its disk under its hash, and fetched back by the supervisor.
        const auto onDisk =
            m_server->dataDir() / "blobs" / attached->digest.sha256.substr(0, 2) / attached->digest.sha256;
        auto serverDigest = digestFile(onDisk.string());
        REQUIRE_OK(serverDigest);
        QCOMPARE(serverDigest->sha256, attached->digest.sha256);
        QCOMPARE(serverDigest->size, std::uint64_t(data.size()));
        TestDevice sup(dir.path(), "sup", m_server->baseUrl(), m_ca);
        REQUIRE_OK(sup.signIn("sup.pudong"));
        REQUIRE_OK(sup.sync());
        auto fetched = fetchEvidence(sup.replica(), sup.session(), attached->evidenceId, dir.file("cache"));
        REQUIRE_OK(fetched);
        auto fetchedDigest = digestFile(fetched->path);
        QCOMPARE(fetchedDigest->sha256, attached->digest.sha256);
    }

    void anExpiredAccessTokenIsRenewedUnnoticed() {
        TempDir dir;
        TestDevice wang(dir.path(), "wang", m_server->baseUrl(), m_ca);
        REQUIRE_OK(wang.signIn("insp.wang"));
        REQUIRE_OK(wang.sync());
        const auto before = *loadSession(wang.store());
        const std::string inspection = startInspection(wang, "ccc-toys-v1");

        // The access token TTL is 12 h: expire it where the server keeps it (hashed).
        serverSql(*m_server,
                  "UPDATE tokens SET expires_at = strftime('%s','now') - 60 WHERE kind = 'access'");
        auto synced = wang.sync();
        REQUIRE_OK(synced);
        QCOMPARE(wang.store().outboxSize(), std::int64_t(0));
        const auto after = *loadSession(wang.store());
        QVERIFY(after.accessToken != before.accessToken);   // renewed...
        QVERIFY(after.refreshToken != before.refreshToken); // ...and the rotated refresh token kept
        QCOMPARE(readDeviceStatus(wang.store())->lastError, std::string());

        // A later run of the program starts from the kept tokens: no sign-in needed.
        wang.connect();
        put(wang, inspection, {{"findings", "after a restart"}});
        REQUIRE_OK(wang.sync());

        // When the refresh token has expired too, the user must sign in again; nothing is lost.
        serverSql(*m_server, "UPDATE tokens SET expires_at = strftime('%s','now') - 60");
        put(wang, inspection, {{"findings", "written while the session expired"}});
        const std::string dumpBefore = wang.dump();
        auto refused = wang.sync();
        QVERIFY(!refused.ok());
        QCOMPARE_KIND(refused.error().kind, SyncErrorKind::LoginRequired);
        QVERIFY(explainSyncError(refused.error(), 1).find("sign in again") != std::string::npos);
        QCOMPARE(wang.store().outboxSize(), std::int64_t(1));
        QCOMPARE(wang.dump(), dumpBefore);
        REQUIRE_OK(wang.signIn("insp.wang"));
        REQUIRE_OK(wang.sync());
        QCOMPARE(wang.store().outboxSize(), std::int64_t(0));
    }

    void aDisabledAccountStopsWithAClearMessageAndKeepsItsData() {
        // Its own server: disabling an account must not disturb the other tests.
        auto server = ServerProcess::start();
        TempDir dir;
        TestDevice li(dir.path(), "li", server->baseUrl(), readText(server->caFile()));
        REQUIRE_OK(li.signIn("insp.li"));
        REQUIRE_OK(li.sync());
        const std::string inspection = startInspection(li, "ccc-ebike-v1");
        put(li, inspection, {{"findings", "offline work"}});
        const auto pending = li.store().outboxSize();
        const std::string dumpBefore = li.dump();

        AdminClient(*server).disable("insp.li");
        auto refused = li.sync();
        QVERIFY(!refused.ok());
        QCOMPARE_KIND(refused.error().kind, SyncErrorKind::Forbidden);
        QCOMPARE(refused.error().serverCode, std::string("account_disabled"));
        const std::string message = explainSyncError(refused.error(), pending);
        qInfo("%s", message.c_str());
        QVERIFY(message.starts_with("account disabled"));
        QVERIFY(message.find("your local data is kept") != std::string::npos);
        QCOMPARE(li.store().outboxSize(), pending);
        QCOMPARE(li.dump(), dumpBefore);
        QVERIFY(readDeviceStatus(li.store())->lastError.find("account_disabled") != std::string::npos);
        // Signing in again is refused the same way; still nothing lost.
        auto again = li.signIn("insp.li");
        QVERIFY(!again.ok());
        QCOMPARE_KIND(again.error().kind, SyncErrorKind::Forbidden);
        QCOMPARE(li.dump(), dumpBefore);
    }

    // Every error class against the real server. The fake-server tests cover what the real
    // server cannot be made to answer on demand: test_retry_policy (classification of 408, 429,
    // 500-504, 501/505 and every transport kind; Retry-After; giving up), test_sync_engine
    // (bad responses, a clock behind), test_blob_uploader (409 offsets, giving up).
    void everyErrorClassIsReached() {
        TempDir dir;
        FaultProxy proxy("127.0.0.1", m_server->port(), 7);
        auto options = TestDevice::fastOptions();
        options.requestTimeout = 3s;
        options.lowSpeedTime = 2s;
        TestDevice wang(dir.path(), "wang", proxy.url("https"), m_ca, options);
        REQUIRE_OK(wang.signIn("insp.wang"));
        REQUIRE_OK(wang.sync());
        HttpClient::Options raw;
        raw.baseUrl = proxy.url("https");
        raw.caPem = m_ca;
        raw.requestTimeout = 3s;
        raw.lowSpeedTime = 2s;
        HttpClient http(raw);
        HttpRequest health;
        health.path = "/v1/health";
        const auto verdict = [&](const HttpResult& r) { return classifyOutcome(r).verdict; };

        // Retryable transport failures: refused, broken off during the handshake, cut in the
        // response, stalled past the timeout.
        proxy.setFaults(Faults::refuse());
        auto refused = http.send(health);
        QVERIFY(!refused.ok());
        QCOMPARE_KIND(refused.error().kind, NetworkErrorKind::ConnectFailed);
        QCOMPARE_KIND(verdict(refused), RetryVerdict::Retryable);
        proxy.setFaults(Faults::drop(Direction::ServerToClient, 20, 20));
        auto handshake = http.send(health);
        QVERIFY(!handshake.ok());
        QCOMPARE_KIND(verdict(handshake), RetryVerdict::Retryable);
        qInfo("handshake cut: %s", handshake.error().describe().c_str());
        // A response cut in its last bytes: measure what a fresh connection receives, then cut
        // the next fresh one 30 bytes short of that (past the handshake, inside the response).
        proxy.setFaults(Faults::passThrough());
        const auto receivedBefore = proxy.counters().bytesServerToClient;
        QVERIFY(HttpClient(raw).send(health).ok());
        const auto whole = proxy.counters().bytesServerToClient - receivedBefore;
        proxy.setFaults(Faults::drop(Direction::ServerToClient, whole - 30, whole - 30));
        auto reset = HttpClient(raw).send(health);
        QVERIFY(!reset.ok());
        qInfo("response cut after %llu of %llu bytes: %s", static_cast<unsigned long long>(whole - 30),
              static_cast<unsigned long long>(whole), reset.error().describe().c_str());
        QCOMPARE_KIND(reset.error().kind, NetworkErrorKind::ConnectionReset);
        QCOMPARE_KIND(verdict(reset), RetryVerdict::Retryable);
        proxy.setFaults(Faults::stallAfter(Direction::ServerToClient, 0, 0, 6s));
        auto stalled = http.send(health);
        QVERIFY(!stalled.ok());
        QCOMPARE_KIND(stalled.error().kind, NetworkErrorKind::Timeout);
        QCOMPARE_KIND(verdict(stalled), RetryVerdict::Retryable);
        proxy.setFaults(Faults::passThrough());
        // ...and the session retries them to success: the sync's connection is cut, the retry
        // after the backoff goes through.
        proxy.setFaults(Faults::drop(Direction::ServerToClient, 10, 10));
        wang.retried.clear();
        wang.onWait = [&] { proxy.setFaults(Faults::passThrough()); };
        put(wang, startInspection(wang, "ccc-toys-v1"), {{"findings", "through a cut"}});
        REQUIRE_OK(wang.sync());
        wang.onWait = nullptr;
        QCOMPARE(wang.retried.size(), std::size_t(1));
        QCOMPARE(wang.store().outboxSize(), std::int64_t(0));

        // 429: login throttling after five failures, with Retry-After; retryable. (The refusal
        // lasts 1 s after the fifth failure, 2 s after the sixth...: on a slow machine a try may
        // come after the window and fail as a plain 401, which only lengthens the next one.)
        HttpRequest login;
        login.method = "POST";
        login.path = "/v1/auth/login";
        login.headers.add("Content-Type", "application/json");
        std::optional<HttpResult> throttled;
        for (int i = 0; i < 12 && !throttled; ++i) {
            login.body = json{{"username", "nobody.here"}, {"password", "wrong " + std::to_string(i)}}.dump();
            auto r = http.send(login);
            REQUIRE_OK(r);
            QVERIFY(r->status == 401 || r->status == 429);
            if (r->status == 429) throttled = std::move(r);
        }
        QVERIFY(throttled.has_value());
        QCOMPARE_KIND(verdict(*throttled), RetryVerdict::Retryable);
        QVERIFY(classifyOutcome(*throttled).retryAfter.has_value());
        ApiSession anonymous(http, RetryPolicy{1}); // one attempt: see each answer

        // 503: the server's database is busy past its 5 s timeout (a write lock held beside it);
        // the session retries until the lock is gone.
        {
            auto retry = TestDevice::fastOptions();
            retry.requestTimeout = 20s;
            retry.policy.baseDelay = 500ms;
            retry.policy.maxDelay = 1s;
            retry.policy.maxAttempts = 10;
            TestDevice patient(dir.path(), "patient", m_server->baseUrl(), m_ca, retry);
            REQUIRE_OK(patient.signIn("insp.wang"));
            REQUIRE_OK(patient.sync());
            put(patient, startInspection(patient, "ccc-ebike-v1"),
                {{"findings", "while the server is busy"}});
            sqlite3* db = nullptr;
            sqlite3_open((m_server->dataDir() / "server.db").c_str(), &db);
            QCOMPARE(sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
            std::thread release([db] {
                std::this_thread::sleep_for(7s);
                sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
                sqlite3_close(db);
            });
            auto busy = patient.sync();
            release.join();
            std::string why;
            for (const auto& r : patient.retried)
                why += r + " ";
            qInfo("while the database was locked the session retried after: %s", why.c_str());
            REQUIRE_OK(busy);
            QVERIFY(std::find(patient.retried.begin(), patient.retried.end(), "HTTP 503") !=
                    patient.retried.end());
            QCOMPARE(patient.store().outboxSize(), std::int64_t(0));
        }

        // Final answers: 401 (wrong password; a refresh token the server refuses), 403 (not the
        // role's route), 404, 409 (a cursor ahead of the server), 422 (a signing request that is
        // not one). Each is answered once, never retried.
        auto badLogin = anonymous.login("insp.wang", "not the password", "");
        QVERIFY(!badLogin.ok());
        QCOMPARE_KIND(badLogin.error().kind, SyncErrorKind::LoginRequired);
        QCOMPARE(badLogin.error().httpStatus, 401L);
        SessionTokens forged = *loadSession(wang.store());
        forged.accessToken = "forged";
        forged.refreshToken = "forged";
        ApiSession stranger(http);
        stranger.setTokens(forged);
        auto noSession = stranger.call(health);
        QVERIFY(noSession.ok()); // health needs no token
        HttpRequest me;
        me.path = "/v1/me";
        auto expired = stranger.call(me);
        QVERIFY(!expired.ok());
        QCOMPARE_KIND(expired.error().kind, SyncErrorKind::LoginRequired);

        HttpRequest users;
        users.path = "/v1/admin/users";
        wang.retried.clear();
        auto forbidden = wang.session().call(users);
        REQUIRE_OK(forbidden);
        QCOMPARE(forbidden->status, 403L);
        QCOMPARE_KIND(classifyStatus(forbidden->status), RetryVerdict::Final);
        QCOMPARE_KIND(ApiSession::errorFromResponse(*forbidden, "users").kind, SyncErrorKind::Forbidden);
        QVERIFY(wang.retried.empty());

        HttpRequest missing; // an upload the server has never seen
        missing.method = "HEAD";
        missing.path = "/v1/blobs/" + std::string(64, '0');
        auto notFound = wang.session().call(missing);
        REQUIRE_OK(notFound);
        QCOMPARE(notFound->status, 404L);
        QCOMPARE_KIND(classifyStatus(notFound->status), RetryVerdict::Final);

        const auto cursor = wang.store().cursor("server").value_or(0);
        wang.store().setCursor("server", cursor + 1'000'000'000);
        auto ahead = wang.sync();
        QVERIFY(!ahead.ok());
        QCOMPARE_KIND(ahead.error().kind, SyncErrorKind::Refused);
        QCOMPARE(ahead.error().httpStatus, 409L);
        QVERIFY(wang.retried.empty());
        wang.store().setCursor("server", cursor);

        HttpRequest enroll;
        enroll.method = "POST";
        enroll.path = "/v1/devices/enroll";
        enroll.headers.add("Content-Type", "application/json");
        enroll.body =
            json{{"csr", "-----BEGIN CERTIFICATE REQUEST-----\nnot one\n-----END CERTIFICATE REQUEST-----\n"}}
                .dump();
        auto unprocessable = wang.session().call(enroll);
        REQUIRE_OK(unprocessable);
        QCOMPARE(unprocessable->status, 422L);
        QCOMPARE_KIND(classifyStatus(unprocessable->status), RetryVerdict::Final);
        QCOMPARE_KIND(ApiSession::errorFromResponse(*unprocessable, "enroll").kind, SyncErrorKind::Refused);
        QVERIFY(wang.retried.empty());

        // Final local failures: a server whose certificate the pinned CA did not sign; cancellation.
        auto other = ServerProcess::start();
        HttpClient::Options pinned = raw;
        pinned.baseUrl = other->baseUrl();
        HttpClient wrongCa(pinned);
        auto untrusted = wrongCa.send(health);
        QVERIFY(!untrusted.ok());
        QCOMPARE_KIND(untrusted.error().kind, NetworkErrorKind::TlsVerificationFailed);
        QCOMPARE_KIND(verdict(untrusted), RetryVerdict::Final);
        proxy.setFaults(Faults::stallAfter(Direction::ServerToClient, 0, 0, 10s));
        std::thread canceller([&] {
            std::this_thread::sleep_for(300ms);
            wang.connection().cancelToken().cancel();
        });
        auto cancelled = wang.sync();
        canceller.join();
        QVERIFY(!cancelled.ok());
        QCOMPARE_KIND(cancelled.error().kind, SyncErrorKind::Cancelled);
        wang.connection().cancelToken().reset();
        proxy.setFaults(Faults::passThrough());
        REQUIRE_OK(wang.sync());
    }

    void cleanupTestCase() { m_server.reset(); }
};

QTEST_APPLESS_MAIN(TestSyncIntegration)
#include "test_sync_integration.moc"
