// HttpClient over TLS: a TestHttpServer behind a TlsTerminator with a throwaway certificate.
// The CA file makes it trusted (connections kept alive); another CA, a missing CA file or the
// system store refuse it as TlsVerificationFailed (final); TLS through the FaultProxy: bytes
// relayed untouched, a response cut mid-way or a handshake cut short is retryable and a retry
// succeeds.
#include "client/retry_policy.h"
#include "support/fault_proxy.h"
#include "support/test_http_server.h"
#include "support/tls_terminator.h"
#include "tls_test_cert.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace fieldseal;
using namespace fieldseal::test;
using namespace std::chrono_literals;
using Faults = FaultProxy::Faults;
using Dir = FaultProxy::Direction;

namespace {

HttpRequest request(std::string method, std::string path, std::string body = {}) {
    HttpRequest r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.body = std::move(body);
    return r;
}

HttpClient::Options optionsFor(const std::string& url, const std::string& caFile) {
    HttpClient::Options o;
    o.baseUrl = url;
    o.caFile = caFile;
    o.connectTimeout = 5s;
    o.requestTimeout = 20s;
    return o;
}

struct Site {
    QTemporaryDir dir;
    QTemporaryDir otherDir;
    testsupport::TlsTestCert cert = testsupport::makeTlsTestCert(dir.path().toStdString());
    testsupport::TlsTestCert otherCert = testsupport::makeTlsTestCert(otherDir.path().toStdString());
    std::string body = std::string(200'000, 'z');
    TestHttpServer server{[this](const TestHttpRequest& req) {
        if (req.method == "POST")
            return TestHttpResponse::json(200, "{\"got\":" + std::to_string(req.body.size()) + "}");
        return TestHttpResponse::text(200, body);
    }};
    TlsTerminator tls{cert.certificateFile, cert.privateKeyFile, "127.0.0.1", server.port()};
    std::string ca() const { return cert.certificateFile.string(); }
};

} // namespace

class TestHttps : public QObject {
    Q_OBJECT

private slots:
    void trustedThroughTheCaFileAndKeptAlive() {
        Site site;
        HttpClient client(optionsFor(site.tls.url(), site.ca()));
        auto get = client.send(request("GET", "/blob"));
        QVERIFY2(get.ok(), get.ok() ? "" : get.error().describe().c_str());
        QCOMPARE(get->status, 200L);
        QVERIFY(get->body == site.body);
        auto post = client.send(request("POST", "/v1/sync", std::string(50'000, 'p')));
        QVERIFY(post.ok());
        QCOMPARE(post->body, std::string("{\"got\":50000}"));
        QCOMPARE(post->newConnections, 0L);
        QCOMPARE(site.tls.handshakesCompleted(), std::size_t(1));

        // "localhost" is in the certificate too.
        HttpClient byName(optionsFor("https://localhost:" + std::to_string(site.tls.port()), site.ca()));
        QVERIFY(byName.send(request("GET", "/")).ok());
    }

    void anUntrustedServerIsAFinalError() {
        Site site;
        for (const std::string& ca : {site.otherCert.certificateFile.string(), std::string()}) {
            HttpClient client(optionsFor(site.tls.url(), ca)); // another CA; the system store
            auto res = client.send(request("GET", "/"));
            QVERIFY(!res.ok());
            QCOMPARE(res.error().kind, NetworkErrorKind::TlsVerificationFailed);
            QCOMPARE(classifyOutcome(res).verdict, RetryVerdict::Final);
        }
        HttpClient noFile(optionsFor(site.tls.url(), site.dir.filePath("missing.pem").toStdString()));
        auto res = noFile.send(request("GET", "/"));
        QVERIFY(!res.ok());
        QCOMPARE(res.error().kind, NetworkErrorKind::TlsVerificationFailed);
        QCOMPARE(site.server.requestsServed(), std::size_t(0));
    }

    void plainHttpToATlsPortIsNotASuccess() {
        Site site;
        HttpClient client(optionsFor("http://127.0.0.1:" + std::to_string(site.tls.port()), ""));
        auto res = client.send(request("GET", "/"));
        QVERIFY(!res.ok() || res->status >= 400);
        QCOMPARE(site.server.requestsServed(), std::size_t(0));
    }

    void tlsThroughTheFaultProxy() {
        Site site;
        FaultProxy proxy("127.0.0.1", site.tls.port(), 31);
        const std::string url = proxy.url("https");
        HttpClient client(optionsFor(url, site.ca()));
        auto ok = client.send(request("GET", "/blob"));
        QVERIFY2(ok.ok(), ok.ok() ? "" : ok.error().describe().c_str());
        QVERIFY(ok->body == site.body);

        // A response cut in the middle of the (encrypted) body.
        proxy.setFaults(Faults::drop(Dir::ServerToClient, 20'000, 100'000));
        auto cut = client.send(request("GET", "/blob"));
        QVERIFY(!cut.ok());
        QCOMPARE(classifyOutcome(cut).verdict, RetryVerdict::Retryable);

        // A handshake cut short.
        proxy.setFaults(Faults::drop(Dir::ServerToClient, 0, 200));
        HttpClient fresh(optionsFor(url, site.ca()));
        auto broken = fresh.send(request("GET", "/blob"));
        QVERIFY(!broken.ok());
        QVERIFY2(broken.error().kind == NetworkErrorKind::TlsHandshakeFailed ||
                     broken.error().kind == NetworkErrorKind::ConnectionReset,
                 broken.error().describe().c_str());
        QCOMPARE(classifyOutcome(broken).verdict, RetryVerdict::Retryable);

        proxy.setFaults(Faults::passThrough());
        auto again = fresh.send(request("GET", "/blob"));
        QVERIFY(again.ok());
        QVERIFY(again->body == site.body);
        QCOMPARE(proxy.counters().drops, std::uint64_t(2));
    }
};

QTEST_APPLESS_MAIN(TestHttps)
#include "test_https.moc"
