#include "http/router.h"

#include "http/content_encoding.h"
#include "http/metrics.h"
#include "http/url.h"
#include "store/store.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <set>
#include <stdexcept>

namespace fieldseal::server {
namespace {

struct Segment {
    bool capture = false;
    std::string text; // the literal, or the capture's name
};

struct CompiledRoute {
    Route route;
    std::vector<Segment> segments;
};

std::vector<Segment> compilePattern(const std::string& pattern) {
    if (pattern.empty() || pattern.front() != '/')
        throw std::invalid_argument("route pattern must start with '/': " + pattern);
    std::vector<Segment> out;
    std::set<std::string> names;
    for (std::string_view raw : splitPathSegments(pattern)) {
        Segment s;
        if (raw.size() >= 2 && raw.front() == '{' && raw.back() == '}') {
            s.capture = true;
            s.text = std::string(raw.substr(1, raw.size() - 2));
            if (s.text.empty() || !names.insert(s.text).second)
                throw std::invalid_argument("bad or repeated capture in route pattern: " + pattern);
        } else {
            if (raw.find_first_of("{}") != std::string_view::npos)
                throw std::invalid_argument("a capture must be a whole segment: " + pattern);
            s.text = std::string(raw);
        }
        out.push_back(std::move(s));
    }
    return out;
}

bool matches(const CompiledRoute& r, const std::vector<std::string>& segments) {
    if (r.segments.size() != segments.size()) return false;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        if (r.segments[i].capture) {
            if (segments[i].empty()) return false;
        } else if (r.segments[i].text != segments[i]) {
            return false;
        }
    }
    return true;
}

// True when a is more specific than b: a literal beats a capture at the first segment where they differ.
bool moreSpecific(const CompiledRoute& a, const CompiledRoute& b) {
    for (std::size_t i = 0; i < a.segments.size() && i < b.segments.size(); ++i) {
        if (a.segments[i].capture != b.segments[i].capture) return !a.segments[i].capture;
    }
    return false;
}

// The raw path the request addressed: from the target when the transport set it, else `path`.
std::string_view rawPath(const HttpRequest& request) {
    if (!request.target.empty()) return splitTarget(request.target).path;
    return request.path;
}

std::optional<std::vector<std::string>> decodeSegments(std::string_view path) {
    std::vector<std::string> out;
    for (std::string_view raw : splitPathSegments(path)) {
        auto decoded = percentDecode(raw);
        if (!decoded) return std::nullopt;
        out.push_back(std::move(*decoded));
    }
    return out;
}

// Keeps log lines on one line and free of terminal escapes whatever a client puts in its path.
std::string sanitizeForLog(std::string_view text, std::size_t max = 512) {
    std::string out;
    for (char c : text.substr(0, max)) {
        const auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u == 0x7f) ? '?' : c;
    }
    if (text.size() > max) out += "...";
    return out;
}

std::optional<std::string_view> bearerToken(const std::string& authorization) {
    constexpr std::string_view kScheme = "bearer ";
    if (authorization.size() <= kScheme.size()) return std::nullopt;
    for (std::size_t i = 0; i < kScheme.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) return std::nullopt;
    std::string_view token(authorization);
    token.remove_prefix(kScheme.size());
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
    if (token.empty()) return std::nullopt;
    return token;
}

void writeToStderr(std::string_view line) {
    std::string buf(line);
    buf += '\n';
    std::fwrite(buf.data(), 1, buf.size(), stderr);
}

constexpr const char* kUnmatched = "(unmatched)";

} // namespace

struct Router::Impl {
    Authenticator& auth;
    Metrics& metrics;
    std::vector<CompiledRoute> routes;
    LogSink log = writeToStderr;

    Impl(Authenticator& a, Metrics& m)
        : auth(a)
        , metrics(m) {}

