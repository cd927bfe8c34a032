// Evidence blobs end to end: the tus routes over real HTTPS (libcurl) on a loopback server with a
// real server database and blob directory; crash states are staged on the files and rows the
// way a crash would leave them.
#include "blobs/blob_routes.h"
#include "blobs/blob_service.h"
#include "blob_test_support.h"
#include "curl_client.h"
#include "http/https_server.h"
#include "http/metrics.h"
#include "http/router.h"
#include "storage/server_database.h"
#include "storage/sqlite_blob_store.h"
#include "loopback_tls_options.h"

#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <cstring>
#include <fstream>
#include <thread>

using namespace fieldseal;
using namespace fieldseal::server;
using fieldseal::testsupport::CurlClient;
using fieldseal::testsupport::CurlReply;
using fieldseal::testsupport::errorCode;
using fieldseal::testsupport::randomBytes;
using fieldseal::testsupport::sha256Hex;

namespace {

constexpr std::size_t kChunk = 256 * 1024;
constexpr std::int64_t kMaxBlob = 16 << 20;

const std::vector<std::string> kBob = {"Authorization: Bearer inspector-token"};




// One running server over a data directory; destroying it and making another over the same
// directory is a server restart.
struct ServerInstance {
    std::unique_ptr<ServerDatabase> db;
    std::unique_ptr<SqliteBlobStore> store;
    testsupport::BlobTestTokens auth;
    Metrics metrics;
    std::unique_ptr<Router> router;
    std::unique_ptr<BlobService> blobs;
    std::unique_ptr<HttpsServer> server;

    ServerInstance(const std::filesystem::path& dataDir, const testsupport::TlsTestCert& cert, bool syncEachChunk = false,
                   std::size_t maxChunk = kChunk, std::int64_t directWritesFrom = BlobServiceOptions{}.directWritesFromBytes,
                   std::chrono::milliseconds endStalledAfter = BlobServiceOptions{}.endStalledPatchAfter) {
        auto opened = ServerDatabase::open(dataDir / "server.db", true);
        if (!opened) throw std::runtime_error(opened.error().message);
        db = std::move(*opened);
        store = std::make_unique<SqliteBlobStore>(db->db());
        router = std::make_unique<Router>(auth, metrics);
        router->setLogSink([](std::string_view) {});
        BlobServiceOptions options;
        options.directory = dataDir / "blobs";
        options.maxBlobBytes = kMaxBlob;
        options.maxChunkBytes = maxChunk;
        options.syncEachChunk = syncEachChunk;
        options.directWritesFromBytes = directWritesFrom;
        options.endStalledPatchAfter = endStalledAfter;
        // carol's district has no evidence referencing any blob: she may read none.
        auto service = BlobService::open(*db, *store, metrics,
                                         [](const Caller& c, const std::string&) { return c.username != "carol"; },
                                         options);
        if (!service) throw std::runtime_error(service.error().message);
        blobs = std::move(*service);
        addBlobRoutes(*router, *blobs);
        server = std::make_unique<HttpsServer>(*router);
        if (auto s = server->start(testsupport::loopbackTlsOptions(cert)); !s) throw std::runtime_error(s.error().message);
    }
    ~ServerInstance() { server->stop(); }

    std::string url(const std::string& sha) const {
        return "https://127.0.0.1:" + std::to_string(server->port()) + "/v1/blobs/" + sha;
    }
};

} // namespace

