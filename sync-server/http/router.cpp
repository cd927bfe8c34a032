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

    HttpResponse route(HttpRequest& request, std::string& pattern, std::string& user);
};

Router::Router(Authenticator& auth, Metrics& metrics)
    : m_impl(std::make_unique<Impl>(auth, metrics)) {}

Router::~Router() = default;

void Router::add(Route route) {
    if (!route.handler) throw std::invalid_argument("route without handler: " + route.pattern);
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

HttpResponse Router::Impl::route(HttpRequest& request, std::string& pattern, std::string& user) {
    auto segments = decodeSegments(rawPath(request));
    if (!segments) return HttpResponse::error(400, "bad_request", "the request path has a malformed percent-escape");

    const auto found = candidates(*segments);
    if (found.empty()) return HttpResponse::error(404, "not_found", "no such resource");
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
        return HttpResponse::error(405, "method_not_allowed", request.method + " is not allowed here")
            .withHeader("Allow", allow);
    }
    pattern = chosen->route.pattern;

    request.pathParams.clear();
    for (std::size_t i = 0; i < chosen->segments.size(); ++i)
        if (chosen->segments[i].capture) request.pathParams[chosen->segments[i].text] = (*segments)[i];
    if (request.path.empty()) request.path = std::string(rawPath(request));

    RequestContext ctx{request, std::nullopt};
    if (chosen->route.authenticated) {
        const auto header = request.header("Authorization");
        if (!header)
            return HttpResponse::error(401, "unauthenticated", "a bearer token is required")
                .withHeader("WWW-Authenticate", "Bearer");
        const auto token = bearerToken(*header);
        if (!token)
            return HttpResponse::error(401, "unauthenticated", "the Authorization header is not a bearer token")
                .withHeader("WWW-Authenticate", "Bearer error=\"invalid_request\"");
        ctx.caller = auth.authenticate(*token);
        if (!ctx.caller)
            return HttpResponse::error(401, "unauthenticated", "the bearer token is invalid or expired")
                .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        user = ctx.caller->username.empty() ? ctx.caller->userId : ctx.caller->username;
        const auto& roles = chosen->route.roles;
        if (!roles.empty() && std::find(roles.begin(), roles.end(), ctx.caller->role) == roles.end())
            return HttpResponse::error(403, "forbidden",
                                       std::string("this needs another role than ") + toString(ctx.caller->role));
    }
    return chosen->route.handler(ctx);
}

HttpResponse Router::handle(HttpRequest& request) {
    const auto start = std::chrono::steady_clock::now();
    std::string pattern = kUnmatched;
    std::string user;
    HttpResponse response;
    try {
        response = m_impl->route(request, pattern, user);
    } catch (const StoreFailure& e) {
        m_impl->log("error route=" + pattern + " storage failure: " + sanitizeForLog(e.what(), 2048));
        response = HttpResponse::error(503, "storage_unavailable", "the server's storage is unavailable; retry later")
                       .withHeader("Retry-After", "5");
    } catch (const std::exception& e) {
        m_impl->log("error route=" + pattern + " handler failed: " + sanitizeForLog(e.what(), 2048));
        response = HttpResponse::error(500, "internal", "internal server error");
    } catch (...) {
        m_impl->log("error route=" + pattern + " handler failed with a non-standard exception");
        response = HttpResponse::error(500, "internal", "internal server error");
    }
    try {
        applyContentEncoding(request, response);
    } catch (const std::bad_alloc&) {
        // Sent uncompressed.
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    try {
        m_impl->metrics.observeRequest(pattern, request.method, response.status, seconds);
        m_impl->accessLog(request, response.status, seconds, user);
    } catch (...) {
        // Logging must never turn a served response into a failure.
    }
    return response;
}

} // namespace fieldseal::server