    // All routes whose pattern matches; the most specific first.
    std::vector<const CompiledRoute*> candidates(const std::vector<std::string>& segments) const {
        std::vector<const CompiledRoute*> out;
        for (const auto& r : routes)
            if (matches(r, segments)) out.push_back(&r);
        std::stable_sort(out.begin(), out.end(),
                         [](const CompiledRoute* a, const CompiledRoute* b) { return moreSpecific(*a, *b); });
        return out;
    }

    const CompiledRoute* find(std::string_view method, const std::vector<std::string>& segments) const {
        for (const CompiledRoute* r : candidates(segments))
            if (r->route.method == method) return r;
        return nullptr;
    }

    void accessLog(const HttpRequest& request, int status, double seconds, const std::string& user) const {
        char ms[32];
        std::snprintf(ms, sizeof ms, "%.3f", seconds * 1000.0);
        log("access method=" + sanitizeForLog(request.method, 16) + " path=" + sanitizeForLog(rawPath(request)) +
            " status=" + std::to_string(status) + " ms=" + ms + " user=" + (user.empty() ? "-" : sanitizeForLog(user, 64)));
    }

    // Match, authentication and role check: the chosen route (ctx.caller set), or null with `refusal`.
    const CompiledRoute* admit(HttpRequest& request, RequestContext& ctx, std::string& pattern, std::string& user,
                               HttpResponse& refusal) const;
    HttpResponse route(HttpRequest& request, std::string& pattern, std::string& user);
    // Inside a catch: the logged 503/500 for the exception in flight.
    HttpResponse mapException(const std::string& pattern) const;
    // Content encoding, metrics and the access log of a response about to be sent.
    void finishResponse(HttpRequest& request, HttpResponse& response, const std::string& pattern,
                        const std::string& user, std::chrono::steady_clock::time_point start) const;
};

Router::Router(Authenticator& auth, Metrics& metrics)
    : m_impl(std::make_unique<Impl>(auth, metrics)) {}

Router::~Router() = default;

void Router::add(Route route) {
    if (!route.handler && !route.streamHandler) throw std::invalid_argument("route without handler: " + route.pattern);
    CompiledRoute compiled{std::move(route), {}};
    compiled.segments = compilePattern(compiled.route.pattern);
    for (const auto& r : m_impl->routes)
        if (r.route.method == compiled.route.method && r.route.pattern == compiled.route.pattern)
            throw std::invalid_argument("route added twice: " + compiled.route.method + " " + compiled.route.pattern);
    m_impl->routes.push_back(std::move(compiled));
}

std::size_t Router::bodyLimit(std::string_view method, std::string_view path) const {
    auto segments = decodeSegments(splitTarget(path).path);
    if (!segments) return kDefaultBodyLimit;
    const CompiledRoute* r = m_impl->find(method, *segments);
    return r ? r->route.maxBodyBytes : kDefaultBodyLimit;
}

void Router::setLogSink(LogSink sink) {
    m_impl->log = sink ? std::move(sink) : LogSink(writeToStderr);
}

Metrics& Router::metrics() const {
    return m_impl->metrics;
}

void Router::recordTransportResponse(const HttpRequest& request, int status, double seconds) {
    std::string pattern = kUnmatched;
    if (auto segments = decodeSegments(rawPath(request)))
        if (const CompiledRoute* r = m_impl->find(request.method, *segments)) pattern = r->route.pattern;
    m_impl->metrics.observeRequest(pattern, request.method, status, seconds);
    m_impl->accessLog(request, status, seconds, {});
}

