// BlobUploader against a fake tus 1.0 server (FakeBlobServer below, on TestHttpServer): chunked
// upload streamed from the file, resume after interruptions through the FaultProxy (a 50 MB file
// cut five times sends at most its size plus one chunk per interruption), 409 offset mismatch,
// a wrong hash refused (422), an upload the server already has, and downloadBlob (client/blob_download.h).
#include "client/blob_download.h"
#include "client/blob_uploader.h"
#include "support/fault_proxy.h"
#include "support/test_http_server.h"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <map>
#include <openssl/evp.h>
#include <random>
#include <sstream>

using namespace fieldseal;
using namespace fieldseal::test;
using namespace std::chrono_literals;

namespace {

std::string sha256Hex(const std::string& data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < len; ++i) {
        out += hex[md[i] >> 4];
        out += hex[md[i] & 15];
    }
    return out;
}

std::string randomBytes(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::string out(n, '\0');
    for (std::size_t i = 0; i + 8 <= n; i += 8) {
        const auto v = rng();
        std::memcpy(out.data() + i, &v, 8);
    }
    return out;
}

void writeFile(const std::string& path, const std::string& data) {
    std::ofstream(path, std::ios::binary) << data;
}

// A file of random bytes in a temporary folder of its own, with its SHA-256 (a blob to upload).
struct RandomFile {
    QTemporaryDir dir;
    std::string data;
    std::string path;
    std::string sha;

    RandomFile(const char* name, std::size_t size, std::uint64_t seed)
        : data(randomBytes(size, seed))
        , path(dir.filePath(name).toStdString())
        , sha(sha256Hex(data)) {
        writeFile(path, data);
    }
};

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The tus 1.0 core subset of /v1/blobs/{sha256} that the server implements.
class FakeBlobServer {
public:
    FakeBlobServer()
        : m_http([this](const TestHttpRequest& r) { return handle(r); }) {}

    std::string baseUrl() const { return m_http.baseUrl(); }
    std::uint16_t port() const { return m_http.port(); }

    std::optional<std::string> complete(const std::string& sha) {
        std::lock_guard lock(m_mutex);
        auto it = m_uploads.find(sha);
        if (it == m_uploads.end() || !it->second.complete) return std::nullopt;
        return it->second.data;
    }
    // The next HEAD reports offset 0 whatever the truth (as after a lost reply).
    void understateNextHead() {
        std::lock_guard lock(m_mutex);
        m_understateHead = true;
    }
    void seed(const std::string& sha, std::string partial, std::uint64_t length) {
        std::lock_guard lock(m_mutex);
        m_uploads[sha] = Upload{length, std::move(partial), false};
    }
    int patches() {
        std::lock_guard lock(m_mutex);
        return m_patches;
    }
    // HEAD answers carry FieldSeal-Max-Chunk-Size: the largest PATCH body taken (bigger ones get 413).
    void advertiseMaxChunk(std::uint64_t bytes) {
        std::lock_guard lock(m_mutex);
        m_maxChunk = bytes;
    }

private:
    struct Upload {
        std::uint64_t length = 0;
        std::string data;
        bool complete = false;
    };

    static TestHttpResponse error(int status, const std::string& code) {
        return TestHttpResponse::json(status,
                                      R"({"error":{"code":")" + code + R"(","message":")" + code + "\"}}");
    }
    static TestHttpResponse withOffset(int status, std::uint64_t offset, std::uint64_t length) {
        TestHttpResponse r;
        r.status = status;
        r.headers = {{"Tus-Resumable", "1.0.0"},
                     {"Upload-Offset", std::to_string(offset)},
                     {"Upload-Length", std::to_string(length)}};
        return r;
    }

    TestHttpResponse handle(const TestHttpRequest& req) {
        std::lock_guard lock(m_mutex);
        if (!req.header("Authorization").value_or("").starts_with("Bearer "))
            return error(401, "unauthorized");
        const std::string sha = req.path().substr(std::string("/v1/blobs/").size());
        auto it = m_uploads.find(sha);
        if (req.method == "HEAD") {
            TestHttpResponse r = error(404, "not_found");
            if (it != m_uploads.end()) {
                const std::uint64_t offset = m_understateHead ? 0 : it->second.data.size();
                m_understateHead = false;
                r = withOffset(200, offset, it->second.length);
            }
            if (m_maxChunk) r.headers.emplace_back("FieldSeal-Max-Chunk-Size", std::to_string(m_maxChunk));
            return r;
        }
        if (req.method == "GET") {
            if (it == m_uploads.end() || !it->second.complete) return error(404, "not_found");
            return TestHttpResponse::text(200, it->second.data);
        }
        if (req.method != "PATCH") return error(405, "method_not_allowed");
        ++m_patches;
        if (req.header("Tus-Resumable").value_or("") != "1.0.0") return error(412, "tus_version");
        if (req.header("Content-Type").value_or("") != "application/offset+octet-stream")
            return error(415, "unsupported_media_type");
        if (m_maxChunk && req.body.size() > m_maxChunk) return error(413, "payload_too_large");
        const std::uint64_t offset = std::stoull(req.header("Upload-Offset").value_or("x0"));
        if (it == m_uploads.end()) {
            if (offset != 0 || !req.header("Upload-Length")) return error(409, "no_upload");
            it = m_uploads.emplace(sha, Upload{std::stoull(*req.header("Upload-Length")), {}, false}).first;
        }
        Upload& u = it->second;
        if (u.complete || offset != u.data.size()) return withOffset(409, u.data.size(), u.length);
        if (u.data.size() + req.body.size() > u.length) return error(413, "too_long");
        u.data += req.body;
        if (u.data.size() == u.length) {
            if (sha256Hex(u.data) != sha) {
                m_uploads.erase(it);
                return error(422, "hash_mismatch");
            }
            u.complete = true;
        }
        return withOffset(204, u.data.size(), u.length);
    }

    std::mutex m_mutex;
    std::map<std::string, Upload> m_uploads;
    bool m_understateHead = false;
    int m_patches = 0;
    std::uint64_t m_maxChunk = 0;
    TestHttpServer m_http; // last: stops first
};

