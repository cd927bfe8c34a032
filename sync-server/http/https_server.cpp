// The only Boost.Beast translation unit of the server (it costs ~10 s to compile).
#include "http/https_server.h"

#include <algorithm>

#include "http/metrics.h"
#include "http/file_response_body.h"
#include "http/router.h"
#include "http/tls_server_stream.h"
#include "http/url.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <openssl/ssl.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <limits>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>

namespace fieldseal::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

// TLS 1.2 suites: forward secret AEAD only. TLS 1.3 keeps OpenSSL's defaults (all AEAD).
constexpr const char* kTls12Ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                                      "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                                      "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

// TLS 1.3 suites in the server's order of preference (SSL_OP_CIPHER_SERVER_PREFERENCE): AES-128-GCM
// first, the fastest with AES-NI (uploads of evidence are bound by it); OpenSSL's default order
// would pick AES-256-GCM, about a third slower, and clients without AES hardware still get ChaCha20.
constexpr const char* kTls13Suites = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";

// A request whose declared body is over its limit by at most this much is read and discarded
// before the 413 goes out, so the client reads the answer instead of a connection reset and the
// connection stays usable. Larger ones are answered at once and the connection is closed.
constexpr std::uint64_t kDrainOversizedBodyUpTo = 1u << 20;
// ... and only when the whole body is at most this (a route taking gigabytes is not drained).
constexpr std::uint64_t kDrainAtMost = 16u << 20;
// Free room in the read buffer while a body is read (see readBody): several TLS records.
constexpr std::size_t kBodyReadBytes = 64u << 10;
// After an error response that leaves unread input, how much input and time the lingering
// close spends draining it (so the client sees the response rather than a TCP reset). It covers
// a body a few MiB over its limit: at 1 MiB, a 2 MiB login body sometimes met a reset while the
// client was still sending, and the client saw "broken pipe" instead of the 413.
constexpr std::size_t kLingerDrainBytes = 8u << 20;
constexpr std::chrono::seconds kLingerTime{2};
constexpr std::chrono::seconds kTlsShutdownTime{2};

void logLine(const std::string& line) {
    const std::string buf = "fieldseal-server: " + line + "\n";
    std::fwrite(buf.data(), 1, buf.size(), stderr);
}

Error networkError(std::string message) {
    return Error{ErrorDomain::Network, ErrorCode::InvalidInput, std::move(message)};
}

bool noBodyStatus(int status) {
    return (status >= 100 && status < 200) || status == 204 || status == 304;
}

bool headerSafe(const std::string& s) {
    return s.find_first_of("\r\n") == std::string::npos;
}

// The request body as the parser fills it: collected into a string (ordinary requests, exactly
// what http::string_body did), or, for a route that streams its body, handed piece by piece to
// the route's stream as it is parsed, so an upload of any size is never held in memory.
struct RequestBody {
    struct value_type {
        std::string text;
        Router::OpenStream* stream = nullptr;
        std::optional<HttpResponse> stopped; // the stream's answer that ended the body early
        bool discard = false;                // read only to be dropped (the request was refused)
    };

    class reader {
    public:
        template <bool isRequest, class Fields>
        reader(http::header<isRequest, Fields>&, value_type& body)
            : m_body(body) {}

        void init(const boost::optional<std::uint64_t>& length, beast::error_code& ec) {
            ec = {};
            if (m_body.stream || m_body.discard || !length) return;
            if (*length > m_body.text.max_size()) {
                ec = http::error::buffer_overflow;
                return;
            }
            m_body.text.reserve(static_cast<std::size_t>(*length));
        }

        template <class ConstBufferSequence> std::size_t put(const ConstBufferSequence& buffers, beast::error_code& ec) {
            ec = {};
            std::size_t n = 0;
            for (const auto b : beast::buffers_range_ref(buffers)) {
                const std::string_view piece(static_cast<const char*>(b.data()), b.size());
                if (m_body.stream) {
                    if (auto stop = m_body.stream->write(piece)) {
                        m_body.stopped = std::move(stop);
                        ec = net::error::operation_aborted;
                        return n;
                    }
                } else if (!m_body.discard) {
                    m_body.text.append(piece);
                }
                n += piece.size();
            }
            return n;
        }

        void finish(beast::error_code& ec) { ec = {}; }

    private:
        value_type& m_body;
    };
};



// The part of a connection the server's registry sees: stop() asks every session to close when idle.
class SessionBase {
public:
    virtual ~SessionBase() = default;
    // Posted to the session's io thread: close now if waiting for a request; otherwise close after
    // the current response (the server's stopping flag makes it answer with Connection: close).
    virtual void closeIfIdle() = 0;
    // Posted to the session's io thread after the grace period: close whatever state it is in.
    virtual void forceClose() = 0;
};

