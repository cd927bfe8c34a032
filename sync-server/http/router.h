#pragma once
// The declarative route table and the layers every request passes through, in order:
// match (404/405) -> body limit (413, checked by the transport from bodyLimit() before the body
// is read) -> authentication (401) -> role check (403) -> handler -> error mapping (a handler's
// uncaught exception becomes a logged 500 with a JSON body) -> metrics and access log.
// Handlers therefore only do their own job: they see a matched, authenticated request.

#include "api/caller.h"
#include "http/http_message.h"
#include "model/pass_key.h"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fieldseal::server {

class Metrics;

struct RequestContext {
    HttpRequest& request;
    std::optional<Caller> caller; // set for authenticated routes
};

using Handler = std::function<HttpResponse(RequestContext&)>;

// A request body handed to its route piece by piece while it arrives, instead of collected into
// HttpRequest::body: evidence uploads of any size in bounded memory, written while they arrive.
// The transport calls write() for each piece (as received: a TLS record or less), then finish()
// once the whole body is in. If the connection fails first, the stream is destroyed without
// finish(): it keeps whatever it was given (a tus upload records the bytes it wrote).
// Exceptions from either call are mapped like a handler's (StoreFailure -> 503, else 500).
class BodyStream {
public:
    virtual ~BodyStream() = default;
    // A response stops the request here: the transport sends it and closes the connection.
    virtual std::optional<HttpResponse> write(std::string_view bytes) = 0;
    virtual HttpResponse finish() = 0;
    // How the route may end this request from another thread: the transport closes the connection
    // (the stream is then destroyed without finish()). Given once, before the first write(); the
    // function may be called from any thread, any number of times, also after the request ended
    // (it then does nothing).
    virtual void setAbort(std::function<void()> abort) { (void)abort; }
    // Whether the stream takes the next piece (up to 1 MiB) without waiting. When it would wait (its
    // buffers are all still on their way to a slow disk), it keeps `ready` (when not empty) and
    // calls it once, from any thread, when it no longer would; the transport reads no more of the
    // body until then, so the connection's io thread goes on serving its other connections.
    virtual bool readyOrNotify(std::function<void()> ready) {
        (void)ready;
        return true;
    }
};

// What a streamed route answers once the request header is in: a response (the request is refused
// or needs no body: the transport answers it and drops the body) or the stream the body goes to.
struct StreamStart {
    std::optional<HttpResponse> response;
    std::unique_ptr<BodyStream> stream;
};
using StreamHandler = std::function<StreamStart(RequestContext&)>;

inline constexpr std::size_t kDefaultBodyLimit = 1u << 20; // 1 MiB

struct Route {
    std::string method;  // "GET", "POST", "HEAD", "PATCH", "DELETE", "OPTIONS"
    std::string pattern; // "/v1/blobs/{sha256}": literal segments and {name} captures
    Handler handler;
    bool authenticated = true;
    std::vector<Role> roles{}; // empty: any authenticated user
    std::size_t maxBodyBytes = kDefaultBodyLimit;
    // When set, the body is streamed to it (see BodyStream) and `handler` is not used.
    StreamHandler streamHandler{};
};

// Resolves a bearer token to its account; implemented by the account service.
class Authenticator {
public:
    virtual ~Authenticator() = default;
    virtual std::optional<Caller> authenticate(std::string_view bearerToken) = 0;
};

class Router {
public:
    Router(Authenticator& auth, Metrics& metrics);
    ~Router();

    void add(Route route);

    // The body limit of the route a request line matches (the default when none matches), so
    // the transport can refuse an oversized body with 413 before reading it.
    std::size_t bodyLimit(std::string_view method, std::string_view path) const;

    // Runs the layers above; never throws.
    HttpResponse handle(HttpRequest& request);

    // --- Additions (issue 4, http part) ---

    // Where the access log and error lines go (one line per call, no trailing newline). The
    // default writes each line to stderr in one write. Lines never contain the Authorization
    // header, the query string or a body. Set before serving; the sink must be thread-safe.
    using LogSink = std::function<void(std::string_view line)>;
    void setLogSink(LogSink sink);

    // For responses the transport makes itself before routing (400 malformed request, 413, 431):
    // counts them in the metrics under the matched route pattern and writes the access-log line.
    void recordTransportResponse(const HttpRequest& request, int status, double seconds);

    Metrics& metrics() const;

    // --- Streamed bodies (routes with a streamHandler) ---

    // A streamed request in progress: the router's layers around a BodyStream (error mapping,
    // metrics and the access log, whose time runs from openStream to the final response).
    // Destroyed without finish(): the request is logged as cut off (status 499).
    class OpenStream {
    public:
        ~OpenStream();
        std::optional<HttpResponse> write(std::string_view bytes);
        HttpResponse finish();
        // Passed on to the route's stream (BodyStream::setAbort, BodyStream::readyOrNotify).
        void setAbort(std::function<void()> abort);
        bool readyOrNotify(std::function<void()> ready);
        // Only Router::openStream makes one.
        explicit OpenStream(PassKey<Router>);

    private:
        friend class Router;
        struct State;
        std::unique_ptr<State> m_state;
    };

    // Whether the route a request line matches streams its body.
    bool streamsBody(std::string_view method, std::string_view path) const;

    // Runs the layers up to the handler (match, authentication, role) for a request whose header
    // is in (`request.body` empty), then the route's streamHandler. Either `response` is set (a
    // refusal, already counted and logged) or `stream` is. Never throws.
    struct StreamOpening {
        std::optional<HttpResponse> response;
        std::unique_ptr<OpenStream> stream;
    };
    StreamOpening openStream(HttpRequest& request);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace fieldseal::server
