#include "support/threaded_listener.h"

#include <cerrno>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace fieldseal::test {

ThreadedListener::ThreadedListener()
    : m_listener(listenLoopback(0)) {
    m_port = localPort(m_listener.get());
}

ThreadedListener::~ThreadedListener() {
    stop();
}

void ThreadedListener::start(Serve serve) {
    m_serve = std::move(serve);
    m_acceptor = std::thread([this] { acceptLoop(); });
}

void ThreadedListener::stop() {
    if (!m_stopping.exchange(true)) m_wake.notify();
    if (m_acceptor.joinable()) m_acceptor.join();
    {
        std::lock_guard lock(m_mutex);
        for (auto& c : m_open)
            if (c.fd) ::shutdown(c.fd.get(), SHUT_RDWR);
    }
    // Only the acceptor, now gone, adds to m_open.
    for (auto& c : m_open)
        if (c.thread.joinable()) c.thread.join();
    m_open.clear();
    m_listener.reset();
}

void ThreadedListener::acceptLoop() {
    while (!m_stopping.load()) {
        pollfd fds[2] = {{m_listener.get(), POLLIN, 0}, {m_wake.readFd(), POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (fds[1].revents) return;
        if (!(fds[0].revents & POLLIN)) continue;
        const int fd = ::accept4(m_listener.get(), nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        const std::size_t index = ++m_accepted;
        std::lock_guard lock(m_mutex);
        if (m_stopping.load()) {
            ::close(fd);
            return;
        }
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
        c.thread = std::thread([this, &c, fd, index] {
            m_serve(fd, index);
            std::lock_guard lock(m_mutex);
            c.fd.reset();
            c.finished = true;
        });
    }
}

} // namespace fieldseal::test