// Everything the server shares with its sessions (HttpsServer::Impl is this; Session needs the name).
struct ServerState {
    using Options = HttpsServer::Options;
    Router& router;
    Options options;

    std::mutex mutex; // guards the fields below up to `sessions`
    std::condition_variable cv;
    bool running = false;
    bool stopping = false;
    std::uint64_t nextSessionId = 1;
    std::map<std::uint64_t, std::weak_ptr<SessionBase>> sessions;
    std::map<std::uint64_t, std::size_t> sessionContext; // the io_context each session lives on

    std::mutex stopMutex; // one stop() at a time
    std::atomic<bool> stoppingFlag{false};
    std::atomic<std::uint16_t> boundPort{0};

    // One io_context per io thread, and each connection lives on one of them from accept to close.
    // With one context shared by every thread, each wait for the network ended on whichever thread
    // epoll woke: a large upload hopped between threads for every burst of TLS records, and the
    // wake-ups and cold caches cost more than the decryption (bench_server: ~40% of upload speed).
    // A new connection goes to the context with the fewest open connections. The listener has a
    // context and thread of its own (`acceptIoc`), so that a handler blocking its thread never
    // delays new connections or stop() closing the listener.
    // Destroyed (in stop()) before the fields above: sessions unregister in their destructors.
    std::unique_ptr<net::io_context> acceptIoc;
    std::vector<std::unique_ptr<net::io_context>> iocs;
    std::vector<net::executor_work_guard<net::io_context::executor_type>> work;
    std::vector<std::size_t> openOn; // open connections per context (guarded by `mutex`)
    std::unique_ptr<ssl::context> tls;
    std::unique_ptr<tcp::acceptor> acceptor;
    std::vector<std::thread> threads;

    explicit ServerState(Router& r)
        : router(r) {}

    Status start(const Options& opts);
    void stop();
    void doAccept();
    void onAccept(beast::error_code ec, std::size_t context, tcp::socket socket);
    // The context with the fewest open connections.
    std::size_t quietestContext();

    // Registers a new session on context `context`; false when stopping or at the connection limit.
    bool registerSession(const std::shared_ptr<SessionBase>& session, std::size_t context, std::uint64_t& id) {
        std::lock_guard lock(mutex);
        if (stopping) return false;
        if (sessions.size() >= options.maxConnections) {
            router.metrics().add("fieldseal_http_connections_refused_total");
            return false;
        }
        id = nextSessionId++;
        sessions.emplace(id, session);
        sessionContext.emplace(id, context);
        ++openOn[context];
        router.metrics().set("fieldseal_http_connections_open", static_cast<double>(sessions.size()));
        return true;
    }

    void unregisterSession(std::uint64_t id) {
        {
            std::lock_guard lock(mutex);
            sessions.erase(id);
            if (auto it = sessionContext.find(id); it != sessionContext.end()) {
                --openOn[it->second];
                sessionContext.erase(it);
            }
            router.metrics().set("fieldseal_http_connections_open", static_cast<double>(sessions.size()));
        }
        cv.notify_all();
    }

    bool isStopping() const { return stoppingFlag.load(std::memory_order_acquire); }

    // The server whose io thread this is (null on other threads): stop() must not join itself.
    static inline thread_local const ServerState* t_ioThreadOf = nullptr;
    bool onIoThread() const { return t_ioThreadOf == this; }
};



// One client connection: TLS handshake (when Stream is a TlsServerStream), then request after request.
// Everything runs on the connection's io thread (one io_context, run by one thread).
template <class Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
public:
    static constexpr bool kTls = std::is_same_v<Stream, TlsServerStream>;

    Session(ServerState& server, tcp::socket&& socket, ssl::context* tls)
        : m_server(server)
        , m_stream(makeStream(std::move(socket), tls)) {
        beast::error_code ec;
        const auto remote = beast::get_lowest_layer(m_stream).socket().remote_endpoint(ec);
        if (!ec) m_remote = remote.address().to_string() + ":" + std::to_string(remote.port());
    }

    ~Session() override {
        if (m_id) m_server.unregisterSession(m_id);
    }

    void setId(std::uint64_t id) { m_id = id; }

    void run() {
        net::dispatch(m_stream.get_executor(), [self = this->shared_from_this()] { self->onRun(); });
    }

    void closeIfIdle() override {
        net::post(m_stream.get_executor(), [self = this->shared_from_this()] {
            if (!self->m_busy && !self->requestArriving()) self->hardClose();
        });
    }

    void forceClose() override {
        net::post(m_stream.get_executor(), [self = this->shared_from_this()] { self->hardClose(); });
    }

