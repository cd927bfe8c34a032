// Resumable evidence downloads: GET /v1/blobs/{sha256} with Range and If-Range (RFC 9110 14), over
// real HTTPS (libcurl) on a loopback server with a real server database and blob directory; and
// the Range decision itself (decideRange) on its own.
#include "blobs/blob_routes.h"
#include "blobs/blob_service.h"
#include "blob_test_support.h"
#include "curl_client.h"
#include "http/byte_range.h"
#include "http/https_server.h"
#include "http/metrics.h"
#include "http/router.h"
#include "loopback_tls_options.h"
#include "storage/server_database.h"
#include "storage/sqlite_blob_store.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace fieldseal;
using namespace fieldseal::server;
using fieldseal::testsupport::CurlClient;
using fieldseal::testsupport::CurlReply;
using fieldseal::testsupport::errorCode;
using fieldseal::testsupport::randomBytes;
using fieldseal::testsupport::sha256Hex;

namespace {

using Kind = RangeDecision::Kind;

const std::string kBob = "Authorization: Bearer inspector-token";
const std::string kCarol = "Authorization: Bearer outsider-token";




std::string etagOf(const std::string& s) {
    return "\"" + s + "\"";
}

// A decision as text, for readable comparisons: "whole", "416", or "FIRST+LENGTH".
std::string show(const RangeDecision& d) {
    switch (d.kind) {
    case Kind::Whole:
        return "whole";
    case Kind::Unsatisfiable:
        return "416";
    case Kind::Partial:
        return std::to_string(d.range.first) + "+" + std::to_string(d.range.length);
    }
    return "?";
}

} // namespace

