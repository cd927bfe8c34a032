#pragma once
// FaultProxy: a TCP relay on 127.0.0.1:<free port> to a target host:port that misbehaves on
// command, for testing clients (and client–server pairs) on a bad network. It only moves bytes,
// so TLS passes through unchanged. One thread runs a poll loop over every connection.
//
// Faults (switched at run time with setFaults, which returns once they are in force; they apply
// to open connections, counting bytes from the moment of the switch, and to every new one):
// - PassThrough: relay faithfully.
// - Drop: after a random number of bytes in [minBytes, maxBytes] has crossed in the chosen
//   direction, the connection is cut (RST, or FIN when reset=false) as soon as another byte would
//   cross — a request or response body cut in the middle.
// - Stall: after that many bytes, the connection stops relaying for `stall`, then goes on.
// - Refuse: the listening socket is closed (new connections are refused by the kernel); it
//   reopens on the same port when the mode changes.
// `probability` is the chance that a given connection is affected at all (drawn per connection
// and per switch). Randomness is from one seeded generator: a test with a seed replays the same
// draws for the same sequence of connections.

#include "support/socket_util.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace fieldseal::test {

class FaultProxy {
public:
    enum class Direction { ClientToServer, ServerToClient, Either };
    enum class Mode { PassThrough, Drop, Stall, Refuse };

    struct Faults {
        Mode mode = Mode::PassThrough;
        Direction direction = Direction::Either; // Either: drawn per connection
        std::uint64_t minBytes = 0;
        std::uint64_t maxBytes = 64 * 1024;
        std::chrono::milliseconds stall{0};
        bool reset = true;
        double probability = 1.0;

        static Faults passThrough() { return {}; }
        static Faults drop(Direction d, std::uint64_t minBytes, std::uint64_t maxBytes, bool reset = true);
        static Faults stallAfter(Direction d, std::uint64_t minBytes, std::uint64_t maxBytes,
                                 std::chrono::milliseconds stall);
        static Faults refuse();
    };

    struct Counters {
        std::uint64_t connections = 0; // accepted and relayed
        std::uint64_t bytesClientToServer = 0;
        std::uint64_t bytesServerToClient = 0;
        std::uint64_t drops = 0;
        std::uint64_t stalls = 0;
        std::uint64_t faults() const { return drops + stalls; }
    };

    FaultProxy(std::string targetHost, std::uint16_t targetPort, std::uint64_t seed);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    std::uint16_t port() const { return m_port; }
    // "<scheme>://127.0.0.1:<port>"
    std::string url(const std::string& scheme = "http") const;

    void setFaults(const Faults& faults);
    Counters counters() const;
    void stop();

private:
    struct Impl;
    std::string m_targetHost;
    std::uint16_t m_targetPort;
    std::uint16_t m_port = 0;
    std::unique_ptr<Impl> m_impl;
    std::thread m_thread;
};

} // namespace fieldseal::test