private:
    static Stream makeStream(tcp::socket&& socket, ssl::context* tls) {
        if constexpr (kTls) return Stream(std::move(socket), tls->native_handle());
        else return Stream(std::move(socket));
    }

    beast::tcp_stream& lowest() { return beast::get_lowest_layer(m_stream); }

    // The time the next operation may wait for the client (the TLS layer's reads and writes, and
    // the plain reads of a lingering close).
    void expiresAfter(Clock::duration timeout) {
        lowest().expires_after(timeout);
        if constexpr (kTls) m_stream.expires_after(timeout);
    }

    // Bytes of the next request have arrived (in the read buffer, inside TLS, or on the socket)
    // but its header is not complete yet: the request is under way, and a graceful stop serves it
    // (with Connection: close) instead of cutting it off. Without this, a stop that came just
    // after a client sent its request, before the header was parsed, reset the connection.
    bool requestArriving() {
        if (m_buffer.size() > 0) return true;
        beast::error_code ec;
        if (lowest().socket().available(ec) > 0 && !ec) return true;
        if constexpr (kTls)
            if (m_stream.hasBufferedInput()) return true;
        return false;
    }

    void onRun() {
        if constexpr (kTls) {
            expiresAfter(m_server.options.readTimeout);
            m_stream.async_handshake([self = this->shared_from_this()](beast::error_code ec) {
                if (ec) return self->hardClose();
                self->readHeader();
            });
        } else {
            readHeader();
        }
    }

    void readHeader() {
        // Stopping: no new request, unless one is already arriving (a client that sent it just as
        // the TLS handshake ended, before this ran): that one is served, with Connection: close.
        if (m_server.isStopping() && !requestArriving()) return gracefulClose();
        m_busy = false;
        m_bodyStream.reset();
        m_earlyAnswer.reset();
        m_parser.emplace();
        m_parser->header_limit(static_cast<std::uint32_t>(m_server.options.maxHeaderBytes));
        // No limit while the header is read (Beast 1.74 would refuse a Content-Length over it before we
        // know the route; and boost::none compares as *smaller* than any length there). The route's
        // limit is applied once the header is in: Content-Length by onHeader, chunked by the parser.
        m_parser->body_limit(std::numeric_limits<std::uint64_t>::max());
        expiresAfter(m_firstRequest ? m_server.options.readTimeout : m_server.options.idleTimeout);
        http::async_read_header(m_stream, m_buffer, *m_parser,
                                [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                                    self->onHeader(ec);
                                });
    }

    void onHeader(beast::error_code ec) {
        m_start = Clock::now();
        if (ec == http::error::header_limit) {
            m_busy = true;
            return rejectAndClose(431, "header_too_large",
                                  "the request header is larger than " +
                                      std::to_string(m_server.options.maxHeaderBytes) + " bytes");
        }
        if (ec) {
            // Client went away, timed out, or we were closed while idle; a malformed request gets a 400.
            const bool parseError = ec.category() == http::make_error_code(http::error::bad_target).category() &&
                                    ec != http::error::end_of_stream && ec != http::error::partial_message;
            if (parseError) {
                m_busy = true;
                return rejectAndClose(400, "bad_request", "malformed HTTP request: " + ec.message());
            }
            return hardClose();
        }
        m_busy = true;
        auto& req = m_parser->get();
        const std::string method(req.method_string());
        const std::string_view target(req.target().data(), req.target().size());
        const std::size_t limit = m_server.router.bodyLimit(method, splitTarget(target).path);
        const auto declared = m_parser->content_length();
        const auto expect = req[http::field::expect];
        const bool expectContinue = beast::iequals(expect, "100-continue");

        if (declared && *declared > limit) {
            if (!expectContinue && *declared - limit <= kDrainOversizedBodyUpTo && *declared <= kDrainAtMost) {
                // Read and drop the body, then answer 413 on a connection that stays usable.
                m_parser->body_limit(*declared);
                m_parser->get().body().discard = true;
                m_earlyAnswer = HttpResponse::error(413, "payload_too_large", tooLargeMessage(limit));
                m_earlyViaTransport = true;
                return readBody(limit);
            }
            return rejectAndClose(413, "payload_too_large", tooLargeMessage(limit));
        }
        m_parser->body_limit(limit);
        if (m_server.router.streamsBody(method, splitTarget(target).path) &&
            !openBodyStream(declared, expectContinue))
            return;
        if (expectContinue && !m_parser->is_done()) {
            auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_, req.version());
            expiresAfter(m_server.options.readTimeout);
            http::async_write(m_stream, *cont,
                              [self = this->shared_from_this(), cont, limit](beast::error_code ec2, std::size_t) {
                                  if (ec2) return self->hardClose();
                                  self->readBody(limit);
                              });
            return;
        }
        readBody(limit);
    }

    // For a route that streams its body: the router's layers and the route decide, from the header,
    // whether they take this body. Returns false when the request was answered instead (a refusal
    // with a body still to come: dropped when small, else the connection is closed after the answer).
    bool openBodyStream(const boost::optional<std::uint64_t>& declared, bool expectContinue) {
        auto request = requestFromHeader(m_parser->get());
        if (!request) {
            rejectAndClose(400, "bad_request", "the request target is not a valid path");
            return false;
        }
        auto opening = m_server.router.openStream(*request);
        if (opening.stream) {
            m_bodyStream = std::move(opening.stream);
            m_parser->get().body().stream = m_bodyStream.get();
            // Does not keep the session alive: a connection already gone has nothing to end.
            m_bodyStream->setAbort(inThisBody(this->weak_from_this(), [](Session& self) { self.hardClose(); }));
            return true;
        }
        m_earlyAnswer = std::move(*opening.response);
        m_earlyViaTransport = false;
        if (m_parser->is_done()) return true; // no body: onRequest answers at once
        if (!expectContinue && declared && *declared <= kDrainOversizedBodyUpTo) {
            m_parser->get().body().discard = true; // read and dropped, then answered
            return true;
        }
        closeAfter(std::move(*m_earlyAnswer));
        return false;
    }

    // The request as handlers see it, without its body; nullopt when the target is not a valid path.
    template <class Header> std::optional<HttpRequest> requestFromHeader(const Header& message) {
        HttpRequest request;
        request.method = std::string(message.method_string());
        request.target = std::string(message.target());
        request.remoteAddress = m_remote;
        for (const auto& field : message)
            request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        const auto split = splitTarget(request.target);
        auto path = percentDecode(split.path);
        auto query = parseQuery(split.query);
        if (request.target.empty() || request.target.front() != '/' || !path || !query) return std::nullopt;
        request.path = std::move(*path);
        request.query = std::move(*query);
        return request;
    }

    static std::string tooLargeMessage(std::size_t limit) {
        return "the request body is larger than this resource accepts (" + std::to_string(limit) + " bytes)";
    }

    // Reads the body in pieces; the read timeout bounds the time without progress, so a large
    // upload on a slow link is not cut while a stalled one is.
    void readBody(std::size_t limit) {
        // Beast reads at most the buffer's free capacity (at least 512 bytes), and the buffer
        // only grows when asked for more: left as the header read sized it, a large body is read
        // a kilobyte at a time, each read a full trip through the TLS layer. Room for a whole
        // TLS record (16 KiB) and more lets one read take everything that has arrived.
        m_buffer.reserve(kBodyReadBytes);
        if (!drainArrivedBody(limit)) return;
        if (m_parser->is_done()) return onRequest(limit);
        if (bodyStreamMustWait(limit)) return;
        expiresAfter(m_server.options.readTimeout);
        http::async_read_some(m_stream, m_buffer, *m_parser,
                              [self = this->shared_from_this(), limit](beast::error_code ec, std::size_t) {
                                  if (ec == http::error::body_limit)
                                      return self->rejectAndClose(413, "payload_too_large", tooLargeMessage(limit));
                                  if (ec && self->stoppedByStream()) return;
                                  if (ec) return self->hardClose();
                                  self->readBody(limit);
                              });
    }

    // Parses the body bytes that have already arrived, without a trip through the event loop per
    // read: an asynchronous read costs several times its decryption in executor and timer work,
    // and a large upload spent more time there than in TLS, hashing and writing together
    // (bench_server). These reads never wait, so a client that stops sending never holds an io
    // thread: the asynchronous read that follows waits for it under the read timeout (TLS: the
    // stream's read_some never waits; plain: the socket is non-blocking for these reads only).
    // At most kDrainPerTurn bytes per turn, so that other connections on this thread get their
    // turn. Returns false when the connection was answered or closed.
    bool drainArrivedBody(std::size_t limit) {
        constexpr std::size_t kDrainPerTurn = 4u << 20;
        beast::error_code ec;
        if constexpr (!kTls) {
            lowest().socket().non_blocking(true, ec);
            if (ec) return true; // leave it to the asynchronous read
        }
        std::size_t parsed = 0;
        while (!m_parser->is_done() && parsed < kDrainPerTurn && (!m_bodyStream || m_bodyStream->readyOrNotify({}))) {
            const std::size_t n = http::read_some(m_stream, m_buffer, *m_parser, ec);
            if (ec || n == 0) break;
            parsed += n;
        }
        if constexpr (!kTls) {
            beast::error_code ignored;
            lowest().socket().non_blocking(false, ignored);
        }
        if (!ec || ec == net::error::would_block || ec == net::error::try_again) return true;
        if (ec == http::error::body_limit) {
            rejectAndClose(413, "payload_too_large", tooLargeMessage(limit));
            return false;
        }
        if (!stoppedByStream()) hardClose();
        return false;
    }

    // Whether the route's stream cannot take more of the body yet (a slow disk): then nothing is
    // read until it says it can, and the io thread serves other connections meanwhile. No read is
    // pending while it waits, so no read timeout runs: the wait is the server's, not the client's.
    // With no operation pending, only the stream's callback keeps this session alive: it holds it
    // until called, or until the stream goes (hardClose drops the stream).
    bool bodyStreamMustWait(std::size_t limit) {
        if (!m_bodyStream) return false;
        return !m_bodyStream->readyOrNotify(
            inThisBody(this->shared_from_this(), [limit](Session& self) { self.readBody(limit); }));
    }

    // A function the route's stream may call from any thread: it runs `step` on this session's io
    // thread if the session is then still in this request's body (not in a later request, not
    // closed). `session` is a weak_ptr (the call does not keep the session alive) or a shared_ptr.
    template <class SessionPtr, class Step> std::function<void()> inThisBody(SessionPtr session, Step step) {
        return [session = std::move(session), executor = m_stream.get_executor(), stream = m_bodyStream.get(), step] {
            net::post(executor, [session, stream, step] {
                std::shared_ptr<Session> self;
                if constexpr (std::is_same_v<SessionPtr, std::shared_ptr<Session>>) self = session;
                else self = session.lock();
                if (self && self->m_bodyStream.get() == stream) step(*self);
            });
        };
    }

    // After a parse error: when the route's stream ended the body with an answer, sends it and
    // closes (the rest of the body is not read). False when it was some other error.
    bool stoppedByStream() {
        auto& stopped = m_parser->get().body().stopped;
        if (!stopped) return false;
        HttpResponse answer = std::move(*stopped);
        stopped.reset();
        closeAfter(std::move(answer));
        return true;
    }

    void onRequest(std::size_t) {
        auto message = m_parser->release();
        const bool keepAlive = message.keep_alive();
        if (m_bodyStream) {
            // A streamed body is complete: the route answers (and is logged) through its stream.
            auto stream = std::move(m_bodyStream);
            HttpResponse response = stream->finish();
            stream.reset();
            return sendResponse(std::move(response), message.method() == http::verb::head, keepAlive);
        }
        auto parsed = requestFromHeader(message);
        HttpRequest fallback;
        if (!parsed) {
            fallback.method = std::string(message.method_string());
            fallback.target = std::string(message.target());
            fallback.remoteAddress = m_remote;
        }
        HttpRequest& request = parsed ? *parsed : fallback;
        if (m_earlyAnswer) {
            HttpResponse answer = std::move(*m_earlyAnswer);
            m_earlyAnswer.reset();
            return respond(std::move(answer), request, keepAlive, m_earlyViaTransport);
        }
        if (!parsed)
            return respond(HttpResponse::error(400, "bad_request", "the request target is not a valid path"), request,
                           keepAlive, true);
        request.body = std::move(message.body().text);

        HttpResponse response = m_server.router.handle(request);
        request.body.clear();
        sendResponse(std::move(response), request.method == "HEAD", keepAlive);
    }

    // Answers a request the router never saw, counting and logging it through the router.
    void respond(HttpResponse response, const HttpRequest& request, bool keepAlive, bool viaTransport) {
        if (viaTransport)
            m_server.router.recordTransportResponse(request, response.status,
                                                    std::chrono::duration<double>(Clock::now() - m_start).count());
        sendResponse(std::move(response), request.method == "HEAD", keepAlive);
    }

    template <class Message> void setCommonHeaders(Message& res, const HttpResponse& response, bool keep) {
        res.result(static_cast<unsigned>(response.status));
        res.set(http::field::server, "fieldseal-server");
        if (!response.contentType.empty() && !noBodyStatus(response.status))
            res.set(http::field::content_type, response.contentType);
        for (const auto& [name, value] : response.headers) {
            if (!headerSafe(name) || !headerSafe(value) || name.empty()) {
                logLine("dropped a response header with CR/LF from a handler: " + name);
                continue;
            }
            res.insert(name, value);
        }
        res.keep_alive(keep);
    }

    void sendResponse(HttpResponse response, bool head, bool keepAlive) {
        const bool keep = keepAlive && !m_server.isStopping();
        if (response.file && !head) {
            auto res = std::make_shared<http::response<FileResponseBody>>();
            if (res->body().open(*response.file, response.fileRange)) {
                res->version(11);
                setCommonHeaders(*res, response, keep);
                res->content_length(res->body().size());
                return write(res, keep);
            }
            logLine("cannot open a response file: " + std::string(std::strerror(errno)));
            response = HttpResponse::error(500, "internal", "internal server error");
        }
        auto res = std::make_shared<http::response<http::string_body>>();
        res->version(11);
        setCommonHeaders(*res, response, keep);
        if (noBodyStatus(response.status)) {
            // No body and no Content-Length (RFC 9110 8.6).
        } else if (head) {
            std::uint64_t length = response.body.size();
            if (response.fileRange) {
                length = response.fileRange->length;
            } else if (response.file) {
                std::error_code fec;
                length = std::filesystem::file_size(*response.file, fec);
            }
            res->content_length(length);
        } else {
            res->body() = std::move(response.body);
            res->prepare_payload();
        }
        write(res, keep);
    }

    // Writes the response piece by piece, re-arming the timeout for each piece: the timeout
    // bounds a stalled reader, not the download of a large file on a slow link.
    template <class Message> void write(const std::shared_ptr<Message>& res, bool keep) {
        auto serializer = std::make_shared<http::response_serializer<typename Message::body_type>>(*res);
        writeSome(res, serializer, keep);
    }

    template <class Message, class Serializer>
    void writeSome(const std::shared_ptr<Message>& res, const std::shared_ptr<Serializer>& serializer, bool keep) {
        expiresAfter(m_server.options.readTimeout);
        http::async_write_some(m_stream, *serializer,
                               [self = this->shared_from_this(), res, serializer, keep](beast::error_code ec,
                                                                                        std::size_t) {
                                   if (ec) return self->hardClose();
                                   if (!serializer->is_done()) return self->writeSome(res, serializer, keep);
                                   if (!keep) return self->gracefulClose();
                                   self->m_firstRequest = false;
                                   self->readHeader();
                               });
    }

    // An error response after which the connection cannot be reused (unread or unparseable input):
    // answer, then close without letting unread input turn into a reset.
    void rejectAndClose(int status, std::string_view code, const std::string& message) {
        m_bodyStream.reset(); // the route's stream keeps what it got (logged as cut off)
        HttpRequest request;
        if (m_parser && m_parser->is_header_done()) {
            request.method = std::string(m_parser->get().method_string());
            request.target = std::string(m_parser->get().target());
        } else {
            request.method = "-";
            request.target = "/";
        }
        m_server.router.recordTransportResponse(request, status,
                                                std::chrono::duration<double>(Clock::now() - m_start).count());
        closeAfter(HttpResponse::error(status, code, message));
    }

    // Answers (a response already counted and logged), then closes without reading the rest of
    // the request: a lingering close, so unread input does not turn the answer into a reset.
    void closeAfter(HttpResponse response) {
        auto res = std::make_shared<http::response<http::string_body>>();
        res->version(11);
        setCommonHeaders(*res, response, false);
        if (!noBodyStatus(response.status)) {
            res->body() = std::move(response.body);
            res->prepare_payload();
        }
        expiresAfter(m_server.options.readTimeout);
        http::async_write(m_stream, *res, [self = this->shared_from_this(), res](beast::error_code ec, std::size_t) {
            if (ec) return self->hardClose();
            self->lingeringClose();
        });
    }

    // Half-close our side, then read and drop what the client still sends for a bounded time
    // and amount, and close. The TLS layer is bypassed: nothing more is read as TLS.
    void lingeringClose() {
        beast::error_code ec;
        lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
        m_lingerDeadline = Clock::now() + kLingerTime;
        m_lingerBytes = 0;
        drain();
    }

    void drain() {
        const auto now = Clock::now();
        if (now >= m_lingerDeadline || m_lingerBytes >= kLingerDrainBytes) return hardClose();
        expiresAfter(m_lingerDeadline - now);
        lowest().async_read_some(net::buffer(m_drainBuffer),
                                 [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                                     if (ec) return self->hardClose();
                                     self->m_lingerBytes += n;
                                     self->drain();
                                 });
    }

    // After a response with Connection: close: TLS close_notify (bounded), then close.
    void gracefulClose() {
        if constexpr (kTls) {
            expiresAfter(kTlsShutdownTime);
            m_stream.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->hardClose(); });
        } else {
            beast::error_code ec;
            lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
            hardClose();
        }
    }

    void hardClose() {
        m_bodyStream.reset(); // a body cut off: the route's stream keeps what it got
        beast::error_code ec;
        lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
        lowest().close();
    }

    ServerState& m_server;
    Stream m_stream;
    std::uint64_t m_id = 0;
    std::string m_remote;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<RequestBody>> m_parser;
    // The route's stream of the current request's body (routes with a streamHandler); the parser's
    // body points at it. Destroyed without finish() when the connection fails mid-body.
    std::unique_ptr<Router::OpenStream> m_bodyStream;
    // The answer to send once the body has been read and dropped (a refusal of a small body).
    std::optional<HttpResponse> m_earlyAnswer;
    bool m_earlyViaTransport = false; // made by the transport (counted and logged here), not by the router
    bool m_busy = false;         // between a complete header and the end of its response
    bool m_firstRequest = true;  // the first request gets readTimeout, later ones idleTimeout
    Clock::time_point m_start{};
    Clock::time_point m_lingerDeadline{};
    std::size_t m_lingerBytes = 0;
    std::array<char, 16 * 1024> m_drainBuffer{};
};




