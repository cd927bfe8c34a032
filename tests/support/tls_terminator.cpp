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
    , m_targetPort(targetPort)
    , m_listener(listenLoopback(0)) {
    // OpenSSL writes with write(2): a peer that has gone would raise SIGPIPE (test processes only).
    std::signal(SIGPIPE, SIG_IGN);
    m_ctx->ctx.reset(SSL_CTX_new(TLS_server_method()));
    if (!m_ctx->ctx) throw std::runtime_error("SSL_CTX_new failed");
    SSL_CTX_set_min_proto_version(m_ctx->ctx.get(), TLS1_2_VERSION);
    if (SSL_CTX_use_certificate_chain_file(m_ctx->ctx.get(), certificateFile.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(m_ctx->ctx.get(), keyFile.c_str(), SSL_FILETYPE_PEM) != 1)
        throw std::runtime_error("TlsTerminator: cannot load the certificate or key");
    m_port = localPort(m_listener.get());
    m_acceptor = std::thread([this] { acceptLoop(); });
}

TlsTerminator::~TlsTerminator() {
    stop();
}

void TlsTerminator::stop() {
    if (!m_stopping.exchange(true)) m_wake.notify();
    if (m_acceptor.joinable()) m_acceptor.join();
    {
        std::lock_guard lock(m_mutex);
        for (auto& c : m_open)
            if (c.fd) ::shutdown(c.fd.get(), SHUT_RDWR);
    }
    for (auto& c : m_open)
        if (c.thread.joinable()) c.thread.join();
    m_open.clear();
}

void TlsTerminator::acceptLoop() {
    while (!m_stopping.load()) {
        pollfd fds[2] = {{m_listener.get(), POLLIN, 0}, {m_wake.readFd(), POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (fds[1].revents) return;
        const int fd = ::accept4(m_listener.get(), nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        std::lock_guard lock(m_mutex);
        for (auto it = m_open.begin(); it != m_open.end();) {
            if (it->finished) {
                it->thread.join();
                it = m_open.erase(it);
            } else {
                ++it;
            }
        }
        auto& c = m_open.emplace_back();
        c.fd.reset(fd);
        c.thread = std::thread([this, &c, fd] { serve(c, fd); });
    }
}

void TlsTerminator::serve(Connection& c, int fd) {
    SslPtr ssl(SSL_new(m_ctx->ctx.get()), &SSL_free);
    UniqueFd target;
    if (ssl && SSL_set_fd(ssl.get(), fd) == 1 && SSL_accept(ssl.get()) == 1) {
        ++m_handshakes;
        target = connectTcp(m_targetHost, m_targetPort);
    }
    char buf[16384];
    while (target && !m_stopping.load()) {
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
    std::lock_guard lock(m_mutex);
    c.fd.reset();
    c.finished = true;
}

} // namespace fieldseal::test