struct Uploader {
    HttpClient http;
    ApiSession session;
    std::vector<std::chrono::milliseconds> waits;
    std::function<void()> onWait;

    static HttpClient::Options options(const std::string& baseUrl) {
        HttpClient::Options o;
        o.baseUrl = baseUrl;
        o.connectTimeout = 5s;
        o.lowSpeedTime = 10s;
        return o;
    }
    static RetryEnvironment environment(Uploader* self) {
        RetryEnvironment env;
        env.seed = 3;
        env.sleep = [self](std::chrono::milliseconds d) {
            self->waits.push_back(d);
            if (self->onWait) self->onWait();
            return false;
        };
        return env;
    }
    explicit Uploader(const std::string& baseUrl, int maxAttempts = 6)
        : http(options(baseUrl))
        , session(http, policy(maxAttempts), environment(this)) {
        session.setTokens(SessionTokens{"token", "", "refresh", "", {}});
    }
    static RetryPolicy policy(int maxAttempts) {
        RetryPolicy p;
        p.maxAttempts = maxAttempts;
        return p;
    }
};

} // namespace

class TestBlobUploader : public QObject {
    Q_OBJECT

private slots:
    void uploadsInChunksAndReportsProgress() {
        const RandomFile file("photo.jpg", 1'000'000, 1);
        const std::string& data = file.data;
        const std::string& path = file.path;
        const std::string& sha = file.sha;
        FakeBlobServer server;
        Uploader u(server.baseUrl());
        BlobUploader uploader(u.session, {100'000});
        std::vector<BlobProgress> progress;
        auto r = uploader.upload(sha, path, [&](const BlobProgress& p) { progress.push_back(p); });
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().describe().c_str());
        QCOMPARE(r->size, std::uint64_t(data.size()));
        QCOMPARE(r->chunksSent, 10);
        QCOMPARE(r->bodyBytesSent, std::uint64_t(data.size()));
        QCOMPARE(r->interruptions, 0);
        QVERIFY(!r->alreadyComplete);
        QVERIFY(server.complete(sha) == data);
        QVERIFY(progress.size() >= 11);
        for (std::size_t i = 1; i < progress.size(); ++i)
            QVERIFY(progress[i].done >= progress[i - 1].done);
        QCOMPARE(progress.back().done, std::uint64_t(data.size()));
        QCOMPARE(progress.back().total, std::uint64_t(data.size()));

        // Again: the server has it all, nothing is sent.
        auto again = uploader.upload(sha, path);
        QVERIFY(again.ok());
        QVERIFY(again->alreadyComplete);
        QCOMPARE(again->bodyBytesSent, std::uint64_t(0));
        QCOMPARE(server.patches(), 10);
    }

    // PATCHes are as large as the server says it takes, or as the uploader's option when smaller.
    void patchesAreAsLargeAsTheServerTakes() {
        const RandomFile file("scan.pdf", 1'000'000, 9);
        const std::string& data = file.data;
        const std::string& path = file.path;
        const std::string& sha = file.sha;
        FakeBlobServer server;
        server.advertiseMaxChunk(300'000);
        Uploader u(server.baseUrl());
        BlobUploader byServer(u.session);
        auto r = byServer.upload(sha, path);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().describe().c_str());
        QCOMPARE(r->chunksSent, 4); // 3 x 300,000 + 100,000
        QVERIFY(server.complete(sha) == data);

        const std::string other = randomBytes(1'000'000, 10);
        writeFile(path, other);
        BlobUploader smaller(u.session, {100'000});
        r = smaller.upload(sha256Hex(other), path);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().describe().c_str());
        QCOMPARE(r->chunksSent, 10);
        QVERIFY(server.complete(sha256Hex(other)) == other);
    }

    void aFiftyMegabyteUploadCutFiveTimesCompletes() {
        const RandomFile file("video.mp4", 50u << 20, 2);
        const std::string& data = file.data;
        const std::string& path = file.path;
        const std::string& sha = file.sha;
        FakeBlobServer server;
        FaultProxy proxy("127.0.0.1", server.port(), 50);
        Uploader u(proxy.url());
        const std::uint64_t chunk = 4u << 20;
        BlobUploader uploader(u.session, {chunk});
        // Every connection is cut 1-3 MB into what the device sends, until the fifth cut.
        proxy.setFaults(FaultProxy::Faults::drop(FaultProxy::Direction::ClientToServer, 1u << 20, 3u << 20));
        u.onWait = [&] {
            if (u.waits.size() == 5) proxy.setFaults(FaultProxy::Faults::passThrough());
        };
        auto r = uploader.upload(sha, path);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().describe().c_str());
        QCOMPARE(r->interruptions, 5);
        QCOMPARE(proxy.counters().drops, std::uint64_t(5));
        QVERIFY(r->bodyBytesSent <= data.size() + 5 * chunk);
        QVERIFY(r->bodyBytesSent > data.size()); // the cut parts were sent twice
        QVERIFY(server.complete(sha) == data);
    }

    void anOffsetMismatchContinuesFromTheServersOffset() {
        const RandomFile file("audio.m4a", 600'000, 3);
        const std::string& data = file.data;
        const std::string& path = file.path;
        const std::string& sha = file.sha;
        FakeBlobServer server;
        server.seed(sha, data.substr(0, 250'000), data.size()); // an earlier attempt got this far
        server.understateNextHead();
        Uploader u(server.baseUrl());
        BlobUploader uploader(u.session, {100'000});
        auto r = uploader.upload(sha, path);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().describe().c_str());
        QCOMPARE(r->interruptions, 1); // one 409, answered with the server's offset
        QCOMPARE(r->bodyBytesSent, std::uint64_t(100'000 + 350'000));
        QVERIFY(server.complete(sha) == data);
        QVERIFY(u.waits.empty()); // a 409 names the offset: no need to wait
    }

    void aFileThatIsNotTheNamedBlobIsRefused() {
        const RandomFile file("x.bin", 300'000, 4);
        const std::string& path = file.path;
        FakeBlobServer server;
        Uploader u(server.baseUrl());
        BlobUploader uploader(u.session, {128'000});
        const std::string wrongSha = sha256Hex("something else");
        auto r = uploader.upload(wrongSha, path);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, SyncErrorKind::Refused);
        QCOMPARE(r.error().httpStatus, 422L);
        QCOMPARE(r.error().serverCode, std::string("hash_mismatch"));
        QVERIFY(!server.complete(wrongSha));

        auto missing = uploader.upload(wrongSha, file.dir.filePath("missing").toStdString());
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, SyncErrorKind::LocalIo);
    }

    void aServerThatNeverTakesAChunkIsGivenUpOn() {
        const RandomFile file("y.bin", 200'000, 5);
        const std::string& path = file.path;
        FakeBlobServer server;
        FaultProxy proxy("127.0.0.1", server.port(), 51);
        Uploader u(proxy.url(), 4);
        BlobUploader uploader(u.session, {100'000});
        proxy.setFaults(FaultProxy::Faults::drop(FaultProxy::Direction::ClientToServer, 1000, 5000));
        auto r = uploader.upload(file.sha, path);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, SyncErrorKind::Network);
        QCOMPARE(u.waits.size(), std::size_t(3)); // four attempts without progress
    }

    void downloadsABlob() {
        const RandomFile file("up.bin", 700'000, 6);
        const std::string& data = file.data;
        const std::string& path = file.path;
        const std::string& sha = file.sha;
        FakeBlobServer server;
        Uploader u(server.baseUrl());
        BlobUploader uploader(u.session);
        QVERIFY(uploader.upload(sha, path).ok());
        const std::string target = file.dir.filePath("down.bin").toStdString();
        std::vector<BlobProgress> progress;
        auto got = downloadBlob(u.session, {sha, target}, [&](const BlobProgress& p) { progress.push_back(p); });
        QVERIFY(got.ok());
        QCOMPARE(got->size, std::uint64_t(data.size()));
        QCOMPARE(got->bytesReceived, std::uint64_t(data.size()));
        QVERIFY(readFile(target) == data);
        QVERIFY(!QFile::exists(QString::fromStdString(target + ".part")));
        QCOMPARE(progress.back().done, std::uint64_t(data.size()));

        const std::string nowhere = file.dir.filePath("none.bin").toStdString();
        auto none = downloadBlob(u.session, {sha256Hex("unknown"), nowhere});
        QVERIFY(!none.ok());
        QCOMPARE(none.error().kind, SyncErrorKind::Refused);
        QCOMPARE(none.error().httpStatus, 404L);
        QVERIFY(!QFile::exists(QString::fromStdString(nowhere)));
        QVERIFY(!QFile::exists(QString::fromStdString(nowhere + ".part")));
    }
};

QTEST_APPLESS_MAIN(TestBlobUploader)
#include "test_blob_uploader.moc"