Status ServerState::start(const Options& opts) {
    {
        std::lock_guard lock(mutex);
        if (running || !iocs.empty()) return Error{ErrorDomain::Usage, ErrorCode::InvalidInput, "the server is already started"};
    }
    options = opts;
    if (options.threads < 1) options.threads = 1;
    if (options.maxConnections < 1) options.maxConnections = 1;

    auto acceptContext = std::make_unique<net::io_context>(1); // 1: run by one thread only
    std::vector<std::unique_ptr<net::io_context>> contexts;
    for (int i = 0; i < options.threads; ++i)
        contexts.push_back(std::make_unique<net::io_context>(1));
    net::io_context& context = *acceptContext;

    beast::error_code ec;
    auto address = net::ip::make_address(options.host, ec);
    if (ec) {
        tcp::resolver resolver(context);
        auto results = resolver.resolve(options.host, std::to_string(options.port), ec);
        if (ec || results.empty())
            return networkError("cannot resolve the listen host '" + options.host + "': " + ec.message());
        address = results.begin()->endpoint().address();
    }
    const std::string where = options.host + ":" + std::to_string(options.port);
    if (options.plainHttp && !address.is_loopback())
        return Error{ErrorDomain::Usage, ErrorCode::InvalidInput,
                     "plain HTTP is only allowed on a loopback address (127.0.0.1, ::1, localhost), not on '" +
                         options.host + "'; serve HTTPS with a certificate instead"};

    std::unique_ptr<ssl::context> tlsContext;
    if (!options.plainHttp) {
        tlsContext = std::make_unique<ssl::context>(ssl::context::tls_server);
        tlsContext->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                                ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
        SSL_CTX* native = tlsContext->native_handle();
        SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
        SSL_CTX_set_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
        if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1)
            return networkError("the TLS 1.2 cipher list was refused by OpenSSL");
        if (SSL_CTX_set_ciphersuites(native, kTls13Suites) != 1)
            return networkError("the TLS 1.3 cipher suites were refused by OpenSSL");
        if (options.certificateChainFile.empty() || options.privateKeyFile.empty())
            return Error{ErrorDomain::Usage, ErrorCode::InvalidInput,
                         "HTTPS needs a certificate file and a private key file"};
        tlsContext->use_certificate_chain_file(options.certificateChainFile.string(), ec);
        if (ec)
            return networkError("cannot load the TLS certificate '" + options.certificateChainFile.string() +
                                "': " + ec.message());
        tlsContext->use_private_key_file(options.privateKeyFile.string(), ssl::context::pem, ec);
        if (ec)
            return networkError("cannot load the TLS private key '" + options.privateKeyFile.string() +
                                "' (it must be the PEM key of the certificate '" +
                                options.certificateChainFile.string() + "'): " + ec.message());
        if (SSL_CTX_check_private_key(native) != 1)
            return networkError("the TLS private key '" + options.privateKeyFile.string() +
                                "' does not match the certificate '" + options.certificateChainFile.string() + "'");
    }

    auto listener = std::make_unique<tcp::acceptor>(context);
    const tcp::endpoint endpoint(address, options.port);
    listener->open(endpoint.protocol(), ec);
    if (!ec) listener->set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) listener->bind(endpoint, ec);
    if (!ec) listener->listen(net::socket_base::max_listen_connections, ec);
    if (ec) return networkError("cannot listen on " + where + ": " + ec.message());

    boundPort = listener->local_endpoint().port();
    acceptIoc = std::move(acceptContext);
    iocs = std::move(contexts);
    tls = std::move(tlsContext);
    acceptor = std::move(listener);
    work.push_back(net::make_work_guard(*acceptIoc));
    for (auto& c : iocs)
        work.push_back(net::make_work_guard(*c));
    {
        std::lock_guard lock(mutex);
        running = true;
        stopping = false;
        openOn.assign(iocs.size(), 0);
    }
    stoppingFlag = false;
    doAccept();
    std::vector<net::io_context*> everyContext{acceptIoc.get()};
    for (auto& c : iocs)
        everyContext.push_back(c.get());
    for (net::io_context* ioc : everyContext) {
        threads.emplace_back([this, ioc] {
            t_ioThreadOf = this;
            for (;;) {
                try {
                    ioc->run();
                    return;
                } catch (const std::exception& e) {
                    // A handler escaped with an exception: that connection is gone, the server goes on.
                    logLine(std::string("io thread caught: ") + e.what());
                }
            }
        });
    }
    logLine(std::string("listening on ") + (options.plainHttp ? "http://" : "https://") + options.host + ":" +
            std::to_string(boundPort.load()));
    return fieldseal::ok();
}

