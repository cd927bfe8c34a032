#pragma once
// Small POSIX socket helpers shared by the test servers: loopback listeners, a self-pipe to wake
// a poll loop, and whole-buffer sends.

#include "model/unique_fd.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace fieldseal::test {

// A listening TCP socket on 127.0.0.1:port (0 = any free port), SO_REUSEADDR set; throws on failure.
UniqueFd listenLoopback(std::uint16_t port, int backlog = 64);
std::uint16_t localPort(int fd);
// A blocking connection to host:port (numeric IPv4), or an invalid fd.
UniqueFd connectTcp(const std::string& host, std::uint16_t port);
void setNonBlocking(int fd);
// Sends everything (blocking socket, no SIGPIPE); false when the peer is gone.
bool sendAll(int fd, std::string_view data);
// Makes close() send RST instead of FIN.
void setLingerZero(int fd);

// A pipe whose read end wakes poll() when notify() writes to it.
class WakePipe {
public:
    WakePipe();
    int readFd() const { return m_read.get(); }
    void notify();
    void drain();

private:
    UniqueFd m_read;
    UniqueFd m_write;
};

} // namespace fieldseal::test
