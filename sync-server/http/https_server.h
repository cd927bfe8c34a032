#pragma once
// HttpsServer: the transport. Accepts TLS 1.2+ (or, on loopback only, plain HTTP) connections on
// a small thread pool, parses HTTP/1.1 with explicit limits, hands each complete request to the
// Router and writes its response back; keep-alive so clients reuse connections.
//
// Boost.Beast stays in https_server.cpp (pimpl): this header is cheap to include.
//
// Limits and what a client sees when it crosses one:
//   header larger than maxHeaderBytes          -> 431, connection closed
//   body larger than Router::bodyLimit(route)  -> 413 payload_too_large (checked from Content-Length
//                                                  before any body byte is read; honours Expect: 100-continue)
//   no complete request header within readTimeout (first request) or idleTimeout (kept-alive
//   connection), or no body progress within readTimeout, or a response the client does not read
//   for readTimeout -> connection closed
//   more than maxConnections open              -> new connections closed at accept
//
// Handlers run synchronously on the io threads (they may block on the database lock). Each io thread
// runs its own event loop, and a connection stays on one thread from accept to close (a new one goes
// to the thread with the fewest connections): a slow handler delays only the connections sharing
// its thread.
// stop(): stops accepting, closes idle connections, lets in-flight requests finish and answer
// (with Connection: close) for up to shutdownGrace, then closes whatever is left and joins the threads.

#include "model/result.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace fieldseal::server {

class Router;

class HttpsServer {
public:
    struct Options {
        std::string host = "127.0.0.1"; // an IP address or a host name (resolved once, first address used)
        std::uint16_t port = 8443;      // 0: an ephemeral port, see port()
        bool plainHttp = false;         // refused unless host is a loopback address
        std::filesystem::path certificateChainFile; // PEM: the server certificate, then intermediates
        std::filesystem::path privateKeyFile;       // PEM (P-256 or RSA)
        int threads = 4;
        std::size_t maxHeaderBytes = 16 * 1024;
        std::chrono::milliseconds readTimeout{30'000}; // also bounds TLS handshakes and stalled writes
        std::chrono::milliseconds idleTimeout{60'000};
        std::chrono::milliseconds shutdownGrace{10'000};
        std::size_t maxConnections = 512;
    };

    explicit HttpsServer(Router& router);
    ~HttpsServer(); // stop()s if still running
    HttpsServer(const HttpsServer&) = delete;
    HttpsServer& operator=(const HttpsServer&) = delete;

    // Binds, loads the TLS credentials and starts the io threads. An Error (domain Network or
    // Usage) says why it could not: bad address, port in use, unreadable certificate or key, key
    // not matching the certificate, plain HTTP asked for on a non-loopback address, started twice.
    Status start(const Options& options);

    // The bound port (the ephemeral one when Options::port was 0); 0 before start().
    std::uint16_t port() const;

    // Graceful shutdown as described above; idempotent, callable from any thread except an io
    // thread of this server (i.e. not from a handler). Returns when all io threads have ended.
    void stop();

    // Blocks until the server has been stopped (returns at once if it never started).
    void wait();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// For main: serves until SIGTERM or SIGINT arrives (or the server is stopped otherwise), then
// stops the server gracefully. Call after start().
void runUntilSignal(HttpsServer& server);

} // namespace fieldseal::server