std::size_t ServerState::quietestContext() {
    std::lock_guard lock(mutex);
    return static_cast<std::size_t>(std::min_element(openOn.begin(), openOn.end()) - openOn.begin());
}

void ServerState::doAccept() {
    const std::size_t context = quietestContext();
    acceptor->async_accept(iocs[context]->get_executor(), [this, context](beast::error_code ec, tcp::socket socket) {
        onAccept(ec, context, std::move(socket));
    });
}

void ServerState::onAccept(beast::error_code ec, std::size_t context, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor->is_open()) return;
    if (!ec) {
        beast::error_code nodelay;
        socket.set_option(tcp::no_delay(true), nodelay);
        std::shared_ptr<SessionBase> session;
        if (tls) session = std::make_shared<Session<TlsServerStream>>(*this, std::move(socket), tls.get());
        else session = std::make_shared<Session<beast::tcp_stream>>(*this, std::move(socket), nullptr);
        std::uint64_t id = 0;
        if (registerSession(session, context, id)) {
            if (tls) {
                auto s = std::static_pointer_cast<Session<TlsServerStream>>(session);
                s->setId(id);
                s->run();
            } else {
                auto s = std::static_pointer_cast<Session<beast::tcp_stream>>(session);
                s->setId(id);
                s->run();
            }
        }
    } else {
        logLine("accept failed: " + ec.message());
    }
    doAccept();
}

