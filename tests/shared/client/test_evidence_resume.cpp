// Resumable evidence downloads (fetchEvidence) against the real fieldseal-server: a part file left
// by a broken download is resumed with Range/If-Range and only the rest is fetched; a part with
// wrong bytes, or longer than the blob, never reaches the shown file; a server copy that does
// not hash to its name is deleted with an error; a connection cut again and again mid-download
// still ends with the whole file, each attempt going on from where the last one broke; and
// downloadBlob, which fetchEvidence uses, resumes a blob whose size it is not told.
#include "client/blob_download.h"
#include "client/evidence_attachment.h"
#include "client/evidence_download.h"
#include "device_fixture.h"
#include "support/fault_proxy.h"

#include <QtTest>

using namespace fieldseal;
using namespace fieldseal::test;

namespace {

constexpr std::size_t kSize = 1'500'000;

// The progress reports of one fetch.
struct ProgressLog {
    std::vector<BlobProgress> seen;
    std::function<void(const BlobProgress&)> callback() {
        return [this](const BlobProgress& p) { seen.push_back(p); };
    }
};

} // namespace

class TestEvidenceResume : public QObject {
    Q_OBJECT

    std::unique_ptr<ServerProcess> m_server;
    std::string m_ca;
    std::unique_ptr<TempDir> m_dir;
    std::unique_ptr<TestDevice> m_sup;
    std::string m_data;     // the evidence every test fetches
    std::string m_evidence; // its record id
    std::string m_sha;
    std::string m_otherData; // a second evidence, whose server copy one test damages
    std::string m_otherEvidence;
    std::string m_otherSha;

    std::string cacheDir(const std::string& name) const { return m_dir->file("cache-" + name); }
    std::string partIn(const std::string& dir, const std::string& sha) const {
        return dir + "/" + sha + ".part";
    }

private slots:
    void initTestCase() {
        m_server = ServerProcess::start();
        m_ca = readText(m_server->caFile());
        m_dir = std::make_unique<TempDir>();

        TestDevice wang(m_dir->path(), "wang", m_server->baseUrl(), m_ca);
        REQUIRE_OK(wang.signIn("insp.wang"));
        REQUIRE_OK(wang.sync());
        const std::string inspection = startInspection(wang, "ccc-toys-v1");
        m_data = randomBytes(kSize, 21);
        m_otherData = randomBytes(kSize / 3, 22);
        writeFile(m_dir->file("VID_0001.MP4"), m_data);
        writeFile(m_dir->file("VID_0002.MP4"), m_otherData);
        auto a =
            attachEvidence(wang.replica(), {inspection, m_dir->file("VID_0001.MP4"), "", "", nullptr, {}});
        REQUIRE_OK(a);
        auto b =
            attachEvidence(wang.replica(), {inspection, m_dir->file("VID_0002.MP4"), "", "", nullptr, {}});
        REQUIRE_OK(b);
        m_evidence = a->evidenceId;
        m_otherEvidence = b->evidenceId;
        m_sha = wang.replica().record(m_evidence).value().value("sha256", "");
        m_otherSha = wang.replica().record(m_otherEvidence).value().value("sha256", "");
        auto synced = wang.sync();
        REQUIRE_OK(synced);
        QCOMPARE(synced->blobsUploaded, std::uint64_t(2));

        m_sup = std::make_unique<TestDevice>(m_dir->path(), "sup", m_server->baseUrl(), m_ca);
        REQUIRE_OK(m_sup->signIn("sup.pudong"));
        REQUIRE_OK(m_sup->sync());
    }

    void cleanupTestCase() {
        m_sup.reset();
        m_server.reset();
        m_dir.reset();
    }

