// HttpClient against an in-process TestHttpServer: round trips, case-insensitive headers,
// connection reuse, every transport failure kind a client meets on loopback (timeout, refused,
// cancelled, local I/O, oversized), streaming a file range as the body, downloads to a file, and
// the progress callback.
#include "client/http_client.h"
#include "support/test_http_server.h"

#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

using namespace fieldseal;
using namespace fieldseal::test;
using namespace std::chrono_literals;

namespace {

std::string randomBytes(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::string out(n, '\0');
    for (auto& c : out)
        c = static_cast<char>(rng() & 0xff);
    return out;
}

void writeFile(const std::string& path, const std::string& data) {
    std::ofstream out(path, std::ios::binary);
    out << data;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A port with nothing listening: bound, then released.
std::uint16_t closedPort() {
    auto fd = listenLoopback(0);
    return localPort(fd.get());
}

// A request without designated initializers (GCC warns about the members they leave out).
HttpRequest request(std::string method, std::string path, std::string body = {}) {
    HttpRequest r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.body = std::move(body);
    return r;
}

HttpClient::Options optionsFor(const std::string& baseUrl) {
    HttpClient::Options o;
    o.baseUrl = baseUrl;
    o.connectTimeout = 5s;
    o.requestTimeout = 20s;
    return o;
}

// Signals one event between threads.
class Latch {
public:
    void open() {
        std::lock_guard lock(m_mutex);
        m_open = true;
        m_cv.notify_all();
    }
    bool wait(std::chrono::milliseconds d) {
        std::unique_lock lock(m_mutex);
        return m_cv.wait_for(lock, d, [this] { return m_open; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_open = false;
};

} // namespace

class TestHttpClient : public QObject {
    Q_OBJECT

private slots:
    void getAndPostRoundTrip() {
        std::mutex mutex;
        std::vector<TestHttpRequest> seen;
        TestHttpServer server([&](const TestHttpRequest& req) {
            std::lock_guard lock(mutex);
            seen.push_back(req);
            if (req.method == "GET") return TestHttpResponse::text(200, "hello " + req.target);
            auto r = TestHttpResponse::json(201, "{\"echo\":" + std::to_string(req.body.size()) + "}");
            r.headers.emplace_back("X-Echo-Method", req.method);
            return r;
        });
        HttpClient client(optionsFor(server.baseUrl()));

        auto get = client.send(request("GET", "/v1/thing?x=1"));
        QVERIFY2(get.ok(), get.ok() ? "" : get.error().describe().c_str());
        QCOMPARE(get->status, 200L);
        QCOMPARE(get->body, std::string("hello /v1/thing?x=1"));

        HttpRequest post = request("POST", "/v1/sync");
        post.headers.add("Content-Type", "application/json");
        post.headers.add("Authorization", "Bearer abc");
        post.body = R"({"cursor":0,"ops":[]})";
        auto res = client.send(post);
        QVERIFY(res.ok());
        QCOMPARE(res->status, 201L);
        QCOMPARE(res->body, std::string("{\"echo\":21}"));
        QCOMPARE(res->headers.get("x-echo-method").value_or(""), std::string("POST"));
        QCOMPARE(res->bodyBytesSent, std::uint64_t(21));
        QVERIFY(res->headerBytesSent > 0);
        QVERIFY(res->headerBytesReceived > 0);

        std::lock_guard lock(mutex);
        QCOMPARE(seen.size(), std::size_t(2));
        QCOMPARE(seen[1].method, std::string("POST"));
        QCOMPARE(seen[1].body, post.body);
        QCOMPARE(seen[1].header("authorization").value_or(""), std::string("Bearer abc"));
        QCOMPARE(seen[1].header("Content-Length").value_or(""), std::string("21"));
        QVERIFY(!seen[1].header("Expect")); // no 100-continue round trip
        QVERIFY(seen[1].header("User-Agent").value_or("").starts_with("fieldseal-client/"));
    }

    void responseHeadersAreCaseInsensitive() {
        TestHttpServer server([](const TestHttpRequest&) {
            TestHttpResponse r;
            r.status = 204;
            r.headers = {{"Upload-Offset", " 1234 "}, {"X-Multi", "a"}, {"x-multi", "b"}};
            return r;
        });
        HttpClient client(optionsFor(server.baseUrl()));
        auto res = client.send(request("HEAD", "/v1/blobs/abc"));
        QVERIFY(res.ok());
        QCOMPARE(res->status, 204L);
        QCOMPARE(res->headers.get("upload-offset").value_or(""), std::string("1234"));
        QCOMPARE(res->headers.get("UPLOAD-OFFSET").value_or(""), std::string("1234"));
        QCOMPARE(res->headers.get("X-MULTI").value_or(""), std::string("a"));
        QVERIFY(!res->headers.get("Upload-Length"));
        QVERIFY(res->body.empty());
    }

    void httpErrorStatusesAreResponses() {
        TestHttpServer server([](const TestHttpRequest& req) {
            const int status = std::stoi(req.path().substr(1));
            return TestHttpResponse::json(status, R"({"error":{"code":"x","message":"y"}})");
        });
        HttpClient client(optionsFor(server.baseUrl()));
        for (long status : {400L, 401L, 403L, 404L, 409L, 422L, 429L, 500L, 503L}) {
            auto res = client.send(request("POST", "/" + std::to_string(status), "{}"));
            QVERIFY(res.ok());
            QCOMPARE(res->status, status);
            QCOMPARE(res->body, std::string(R"({"error":{"code":"x","message":"y"}})"));
        }
    }

    void keepAliveReusesTheConnection() {
        TestHttpServer server([](const TestHttpRequest&) { return TestHttpResponse::text(200, "ok"); });
        HttpClient client(optionsFor(server.baseUrl()));
        auto first = client.send(request("GET", "/a"));
        auto second = client.send(request("POST", "/b", "x"));
        auto third = client.send(request("GET", "/c"));
        QVERIFY(first.ok() && second.ok() && third.ok());
        QCOMPARE(first->newConnections, 1L);
        QCOMPARE(second->newConnections, 0L);
        QCOMPARE(third->newConnections, 0L);
        QCOMPARE(server.connectionsAccepted(), std::size_t(1));
    }

    void serverClosingTheConnectionIsHandled() {
        TestHttpServer server([](const TestHttpRequest&) {
            auto r = TestHttpResponse::text(200, "bye");
            r.close = true;
            return r;
        });
        HttpClient client(optionsFor(server.baseUrl()));
        auto first = client.send(request("GET", "/a"));
        auto second = client.send(request("GET", "/b"));
        QVERIFY(first.ok() && second.ok());
        QCOMPARE(second->newConnections, 1L);
        QCOMPARE(server.connectionsAccepted(), std::size_t(2));
    }

    void slowServerTimesOut() {
        TestHttpServer server([](const TestHttpRequest& req) {
            auto r = TestHttpResponse::text(200, "late");
            if (req.path() == "/slow") r.delay = 10s;
            return r;
        });
        auto options = optionsFor(server.baseUrl());
        options.requestTimeout = 300ms;
        HttpClient client(options);
        auto res = client.send(request("GET", "/slow"));
        QVERIFY(!res.ok());
        QCOMPARE(res.error().kind, NetworkErrorKind::Timeout);
        QVERIFY(!res.error().message.empty());

        // The client is usable afterwards (on a fresh connection).
        auto next = client.send(request("GET", "/fast"));
        QVERIFY(next.ok());
        QCOMPARE(next->body, std::string("late"));
        QCOMPARE(next->newConnections, 1L);
    }

    void connectionRefusedIsConnectFailed() {
        HttpClient client(optionsFor("http://127.0.0.1:" + std::to_string(closedPort())));
        auto res = client.send(request("GET", "/"));
        QVERIFY(!res.ok());
        QCOMPARE(res.error().kind, NetworkErrorKind::ConnectFailed);
        QCOMPARE(res.error().curlCode, 7); // CURLE_COULDNT_CONNECT
    }

    void badUrlIsInvalidRequest() {
        HttpClient client(optionsFor("ftp://127.0.0.1:1"));
        auto res = client.send(request("GET", "/"));
        QVERIFY(!res.ok());
        QCOMPARE(res.error().kind, NetworkErrorKind::InvalidRequest);
    }

    void cancelFromAnotherThreadMidDownload() {
        const std::string body = randomBytes(1 << 20, 7);
        TestHttpServer server([&](const TestHttpRequest& req) {
            if (req.path() != "/big") return TestHttpResponse::text(200, "small");
            auto r = TestHttpResponse::text(200, body);
            r.chunkBytes = 4096; // 256 pieces, 50 ms apart: 13 s if nobody cancels
            r.chunkDelay = 50ms;
            return r;
        });
        HttpClient client(optionsFor(server.baseUrl()));
        Latch started;
        HttpRequest req = request("GET", "/big");
        req.onProgress = [&](const TransferProgress& p) {
            if (p.downloaded > 0) started.open();
        };
        std::thread canceller([&] {
            if (started.wait(20s)) client.cancel();
        });
        auto res = client.send(req);
        canceller.join();
        QVERIFY(!res.ok());
        QCOMPARE(res.error().kind, NetworkErrorKind::Cancelled);
        QVERIFY(res.error().bodyBytesReceived > 0);
        QVERIFY(res.error().bodyBytesReceived < body.size());

        // Still cancelled: nothing is sent until the token is reset.
        const auto served = server.requestsServed();
        auto refused = client.send(request("GET", "/again"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, NetworkErrorKind::Cancelled);
        QCOMPARE(server.requestsServed(), served);

        client.cancelToken().reset();
        HttpRequest small = request("GET", "/small");
        small.totalTimeout = 30s;
        auto after = client.send(small);
        QVERIFY(after.ok());
        QCOMPARE(after->body, std::string("small"));
    }

    void cancelWhileWaitingForTheResponse() {
        Latch arrived;
        TestHttpServer server([&](const TestHttpRequest&) {
            arrived.open();
            auto r = TestHttpResponse::text(200, "never");
            r.delay = 60s; // the poll sleeps until the token wakes it
            return r;
        });
        HttpClient client(optionsFor(server.baseUrl()));
        CancelToken token = client.cancelToken();
        std::thread canceller([&] {
            if (arrived.wait(20s)) token.cancel();
        });
        auto res = client.send(request("GET", "/wait"));
        canceller.join();
        QVERIFY(!res.ok());
        QCOMPARE(res.error().kind, NetworkErrorKind::Cancelled);
    }

    void uploadStreamsExactlyTheFileRange() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("evidence.bin").toStdString();
        const std::string data = randomBytes(3 << 20, 11);
        writeFile(path, data);

        std::mutex mutex;
        std::string received;
        std::string contentType;
        TestHttpServer server([&](const TestHttpRequest& req) {
            std::lock_guard lock(mutex);
            received = req.body;
            contentType = req.header("Content-Type").value_or("");
            TestHttpResponse r;
            r.status = 204;
            r.headers.emplace_back("Upload-Offset", std::to_string(req.body.size()));
            return r;
        });
        HttpClient client(optionsFor(server.baseUrl()));
        const std::uint64_t offset = 1'000'003, length = 1'500'000;
        HttpRequest req = request("PATCH", "/v1/blobs/x");
        req.headers.add("Content-Type", "application/offset+octet-stream");
        req.bodyFile = FileRange{path, offset, length};
        auto res = client.send(req);
        QVERIFY2(res.ok(), res.ok() ? "" : res.error().describe().c_str());
        QCOMPARE(res->status, 204L);
        QCOMPARE(res->bodyBytesSent, length);
        std::lock_guard lock(mutex);
        QCOMPARE(received.size(), std::size_t(length));
        QVERIFY(received == data.substr(offset, length));
        QCOMPARE(contentType, std::string("application/offset+octet-stream"));
    }

    void uploadRangeBeyondTheFileIsLocalIo() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("short.bin").toStdString();
        writeFile(path, "0123456789");
        TestHttpServer server([](const TestHttpRequest&) { return TestHttpResponse::text(200, ""); });
        HttpClient client(optionsFor(server.baseUrl()));
        HttpRequest req = request("PATCH", "/x");
        req.bodyFile = FileRange{path, 5, 6};
        auto res = client.send(req);
        QVERIFY(!res.ok());
        QCOMPARE(res.error().kind, NetworkErrorKind::LocalIo);
        req.bodyFile = FileRange{dir.filePath("missing.bin").toStdString(), 0, 1};
        res = client.send(req);
        QVERIFY(!res.ok());
        QCOMPARE(res.error().kind, NetworkErrorKind::LocalIo);
        QCOMPARE(server.requestsServed(), std::size_t(0));
    }

    void downloadToAFile() {
        QTemporaryDir dir;
        const std::string body = randomBytes(2 << 20, 5);
        TestHttpServer server([&](const TestHttpRequest&) { return TestHttpResponse::text(200, body); });
        HttpClient client(optionsFor(server.baseUrl()));
        const std::string path = dir.filePath("blob").toStdString();
        HttpRequest get = request("GET", "/v1/blobs/y");
        get.downloadTo = path;
        auto res = client.send(get);
        QVERIFY(res.ok());
        QCOMPARE(res->status, 200L);
        QVERIFY(res->body.empty());
        QCOMPARE(res->bodyBytesReceived, std::uint64_t(body.size()));
        QVERIFY(readFile(path) == body);

        get.downloadTo = dir.filePath("no/such/dir").toStdString();
        auto bad = client.send(get);
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().kind, NetworkErrorKind::LocalIo);
    }

    void appendToFileResumesOnlyOnA206() {
        QTemporaryDir dir;
        const std::string whole = randomBytes(600'000, 6);
        const std::size_t have = 250'000;
        TestHttpServer server([&](const TestHttpRequest& req) {
            const std::string p = req.path();
            if (p == "/partial") {
                auto r = TestHttpResponse::text(206, whole.substr(have));
                r.headers.emplace_back("Content-Range", "bytes " + std::to_string(have) + "-" +
                                                            std::to_string(whole.size() - 1) + "/" +
                                                            std::to_string(whole.size()));
                return r;
            }
            if (p == "/whole") return TestHttpResponse::text(200, whole);
            if (p == "/empty") return TestHttpResponse::text(200, "");
            if (p == "/cut") { // a 206 whose connection breaks after 1000 of its bytes
                auto r = TestHttpResponse::text(206, whole.substr(have, 1000));
                r.headers.emplace_back("Content-Length", std::to_string(whole.size() - have));
                r.close = true;
                return r;
            }
            return TestHttpResponse::json(416,
                                          R"({"error":{"code":"range_not_satisfiable","message":"no"}})");
        });
        HttpClient client(optionsFor(server.baseUrl()));
        const std::string path = dir.filePath("blob.part").toStdString();
        const auto send = [&](const char* target) {
            HttpRequest get = request("GET", target);
            get.headers.add("Range", "bytes=" + std::to_string(have) + "-");
            get.downloadTo = path;
            get.appendToFile = true;
            return client.send(get);
        };

        // A 206 goes after what the file holds.
        writeFile(path, whole.substr(0, have));
        auto res = send("/partial");
        QVERIFY(res.ok());
        QCOMPARE(res->status, 206L);
        QVERIFY(res->body.empty());
        QCOMPARE(res->bodyBytesReceived, std::uint64_t(whole.size() - have));
        QVERIFY(readFile(path) == whole);

        // A 200 is the whole representation: it replaces the file's bytes.
        writeFile(path, whole.substr(0, have));
        res = send("/whole");
        QVERIFY(res.ok());
        QCOMPARE(res->status, 200L);
        QVERIFY(readFile(path) == whole);
        writeFile(path, "stale");
        res = send("/empty");
        QVERIFY(res.ok());
        QCOMPARE(res->status, 200L);
        QVERIFY(std::filesystem::exists(path));
        QCOMPARE(readFile(path), std::string());

        // Any other answer leaves the file alone; its body is the response's.
        writeFile(path, whole.substr(0, have));
        res = send("/refused");
        QVERIFY(res.ok());
        QCOMPARE(res->status, 416L);
        QVERIFY(res->body.find("range_not_satisfiable") != std::string::npos);
        QVERIFY(readFile(path) == whole.substr(0, have));

        // A 206 cut off keeps what arrived after what was there: the next resume starts from it.
        res = send("/cut");
        QVERIFY(!res.ok());
        QVERIFY(readFile(path) == whole.substr(0, have + 1000));

        // Without the option a 206 still truncates first (downloadTo as before).
        HttpRequest plain = request("GET", "/partial");
        plain.downloadTo = path;
        res = client.send(plain);
        QVERIFY(res.ok());
        QVERIFY(readFile(path) == whole.substr(have));
    }

    void oversizedBodyInMemoryIsRefused() {
        TestHttpServer server(
            [](const TestHttpRequest&) { return TestHttpResponse::text(200, std::string(5000, 'x')); });
        auto options = optionsFor(server.baseUrl());
        options.maxBodyBytes = 4096;
        HttpClient client(options);
        auto res = client.send(request("GET", "/"));
        QVERIFY(!res.ok());
        QCOMPARE(res.error().kind, NetworkErrorKind::Protocol);
    }

    void progressIsMonotoneAndReachesTheTotal() {
        const std::string upload = randomBytes(2 << 20, 1);
        const std::string download = randomBytes(3 << 20, 2);
        TestHttpServer server([&](const TestHttpRequest& req) {
            auto r = TestHttpResponse::text(req.body == upload ? 200 : 400, download);
            r.chunkBytes = 256 * 1024;
            r.chunkDelay = 5ms;
            return r;
        });
        HttpClient client(optionsFor(server.baseUrl()));
        std::vector<TransferProgress> seen;
        HttpRequest req = request("POST", "/v1/sync", upload);
        req.onProgress = [&](const TransferProgress& p) { seen.push_back(p); };
        auto res = client.send(req);
        QVERIFY(res.ok());
        QCOMPARE(res->status, 200L);
        QVERIFY(seen.size() >= 2);
        for (std::size_t i = 1; i < seen.size(); ++i) {
            QVERIFY(seen[i].uploaded >= seen[i - 1].uploaded);
            QVERIFY(seen[i].downloaded >= seen[i - 1].downloaded);
            QVERIFY(seen[i].uploadTotal >= seen[i - 1].uploadTotal);
            QVERIFY(seen[i].downloadTotal >= seen[i - 1].downloadTotal);
        }
        const auto& last = seen.back();
        QCOMPARE(last.uploaded, std::uint64_t(upload.size()));
        QCOMPARE(last.uploadTotal, std::uint64_t(upload.size()));
        QCOMPARE(last.downloaded, std::uint64_t(download.size()));
        QCOMPARE(last.downloadTotal, std::uint64_t(download.size()));
        // Some report came while the download was under way, not only at the end.
        QVERIFY(std::any_of(seen.begin(), seen.end(), [&](const TransferProgress& p) {
            return p.downloaded > 0 && p.downloaded < download.size();
        }));
    }

    void exceptionInProgressCallbackReachesTheCaller() {
        TestHttpServer server(
            [](const TestHttpRequest&) { return TestHttpResponse::text(200, std::string(100000, 'y')); });
        HttpClient client(optionsFor(server.baseUrl()));
        HttpRequest req = request("GET", "/");
        req.onProgress = [](const TransferProgress& p) {
            if (p.downloaded > 0) throw std::logic_error("callback bug");
        };
        QVERIFY_THROWS_EXCEPTION(std::logic_error, (void)client.send(req));
        auto res = client.send(request("GET", "/")); // and the client still works
        QVERIFY(res.ok());
    }
};

QTEST_APPLESS_MAIN(TestHttpClient)
#include "test_http_client.moc"
