#include "support/fault_proxy.h"

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <list>
#include <memory>
#include <optional>
#include <poll.h>
#include <random>
#include <stdexcept>
#include <sys/socket.h>
#include <vector>

namespace fieldseal::test {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kBufferLimit = 256 * 1024;

// One direction of a connection: bytes read from its source and not yet written to its sink.
struct Flow {
    std::string buf;
    std::size_t start = 0;
    bool eof = false; // the source has closed its sending side
    bool shutdownSent = false;
    std::uint64_t forwarded = 0;
    std::optional<std::uint64_t> cutAt;   // drop the connection before byte number *cutAt crosses
    std::optional<std::uint64_t> stallAt; // stall before that byte crosses

    std::size_t pending() const { return buf.size() - start; }
    bool wantsRead() const { return !eof && pending() < kBufferLimit; }
};

struct Conn {
    UniqueFd client;
    UniqueFd server;
    Flow up;   // client -> server
    Flow down; // server -> client
    std::uint64_t generation = 0;
    Clock::time_point stalledUntil{};
    std::chrono::milliseconds stallFor{0};
    bool resetOnCut = true;
    bool dead = false;

    bool finished() const { return dead || (up.shutdownSent && down.shutdownSent); }
};

} // namespace

struct FaultProxy::Impl {
    std::string targetHost;
    std::uint16_t targetPort = 0;
    std::uint16_t port = 0;

    std::mutex mutex; // guards faults, generation and applied
    std::condition_variable appliedCv;
    Faults faults;
    std::uint64_t generation = 1;
    std::uint64_t applied = 1; // the generation the loop has put in force

    std::atomic<bool> stopping{false};
    WakePipe wake;
    UniqueFd listener;
    std::mt19937_64 rng;
    std::list<Conn> conns;

    std::atomic<std::uint64_t> connections{0}, bytesUp{0}, bytesDown{0}, drops{0}, stalls{0};

    void run();
    void plan(Conn& c, const Faults& f, std::uint64_t gen);
    void acceptAll(const Faults& f, std::uint64_t gen);
    void readInto(Conn& c, int fd, Flow& flow);
    void forward(Conn& c, Flow& flow, int sink, std::atomic<std::uint64_t>& counter, Clock::time_point now);
    void kill(Conn& c, bool reset);
};

FaultProxy::Faults FaultProxy::Faults::drop(Direction d, std::uint64_t minBytes, std::uint64_t maxBytes,
                                            bool reset) {
    Faults f;
    f.mode = Mode::Drop;
    f.direction = d;
    f.minBytes = minBytes;
    f.maxBytes = maxBytes;
    f.reset = reset;
    return f;
}

FaultProxy::Faults FaultProxy::Faults::stallAfter(Direction d, std::uint64_t minBytes, std::uint64_t maxBytes,
                                                  std::chrono::milliseconds stall) {
    Faults f;
    f.mode = Mode::Stall;
    f.direction = d;
    f.minBytes = minBytes;
    f.maxBytes = maxBytes;
    f.stall = stall;
    return f;
}

FaultProxy::Faults FaultProxy::Faults::refuse() {
    Faults f;
    f.mode = Mode::Refuse;
    return f;
}

FaultProxy::FaultProxy(std::string targetHost, std::uint16_t targetPort, std::uint64_t seed)
    : m_targetHost(std::move(targetHost))
    , m_targetPort(targetPort)
    , m_impl(std::make_unique<Impl>()) {
    m_impl->targetHost = m_targetHost;
    m_impl->targetPort = m_targetPort;
    m_impl->rng.seed(seed);
    m_impl->listener = listenLoopback(0);
    setNonBlocking(m_impl->listener.get());
    m_port = m_impl->port = localPort(m_impl->listener.get());
    m_thread = std::thread([impl = m_impl.get()] { impl->run(); });
}

FaultProxy::~FaultProxy() {
    stop();
}

std::string FaultProxy::url(const std::string& scheme) const {
    return scheme + "://127.0.0.1:" + std::to_string(m_port);
}