    void aCutOffDownloadResumesFromItsPart() {
        const std::string dir = cacheDir("half");
        std::filesystem::create_directories(dir);
        const std::size_t half = kSize / 2;
        writeFile(partIn(dir, m_sha), m_data.substr(0, half));
        ProgressLog progress;
        auto fetched =
            fetchEvidence(m_sup->replica(), m_sup->session(), m_evidence, dir, progress.callback());
        REQUIRE_OK(fetched);
        QVERIFY(fetched->downloaded);
        QCOMPARE(fetched->resumedFrom, std::uint64_t(half));
        QCOMPARE(fetched->bytesReceived, std::uint64_t(kSize - half)); // only the rest crossed
        QCOMPARE(fetched->path, dir + "/" + m_sha);
        QVERIFY(readText(fetched->path) == m_data);
        QVERIFY(!std::filesystem::exists(partIn(dir, m_sha)));
        // Progress counts the kept half from the start and never counts from 0.
        QVERIFY(!progress.seen.empty());
        QCOMPARE(progress.seen.front().done, std::uint64_t(half));
        QCOMPARE(progress.seen.back().done, std::uint64_t(kSize));
        for (const auto& p : progress.seen) {
            QVERIFY(p.done >= half);
            QCOMPARE(p.total, std::uint64_t(kSize));
        }
        // In the cache now: no second download.
        auto cached = fetchEvidence(m_sup->replica(), m_sup->session(), m_evidence, dir);
        REQUIRE_OK(cached);
        QVERIFY(!cached->downloaded);
    }

    void aBlobOfUnknownSizeResumesToo() {
        // downloadBlob without a size (no evidence record to tell it): the same Range request, and
        // progress learns the total from the 206.
        const std::string dir = cacheDir("unknown-size");
        std::filesystem::create_directories(dir);
        const std::string path = dir + "/video.mp4";
        const std::size_t third = kSize / 3;
        writeFile(path + ".part", m_data.substr(0, third));
        ProgressLog progress;
        auto got = downloadBlob(m_sup->session(), {m_sha, path}, progress.callback());
        REQUIRE_OK(got);
        QCOMPARE(got->size, std::uint64_t(kSize));
        QCOMPARE(got->resumedFrom, std::uint64_t(third));
        QCOMPARE(got->bytesReceived, std::uint64_t(kSize - third));
        QVERIFY(readText(path) == m_data);
        QVERIFY(!std::filesystem::exists(path + ".part"));
        QCOMPARE(progress.seen.back().done, std::uint64_t(kSize));
        QCOMPARE(progress.seen.back().total, std::uint64_t(kSize));
        for (const auto& p : progress.seen)
            QVERIFY(p.done >= third);
    }

    void aPartWithWrongBytesIsDiscardedAndFetchedWhole() {
        const std::string dir = cacheDir("wrong");
        std::filesystem::create_directories(dir);
        const std::size_t half = kSize / 2;
        writeFile(partIn(dir, m_sha), randomBytes(half, 99)); // the right length, the wrong bytes
        auto fetched = fetchEvidence(m_sup->replica(), m_sup->session(), m_evidence, dir);
        REQUIRE_OK(fetched);
        QVERIFY(fetched->downloaded);
        QCOMPARE(fetched->resumedFrom, std::uint64_t(0)); // the kept bytes were thrown away...
        QCOMPARE(fetched->bytesReceived, std::uint64_t(kSize - half + kSize)); // ...after the rest, then all
        QVERIFY(readText(fetched->path) == m_data);
        QVERIFY(!std::filesystem::exists(partIn(dir, m_sha)));
    }

    void aPartLongerThanTheBlobRecovers() {
        const std::string dir = cacheDir("long");
        std::filesystem::create_directories(dir);
        writeFile(partIn(dir, m_sha), m_data + "trailing garbage");
        auto fetched = fetchEvidence(m_sup->replica(), m_sup->session(), m_evidence, dir);
        REQUIRE_OK(fetched);
        QVERIFY(fetched->downloaded);
        QCOMPARE(fetched->resumedFrom, std::uint64_t(0));
        QVERIFY(fetched->bytesReceived >= kSize); // the 416's small JSON body, then the whole blob
        QVERIFY(fetched->bytesReceived < kSize + 1000);
        QVERIFY(readText(fetched->path) == m_data);
        QVERIFY(!std::filesystem::exists(partIn(dir, m_sha)));
    }

