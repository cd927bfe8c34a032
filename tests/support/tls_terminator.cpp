#include "support/tls_terminator.h"

#include <cerrno>
#include <csignal>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>

namespace fieldseal::test {

struct TlsTerminator::Context {
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx{nullptr, &SSL_CTX_free};
};

namespace {
using SslPtr = std::unique_ptr<SSL, decltype(&SSL_free)>;
}

TlsTerminator::TlsTerminator(const std::filesystem::path& certificateFile,
                             const std::filesystem::path& keyFile, std::string targetHost,
                             std::uint16_t targetPort)
    : m_ctx(std::make_unique<Context>())
    , m_targetHost(std::move(targetHost))
    , m_targetPort(targetPort) {
    // OpenSSL writes with write(2): a peer that has gone would raise SIGPIPE (test processes only).
    std::signal(SIGPIPE, SIG_IGN);
    m_ctx->ctx.reset(SSL_CTX_new(TLS_server_method()));
    if (!m_ctx->ctx) throw std::runtime_error("SSL_CTX_new failed");
    SSL_CTX_set_min_proto_version(m_ctx->ctx.get(), TLS1_2_VERSION);
    if (SSL_CTX_use_certificate_chain_file(m_ctx->ctx.get(), certificateFile.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(m_ctx->ctx.get(), keyFile.c_str(), SSL_FILETYPE_PEM) != 1)
        throw std::runtime_error("TlsTerminator: cannot load the certificate or key");
    m_listener.start([this](int fd, std::size_t) { serve(fd); });
}

TlsTerminator::~TlsTerminator() {
    stop();
}

void TlsTerminator::stop() {
    m_listener.stop();
}

void TlsTerminator::serve(int fd) {
    SslPtr ssl(SSL_new(m_ctx->ctx.get()), &SSL_free);
    UniqueFd target;
    if (ssl && SSL_set_fd(ssl.get(), fd) == 1 && SSL_accept(ssl.get()) == 1) {
        ++m_handshakes;
        target = connectTcp(m_targetHost, m_targetPort);
    }
    char buf[16384];
    while (target && !m_listener.stopping()) {
        // Plaintext already decrypted inside OpenSSL does not show in poll.
        if (SSL_pending(ssl.get()) == 0) {
            pollfd fds[2] = {{fd, POLLIN, 0}, {target.get(), POLLIN, 0}};
            if (::poll(fds, 2, -1) < 0) {
                if (errno == EINTR) continue;
                break;
            }
            if (fds[1].revents) {
                const ssize_t n = ::recv(target.get(), buf, sizeof buf, 0);
                if (n <= 0 || SSL_write(ssl.get(), buf, static_cast<int>(n)) <= 0) break;
                continue;
            }
            if (!fds[0].revents) continue;
        }
        const int n = SSL_read(ssl.get(), buf, sizeof buf);
        if (n <= 0 || !sendAll(target.get(), std::string_view(buf, static_cast<std::size_t>(n)))) break;
    }
    if (ssl) SSL_shutdown(ssl.get());
    ERR_clear_error();
}

} // namespace fieldseal::test