void FaultProxy::setFaults(const Faults& faults) {
    std::unique_lock lock(m_impl->mutex);
    m_impl->faults = faults;
    const auto gen = ++m_impl->generation;
    m_impl->wake.notify();
    // Returns once the loop has the new faults in force (listener closed or reopened, open
    // connections re-planned), so a test's next request meets them.
    m_impl->appliedCv.wait_for(lock, std::chrono::seconds(10),
                               [&] { return m_impl->applied >= gen || m_impl->stopping.load(); });
}

FaultProxy::Counters FaultProxy::counters() const {
    return Counters{m_impl->connections.load(), m_impl->bytesUp.load(), m_impl->bytesDown.load(),
                    m_impl->drops.load(), m_impl->stalls.load()};
}

void FaultProxy::stop() {
    m_impl->stopping.store(true);
    m_impl->wake.notify();
    if (m_thread.joinable()) m_thread.join();
}

void FaultProxy::Impl::plan(Conn& c, const Faults& f, std::uint64_t gen) {
    c.generation = gen;
    c.up.cutAt.reset();
    c.up.stallAt.reset();
    c.down.cutAt.reset();
    c.down.stallAt.reset();
    c.stalledUntil = {};
    c.stallFor = f.stall;
    c.resetOnCut = f.reset;
    if (f.mode != Mode::Drop && f.mode != Mode::Stall) return;
    if (std::uniform_real_distribution<double>(0.0, 1.0)(rng) >= f.probability) return;
    Direction d = f.direction;
    if (d == Direction::Either)
        d = std::uniform_int_distribution<int>(0, 1)(rng) == 0 ? Direction::ClientToServer
                                                               : Direction::ServerToClient;
    const auto budget =
        std::uniform_int_distribution<std::uint64_t>(f.minBytes, std::max(f.minBytes, f.maxBytes))(rng);
    Flow& flow = d == Direction::ClientToServer ? c.up : c.down;
    (f.mode == Mode::Drop ? flow.cutAt : flow.stallAt) = flow.forwarded + budget;
}

void FaultProxy::Impl::kill(Conn& c, bool reset) {
    if (reset) {
        if (c.client) setLingerZero(c.client.get());
        if (c.server) setLingerZero(c.server.get());
    }
    c.client.reset();
    c.server.reset();
    c.dead = true;
}

void FaultProxy::Impl::acceptAll(const Faults& f, std::uint64_t gen) {
    for (;;) {
        UniqueFd client(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
        if (!client) return;
        UniqueFd server = connectTcp(targetHost, targetPort);
        if (!server) {
            setLingerZero(client.get()); // the target is down: the client sees a reset
            continue;
        }
        setNonBlocking(client.get());
        setNonBlocking(server.get());
        Conn& c = conns.emplace_back();
        c.client = std::move(client);
        c.server = std::move(server);
        plan(c, f, gen);
        ++connections;
    }
}

void FaultProxy::Impl::readInto(Conn& c, int fd, Flow& flow) {
    if (c.dead || !flow.wantsRead()) return;
    if (flow.start == flow.buf.size()) {
        flow.buf.clear();
        flow.start = 0;
    }
    char tmp[65536];
    const std::size_t room = std::min(sizeof tmp, kBufferLimit - flow.pending());
    const ssize_t n = ::recv(fd, tmp, room, 0);
    if (n > 0) {
        flow.buf.append(tmp, static_cast<std::size_t>(n));
    } else if (n == 0) {
        flow.eof = true;
    } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        kill(c, true); // one side reset: pass the reset on
    }
}