    void aWholePartIsOnlyChecked() {
        const std::string dir = cacheDir("whole");
        std::filesystem::create_directories(dir);
        writeFile(partIn(dir, m_sha), m_data); // cut off between the last byte and the rename
        auto fetched = fetchEvidence(m_sup->replica(), m_sup->session(), m_evidence, dir);
        REQUIRE_OK(fetched);
        QVERIFY(fetched->downloaded);
        QCOMPARE(fetched->resumedFrom, std::uint64_t(kSize));
        QCOMPARE(fetched->bytesReceived, std::uint64_t(0));
        QVERIFY(readText(fetched->path) == m_data);
        QVERIFY(!std::filesystem::exists(partIn(dir, m_sha)));

        // The same length with a wrong byte is not shown: fetched again, whole.
        const std::string dir2 = cacheDir("whole-wrong");
        std::filesystem::create_directories(dir2);
        std::string damaged = m_data;
        damaged[kSize / 3] = static_cast<char>(damaged[kSize / 3] ^ 0x40);
        writeFile(partIn(dir2, m_sha), damaged);
        auto again = fetchEvidence(m_sup->replica(), m_sup->session(), m_evidence, dir2);
        REQUIRE_OK(again);
        QCOMPARE(again->resumedFrom, std::uint64_t(0));
        QCOMPARE(again->bytesReceived, std::uint64_t(kSize));
        QVERIFY(readText(again->path) == m_data);
    }

    void aConnectionCutAgainAndAgainStillEndsWithTheFile() {
        const std::string dir = cacheDir("cut");
        FaultProxy proxy("127.0.0.1", m_server->port(), 20261126);
        // Every connection breaks after 300-500 KB from the server: a download that started over
        // each time could never finish the 1.5 MB file.
        proxy.setFaults(FaultProxy::Faults::drop(FaultProxy::Direction::ServerToClient, 300'000, 500'000));
        m_sup->connect(proxy.url("https")); // the same store and session, through the proxy
        ProgressLog progress;
        auto fetched =
            fetchEvidence(m_sup->replica(), m_sup->session(), m_evidence, dir, progress.callback());
        m_sup->connect(m_server->baseUrl());
        REQUIRE_OK(fetched);
        QVERIFY(proxy.counters().drops >= 2);
        QCOMPARE(fetched->resumedFrom, std::uint64_t(0)); // no part before this call
        // Each broken attempt's bytes were kept and never fetched again.
        QCOMPARE(fetched->bytesReceived, std::uint64_t(kSize));
        QVERIFY(readText(fetched->path) == m_data);
        QVERIFY(!std::filesystem::exists(partIn(dir, m_sha)));
        for (std::size_t i = 1; i < progress.seen.size(); ++i)
            QVERIFY(progress.seen[i].done >= progress.seen[i - 1].done);
        QCOMPARE(progress.seen.back().done, std::uint64_t(kSize));
    }

    void aServerCopyThatDoesNotHashIsDeletedWithAnError() {
        // Damage the server's stored copy (same length, one byte changed near its end, so that a
        // resumed download fetches the damage too).
        const auto stored = m_server->dataDir() / "blobs" / m_otherSha.substr(0, 2) / m_otherSha;
        QVERIFY(std::filesystem::exists(stored));
        std::string damaged = m_otherData;
        const std::size_t at = damaged.size() - 10;
        damaged[at] = static_cast<char>(damaged[at] ^ 0x01);
        std::filesystem::permissions(stored, std::filesystem::perms::owner_write,
                                     std::filesystem::perm_options::add);
        writeFile(stored.string(), damaged);

        // From byte 0, and resumed from a correct half (which then starts over once): an error both
        // times, and neither the file nor its part is left to show.
        for (const bool withPart : {false, true}) {
            const std::string dir = cacheDir(withPart ? "damaged-part" : "damaged");
            std::filesystem::create_directories(dir);
            if (withPart) writeFile(partIn(dir, m_otherSha), m_otherData.substr(0, m_otherData.size() / 2));
            auto fetched = fetchEvidence(m_sup->replica(), m_sup->session(), m_otherEvidence, dir);
            QVERIFY(!fetched.ok());
            QCOMPARE_KIND(fetched.error().kind, SyncErrorKind::Untrusted);
            QVERIFY(!std::filesystem::exists(dir + "/" + m_otherSha));
            QVERIFY(!std::filesystem::exists(partIn(dir, m_otherSha)));
        }
    }
};

QTEST_APPLESS_MAIN(TestEvidenceResume)
#include "test_evidence_resume.moc"