const CompiledRoute* Router::Impl::admit(HttpRequest& request, RequestContext& ctx, std::string& pattern,
                                         std::string& user, HttpResponse& refusal) const {
    auto segments = decodeSegments(rawPath(request));
    if (!segments) {
        refusal = HttpResponse::error(400, "bad_request", "the request path has a malformed percent-escape");
        return nullptr;
    }

    const auto found = candidates(*segments);
    if (found.empty()) {
        refusal = HttpResponse::error(404, "not_found", "no such resource");
        return nullptr;
    }
    const CompiledRoute* chosen = nullptr;
    for (const CompiledRoute* r : found) {
        if (r->route.method == request.method) {
            chosen = r;
            break;
        }
    }
    if (!chosen) {
        std::set<std::string> methods;
        for (const CompiledRoute* r : found) methods.insert(r->route.method);
        std::string allow;
        for (const auto& m : methods) allow += (allow.empty() ? "" : ", ") + m;
        refusal = HttpResponse::error(405, "method_not_allowed", request.method + " is not allowed here")
                      .withHeader("Allow", allow);
        return nullptr;
    }
    pattern = chosen->route.pattern;

    request.pathParams.clear();
    for (std::size_t i = 0; i < chosen->segments.size(); ++i)
        if (chosen->segments[i].capture) request.pathParams[chosen->segments[i].text] = (*segments)[i];
    if (request.path.empty()) request.path = std::string(rawPath(request));

    if (chosen->route.authenticated) {
        const auto header = request.header("Authorization");
        if (!header) {
            refusal = HttpResponse::error(401, "unauthenticated", "a bearer token is required")
                          .withHeader("WWW-Authenticate", "Bearer");
            return nullptr;
        }
        const auto token = bearerToken(*header);
        if (!token) {
            refusal = HttpResponse::error(401, "unauthenticated", "the Authorization header is not a bearer token")
                          .withHeader("WWW-Authenticate", "Bearer error=\"invalid_request\"");
            return nullptr;
        }
        ctx.caller = auth.authenticate(*token);
        if (!ctx.caller) {
            refusal = HttpResponse::error(401, "unauthenticated", "the bearer token is invalid or expired")
                          .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            return nullptr;
        }
        user = ctx.caller->username.empty() ? ctx.caller->userId : ctx.caller->username;
        const auto& roles = chosen->route.roles;
        if (!roles.empty() && std::find(roles.begin(), roles.end(), ctx.caller->role) == roles.end()) {
            refusal = HttpResponse::error(403, "forbidden",
                                          std::string("this needs another role than ") + toString(ctx.caller->role));
            return nullptr;
        }
    }
    return chosen;
}

HttpResponse Router::Impl::route(HttpRequest& request, std::string& pattern, std::string& user) {
    RequestContext ctx{request, std::nullopt};
    HttpResponse refusal;
    const CompiledRoute* chosen = admit(request, ctx, pattern, user, refusal);
    if (!chosen) return refusal;
    if (!chosen->route.handler)
        return HttpResponse::error(500, "internal", "this route only takes streamed bodies");
    return chosen->route.handler(ctx);
}

HttpResponse Router::Impl::mapException(const std::string& pattern) const {
    try {
        throw;
    } catch (const StoreFailure& e) {
        log("error route=" + pattern + " storage failure: " + sanitizeForLog(e.what(), 2048));
        return HttpResponse::error(503, "storage_unavailable", "the server's storage is unavailable; retry later")
            .withHeader("Retry-After", "5");
    } catch (const std::exception& e) {
        log("error route=" + pattern + " handler failed: " + sanitizeForLog(e.what(), 2048));
    } catch (...) {
        log("error route=" + pattern + " handler failed with a non-standard exception");
    }
    return HttpResponse::error(500, "internal", "internal server error");
}