class TestBlobRanges : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    testsupport::TlsTestCert m_cert;
    std::unique_ptr<ServerDatabase> m_db;
    std::unique_ptr<SqliteBlobStore> m_store;
    testsupport::BlobTestTokens m_auth;
    Metrics m_metrics;
    std::unique_ptr<Router> m_router;
    std::unique_ptr<BlobService> m_blobs;
    std::unique_ptr<HttpsServer> m_server;

    // The blob every download test reads: more than three of the server's 256 KiB pieces.
    std::string m_data;
    std::string m_sha;

    CurlClient client() const { return CurlClient(m_cert.certificateFile); }
    std::string url(const std::string& sha) const {
        return "https://127.0.0.1:" + std::to_string(m_server->port()) + "/v1/blobs/" + sha;
    }
    CurlReply get(std::vector<std::string> headers, const std::string& sha = {}) {
        headers.insert(headers.begin(), kBob);
        auto c = client();
        return c.request("GET", url(sha.empty() ? m_sha : sha), headers);
    }

    // A 206 carrying exactly data[first, first + length).
    void checkPartial(const CurlReply& r, std::uint64_t first, std::uint64_t length) {
        QVERIFY2(r.code == CURLE_OK, r.error.c_str());
        QCOMPARE(r.status, 206L);
        QCOMPARE(r.header("Content-Range").value_or(""), "bytes " + std::to_string(first) + "-" +
                                                             std::to_string(first + length - 1) + "/" +
                                                             std::to_string(m_data.size()));
        QCOMPARE(r.header("Content-Length").value_or(""), std::to_string(length));
        QCOMPARE(r.header("Content-Type").value_or(""), std::string("application/octet-stream"));
        QCOMPARE(r.header("Accept-Ranges").value_or(""), std::string("bytes"));
        QCOMPARE(r.header("ETag").value_or(""), etagOf(m_sha));
        QCOMPARE(r.body.size(), std::size_t(length));
        QVERIFY(r.body == m_data.substr(std::size_t(first), std::size_t(length)));
    }

    // A 200 carrying the whole blob.
    void checkWhole(const CurlReply& r) {
        QVERIFY2(r.code == CURLE_OK, r.error.c_str());
        QCOMPARE(r.status, 200L);
        QVERIFY(!r.header("Content-Range").has_value());
        QCOMPARE(r.header("Content-Length").value_or(""), std::to_string(m_data.size()));
        QCOMPARE(r.header("Accept-Ranges").value_or(""), std::string("bytes"));
        QCOMPARE(r.header("ETag").value_or(""), etagOf(m_sha));
        QVERIFY(r.body == m_data);
    }

    void upload(const std::string& data) {
        auto c = client();
        const auto r =
            c.request("PATCH", url(sha256Hex(data)),
                      {kBob, "Tus-Resumable: 1.0.0", "Content-Type: application/offset+octet-stream",
                       "Upload-Offset: 0", "Upload-Length: " + std::to_string(data.size())},
                      &data);
        QVERIFY2(r.code == CURLE_OK, r.error.c_str());
        QCOMPARE(r.status, 204L);
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const std::filesystem::path data = m_dir.path().toStdString();
        m_cert = testsupport::makeTlsTestCert(data);
        auto opened = ServerDatabase::open(data / "server.db", true);
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
        m_db = std::move(*opened);
        m_store = std::make_unique<SqliteBlobStore>(m_db->db());
        m_router = std::make_unique<Router>(m_auth, m_metrics);
        m_router->setLogSink([](std::string_view) {});
        BlobServiceOptions options;
        options.directory = data / "blobs";
        options.maxBlobBytes = 16 << 20;
        options.maxChunkBytes = 16 << 20;
        // carol's district has no evidence referencing any blob: she may read none.
        auto service = BlobService::open(
            *m_db, *m_store, m_metrics,
            [](const Caller& c, const std::string&) { return c.username != "carol"; }, options);
        QVERIFY2(service.ok(), service.ok() ? "" : service.error().message.c_str());
        m_blobs = std::move(*service);
        addBlobRoutes(*m_router, *m_blobs);
        m_server = std::make_unique<HttpsServer>(*m_router);
        auto started = m_server->start(testsupport::loopbackTlsOptions(m_cert));
        QVERIFY2(started.ok(), started.ok() ? "" : started.error().message.c_str());

        m_data = randomBytes(3 * (256 << 10) + 12345, 11);
        m_sha = sha256Hex(m_data);
        upload(m_data);
    }

    void cleanupTestCase() {
        if (m_server) m_server->stop();
    }

    // ---- the decision alone ----

    void decidesOneRange() {
        QCOMPARE(show(decideRange("bytes=0-99", 1000)), std::string("0+100"));
        QCOMPARE(show(decideRange("bytes=10-10", 1000)), std::string("10+1"));
        QCOMPARE(show(decideRange("bytes=990-", 1000)), std::string("990+10"));
        QCOMPARE(show(decideRange("bytes=-10", 1000)), std::string("990+10"));
        QCOMPARE(show(decideRange("bytes=0-", 1000)), std::string("0+1000"));
        // The end and the suffix are clamped to the representation.
        QCOMPARE(show(decideRange("bytes=500-5000", 1000)), std::string("500+500"));
        QCOMPARE(show(decideRange("bytes=-5000", 1000)), std::string("0+1000"));
        QCOMPARE(show(decideRange("bytes=0-99999999999999999999999", 1000)), std::string("0+1000"));
        // The unit is case-insensitive; OWS around the spec and empty list elements are allowed.
        QCOMPARE(show(decideRange("Bytes=5-9", 1000)), std::string("5+5"));
        QCOMPARE(show(decideRange("bytes= 5-9 ,", 1000)), std::string("5+5"));
    }

    void decidesUnsatisfiable() {
        QCOMPARE(show(decideRange("bytes=1000-", 1000)), std::string("416"));
        QCOMPARE(show(decideRange("bytes=1000-2000", 1000)), std::string("416"));
        QCOMPARE(show(decideRange("bytes=99999999999999999999999-", 1000)), std::string("416"));
        QCOMPARE(show(decideRange("bytes=-0", 1000)), std::string("416"));
        QCOMPARE(show(decideRange("bytes=0-", 0)), std::string("416"));
        // An empty representation has no byte to name in a Content-Range: a suffix gets it whole.
        QCOMPARE(show(decideRange("bytes=-5", 0)), std::string("whole"));
    }

    void ignoresMalformedAndSeveralRanges() {
        for (const char* bad :
             {"", "bytes", "bytes=", "bytes=-", "bytes=a-b", "bytes=5", "bytes=9-5", "bytes=1-2-3",
              "bytes=+1-2", "bytes=1- 2", "items=0-9", "bytes 0-9", "bytes=0-9,20-29", "bytes=0-9, -5"})
            QVERIFY2(show(decideRange(bad, 1000)) == "whole", bad);
    }

    void ifRangeMustBeTheStrongEtag() {
        HttpRequest r;
        r.headers = {{"Range", "bytes=5-"}};
        QCOMPARE(show(decideRange(r, 10, "\"abc\"")), std::string("5+5"));
        r.headers.emplace_back("If-Range", "\"abc\"");
        QCOMPARE(show(decideRange(r, 10, "\"abc\"")), std::string("5+5"));
        for (const char* other : {"\"abd\"", "W/\"abc\"", "abc", "Wed, 21 Oct 2026 07:28:00 GMT"}) {
            r.headers.back().second = other;
            QVERIFY2(show(decideRange(r, 10, "\"abc\"")) == "whole", other);
        }
        // If-Range without Range changes nothing.
        r.headers = {{"If-Range", "\"abd\""}};
        QCOMPARE(show(decideRange(r, 10, "\"abc\"")), std::string("whole"));
    }

    // ---- over HTTPS ----

    void wholeBlobAdvertisesRanges() { checkWhole(get({})); }

    void firstToLast() {
        checkPartial(get({"Range: bytes=0-99"}), 0, 100);
        // Across the server's 256 KiB pieces, starting inside one.
        checkPartial(get({"Range: bytes=262000-600000"}), 262000, 600000 - 262000 + 1);
        checkPartial(get({"Range: bytes=" + std::to_string(m_data.size() - 1) + "-" +
                          std::to_string(m_data.size() - 1)}),
                     m_data.size() - 1, 1);
        // A last position past the end is clamped.
        checkPartial(get({"Range: bytes=700000-999999999"}), 700000, m_data.size() - 700000);
    }

    void fromAnOffset() {
        const std::uint64_t half = m_data.size() / 2;
        checkPartial(get({"Range: bytes=" + std::to_string(half) + "-"}), half, m_data.size() - half);
        checkPartial(get({"Range: bytes=0-"}), 0, m_data.size());
    }

    void suffix() {
        checkPartial(get({"Range: bytes=-1000"}), m_data.size() - 1000, 1000);
        checkPartial(get({"Range: bytes=-99999999"}), 0, m_data.size());
    }

    void beyondTheEndIs416() {
        for (const std::string& range :
             {"bytes=" + std::to_string(m_data.size()) + "-",
              "bytes=" + std::to_string(m_data.size() + 10) + "-20000000", std::string("bytes=-0")}) {
            const auto r = get({"Range: " + range});
            QVERIFY2(r.code == CURLE_OK, r.error.c_str());
            QCOMPARE(r.status, 416L);
            QCOMPARE(r.header("Content-Range").value_or(""), "bytes */" + std::to_string(m_data.size()));
            QCOMPARE(r.header("Content-Type").value_or(""), std::string("application/json"));
            QCOMPARE(errorCode(r), std::string("range_not_satisfiable"));
            QCOMPARE(r.header("Accept-Ranges").value_or(""), std::string("bytes"));
        }
    }

    void malformedOrSeveralRangesGetTheWholeBlob() {
        for (const char* range : {"bytes=abc", "bytes=9-5", "lines=0-9", "bytes=0-9,100-199"}) {
            checkWhole(get({std::string("Range: ") + range}));
            if (QTest::currentTestFailed()) return;
        }
    }

    void ifRangeMatchingResumes() {
        checkPartial(get({"Range: bytes=1000-", "If-Range: " + etagOf(m_sha)}), 1000, m_data.size() - 1000);
    }

    void ifRangeNotMatchingSendsTheWholeBlob() {
        checkWhole(get({"Range: bytes=1000-", "If-Range: " + etagOf(sha256Hex("another blob"))}));
        checkWhole(get({"Range: bytes=1000-", "If-Range: W/" + etagOf(m_sha)}));
        checkWhole(get({"Range: bytes=1000-", "If-Range: Thu, 26 Nov 2026 10:00:00 GMT"}));
        // Not even a 416: the Range is ignored before it is judged.
        checkWhole(get({"Range: bytes=99999999-", "If-Range: " + etagOf(sha256Hex("another blob"))}));
    }

    void refusalsStayRefusals() {
        // A caller who may not read the blob: 403 whatever the Range, and no byte of it.
        auto c = client();
        auto r = c.request("GET", url(m_sha), {kCarol, "Range: bytes=0-99", "If-Range: " + etagOf(m_sha)});
        QCOMPARE(r.status, 403L);
        QCOMPARE(errorCode(r), std::string("forbidden"));
        QVERIFY(!r.header("Content-Range").has_value());
        // Beyond the end changes nothing for her either (no 416 telling the size).
        r = c.request("GET", url(m_sha), {kCarol, "Range: bytes=99999999-"});
        QCOMPARE(r.status, 403L);
        QVERIFY(!r.header("Content-Range").has_value());
        // A blob nobody uploaded: 404.
        r = get({"Range: bytes=0-99"}, sha256Hex("never uploaded"));
        QCOMPARE(r.status, 404L);
        QCOMPARE(errorCode(r), std::string("not_found"));
        QVERIFY(!r.header("Content-Range").has_value());
        // No token at all: 401.
        r = c.request("GET", url(m_sha), {"Range: bytes=0-99"});
        QCOMPARE(r.status, 401L);
        QVERIFY(!r.header("Content-Range").has_value());
    }

    void anIncompleteUploadIsStill409() {
        const std::string data = randomBytes(5000, 12);
        const std::string sha = sha256Hex(data);
        auto c = client();
        const std::string first = data.substr(0, 1000);
        const auto p =
            c.request("PATCH", url(sha),
                      {kBob, "Tus-Resumable: 1.0.0", "Content-Type: application/offset+octet-stream",
                       "Upload-Offset: 0", "Upload-Length: 5000"},
                      &first);
        QCOMPARE(p.status, 204L);
        const auto r = get({"Range: bytes=0-99"}, sha);
        QCOMPARE(r.status, 409L);
        QCOMPARE(errorCode(r), std::string("upload_incomplete"));
    }

    void rangesOnOneKeptAliveConnection() {
        // A 206 leaves the connection usable: the next requests reuse it and get their own bytes.
        auto c = client();
        const auto a = c.request("GET", url(m_sha), {kBob, "Range: bytes=100-199"});
        checkPartial(a, 100, 100);
        const auto b = c.request("GET", url(m_sha), {kBob, "Range: bytes=-300000"});
        checkPartial(b, m_data.size() - 300000, 300000);
        QCOMPARE(b.numConnects, 0L);
        const auto w = c.request("GET", url(m_sha), {kBob});
        checkWhole(w);
        QCOMPARE(w.numConnects, 0L);
    }
};

QTEST_APPLESS_MAIN(TestBlobRanges)
#include "test_blob_ranges.moc"
