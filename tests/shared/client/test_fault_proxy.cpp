// HttpClient and withRetries through the FaultProxy: a response cut in the middle (RST or FIN)
// is a retryable ConnectionReset and a retry in pass-through mode succeeds; a request body cut
// in the middle never reaches the handler; a stall longer than the low-speed limit is a Timeout;
// refused connections are ConnectFailed until the proxy listens again; the proxy's counters and
// its seeded draws are checked too.
#include "client/retry_policy.h"
#include "support/fault_proxy.h"
#include "support/test_http_server.h"

#include <QtTest>
#include <random>

using namespace fieldseal;
using namespace fieldseal::test;
using namespace std::chrono_literals;
using Dir = FaultProxy::Direction;
using Faults = FaultProxy::Faults;
using std::chrono::milliseconds;

namespace {

std::string randomBytes(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::string out(n, '\0');
    for (auto& c : out)
        c = static_cast<char>(rng() & 0xff);
    return out;
}

HttpRequest request(std::string method, std::string path, std::string body = {}) {
    HttpRequest r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.body = std::move(body);
    return r;
}

HttpClient::Options through(const FaultProxy& proxy) {
    HttpClient::Options o;
    o.baseUrl = proxy.url();
    o.connectTimeout = 5s;
    o.requestTimeout = 30s;
    o.lowSpeedTime = 30s;
    return o;
}

// Serves a fixed body for GET and echoes the size of a POST body.
struct BlobServer {
    std::string blob = randomBytes(512 * 1024, 3);
    std::atomic<int> posts{0};
    TestHttpServer server{[this](const TestHttpRequest& req) {
        if (req.method == "POST") {
            ++posts;
            return TestHttpResponse::json(200, "{\"size\":" + std::to_string(req.body.size()) + "}");
        }
        return TestHttpResponse::text(200, blob);
    }};
};

} // namespace

class TestFaultProxy : public QObject {
    Q_OBJECT

private slots:
    void passThroughRelaysFaithfully() {
        BlobServer s;
        FaultProxy proxy("127.0.0.1", s.server.port(), 1);
        HttpClient client(through(proxy));
        auto res = client.send(request("GET", "/blob"));
        QVERIFY(res.ok());
        QCOMPARE(res->status, 200L);
        QVERIFY(res->body == s.blob);
        const std::string upload = randomBytes(300 * 1024, 4);
        auto post = client.send(request("POST", "/up", upload));
        QVERIFY(post.ok());
        QCOMPARE(post->body, "{\"size\":" + std::to_string(upload.size()) + "}");
        QCOMPARE(post->newConnections, 0L);
        const auto c = proxy.counters();
        QCOMPARE(c.connections, std::uint64_t(1));
        QCOMPARE(c.faults(), std::uint64_t(0));
        QVERIFY(c.bytesServerToClient > s.blob.size());
        QVERIFY(c.bytesClientToServer > upload.size());
    }

    void responseCutMidwayIsRetryableAndARetrySucceeds() {
        for (bool reset : {true, false}) {
            BlobServer s;
            FaultProxy proxy("127.0.0.1", s.server.port(), 2);
            HttpClient client(through(proxy));
            proxy.setFaults(Faults::drop(Dir::ServerToClient, 10'000, 200'000, reset));
            auto cut = client.send(request("GET", "/blob"));
            QVERIFY(!cut.ok());
            QCOMPARE(cut.error().kind, NetworkErrorKind::ConnectionReset);
            QCOMPARE(classifyOutcome(cut).verdict, RetryVerdict::Retryable);
            QVERIFY(cut.error().bodyBytesReceived < s.blob.size());
            QCOMPARE(proxy.counters().drops, std::uint64_t(1));
            // What crossed before the cut is exactly the drawn budget.
            const auto crossed = proxy.counters().bytesServerToClient;
            QVERIFY(crossed >= 10'000 && crossed <= 200'000);

            proxy.setFaults(Faults::passThrough());
            auto again = client.send(request("GET", "/blob"));
            QVERIFY(again.ok());
            QVERIFY(again->body == s.blob);
            QCOMPARE(again->newConnections, 1L);
        }
    }

    void withRetriesRecoversFromACutResponse() {
        BlobServer s;
        FaultProxy proxy("127.0.0.1", s.server.port(), 3);
        HttpClient client(through(proxy));
        proxy.setFaults(Faults::drop(Dir::ServerToClient, 1'000, 100'000));
        RetryEnvironment env;
        env.seed = 5;
        std::vector<milliseconds> waits;
        env.sleep = [&](milliseconds d) {
            waits.push_back(d);
            return false;
        };
        env.onRetry = [&](int, const HttpResult& outcome, milliseconds) {
            QVERIFY(!outcome.ok());
            QCOMPARE(outcome.error().kind, NetworkErrorKind::ConnectionReset);
            proxy.setFaults(Faults::passThrough()); // the network recovers
        };
        RetryReport report;
        auto res = withRetries(
            RetryPolicy{}, env, [&] { return client.send(request("GET", "/blob")); }, &report);
        QVERIFY(res.ok());
        QVERIFY(res->body == s.blob);
        QCOMPARE(report.attempts, 2);
        QCOMPARE(waits.size(), std::size_t(1));
        QCOMPARE(proxy.counters().connections, std::uint64_t(2));
    }

