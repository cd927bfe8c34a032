// The server's own TLS layer (TlsConnection / TlsServerStream) under clients that misbehave at the
// TLS level: a handshake that never comes, a header that stalls inside TLS, a response nobody
// reads, a client that vanishes mid-response, and requests pipelined into one TLS write (the
// second one waits inside OpenSSL's read-ahead buffer, not on the socket).
// The client is OpenSSL on a blocking socket, so the test controls every byte and every pause.
#include "http/https_server.h"
#include "http/metrics.h"
#include "http/router.h"
#include "model/unique_fd.h"
#include "support/socket_util.h"
#include "loopback_tls_options.h"

#include <QTemporaryDir>
#include <QtTest>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <sys/socket.h>
#include <sys/time.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>

using namespace fieldseal;
using namespace fieldseal::server;

namespace {

constexpr auto kReadTimeout = std::chrono::milliseconds(300);
constexpr std::size_t kLargeFileBytes = 48u << 20; // more than loopback's socket buffers hold

class NoTokens : public Authenticator {
public:
    std::optional<Caller> authenticate(std::string_view) override { return std::nullopt; }
};

// A blocking TLS client on its own socket. Receives give up after 20 s (a server that never
// closes fails the test instead of hanging it).
class TlsClient {
public:
    TlsClient(std::uint16_t port, const std::filesystem::path& trustedCertificate)
        : m_fd(test::connectTcp("127.0.0.1", port))
        , m_context(SSL_CTX_new(TLS_client_method())) {
        if (!m_fd || !m_context) return;
        timeval tv{20, 0};
        ::setsockopt(m_fd.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        SSL_CTX_set_verify(m_context.get(), SSL_VERIFY_PEER, nullptr);
        if (SSL_CTX_load_verify_locations(m_context.get(), trustedCertificate.c_str(), nullptr) != 1) return;
        m_ssl.reset(SSL_new(m_context.get()));
        if (!m_ssl) return;
        SSL_set_fd(m_ssl.get(), m_fd.get());
        m_ready = SSL_connect(m_ssl.get()) == 1;
    }

    bool ready() const { return m_ready; }
    int socket() const { return m_fd.get(); }

    bool send(const std::string& bytes) {
        std::size_t written = 0;
        return SSL_write_ex(m_ssl.get(), bytes.data(), bytes.size(), &written) == 1 && written == bytes.size();
    }

    // One response framed by Content-Length; "" when the connection ended first. Reads at the
    // server's pace (the header is looked for once, not in the whole buffer after every record:
    // that made a large response slower than the server's write timeout).
    std::string readResponse() {
        std::size_t headerEnd = std::string::npos;
        std::size_t length = 0;
        for (;;) {
            if (headerEnd == std::string::npos) {
                headerEnd = m_pending.find("\r\n\r\n");
                if (headerEnd != std::string::npos) {
                    const auto at = m_pending.find("Content-Length: ");
                    length = at == std::string::npos || at > headerEnd ? 0 : std::stoul(m_pending.substr(at + 16));
                }
            }
            if (headerEnd != std::string::npos && m_pending.size() >= headerEnd + 4 + length) {
                std::string response = m_pending.substr(0, headerEnd + 4 + length);
                m_pending.erase(0, headerEnd + 4 + length);
                return response;
            }
            if (!receive()) return "";
        }
    }

    // Reads until the server ends the connection (close_notify, FIN or reset): the bytes read,
    // or nullopt when the receive timed out with the connection still open.
    std::optional<std::size_t> readUntilClosed() {
        std::size_t total = m_pending.size();
        m_pending.clear();
        char buffer[1 << 16];
        for (;;) {
            std::size_t n = 0;
            ERR_clear_error();
            if (SSL_read_ex(m_ssl.get(), buffer, sizeof buffer, &n) == 1) {
                total += n;
                continue;
            }
            // A receive that timed out (SO_RCVTIMEO) looks like "try again" to OpenSSL.
            const int reason = SSL_get_error(m_ssl.get(), 0);
            if (reason == SSL_ERROR_WANT_READ ||
                (reason == SSL_ERROR_SYSCALL && (errno == EAGAIN || errno == EWOULDBLOCK)))
                return std::nullopt;
            return total;
        }
    }

    // Whatever one read returns (at most one record); 0 when the connection ended.
    std::size_t readSome() {
        const std::size_t before = m_pending.size();
        return receive() ? m_pending.size() - before : 0;
    }

private:
    bool receive() {
        char buffer[1 << 14];
        std::size_t n = 0;
        if (SSL_read_ex(m_ssl.get(), buffer, sizeof buffer, &n) != 1) return false;
        m_pending.append(buffer, n);
        return true;
    }

    struct FreeContext {
        void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
    };
    struct FreeSsl {
        void operator()(SSL* s) const { SSL_free(s); }
    };
    UniqueFd m_fd;
    std::unique_ptr<SSL_CTX, FreeContext> m_context;
    std::unique_ptr<SSL, FreeSsl> m_ssl; // declared last: freed before the context and the socket
    bool m_ready = false;
    std::string m_pending;
};

std::string get(const std::string& path) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
}

} // namespace

