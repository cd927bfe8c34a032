#pragma once
// TlsConnection: the server side of one TLS connection, with OpenSSL reading and writing the
// socket itself. Each call does what it can without blocking and says what it waits for; the
// asynchronous stream around it (TlsServerStream) waits for the socket and calls again.
//
// Why not Asio's ssl::stream: it runs OpenSSL on a pair of memory BIOs of 17 KiB and moves every
// byte through them (a recv of at most one record, a copy into the pair, a copy out of it), with
// its engine's bookkeeping per record. For an upload that was a third of the server's CPU per
// byte. Here one recv fills a read-ahead buffer of kReadBufferBytes, and a read decrypts from it
// straight into the caller's buffer.

#include <boost/system/error_code.hpp>

#include <openssl/ssl.h>

#include <cstddef>
#include <memory>

namespace fieldseal::server {

class TlsConnection {
public:
    enum class Wait { None, Read, Write };

    // What one call did: `wait` is not None when it could not go on until the socket is ready
    // (call again then, with the same arguments); otherwise it is finished, with `error` set when
    // it failed and `bytes` read or written when it did not.
    struct Step {
        Wait wait = Wait::None;
        std::size_t bytes = 0;
        boost::system::error_code error;
    };

    // How much one recv may take: several TLS records, so a large body costs few system calls.
    static constexpr std::size_t kReadBufferBytes = 64u << 10;

    // `fd` stays owned by the caller (the Asio socket) and must be non-blocking.
    TlsConnection(SSL_CTX* context, int fd);

    Step handshake();
    // Decrypts into [data, data + size) as many bytes as have arrived (several records when they
    // have); waits only when nothing has. End of stream: net::error::eof after the peer's
    // close_notify, ssl::error::stream_truncated when the connection ended without one.
    Step read(void* data, std::size_t size);
    // Encrypts and sends as much of [data, data + size) as the socket takes (at least one record).
    // After a Wait, call again with the same bytes (their address may change).
    Step write(const void* data, std::size_t size);
    // Sends close_notify and waits for the peer's.
    Step shutdown();

    // Bytes of the peer's next message already inside OpenSSL (decrypted or not).
    bool hasBufferedInput() const;

private:
    Step finish(int result, std::size_t bytes);

    struct Free {
        void operator()(SSL* ssl) const { SSL_free(ssl); }
    };
    std::unique_ptr<SSL, Free> m_ssl;
};

} // namespace fieldseal::server