void Router::Impl::finishResponse(HttpRequest& request, HttpResponse& response, const std::string& pattern,
                                  const std::string& user, std::chrono::steady_clock::time_point start) const {
    try {
        applyContentEncoding(request, response);
    } catch (const std::bad_alloc&) {
        // Sent uncompressed.
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    try {
        metrics.observeRequest(pattern, request.method, response.status, seconds);
        accessLog(request, response.status, seconds, user);
    } catch (...) {
        // Logging must never turn a served response into a failure.
    }
}

HttpResponse Router::handle(HttpRequest& request) {
    const auto start = std::chrono::steady_clock::now();
    std::string pattern = kUnmatched;
    std::string user;
    HttpResponse response;
    try {
        response = m_impl->route(request, pattern, user);
    } catch (...) {
        response = m_impl->mapException(pattern);
    }
    m_impl->finishResponse(request, response, pattern, user, start);
    return response;
}

// --- Streamed bodies ---

struct Router::OpenStream::State {
    const Router::Impl* router = nullptr;
    HttpRequest request; // the header only: for the access log and the response's encoding
    std::string pattern;
    std::string user;
    std::chrono::steady_clock::time_point start;
    std::unique_ptr<BodyStream> body;
    bool answered = false;

    HttpResponse answer(HttpResponse response) {
        answered = true;
        body.reset(); // a stream that answered is done: release what it holds before the reply goes out
        router->finishResponse(request, response, pattern, user, start);
        return response;
    }
};

Router::OpenStream::OpenStream(PassKey<Router>) {}

Router::OpenStream::~OpenStream() {
    if (!m_state || m_state->answered) return;
    m_state->body.reset(); // keeps what it was given (see BodyStream)
    HttpResponse cut = HttpResponse::empty(499); // nginx's "client closed request": only for logs and metrics
    m_state->router->finishResponse(m_state->request, cut, m_state->pattern, m_state->user, m_state->start);
}

std::optional<HttpResponse> Router::OpenStream::write(std::string_view bytes) {
    State& s = *m_state;
    if (s.answered) return std::nullopt;
    std::optional<HttpResponse> stop;
    try {
        stop = s.body->write(bytes);
    } catch (...) {
        stop = s.router->mapException(s.pattern);
    }
    if (!stop) return std::nullopt;
    return s.answer(std::move(*stop));
}

void Router::OpenStream::setAbort(std::function<void()> abort) {
    if (m_state->body) m_state->body->setAbort(std::move(abort));
}

bool Router::OpenStream::readyOrNotify(std::function<void()> ready) {
    return !m_state->body || m_state->body->readyOrNotify(std::move(ready));
}

HttpResponse Router::OpenStream::finish() {
    State& s = *m_state;
    HttpResponse response;
    try {
        response = s.body->finish();
    } catch (...) {
        response = s.router->mapException(s.pattern);
    }
    return s.answer(std::move(response));
}

bool Router::streamsBody(std::string_view method, std::string_view path) const {
    auto segments = decodeSegments(splitTarget(path).path);
    if (!segments) return false;
    const CompiledRoute* r = m_impl->find(method, *segments);
    return r && r->route.streamHandler;
}

Router::StreamOpening Router::openStream(HttpRequest& request) {
    auto state = std::make_unique<OpenStream::State>();
    state->router = m_impl.get();
    state->start = std::chrono::steady_clock::now();
    state->pattern = kUnmatched;
    StreamOpening out;
    try {
        RequestContext ctx{request, std::nullopt};
        HttpResponse refusal;
        const CompiledRoute* chosen = m_impl->admit(request, ctx, state->pattern, state->user, refusal);
        if (!chosen) {
            out.response = std::move(refusal);
        } else if (!chosen->route.streamHandler) {
            out.response = HttpResponse::error(500, "internal", "this route does not take streamed bodies");
        } else {
            StreamStart started = chosen->route.streamHandler(ctx);
            if (started.response) out.response = std::move(*started.response);
            else if (!started.stream) out.response = HttpResponse::error(500, "internal", "internal server error");
            else state->body = std::move(started.stream);
        }
    } catch (...) {
        out.response = m_impl->mapException(state->pattern);
    }
    state->request = request;
    if (out.response) {
        m_impl->finishResponse(request, *out.response, state->pattern, state->user, state->start);
        return out;
    }
    out.stream = std::make_unique<OpenStream>(PassKey<Router>{});
    out.stream->m_state = std::move(state);
    return out;
}

} // namespace fieldseal::server
