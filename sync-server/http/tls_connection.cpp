#include "http/tls_connection.h"

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>

#include <openssl/bio.h>
#include <openssl/err.h>

#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <new>

namespace fieldseal::server {
namespace {

namespace net = boost::asio;

// A socket BIO that sends with MSG_NOSIGNAL: OpenSSL's own socket BIO writes with write(2), and a
// client that has gone away would raise SIGPIPE in the server (or in a test process hosting it).
int socketOf(BIO* bio) {
    return static_cast<int>(reinterpret_cast<std::intptr_t>(BIO_get_data(bio)));
}

int socketRead(BIO* bio, char* data, std::size_t size, std::size_t* done) {
    BIO_clear_retry_flags(bio);
    ssize_t n;
    do n = ::recv(socketOf(bio), data, size, 0);
    while (n < 0 && errno == EINTR);
    if (n > 0) {
        *done = static_cast<std::size_t>(n);
        return 1;
    }
    *done = 0;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) BIO_set_retry_read(bio);
    return 0; // end of stream (n == 0) or an error (errno says which; SSL_ERROR_SYSCALL)
}

int socketWrite(BIO* bio, const char* data, std::size_t size, std::size_t* done) {
    BIO_clear_retry_flags(bio);
    ssize_t n;
    do n = ::send(socketOf(bio), data, size, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    if (n >= 0) {
        *done = static_cast<std::size_t>(n);
        return 1;
    }
    *done = 0;
    if (errno == EAGAIN || errno == EWOULDBLOCK) BIO_set_retry_write(bio);
    return 0;
}

long socketControl(BIO*, int command, long, void*) {
    // OpenSSL flushes after each handshake flight; sends are not buffered here. Everything else
    // (kTLS queries, pending counts) is "not supported".
    return command == BIO_CTRL_FLUSH ? 1 : 0;
}

int socketCreate(BIO* bio) {
    BIO_set_init(bio, 1);
    return 1;
}

const BIO_METHOD* socketMethod() {
    struct Free {
        void operator()(BIO_METHOD* m) const { BIO_meth_free(m); }
    };
    static const std::unique_ptr<BIO_METHOD, Free> method = [] {
        std::unique_ptr<BIO_METHOD, Free> m(BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK,
                                                         "fieldseal socket"));
        if (!m) throw std::bad_alloc();
        BIO_meth_set_read_ex(m.get(), socketRead);
        BIO_meth_set_write_ex(m.get(), socketWrite);
        BIO_meth_set_ctrl(m.get(), socketControl);
        BIO_meth_set_create(m.get(), socketCreate);
        return m;
    }();
    return method.get();
}

} // namespace

TlsConnection::TlsConnection(SSL_CTX* context, int fd)
    : m_ssl(SSL_new(context)) {
    BIO* bio = m_ssl ? BIO_new(socketMethod()) : nullptr;
    if (!bio) throw std::bad_alloc();
    BIO_set_data(bio, reinterpret_cast<void*>(static_cast<std::intptr_t>(fd)));
    SSL_set_bio(m_ssl.get(), bio, bio); // the SSL owns the BIO now (one reference for both sides)
    SSL_set_accept_state(m_ssl.get());
    // Read ahead: one recv takes whatever has arrived, up to the buffer, not one record.
    SSL_set_read_ahead(m_ssl.get(), 1);
    SSL_set_default_read_buffer_len(m_ssl.get(), kReadBufferBytes);
    // A write may send part of a large buffer, and its retry may come from another address (the
    // response serializer's buffers move between calls).
    SSL_set_mode(m_ssl.get(), SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
}

TlsConnection::Step TlsConnection::finish(int result, std::size_t bytes) {
    Step step;
    if (result > 0) {
        step.bytes = bytes;
        return step;
    }
    const int reason = SSL_get_error(m_ssl.get(), result);
    switch (reason) {
    case SSL_ERROR_WANT_READ:
        step.wait = Wait::Read;
        return step;
    case SSL_ERROR_WANT_WRITE:
        step.wait = Wait::Write;
        return step;
    case SSL_ERROR_ZERO_RETURN:
        step.error = net::error::eof;
        return step;
    case SSL_ERROR_SYSCALL:
        // errno 0: the peer closed the connection without close_notify.
        step.error = errno ? boost::system::error_code(errno, boost::system::system_category())
                           : boost::system::error_code(net::ssl::error::stream_truncated);
        return step;
    default: {
        const unsigned long error = ERR_get_error();
        if (ERR_GET_REASON(error) == SSL_R_UNEXPECTED_EOF_WHILE_READING)
            step.error = net::ssl::error::stream_truncated;
        else
            step.error = boost::system::error_code(static_cast<int>(error), net::error::get_ssl_category());
        return step;
    }
    }
}

TlsConnection::Step TlsConnection::handshake() {
    ERR_clear_error();
    errno = 0;
    return finish(SSL_do_handshake(m_ssl.get()), 0);
}

TlsConnection::Step TlsConnection::read(void* data, std::size_t size) {
    if (size == 0) return {};
    auto* out = static_cast<unsigned char*>(data);
    std::size_t total = 0;
    // One SSL_read yields one record at most: go on while more have arrived (no further recv
    // once the read-ahead buffer is empty), so a caller gets everything in one call.
    while (total < size) {
        ERR_clear_error();
        errno = 0;
        std::size_t n = 0;
        const int result = SSL_read_ex(m_ssl.get(), out + total, size - total, &n);
        if (result <= 0) {
            Step step = finish(result, 0);
            if (total == 0) return step;
            // Some bytes read: hand them over; the wait (or an error) comes again on the next call.
            return Step{Wait::None, total, {}};
        }
        total += n;
        if (!SSL_has_pending(m_ssl.get())) break;
    }
    return Step{Wait::None, total, {}};
}

TlsConnection::Step TlsConnection::write(const void* data, std::size_t size) {
    if (size == 0) return {};
    ERR_clear_error();
    errno = 0;
    std::size_t n = 0;
    const int result = SSL_write_ex(m_ssl.get(), data, size, &n);
    return finish(result, n);
}

TlsConnection::Step TlsConnection::shutdown() {
    ERR_clear_error();
    errno = 0;
    int result = SSL_shutdown(m_ssl.get());
    if (result == 0) { // close_notify sent: now wait for the peer's
        ERR_clear_error();
        errno = 0;
        result = SSL_shutdown(m_ssl.get());
    }
    if (result == 1) return {};
    return finish(result, 0);
}

bool TlsConnection::hasBufferedInput() const {
    return SSL_has_pending(m_ssl.get()) == 1;
}

} // namespace fieldseal::server