class TestBlobUploads : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::filesystem::path m_data;
    testsupport::TlsTestCert m_cert;
    std::unique_ptr<ServerInstance> m_srv;

    ServerInstance* m_target = nullptr; // where requests go; m_srv when null

    CurlClient client() const { return CurlClient(m_cert.certificateFile); }
    std::string url(const std::string& sha) const { return (m_target ? m_target : m_srv.get())->url(sha); }

    CurlReply patch(CurlClient& c, const std::string& sha, std::int64_t offset, const std::string& chunk,
                    std::optional<std::int64_t> length = std::nullopt,
                    const std::string& contentType = "application/offset+octet-stream") {
        std::vector<std::string> h = kBob;
        h.push_back("Tus-Resumable: 1.0.0");
        h.push_back("Content-Type: " + contentType);
        h.push_back("Upload-Offset: " + std::to_string(offset));
        if (length) h.push_back("Upload-Length: " + std::to_string(*length));
        return c.request("PATCH", url(sha), h, &chunk);
    }

    // The first PATCH of `data` (its length declared) with a body libcurl reads from `read`, which
    // may stop or stall the way a tablet's upload does when its network goes. libcurl's result.
    CURLcode patchFedBy(const std::string& sha, const std::string& data, void* feed, curl_read_callback read) {
        CURL* h = curl_easy_init();
        curl_slist* headers = nullptr;
        for (const auto& line : kBob)
            headers = curl_slist_append(headers, line.c_str());
        for (const char* line : {"Tus-Resumable: 1.0.0", "Content-Type: application/offset+octet-stream",
                                 "Upload-Offset: 0", "Expect:"})
            headers = curl_slist_append(headers, line);
        headers = curl_slist_append(headers, ("Upload-Length: " + std::to_string(data.size())).c_str());
        const std::string u = url(sha);
        curl_easy_setopt(h, CURLOPT_URL, u.c_str());
        curl_easy_setopt(h, CURLOPT_CAINFO, m_cert.certificateFile.c_str());
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PATCH");
        curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(data.size()));
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(h, CURLOPT_READDATA, feed);
        curl_easy_setopt(h, CURLOPT_READFUNCTION, read);
        const CURLcode rc = curl_easy_perform(h);
        curl_slist_free_all(headers);
        curl_easy_cleanup(h);
        return rc;
    }

    CurlReply head(CurlClient& c, const std::string& sha) {
        auto h = kBob;
        h.push_back("Tus-Resumable: 1.0.0");
        return c.request("HEAD", url(sha), h);
    }

    // Sends data[from, to) in kChunk pieces, checking each answer.
    void sendRange(CurlClient& c, const std::string& sha, const std::string& data, std::size_t from, std::size_t to) {
        for (std::size_t at = from; at < to; at += kChunk) {
            const std::string chunk = data.substr(at, std::min(kChunk, to - at));
            const auto r = patch(c, sha, std::int64_t(at), chunk,
                                 at == 0 ? std::optional<std::int64_t>(std::int64_t(data.size())) : std::nullopt);
            QVERIFY2(r.code == CURLE_OK, r.error.c_str());
            QVERIFY2(r.status == 204, (std::to_string(r.status) + " " + r.body).c_str());
            QCOMPARE(r.header("Upload-Offset").value_or(""), std::to_string(at + chunk.size()));
            QCOMPARE(r.header("Tus-Resumable").value_or(""), std::string("1.0.0"));
        }
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_data = m_dir.path().toStdString();
        m_cert = testsupport::makeTlsTestCert(m_data);
        m_srv = std::make_unique<ServerInstance>(m_data, m_cert);
    }

    void cleanupTestCase() { m_srv.reset(); }

    void optionsAdvertisesTus() {
        auto c = client();
        const auto r = c.request("OPTIONS", url(std::string(64, 'a')), kBob);
        QCOMPARE(r.status, 204L);
        QCOMPARE(r.header("Tus-Version").value_or(""), std::string("1.0.0"));
        QCOMPARE(r.header("Tus-Max-Size").value_or(""), std::to_string(kMaxBlob));
    }

    void fullUploadInChunks() {
        const std::string data = randomBytes(5 * kChunk / 2 + 123, 1);
        const std::string sha = sha256Hex(data);
        const double storedBefore = m_srv->metrics.value("fieldseal_blob_bytes_stored_total");
        auto c = client();
        QCOMPARE(head(c, sha).status, 404L);
        sendRange(c, sha, data, 0, data.size());
        if (QTest::currentTestFailed()) return;

        const auto h = head(c, sha);
        QCOMPARE(h.status, 200L);
        QCOMPARE(h.header("Upload-Offset").value_or(""), std::to_string(data.size()));
        QCOMPARE(h.header("Upload-Length").value_or(""), std::to_string(data.size()));
        QCOMPARE(h.header("Cache-Control").value_or(""), std::string("no-store"));

        const auto g = c.request("GET", url(sha), kBob);
        QCOMPARE(g.status, 200L);
        QCOMPARE(g.header("Content-Type").value_or(""), std::string("application/octet-stream"));
        QCOMPARE(g.header("Content-Length").value_or(""), std::to_string(data.size()));
        QVERIFY(g.body == data);
        QCOMPARE(m_srv->metrics.value("fieldseal_blob_bytes_stored_total") - storedBefore, double(data.size()));
        // In its final place, and nothing left in partial/.
        QVERIFY(std::filesystem::exists(m_data / "blobs" / sha.substr(0, 2) / sha));
        QVERIFY(!std::filesystem::exists(m_data / "blobs" / "partial" / (sha + ".part")));
    }

    void uploadCutAndResumedFromHead() {
        const std::string data = randomBytes(4 * kChunk + 7, 2);
        const std::string sha = sha256Hex(data);
        {
            auto first = client();
            sendRange(first, sha, data, 0, 2 * kChunk);
            if (QTest::currentTestFailed()) return;
        }
        auto second = client(); // a new connection, as after a network cut
        const auto h = head(second, sha);
        QCOMPARE(h.status, 200L);
        QCOMPARE(h.header("Upload-Offset").value_or(""), std::to_string(2 * kChunk));
        QCOMPARE(h.header("Upload-Length").value_or(""), std::to_string(data.size()));
        QCOMPARE(second.request("GET", url(sha), kBob).status, 409L);
        sendRange(second, sha, data, 2 * kChunk, data.size());
        if (QTest::currentTestFailed()) return;
        const auto g = second.request("GET", url(sha), kBob);
        QCOMPARE(g.status, 200L);
        QVERIFY(g.body == data);
    }

    void resumeAfterServerRestartAndTornWrite() {
        const std::string data = randomBytes(3 * kChunk + 99, 3);
        const std::string sha = sha256Hex(data);
        {
            auto c = client();
            sendRange(c, sha, data, 0, 2 * kChunk);
            if (QTest::currentTestFailed()) return;
        }
        m_srv.reset();
        // A crash after writing part of the next chunk but before recording it leaves bytes past
        // the recorded offset: garbage the server must cut, not keep.
        {
            std::ofstream part(m_data / "blobs" / "partial" / (sha + ".part"), std::ios::binary | std::ios::app);
            part << std::string(1000, '\xff');
        }
        m_srv = std::make_unique<ServerInstance>(m_data, m_cert);
        auto c = client();
        const auto h = head(c, sha);
        QCOMPARE(h.status, 200L);
        QCOMPARE(h.header("Upload-Offset").value_or(""), std::to_string(2 * kChunk));
        sendRange(c, sha, data, 2 * kChunk, data.size()); // hashed from the file: the restart lost the running hash
        if (QTest::currentTestFailed()) return;
        const auto g = c.request("GET", url(sha), kBob);
        QCOMPARE(g.status, 200L);
        QVERIFY(g.body == data);
    }

    void wrongOffsetIs409WithCurrentOffset() {
        const std::string data = randomBytes(2 * kChunk, 4);
        const std::string sha = sha256Hex(data);
        auto c = client();
        sendRange(c, sha, data, 0, kChunk);
        if (QTest::currentTestFailed()) return;
        const auto r = patch(c, sha, 10, data.substr(10, 100));
        QCOMPARE(r.status, 409L);
        QCOMPARE(errorCode(r), std::string("offset_mismatch"));
        QCOMPARE(r.header("Upload-Offset").value_or(""), std::to_string(kChunk));
        // An unknown upload must start at 0.
        const auto fresh = patch(c, sha256Hex("other"), 5, "abc", 8);
        QCOMPARE(fresh.status, 409L);
        QCOMPARE(fresh.header("Upload-Offset").value_or(""), std::string("0"));
        // Nothing changed: the upload still resumes at kChunk.
        QCOMPARE(head(c, sha).header("Upload-Offset").value_or(""), std::to_string(kChunk));
    }

    void concurrentSameOffsetAppendsOnce() {
        const std::string data = randomBytes(2 * kChunk, 5);
        const std::string sha = sha256Hex(data);
        CurlReply a, b;
        const std::string chunk = data.substr(0, kChunk);
        std::thread t1([&] {
            auto c = client();
            a = patch(c, sha, 0, chunk, std::int64_t(data.size()));
        });
        std::thread t2([&] {
            auto c = client();
            b = patch(c, sha, 0, chunk, std::int64_t(data.size()));
        });
        t1.join();
        t2.join();
        QVERIFY((a.status == 204 && b.status == 409) || (a.status == 409 && b.status == 204));
        auto c = client();
        QCOMPARE(head(c, sha).header("Upload-Offset").value_or(""), std::to_string(kChunk));
    }

    void wrongContentTypeIs415() {
        auto c = client();
        const auto r = patch(c, sha256Hex("x"), 0, "x", 1, "application/octet-stream");
        QCOMPARE(r.status, 415L);
        QCOMPARE(head(c, sha256Hex("x")).status, 404L);
    }

    void firstPatchNeedsAnAcceptableLength() {
        auto c = client();
        const std::string sha = sha256Hex("abc");
        auto r = patch(c, sha, 0, "abc");
        QCOMPARE(r.status, 400L);
        QCOMPARE(errorCode(r), std::string("missing_upload_length"));
        r = patch(c, sha, 0, "abc", kMaxBlob + 1);
        QCOMPARE(r.status, 413L);
        r = patch(c, sha, 0, "abcd", 3);
        QCOMPARE(r.status, 400L);
        QCOMPARE(head(c, sha).status, 404L);
        // A chunk over the route's body limit is refused by the transport.
        const std::string big(kChunk + 1, 'a');
        r = patch(c, sha256Hex(big), 0, big, std::int64_t(big.size()));
        QCOMPARE(r.status, 413L);
        QCOMPARE(errorCode(r), std::string("payload_too_large"));
    }

    void badNamesAndCallers() {
        auto c = client();
        QCOMPARE(c.request("GET", url(std::string(64, 'A')), kBob).status, 400L);
        QCOMPARE(c.request("GET", url("abc"), kBob).status, 400L);
        QCOMPARE(c.request("GET", url(sha256Hex("never"))).status, 401L);
        QCOMPARE(c.request("GET", url(sha256Hex("never")), kBob).status, 404L);
        auto h = kBob;
        h.push_back("Tus-Resumable: 0.2.2");
        h.push_back("Content-Type: application/offset+octet-stream");
        h.push_back("Upload-Offset: 0");
        const std::string body = "x";
        QCOMPARE(c.request("PATCH", url(sha256Hex("x")), h, &body).status, 412L);
    }

    void wrongFinalHashIs422AndNothingIsVisible() {
        const std::string claimed = randomBytes(kChunk + 50, 6);
        std::string sent = claimed;
        sent[kChunk + 10] ^= 0x01; // one flipped bit in the last chunk
        const std::string sha = sha256Hex(claimed);
        auto c = client();
        sendRange(c, sha, sent, 0, kChunk);
        if (QTest::currentTestFailed()) return;
        const auto r = patch(c, sha, kChunk, sent.substr(kChunk));
        QCOMPARE(r.status, 422L);
        QCOMPARE(errorCode(r), std::string("hash_mismatch"));
        QCOMPARE(c.request("GET", url(sha), kBob).status, 404L);
        QCOMPARE(head(c, sha).status, 404L);
        QVERIFY(!std::filesystem::exists(m_data / "blobs" / sha.substr(0, 2) / sha));
        QVERIFY(!std::filesystem::exists(m_data / "blobs" / "partial" / (sha + ".part")));
        QVERIFY(m_srv->metrics.value("fieldseal_blob_hash_mismatches_total") >= 1);
        // The right bytes can still be uploaded under that name afterwards.
        sendRange(c, sha, claimed, 0, claimed.size());
        if (QTest::currentTestFailed()) return;
        QVERIFY(c.request("GET", url(sha), kBob).body == claimed);
    }

    void patchOfCompleteBlobIsANoOp() {
        const std::string data = randomBytes(1000, 7);
        const std::string sha = sha256Hex(data);
        auto c = client();
        sendRange(c, sha, data, 0, data.size());
        if (QTest::currentTestFailed()) return;
        const double received = m_srv->metrics.value("fieldseal_blob_bytes_received_total");
        for (std::int64_t offset : {std::int64_t(0), std::int64_t(500), std::int64_t(1000)}) {
            const auto r = patch(c, sha, offset, std::string(10, 'z'), std::int64_t(data.size()));
            QCOMPARE(r.status, 204L);
            QCOMPARE(r.header("Upload-Offset").value_or(""), std::to_string(data.size()));
        }
        QCOMPARE(m_srv->metrics.value("fieldseal_blob_bytes_received_total"), received);
        QVERIFY(c.request("GET", url(sha), kBob).body == data);
    }

    void emptyBlob() {
        const std::string sha = sha256Hex("");
        auto c = client();
        const auto r = patch(c, sha, 0, "", 0);
        QCOMPARE(r.status, 204L);
        QCOMPARE(r.header("Upload-Offset").value_or(""), std::string("0"));
        const auto g = c.request("GET", url(sha), kBob);
        QCOMPARE(g.status, 200L);
        QVERIFY(g.body.empty());
    }

    void mayReadDecidesDownloads() {
        const std::string data = randomBytes(3000, 8);
        const std::string sha = sha256Hex(data);
        auto c = client();
        sendRange(c, sha, data, 0, data.size());
        if (QTest::currentTestFailed()) return;
        const std::vector<std::string> carol = {"Authorization: Bearer outsider-token"};
        auto r = c.request("GET", url(sha), carol);
        QCOMPARE(r.status, 403L);
        QVERIFY(r.body.find(std::string(data.substr(0, 16))) == std::string::npos);
        // The same answer for a blob that does not exist: a refusal tells nothing.
        QCOMPARE(c.request("GET", url(sha256Hex("nothing")), carol).status, 403L);
    }

    void crashAfterRenameIsFinishedOnNextLook() {
        // All bytes arrived and the file was moved into place, but the crash came before the
        // database said complete.
        const std::string data = randomBytes(5000, 9);
        const std::string sha = sha256Hex(data);
        std::filesystem::create_directories(m_data / "blobs" / sha.substr(0, 2));
        {
            std::ofstream out(m_data / "blobs" / sha.substr(0, 2) / sha, std::ios::binary);
            out << data;
        }
        {
            auto lock = m_srv->db->lock();
            m_srv->store->insertLocked(BlobMeta{sha, std::int64_t(data.size()), std::int64_t(data.size()), false,
                                                "u-bob", "2026-01-01T00:00:00Z", ""});
        }
        auto c = client();
        const auto h = head(c, sha);
        QCOMPARE(h.status, 200L);
        QCOMPARE(h.header("Upload-Offset").value_or(""), std::to_string(data.size()));
        const auto g = c.request("GET", url(sha), kBob);
        QCOMPARE(g.status, 200L);
        QVERIFY(g.body == data);
        auto lock = m_srv->db->lock();
        QVERIFY(m_srv->store->findLocked(sha)->complete);
    }

    // A power loss can take chunks that were written and recorded but never synced: after the
    // restart the file is shorter than the recorded offset. HEAD tells what the file holds, and
    // the client's resume from there completes with the right hash.
    void offsetAfterLostBytesIsWhatTheFileHolds() {
        const std::string data = randomBytes(3 * kChunk + 7, 11);
        const std::string sha = sha256Hex(data);
        {
            auto c = client();
            sendRange(c, sha, data, 0, 2 * kChunk);
            if (QTest::currentTestFailed()) return;
        }
        m_srv.reset();
        const std::int64_t kept = std::int64_t(kChunk) + 5; // a torn second chunk
        std::filesystem::resize_file(m_data / "blobs" / "partial" / (sha + ".part"), std::uintmax_t(kept));
        m_srv = std::make_unique<ServerInstance>(m_data, m_cert);
        auto c = client();
        const auto h = head(c, sha);
        QCOMPARE(h.status, 200L);
        QCOMPARE(h.header("Upload-Offset").value_or(""), std::to_string(kept));
        // A PATCH at the old recorded offset is told the true one.
        const auto stale = patch(c, sha, std::int64_t(2 * kChunk), data.substr(2 * kChunk, kChunk));
        QCOMPARE(stale.status, 409L);
        QCOMPARE(stale.header("Upload-Offset").value_or(""), std::to_string(kept));
        const auto rest = patch(c, sha, kept, data.substr(std::size_t(kept), kChunk));
        QCOMPARE(rest.status, 204L);
        sendRange(c, sha, data, std::size_t(kept) + kChunk, data.size());
        if (QTest::currentTestFailed()) return;
        const auto g = c.request("GET", url(sha), kBob);
        QCOMPARE(g.status, 200L);
        QVERIFY(g.body == data);
    }

    void uploadWithPerChunkSync() {
        const std::filesystem::path other = m_data / "sync";
        std::filesystem::create_directories(other);
        ServerInstance lazy(other, m_cert, true);
        m_target = &lazy;
        const std::string data = randomBytes(3 * kChunk + 1, 10);
        const std::string sha = sha256Hex(data);
        auto c = client();
        sendRange(c, sha, data, 0, data.size());
        const auto g = c.request("GET", url(sha), kBob);
        m_target = nullptr;
        QCOMPARE(g.status, 200L);
        QVERIFY(g.body == data);
        QVERIFY(std::filesystem::exists(other / "blobs" / sha.substr(0, 2) / sha));
    }

    // HEAD tells clients how large a PATCH may be, also before the upload exists.
    void headTellsTheLargestPatch() {
        auto c = client();
        const auto h = head(c, sha256Hex("not yet"));
        QCOMPARE(h.status, 404L);
        QCOMPARE(h.header("FieldSeal-Max-Chunk-Size").value_or(""), std::to_string(kChunk));
    }

    // One PATCH carries a blob of several write blocks (1 MiB each), streamed to the file.
    void wholeBlobInOnePatch() {
        const std::filesystem::path other = m_data / "whole";
        std::filesystem::create_directories(other);
        ServerInstance big(other, m_cert, false, 8u << 20, 0); // written straight to the disk where it can be
        m_target = &big;
        const std::string data = randomBytes((3u << 20) + 5, 12);
        const std::string sha = sha256Hex(data);
        auto c = client();
        const auto r = patch(c, sha, 0, data, std::int64_t(data.size()));
        const auto g = c.request("GET", url(sha), kBob);
        m_target = nullptr;
        QCOMPARE(r.status, 204L);
        QCOMPARE(r.header("Upload-Offset").value_or(""), std::to_string(data.size()));
        QCOMPARE(g.status, 200L);
        QVERIFY(g.body == data);
        QVERIFY(!std::filesystem::exists(other / "blobs" / "partial" / (sha + ".part")));
    }

    // A PATCH cut off mid-body keeps what arrived: the next PATCH is told that offset and the
    // upload completes from there.
    void aCutOffPatchKeepsWhatArrived() {
        const std::filesystem::path other = m_data / "cut";
        std::filesystem::create_directories(other);
        ServerInstance big(other, m_cert, false, 8u << 20, 0); // written straight to the disk where it can be
        m_target = &big;
        const std::string data = randomBytes(3u << 20, 13);
        const std::string sha = sha256Hex(data);
        const std::size_t cutAfter = (3u << 20) / 2;
        {
            // libcurl's read callback gives up half-way through the declared body: the connection closes.
            struct Feed {
                const std::string* data;
                std::size_t at = 0;
                std::size_t stop = 0;
            } feed{&data, 0, cutAfter};
            const CURLcode rc = patchFedBy(sha, data, &feed, +[](char* buf, std::size_t size, std::size_t n, void* user) {
                auto& f = *static_cast<Feed*>(user);
                if (f.at >= f.stop) return std::size_t(CURL_READFUNC_ABORT);
                const std::size_t len = std::min(size * n, f.stop - f.at);
                std::memcpy(buf, f.data->data() + f.at, len);
                f.at += len;
                return len;
            });
            QVERIFY2(rc == CURLE_ABORTED_BY_CALLBACK, curl_easy_strerror(rc));
        }
        // Until the server has seen the connection close, the cut PATCH still holds the upload.
        auto c = client();
        CurlReply r;
        for (int i = 0; i < 500; ++i) {
            r = patch(c, sha, 0, data.substr(0, 1));
            if (r.status != 409 || errorCode(r) != "upload_in_progress") break;
            QCOMPARE(r.header("Retry-After").value_or(""), std::string("1"));
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        QCOMPARE(r.status, 409L);
        QCOMPARE(errorCode(r), std::string("offset_mismatch"));
        const std::size_t kept = std::stoull(r.header("Upload-Offset").value_or("0"));
        QVERIFY2(kept > 0 && kept <= cutAfter, std::to_string(kept).c_str());
        QCOMPARE(head(c, sha).header("Upload-Offset").value_or(""), std::to_string(kept));
        // The room reserved for the rest of the body went with the cut.
        QCOMPARE(std::filesystem::file_size(other / "blobs" / "partial" / (sha + ".part")), std::uintmax_t(kept));
        const auto rest = patch(c, sha, std::int64_t(kept), data.substr(kept));
        const auto g = c.request("GET", url(sha), kBob);
        m_target = nullptr;
        QCOMPARE(rest.status, 204L);
        QCOMPARE(g.status, 200L);
        QVERIFY(g.body == data);
    }

    // While one PATCH streams, another of the same blob is told 409 upload_in_progress with the
    // recorded offset; HEAD tells that offset; the first then completes undisturbed.
    void aSecondPatchWhileOneStreamsIs409() {
        const std::string data = randomBytes(2 * kChunk, 14);
        const std::string sha = sha256Hex(data);
        const Caller bob{"u-bob", "bob", Role::Inspector, "310101", ""};
        auto start = m_srv->blobs->beginAppend(bob, sha, 0, std::int64_t(data.size()), std::int64_t(kChunk));
        QVERIFY(start.stream);
        QVERIFY(!start.stream->write(std::string_view(data).substr(0, kChunk / 2)));
        auto c = client();
        const auto r = patch(c, sha, 0, data.substr(0, kChunk), std::int64_t(data.size()));
        QCOMPARE(r.status, 409L);
        QCOMPARE(errorCode(r), std::string("upload_in_progress"));
        QCOMPARE(r.header("Upload-Offset").value_or(""), std::string("0"));
        const auto h = head(c, sha);
        QCOMPARE(h.status, 200L);
        QCOMPARE(h.header("Upload-Offset").value_or(""), std::string("0"));
        QVERIFY(!start.stream->write(std::string_view(data).substr(kChunk / 2, kChunk / 2)));
        const AppendOutcome out = start.stream->finish();
        QCOMPARE(int(out.kind), int(AppendOutcome::Kind::Appended));
        QCOMPARE(out.offset, std::int64_t(kChunk));
        start.stream.reset();
        sendRange(c, sha, data, kChunk, data.size());
        if (QTest::currentTestFailed()) return;
        QVERIFY(c.request("GET", url(sha), kBob).body == data);
    }

    // A tablet whose network went away mid-PATCH starts the upload again: its old PATCH, silent
    // since, is ended at once (not after the 30 s read timeout) and keeps what it wrote; another
    // caller's PATCH of the same blob never ends it.
    void aStalledPatchIsEndedWhenItsUploaderStartsAgain() {
        const std::filesystem::path other = m_data / "stalled";
        std::filesystem::create_directories(other);
        ServerInstance srv(other, m_cert, false, 8u << 20, BlobServiceOptions{}.directWritesFromBytes,
                           std::chrono::milliseconds(100));
        m_target = &srv;
        const std::string data = randomBytes(3u << 20, 15);
        const std::string sha = sha256Hex(data);
        const std::size_t half = data.size() / 2;
        std::atomic<std::size_t> sent{0};
        std::atomic<bool> giveUp{false};
        std::thread silent([&] {
            // Sends half the body, then nothing: the read callback waits until the test is done.
            struct Feed {
                const std::string* data;
                std::size_t half;
                std::atomic<std::size_t>* sent;
                std::atomic<bool>* giveUp;
            } feed{&data, half, &sent, &giveUp};
            // Ends with an error: the server closed it, or the test gave up.
            patchFedBy(sha, data, &feed, +[](char* buf, std::size_t size, std::size_t n, void* user) {
                auto& f = *static_cast<Feed*>(user);
                const std::size_t at = f.sent->load();
                if (at >= f.half) {
                    while (!f.giveUp->load())
                        std::this_thread::sleep_for(std::chrono::milliseconds(5));
                    return std::size_t(CURL_READFUNC_ABORT);
                }
                const std::size_t len = std::min(size * n, f.half - at);
                std::memcpy(buf, f.data->data() + at, len);
                f.sent->store(at + len);
                return len;
            });
        });
        const auto stop = qScopeGuard([&] {
            giveUp = true;
            silent.join();
            m_target = nullptr;
        });
        auto c = client();
        // Another caller's PATCH, also after the old one has been silent long enough: refused, and
        // the old PATCH goes on holding the upload.
        const std::vector<std::string> kCarol = {"Authorization: Bearer outsider-token"};
        auto carolPatch = [&] {
            auto h = kCarol;
            for (const char* line : {"Tus-Resumable: 1.0.0", "Content-Type: application/offset+octet-stream",
                                     "Upload-Offset: 0"})
                h.emplace_back(line);
            const std::string one = data.substr(0, 1);
            return c.request("PATCH", url(sha), h, &one);
        };
        for (int i = 0; i < 500 && sent.load() < half; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        QCOMPARE(sent.load(), half);
        for (int i = 0; i < 30; ++i) {
            const auto r = carolPatch();
            QCOMPARE(r.status, 409L);
            QCOMPARE(errorCode(r), std::string("upload_in_progress"));
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        // Its own uploader: told to retry, and at the retry the old PATCH has let go of the upload.
        CurlReply r;
        int inProgress = 0;
        for (int i = 0; i < 500; ++i) {
            r = patch(c, sha, 0, data.substr(0, 1));
            if (r.status != 409 || errorCode(r) != "upload_in_progress") break;
            ++inProgress;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        QVERIFY(inProgress >= 1);
        QCOMPARE(r.status, 409L);
        QCOMPARE(errorCode(r), std::string("offset_mismatch")); // the old PATCH's bytes are kept
        const std::size_t kept = std::stoull(r.header("Upload-Offset").value_or("0"));
        QVERIFY2(kept > 0 && kept <= half, std::to_string(kept).c_str());
        QCOMPARE(srv.metrics.value("fieldseal_blob_stalled_patches_ended_total"), 1.0);
        const auto rest = patch(c, sha, std::int64_t(kept), data.substr(kept));
        QCOMPARE(rest.status, 204L);
        QVERIFY(c.request("GET", url(sha), kBob).body == data);
    }

    void metricsCountBlobBytes() {
        const std::string text = m_srv->metrics.renderPrometheus();
        QVERIFY(text.find("# TYPE fieldseal_blob_bytes_stored_total counter") != std::string::npos);
        QVERIFY(m_srv->metrics.value("fieldseal_blob_bytes_stored_total") > 0);
        QVERIFY(text.find("route=\"/v1/blobs/{sha256}\",method=\"PATCH\",status=\"204\"") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestBlobUploads)
#include "test_blob_uploads.moc"