    void requestBodyCutMidwayNeverReachesTheServer() {
        BlobServer s;
        FaultProxy proxy("127.0.0.1", s.server.port(), 4);
        HttpClient client(through(proxy));
        proxy.setFaults(Faults::drop(Dir::ClientToServer, 20'000, 100'000));
        const std::string upload = randomBytes(400 * 1024, 6);
        auto res = client.send(request("POST", "/up", upload));
        QVERIFY(!res.ok());
        QCOMPARE(classifyOutcome(res).verdict, RetryVerdict::Retryable);
        // (bodyBytesSent counts what the client handed to its socket, which may be all of it.)
        const auto crossed = proxy.counters().bytesClientToServer;
        QVERIFY(crossed >= 20'000 && crossed <= 100'000);
        QCOMPARE(s.posts.load(), 0);

        proxy.setFaults(Faults::passThrough());
        auto ok = client.send(request("POST", "/up", upload));
        QVERIFY(ok.ok());
        QCOMPARE(s.posts.load(), 1);
    }

    void faultsApplyToConnectionsAlreadyOpen() {
        BlobServer s;
        FaultProxy proxy("127.0.0.1", s.server.port(), 5);
        HttpClient client(through(proxy));
        QVERIFY(client.send(request("GET", "/blob")).ok()); // opens the kept-alive connection
        proxy.setFaults(Faults::drop(Dir::ServerToClient, 1'000, 2'000));
        auto res = client.send(request("GET", "/blob"));
        QVERIFY(!res.ok());
        QCOMPARE(res.error().kind, NetworkErrorKind::ConnectionReset);
        QCOMPARE(proxy.counters().connections, std::uint64_t(1));
    }

    void stallBeyondTheLowSpeedLimitTimesOut() {
        BlobServer s;
        FaultProxy proxy("127.0.0.1", s.server.port(), 6);
        auto options = through(proxy);
        // libcurl averages the speed over the last few seconds: a high limit makes the stall
        // count from its first second (loopback without faults is far faster than this).
        options.lowSpeedBytesPerSecond = 100'000;
        options.lowSpeedTime = 1s;
        options.requestTimeout = 0ms; // no total timeout: only the low-speed limit can fire
        HttpClient client(options);
        proxy.setFaults(Faults::stallAfter(Dir::ServerToClient, 500, 2'000, 30s));
        auto res = client.send(request("GET", "/blob"));
        QVERIFY(!res.ok());
        QCOMPARE(res.error().kind, NetworkErrorKind::Timeout);
        QCOMPARE(classifyOutcome(res).verdict, RetryVerdict::Retryable);
        QCOMPARE(proxy.counters().stalls, std::uint64_t(1));
    }

    void shortStallIsRiddenOut() {
        BlobServer s;
        FaultProxy proxy("127.0.0.1", s.server.port(), 7);
        HttpClient client(through(proxy));
        proxy.setFaults(Faults::stallAfter(Dir::Either, 1'000, 10'000, 200ms));
        auto res = client.send(request("GET", "/blob"));
        QVERIFY(res.ok());
        QVERIFY(res->body == s.blob);
        QCOMPARE(proxy.counters().stalls, std::uint64_t(1));
    }

    void refusedConnectionsAreConnectFailedUntilTheProxyListensAgain() {
        BlobServer s;
        FaultProxy proxy("127.0.0.1", s.server.port(), 8);
        HttpClient kept(through(proxy));
        QVERIFY(kept.send(request("GET", "/blob")).ok());

        proxy.setFaults(Faults::refuse());
        HttpClient fresh(through(proxy));
        auto res = fresh.send(request("GET", "/blob"));
        QVERIFY(!res.ok());
        QCOMPARE(res.error().kind, NetworkErrorKind::ConnectFailed);
        QCOMPARE(classifyOutcome(res).verdict, RetryVerdict::Retryable);
        // Only new connections are refused: one already open goes on working.
        auto onKept = kept.send(request("GET", "/blob"));
        QVERIFY(onKept.ok());
        QCOMPARE(onKept->newConnections, 0L);

        proxy.setFaults(Faults::passThrough());
        res = fresh.send(request("GET", "/blob"));
        QVERIFY(res.ok());
        QVERIFY(res->body == s.blob);
        QCOMPARE(proxy.counters().connections, std::uint64_t(2));
    }

    void sameSeedCutsAtTheSameByte() {
        std::vector<std::uint64_t> crossed;
        for (std::uint64_t seed : {11, 11, 12}) {
            BlobServer s;
            FaultProxy proxy("127.0.0.1", s.server.port(), seed);
            HttpClient client(through(proxy));
            proxy.setFaults(Faults::drop(Dir::ServerToClient, 1'000, 400'000));
            QVERIFY(!client.send(request("GET", "/blob")).ok());
            crossed.push_back(proxy.counters().bytesServerToClient);
        }
        QCOMPARE(crossed[0], crossed[1]);
        QVERIFY(crossed[0] != crossed[2]);
    }

    void probabilityZeroLeavesConnectionsAlone() {
        BlobServer s;
        FaultProxy proxy("127.0.0.1", s.server.port(), 9);
        auto faults = Faults::drop(Dir::Either, 0, 10);
        faults.probability = 0.0;
        proxy.setFaults(faults);
        HttpClient client(through(proxy));
        for (int i = 0; i < 3; ++i)
            QVERIFY(client.send(request("GET", "/blob")).ok());
        QCOMPARE(proxy.counters().faults(), std::uint64_t(0));
    }

    void targetDownLooksLikeAReset() {
        std::uint16_t deadPort;
        {
            auto fd = listenLoopback(0);
            deadPort = localPort(fd.get());
        }
        FaultProxy proxy("127.0.0.1", deadPort, 10);
        HttpClient client(through(proxy));
        auto res = client.send(request("GET", "/"));
        QVERIFY(!res.ok());
        QCOMPARE(classifyOutcome(res).verdict, RetryVerdict::Retryable);
    }
};

QTEST_APPLESS_MAIN(TestFaultProxy)
#include "test_fault_proxy.moc"
