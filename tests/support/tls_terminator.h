#pragma once
// TlsTerminator: TEST ONLY. Accepts TLS on 127.0.0.1:<free port> with a given certificate and key
// and relays the plaintext to a target host:port (as stunnel does), so that a plain
// TestHttpServer can be reached over HTTPS and a client's certificate checks and TLS error paths
// can be tested. One thread per connection; stop() and the destructor join them. Constructing one
// ignores SIGPIPE in the process (OpenSSL writes to sockets with write(2)).

#include "support/threaded_listener.h"

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

namespace fieldseal::test {

class TlsTerminator {
public:
    TlsTerminator(const std::filesystem::path& certificateFile, const std::filesystem::path& keyFile,
                  std::string targetHost, std::uint16_t targetPort);
    ~TlsTerminator();
    TlsTerminator(const TlsTerminator&) = delete;
    TlsTerminator& operator=(const TlsTerminator&) = delete;

    std::uint16_t port() const { return m_listener.port(); }
    std::string url() const { return "https://127.0.0.1:" + std::to_string(port()); }
    std::size_t handshakesCompleted() const { return m_handshakes.load(); }
    void stop();

private:
    struct Context;
    void serve(int fd);

    std::unique_ptr<Context> m_ctx;
    std::string m_targetHost;
    std::uint16_t m_targetPort;
    std::atomic<std::size_t> m_handshakes{0};
    ThreadedListener m_listener; // last: its threads end before the members above go
};

} // namespace fieldseal::test
