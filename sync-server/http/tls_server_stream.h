#pragma once
// TlsServerStream: a TlsConnection as a Beast stream (AsyncReadStream, AsyncWriteStream and
// SyncReadStream), for the server's connections. Its next layer is the connection's
// beast::tcp_stream (closing, plain reads for a lingering close).
//
// Every operation first asks OpenSSL, and waits for the socket only when OpenSSL needs it:
// a body already in the read-ahead buffer is read without a trip through the event loop.
// read_some() never waits (would_block instead): the server drains an upload's arrived bytes
// with it and falls back to async_read_some.
//
// Timeouts: expires_after() bounds each wait of the operations that follow (like
// beast::tcp_stream's); when it passes, the operation ends with beast::error::timeout and the
// socket is closed. One operation at a time (a server connection reads, then writes).
//
// Included only by https_server.cpp (Beast stays in one translation unit).

#include "http/tls_connection.h"

#include <boost/asio/compose.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <utility>

namespace fieldseal::server {

class TlsServerStream {
public:
    using next_layer_type = boost::beast::tcp_stream;
    using executor_type = next_layer_type::executor_type;
    using Clock = std::chrono::steady_clock;

    TlsServerStream(boost::asio::ip::tcp::socket&& socket, SSL_CTX* context)
        : m_next(std::move(socket))
        , m_timer(m_next.get_executor())
        , m_tls(context, nonBlocking(m_next.socket())) {}

    executor_type get_executor() { return m_next.get_executor(); }
    next_layer_type& next_layer() { return m_next; }

    void expires_after(Clock::duration timeout) { m_deadline = Clock::now() + timeout; }

    // Bytes of the next message are inside the TLS layer or on the socket.
    bool hasBufferedInput() const { return m_tls.hasBufferedInput(); }

    template <class Handler> auto async_handshake(Handler&& handler) {
        return boost::asio::async_compose<Handler, void(boost::system::error_code)>(
            operation<false>([this] { return m_tls.handshake(); }), handler, m_next);
    }

    template <class Handler> auto async_shutdown(Handler&& handler) {
        return boost::asio::async_compose<Handler, void(boost::system::error_code)>(
            operation<false>([this] { return m_tls.shutdown(); }), handler, m_next);
    }

    template <class MutableBuffers, class Handler>
    auto async_read_some(const MutableBuffers& buffers, Handler&& handler) {
        const auto target = firstNonEmpty<boost::asio::mutable_buffer>(buffers);
        return boost::asio::async_compose<Handler, void(boost::system::error_code, std::size_t)>(
            operation<true>([this, target] { return m_tls.read(target.data(), target.size()); }), handler,
            m_next);
    }

    template <class MutableBuffers> std::size_t read_some(const MutableBuffers& buffers, boost::beast::error_code& ec) {
        const auto target = firstNonEmpty<boost::asio::mutable_buffer>(buffers);
        auto read = [this, target] { return m_tls.read(target.data(), target.size()); };
        const TlsConnection::Step step = attempt(read);
        ec = step.wait != TlsConnection::Wait::None ? boost::asio::error::would_block : step.error;
        return step.bytes;
    }

    template <class MutableBuffers> std::size_t read_some(const MutableBuffers& buffers) {
        boost::beast::error_code ec;
        const std::size_t n = read_some(buffers, ec);
        if (ec) throw boost::system::system_error(ec);
        return n;
    }

    // Small pieces (a response header, then its body) are joined into one record of at most
    // kJoinBytes: one encryption and one send instead of one per piece.
    template <class ConstBuffers, class Handler>
    auto async_write_some(const ConstBuffers& buffers, Handler&& handler) {
        auto source = firstNonEmpty<boost::asio::const_buffer>(buffers);
        if (source.size() < kJoinBytes) {
            const std::size_t n = boost::asio::buffer_copy(boost::asio::buffer(m_joined), buffers);
            source = boost::asio::const_buffer(m_joined.data(), n);
        }
        return boost::asio::async_compose<Handler, void(boost::system::error_code, std::size_t)>(
            operation<true>([this, source] { return m_tls.write(source.data(), source.size()); }), handler,
            m_next);
    }

private:
    static constexpr std::size_t kJoinBytes = 16u << 10;