void ServerState::stop() {
    if (onIoThread()) throw std::logic_error("HttpsServer::stop() called from one of its own io threads");
    std::lock_guard stopLock(stopMutex);
    std::vector<std::shared_ptr<SessionBase>> open;
    {
        std::lock_guard lock(mutex);
        if (!running) return;
        stopping = true;
        stoppingFlag = true;
        for (auto& [id, weak] : sessions)
            if (auto s = weak.lock()) open.push_back(std::move(s));
    }
    net::post(acceptor->get_executor(), [this] {
        beast::error_code ec;
        acceptor->close(ec);
    });
    for (auto& s : open) s->closeIfIdle();
    open.clear();

    {
        std::unique_lock lock(mutex);
        const bool drained =
            cv.wait_for(lock, options.shutdownGrace, [this] { return sessions.empty(); });
        if (!drained) {
            logLine("shutdown grace period over; closing " + std::to_string(sessions.size()) + " connection(s)");
            for (auto& [id, weak] : sessions)
                if (auto s = weak.lock()) open.push_back(std::move(s));
        }
    }
    if (!open.empty()) {
        for (auto& s : open) s->forceClose();
        open.clear();
        // Closed sockets end their sessions promptly; what is left is destroyed with the io_context.
        std::unique_lock lock(mutex);
        cv.wait_for(lock, std::chrono::seconds(2), [this] { return sessions.empty(); });
    }
    work.clear();
    // stop() lets a handler that is running (blocked in the router) finish; the joins wait for it.
    acceptIoc->stop();
    for (auto& c : iocs)
        c->stop();
    for (auto& t : threads) t.join();
    threads.clear();
    acceptor.reset();
    acceptIoc.reset();
    iocs.clear(); // destroys the handlers still queued, and with them the last sessions
    tls.reset();
    {
        std::lock_guard lock(mutex);
        running = false;
    }
    cv.notify_all();
    logLine("stopped");
}

} // namespace

