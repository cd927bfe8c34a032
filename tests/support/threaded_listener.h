#pragma once
// ThreadedListener: TEST ONLY. The accepting half of the loopback test servers (TestHttpServer,
// TlsTerminator): it listens on 127.0.0.1:<free port> from construction, and once started accepts
// connections on a thread of its own and serves each one on another. A connection's socket is
// closed when its serve function returns, and the threads of ended connections are joined as new
// ones arrive, so long tests do not pile up threads. stop() (and the destructor) stops accepting,
// shuts down the sockets still open, which unblocks recv/send in their threads, and joins them all.

#include "support/socket_util.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <thread>

namespace fieldseal::test {

class ThreadedListener {
public:
    // `fd` is the accepted socket, closed once this returns; `index` is 1 for the first connection
    // accepted, 2 for the next...
    using Serve = std::function<void(int fd, std::size_t index)>;

    ThreadedListener(); // throws when it cannot listen
    ~ThreadedListener();
    ThreadedListener(const ThreadedListener&) = delete;
    ThreadedListener& operator=(const ThreadedListener&) = delete;

    std::uint16_t port() const { return m_port; }
    // Starts accepting; call once, when everything `serve` uses is ready.
    void start(Serve serve);
    void stop();
    bool stopping() const { return m_stopping.load(); }
    std::size_t connectionsAccepted() const { return m_accepted.load(); }

private:
    struct Connection {
        UniqueFd fd; // closed by its thread when it ends (under m_mutex)
        std::thread thread;
        bool finished = false;
    };
    void acceptLoop();

    Serve m_serve;
    UniqueFd m_listener;
    std::uint16_t m_port = 0;
    WakePipe m_wake;
    std::atomic<bool> m_stopping{false};
    std::atomic<std::size_t> m_accepted{0};
    std::mutex m_mutex; // guards each Connection's fd and finished
    std::list<Connection> m_open;
    std::thread m_acceptor;
};

} // namespace fieldseal::test