    static int nonBlocking(boost::asio::ip::tcp::socket& socket) {
        // OpenSSL reads and writes the socket directly: it must never block an io thread.
        boost::system::error_code ignored;
        socket.native_non_blocking(true, ignored);
        return socket.native_handle();
    }

    template <class Buffer, class Buffers> static Buffer firstNonEmpty(const Buffers& buffers) {
        for (auto it = boost::asio::buffer_sequence_begin(buffers); it != boost::asio::buffer_sequence_end(buffers);
             ++it) {
            const Buffer buffer(*it);
            if (buffer.size() > 0) return buffer;
        }
        return Buffer();
    }

    // Waits until the socket is ready for `what`, under the deadline; completes `self` with the
    // wait's error (beast::error::timeout when the deadline passed: the socket is closed then).
    template <class Self> void wait(TlsConnection::Wait what, Self&& self) {
        const std::uint64_t tick = ++m_waitTick;
        if (m_deadline != Clock::time_point::max()) {
            m_timer.expires_at(m_deadline);
            m_timer.async_wait([this, tick](boost::system::error_code ec) {
                if (ec || tick != m_waitTick) return; // the wait ended first
                m_timedOut = true;
                m_next.close();
            });
        }
        m_next.socket().async_wait(what == TlsConnection::Wait::Read ? boost::asio::socket_base::wait_read
                                                                     : boost::asio::socket_base::wait_write,
                                   std::forward<Self>(self));
    }

    boost::system::error_code endWait(boost::system::error_code ec) {
        ++m_waitTick;
        m_timer.cancel();
        if (m_timedOut) {
            m_timedOut = false;
            return boost::beast::error::timeout;
        }
        return ec;
    }

    // One operation: calls `attempt` until it no longer waits. A result at the first call is
    // posted (a completion handler never runs inside the call that started it). WithBytes: the
    // completion also says how many bytes were read or written.
    template <class Attempt, bool WithBytes> class Operation {
    public:
        Operation(Attempt attempt, TlsServerStream& stream)
            : m_attempt(std::move(attempt))
            , m_stream(stream) {}

        template <class Self> void operator()(Self& self, boost::system::error_code ec = {}, std::size_t = 0) {
            if (m_phase == Phase::Completing) return complete(self);
            if (m_phase == Phase::Waiting) {
                if (auto failed = m_stream.endWait(ec)) {
                    m_step = TlsConnection::Step{TlsConnection::Wait::None, 0, failed};
                    return complete(self);
                }
            }
            const bool first = m_phase == Phase::Starting;
            m_step = m_stream.attempt(m_attempt);
            if (m_step.wait != TlsConnection::Wait::None) {
                m_phase = Phase::Waiting;
                return m_stream.wait(m_step.wait, std::move(self));
            }
            if (first) {
                m_phase = Phase::Completing;
                return boost::asio::post(m_stream.get_executor(), std::move(self));
            }
            complete(self);
        }

    private:
        enum class Phase { Starting, Waiting, Completing };

        template <class Self> void complete(Self& self) {
            if constexpr (WithBytes) self.complete(m_step.error, m_step.bytes);
            else self.complete(m_step.error);
        }

        Attempt m_attempt;
        TlsServerStream& m_stream;
        Phase m_phase = Phase::Starting;
        TlsConnection::Step m_step;
    };

    template <bool WithBytes, class Attempt> Operation<Attempt, WithBytes> operation(Attempt attempt) {
        return Operation<Attempt, WithBytes>(std::move(attempt), *this);
    }

    // A closed socket's descriptor may already belong to another connection: never touched again.
    template <class Attempt> TlsConnection::Step attempt(Attempt& attempt) {
        if (!m_next.socket().is_open())
            return TlsConnection::Step{TlsConnection::Wait::None, 0, boost::asio::error::bad_descriptor};
        return attempt();
    }

    next_layer_type m_next;
    boost::asio::steady_timer m_timer;
    TlsConnection m_tls;
    Clock::time_point m_deadline = Clock::time_point::max();
    std::uint64_t m_waitTick = 0;
    bool m_timedOut = false;
    std::array<char, kJoinBytes> m_joined{};
};

} // namespace fieldseal::server