class TestTlsTransport : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    testsupport::TlsTestCert m_cert;
    NoTokens m_auth;
    Metrics m_metrics;
    Router m_router{m_auth, m_metrics};
    std::unique_ptr<HttpsServer> m_server;

    std::uint16_t port() const { return m_server->port(); }

    Route open(std::string method, std::string pattern, Handler handler) {
        Route r;
        r.method = std::move(method);
        r.pattern = std::move(pattern);
        r.handler = std::move(handler);
        r.authenticated = false;
        return r;
    }

    // The server answers at all (a fresh connection, a whole request and response).
    bool serves() {
        TlsClient client(port(), m_cert.certificateFile);
        return client.ready() && client.send(get("/hello")) && client.readResponse().starts_with("HTTP/1.1 200");
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_cert = testsupport::makeTlsTestCert(m_dir.path().toStdString());
        m_router.setLogSink([](std::string_view) {});
        m_router.add(open("GET", "/hello", [](RequestContext&) { return HttpResponse::json(200, {{"hello", "tls"}}); }));
        const std::string file = m_dir.path().toStdString() + "/large.bin";
        {
            std::ofstream out(file, std::ios::binary);
            const std::string mebibyte(1u << 20, 'x');
            for (std::size_t i = 0; i < kLargeFileBytes; i += mebibyte.size()) out << mebibyte;
        }
        m_router.add(open("GET", "/large", [file](RequestContext&) {
            HttpResponse r;
            r.contentType = "application/octet-stream";
            r.file = file;
            return r;
        }));

        HttpsServer::Options o = testsupport::loopbackTlsOptions(m_cert);
        o.readTimeout = kReadTimeout;
        o.idleTimeout = std::chrono::seconds(5);
        m_server = std::make_unique<HttpsServer>(m_router);
        const auto started = m_server->start(o);
        QVERIFY2(started.ok(), started.ok() ? "" : started.error().message.c_str());
    }

    void cleanupTestCase() {
        if (m_server) m_server->stop();
    }

    void servesOverItsOwnTlsLayer() {
        TlsClient client(port(), m_cert.certificateFile);
        QVERIFY(client.ready());
        QVERIFY(client.send(get("/hello")));
        const auto response = client.readResponse();
        QVERIFY2(response.starts_with("HTTP/1.1 200"), response.c_str());
        QVERIFY(response.ends_with("{\"hello\":\"tls\"}"));
        // Kept alive: a second request on the same connection.
        QVERIFY(client.send(get("/hello")));
        QVERIFY(client.readResponse().starts_with("HTTP/1.1 200"));
    }

    void pipelinedRequestsInOneRecordAreBothAnswered() {
        // Both requests arrive in one TLS record: after the first, the second is already inside
        // OpenSSL (nothing more will come on the socket). A server waiting for the socket before
        // asking OpenSSL would never answer it.
        TlsClient client(port(), m_cert.certificateFile);
        QVERIFY(client.ready());
        QVERIFY(client.send(get("/hello") + get("/hello")));
        QVERIFY(client.readResponse().starts_with("HTTP/1.1 200"));
        const auto second = client.readResponse();
        QVERIFY2(second.starts_with("HTTP/1.1 200"), second.c_str());
    }

    void handshakeThatNeverComesIsTimedOut() {
        // A TCP connection that never starts TLS: closed after the read timeout.
        const UniqueFd fd = test::connectTcp("127.0.0.1", port());
        QVERIFY(fd.valid());
        timeval tv{20, 0};
        ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        char byte = 0;
        const auto started = std::chrono::steady_clock::now();
        const ssize_t n = ::recv(fd.get(), &byte, 1, 0);
        const bool closed = n == 0 || (n < 0 && errno == ECONNRESET);
        QVERIFY2(closed, "the server kept a connection without a TLS handshake open");
        QVERIFY(std::chrono::steady_clock::now() - started < std::chrono::seconds(15));
    }

    void headerStalledInsideTlsIsTimedOut() {
        TlsClient client(port(), m_cert.certificateFile);
        QVERIFY(client.ready());
        QVERIFY(client.send("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n")); // never finished
        const auto got = client.readUntilClosed();
        QVERIFY2(got.has_value(), "the server kept a stalled TLS connection open");
        QCOMPARE(*got, std::size_t(0));
        QVERIFY(serves());
    }

    void responseNobodyReadsIsTimedOut() {
        // The client asks for a large file and stops reading: the server's writes wait for the
        // socket under the read timeout, then it gives up, and the client finds the response
        // cut short when it reads again.
        TlsClient client(port(), m_cert.certificateFile);
        QVERIFY(client.ready());
        QVERIFY(client.send(get("/large")));
        std::this_thread::sleep_for(kReadTimeout * 8); // ordering only: longer than the timeout
        const auto got = client.readUntilClosed();
        QVERIFY2(got.has_value(), "the server still held the connection of a client that stopped reading");
        QVERIFY2(*got < kLargeFileBytes, std::to_string(*got).c_str());
        QVERIFY(serves());
    }

    void clientVanishingMidResponseLeavesTheServerServing() {
        // Writes to a connection the client reset fail with EPIPE / ECONNRESET; they must not
        // raise SIGPIPE (which would end this process, server and test alike).
        {
            TlsClient client(port(), m_cert.certificateFile);
            QVERIFY(client.ready());
            QVERIFY(client.send(get("/large")));
            QVERIFY(client.readSome() > 0); // the response has started
            test::setLingerZero(client.socket());
        } // closed with a reset while the server is still writing
        std::this_thread::sleep_for(std::chrono::milliseconds(100)); // ordering only
        QVERIFY(serves());
    }

    void largeResponseArrivesWhole() {
        TlsClient client(port(), m_cert.certificateFile);
        QVERIFY(client.ready());
        QVERIFY(client.send("GET /large HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        const auto response = client.readResponse();
        const auto bodyAt = response.find("\r\n\r\n");
        QVERIFY2(response.starts_with("HTTP/1.1 200") && bodyAt != std::string::npos, response.substr(0, 200).c_str());
        QCOMPARE(response.size() - bodyAt - 4, kLargeFileBytes);
        QVERIFY(response.find_first_not_of('x', bodyAt + 4) == std::string::npos);
        // Connection: close ends with the server's close_notify: nothing more, and a clean end.
        const auto rest = client.readUntilClosed();
        QVERIFY(rest.has_value());
        QCOMPARE(*rest, std::size_t(0));
    }
};

QTEST_APPLESS_MAIN(TestTlsTransport)
#include "test_tls_transport.moc"