void FaultProxy::Impl::forward(Conn& c, Flow& flow, int sink, std::atomic<std::uint64_t>& counter,
                               Clock::time_point now) {
    if (c.dead) return;
    if (flow.pending() > 0 && now >= c.stalledUntil) {
        if (flow.cutAt && flow.forwarded >= *flow.cutAt) {
            ++drops;
            kill(c, c.resetOnCut);
            return;
        }
        if (flow.stallAt && flow.forwarded >= *flow.stallAt) {
            flow.stallAt.reset();
            c.stalledUntil = now + c.stallFor;
            ++stalls;
            return;
        }
        std::size_t allowed = flow.pending();
        if (flow.cutAt) allowed = std::min<std::uint64_t>(allowed, *flow.cutAt - flow.forwarded);
        if (flow.stallAt) allowed = std::min<std::uint64_t>(allowed, *flow.stallAt - flow.forwarded);
        const ssize_t n = ::send(sink, flow.buf.data() + flow.start, allowed, MSG_NOSIGNAL);
        if (n > 0) {
            flow.start += static_cast<std::size_t>(n);
            flow.forwarded += static_cast<std::uint64_t>(n);
            counter += static_cast<std::uint64_t>(n);
        } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            kill(c, true);
            return;
        }
    }
    if (flow.eof && flow.pending() == 0 && !flow.shutdownSent) {
        ::shutdown(sink, SHUT_WR);
        flow.shutdownSent = true;
    }
}

void FaultProxy::Impl::run() {
    std::vector<pollfd> pfds;
    while (!stopping.load()) {
        Faults f;
        std::uint64_t gen = 0;
        {
            std::lock_guard lock(mutex);
            f = faults;
            gen = generation;
        }
        bool listenFailed = false;
        if (f.mode == Mode::Refuse && listener) {
            listener.reset();
        } else if (f.mode != Mode::Refuse && !listener) {
            try {
                listener = listenLoopback(port);
                setNonBlocking(listener.get());
            } catch (const std::runtime_error&) {
                listenFailed = true; // the port is briefly unavailable: try again shortly
            }
        }
        for (auto& c : conns)
            if (c.generation != gen) plan(c, f, gen);
        if (!listenFailed) {
            std::lock_guard lock(mutex);
            applied = gen;
            appliedCv.notify_all();
        }

        const auto now = Clock::now();
        pfds.clear();
        pfds.push_back({wake.readFd(), POLLIN, 0});
        if (listener) pfds.push_back({listener.get(), POLLIN, 0});
        const std::size_t firstConn = pfds.size();
        int timeoutMs = listenFailed ? 50 : -1;
        for (auto& c : conns) {
            const bool stalled = now < c.stalledUntil;
            const auto events = [&](const Flow& in, const Flow& out) {
                short e = 0;
                if (in.wantsRead()) e |= POLLIN;
                if (out.pending() > 0 && !stalled) e |= POLLOUT;
                return e;
            };
            pfds.push_back({c.client.get(), events(c.up, c.down), 0});
            pfds.push_back({c.server.get(), events(c.down, c.up), 0});
            if (stalled) {
                const auto ms =
                    std::chrono::duration_cast<std::chrono::milliseconds>(c.stalledUntil - now).count() + 1;
                timeoutMs = timeoutMs < 0 ? static_cast<int>(ms) : std::min(timeoutMs, static_cast<int>(ms));
            }
        }
        if (::poll(pfds.data(), pfds.size(), timeoutMs) < 0 && errno != EINTR) break;
        if (pfds[0].revents) wake.drain();
        if (stopping.load()) break;

        std::size_t i = firstConn;
        const auto after = Clock::now();
        for (auto& c : conns) {
            const short clientEvents = pfds[i++].revents;
            const short serverEvents = pfds[i++].revents;
            if (clientEvents & (POLLIN | POLLHUP | POLLERR)) readInto(c, c.client.get(), c.up);
            if (serverEvents & (POLLIN | POLLHUP | POLLERR)) readInto(c, c.server.get(), c.down);
            if ((clientEvents | serverEvents) & POLLERR) {
                kill(c, true);
                continue;
            }
            forward(c, c.up, c.server.get(), bytesUp, after);
            forward(c, c.down, c.client.get(), bytesDown, after);
        }
        conns.remove_if([](const Conn& c) { return c.finished(); });
        if (listener && pfds.size() > 1 && pfds[1].fd == listener.get() && (pfds[1].revents & POLLIN))
            acceptAll(f, gen);
    }
    conns.clear();
    listener.reset();
}

} // namespace fieldseal::test
