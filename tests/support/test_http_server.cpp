#include "support/test_http_server.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <sys/socket.h>

namespace fieldseal::test {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return std::string(s);
}

std::optional<std::string> find(const TestHeaders& headers, std::string_view name) {
    for (const auto& [n, v] : headers)
        if (iequals(n, name)) return v;
    return std::nullopt;
}

const char* reason(int status) {
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

// Reads from a blocking socket into a buffer on demand.
class Reader {
public:
    explicit Reader(int fd)
        : m_fd(fd) {}

    // A line ending in CRLF (without it), or nothing when the connection ends first.
    std::optional<std::string> line() {
        for (;;) {
            const auto pos = m_buf.find("\r\n");
            if (pos != std::string::npos) {
                std::string out = m_buf.substr(0, pos);
                m_buf.erase(0, pos + 2);
                return out;
            }
            if (!fill()) return std::nullopt;
        }
    }
    std::optional<std::string> bytes(std::size_t n) {
        while (m_buf.size() < n)
            if (!fill()) return std::nullopt;
        std::string out = m_buf.substr(0, n);
        m_buf.erase(0, n);
        return out;
    }

private:
    bool fill() {
        char tmp[65536];
        for (;;) {
            const ssize_t n = ::recv(m_fd, tmp, sizeof tmp, 0);
            if (n > 0) {
                m_buf.append(tmp, static_cast<std::size_t>(n));
                return true;
            }
            if (n < 0 && errno == EINTR) continue;
            return false;
        }
    }
    int m_fd;
    std::string m_buf;
};

std::optional<TestHttpRequest> readRequest(Reader& in, int fd) {
    TestHttpRequest req;
    auto first = in.line();
    if (!first) return std::nullopt;
    const auto sp1 = first->find(' ');
    const auto sp2 = first->find(' ', sp1 == std::string::npos ? 0 : sp1 + 1);
    if (sp1 == std::string::npos || sp2 == std::string::npos) return std::nullopt;
    req.method = first->substr(0, sp1);
    req.target = first->substr(sp1 + 1, sp2 - sp1 - 1);
    for (;;) {
        auto l = in.line();
        if (!l) return std::nullopt;
        if (l->empty()) break;
        const auto colon = l->find(':');
        if (colon == std::string::npos) return std::nullopt;
        req.headers.emplace_back(l->substr(0, colon), trim(std::string_view(*l).substr(colon + 1)));
    }
    if (auto expect = find(req.headers, "Expect"); expect && iequals(*expect, "100-continue"))
        sendAll(fd, "HTTP/1.1 100 Continue\r\n\r\n");
    if (auto te = find(req.headers, "Transfer-Encoding"); te && iequals(*te, "chunked")) {
        for (;;) {
            auto sizeLine = in.line();
            if (!sizeLine) return std::nullopt;
            const std::size_t size = std::stoul(*sizeLine, nullptr, 16);
            if (size == 0) {
                while (auto trailer = in.line())
                    if (trailer->empty()) return req;
                return std::nullopt;
            }
            auto chunk = in.bytes(size);
            if (!chunk || !in.line()) return std::nullopt;
            req.body += *chunk;
        }
    }
    if (auto length = find(req.headers, "Content-Length")) {
        auto body = in.bytes(std::stoul(*length));
        if (!body) return std::nullopt;
        req.body = std::move(*body);
    }
    return req;
}

} // namespace

std::optional<std::string> TestHttpRequest::header(std::string_view name) const {
    return find(headers, name);
}

std::string TestHttpRequest::path() const {
    return target.substr(0, target.find('?'));
}

TestHttpResponse TestHttpResponse::json(int status, std::string body) {
    TestHttpResponse r;
    r.status = status;
    r.headers.emplace_back("Content-Type", "application/json");
    r.body = std::move(body);
    return r;
}

TestHttpResponse TestHttpResponse::text(int status, std::string body) {
    TestHttpResponse r;
    r.status = status;
    r.headers.emplace_back("Content-Type", "text/plain");
    r.body = std::move(body);
    return r;
}

TestHttpServer::TestHttpServer(Handler handler)
    : m_handler(std::move(handler)) {
    m_listener.start([this](int fd, std::size_t index) { serve(fd, index); });
}

TestHttpServer::~TestHttpServer() {
    stop();
}

std::string TestHttpServer::baseUrl() const {
    return "http://127.0.0.1:" + std::to_string(port());
}

void TestHttpServer::stop() {
    {
        // Under the lock, so that a connection about to wait in pause() sees it or is woken.
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_stopCv.notify_all();
    }
    m_listener.stop();
}

bool TestHttpServer::pause(std::chrono::milliseconds d) {
    std::unique_lock lock(m_mutex);
    return !m_stopCv.wait_for(lock, d, [this] { return m_stopping.load(); });
}

void TestHttpServer::serve(int fd, std::size_t index) {
    Reader in(fd);
    while (!m_stopping.load()) {
        auto req = readRequest(in, fd);
        if (!req) break;
        req->connection = index;
        TestHttpResponse resp = m_handler(*req);
        ++m_requests;
        if (resp.delay.count() > 0 && !pause(resp.delay)) break;

        std::string head = "HTTP/1.1 " + std::to_string(resp.status) + " " + reason(resp.status) + "\r\n";
        for (const auto& [n, v] : resp.headers)
            head += n + ": " + v + "\r\n";
        if (!find(resp.headers, "Content-Length") && resp.status != 204 && resp.status >= 200)
            head += "Content-Length: " + std::to_string(resp.body.size()) + "\r\n";
        if (resp.close) head += "Connection: close\r\n";
        head += "\r\n";
        const bool sendBody = req->method != "HEAD" && resp.status != 204;
        if (!sendBody || resp.chunkBytes == 0) {
            if (!sendAll(fd, sendBody ? head + resp.body : head)) break;
        } else {
            if (!sendAll(fd, head)) break;
            bool okSoFar = true;
            for (std::size_t pos = 0; pos < resp.body.size() && okSoFar; pos += resp.chunkBytes) {
                if (pos > 0 && !pause(resp.chunkDelay)) {
                    okSoFar = false;
                    break;
                }
                okSoFar = sendAll(fd, std::string_view(resp.body).substr(pos, resp.chunkBytes));
            }
            if (!okSoFar) break;
        }
        if (resp.close) break;
        if (auto c = req->header("Connection"); c && iequals(*c, "close")) break;
    }
}

} // namespace fieldseal::test