struct HttpsServer::Impl : ServerState {
    using ServerState::ServerState;
};

HttpsServer::HttpsServer(Router& router)
    : m_impl(std::make_unique<Impl>(router)) {}

HttpsServer::~HttpsServer() {
    stop();
}

Status HttpsServer::start(const Options& options) {
    return m_impl->start(options);
}

std::uint16_t HttpsServer::port() const {
    return m_impl->boundPort.load();
}

void HttpsServer::stop() {
    m_impl->stop();
}

void HttpsServer::wait() {
    std::unique_lock lock(m_impl->mutex);
    m_impl->cv.wait(lock, [this] { return !m_impl->running; });
}

void runUntilSignal(HttpsServer& server) {
    net::io_context signals_ioc(1);
    net::signal_set signals(signals_ioc, SIGINT, SIGTERM);
    signals.async_wait([&server](beast::error_code ec, int signal) {
        if (ec) return; // cancelled: the server was stopped otherwise
        logLine(std::string("caught ") + (signal == SIGTERM ? "SIGTERM" : "SIGINT") + ", shutting down");
        server.stop();
    });
    // If the server stops for another reason, stop waiting for a signal.
    std::thread watcher([&] {
        server.wait();
        net::post(signals_ioc, [&signals] {
            beast::error_code ec;
            signals.cancel(ec);
        });
    });
    signals_ioc.run();
    server.stop();
    watcher.join();
}

} // namespace fieldseal::server
