#pragma once
// TestHttpServer: a minimal HTTP/1.1 server on 127.0.0.1:<free port> for client tests. It parses
// requests (Content-Length or chunked bodies, keep-alive), hands each to a handler callback on the
// connection's own thread, and writes the handler's response — optionally after a delay and in
// slow pieces, so tests can time out, cancel and watch progress mid-transfer. Not a server to
// ship: no TLS, no limits, one thread per connection. stop() (and the destructor) interrupt
// delays and join every thread.

#include "support/socket_util.h"
#include "support/threaded_listener.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fieldseal::test {

using TestHeaders = std::vector<std::pair<std::string, std::string>>;

struct TestHttpRequest {
    std::string method;
    std::string target; // path and query as sent
    TestHeaders headers;
    std::string body;
    std::size_t connection = 0; // 1 for the first connection accepted, 2 for the next...

    std::optional<std::string> header(std::string_view name) const;
    std::string path() const; // target without the query
};

struct TestHttpResponse {
    int status = 200;
    TestHeaders headers;
    std::string body;                   // not sent for HEAD; Content-Length is added unless headers set one
    std::chrono::milliseconds delay{0}; // wait this long before sending anything
    std::size_t chunkBytes = 0;         // > 0: send the body in pieces of this size...
    std::chrono::milliseconds chunkDelay{0}; // ...pausing this long between them
    bool close = false;                      // close the connection after this response

    static TestHttpResponse json(int status, std::string body);
    static TestHttpResponse text(int status, std::string body);
};

class TestHttpServer {
public:
    using Handler = std::function<TestHttpResponse(const TestHttpRequest&)>;

    explicit TestHttpServer(Handler handler);
    ~TestHttpServer();
    TestHttpServer(const TestHttpServer&) = delete;
    TestHttpServer& operator=(const TestHttpServer&) = delete;

    std::uint16_t port() const { return m_listener.port(); }
    std::string baseUrl() const; // "http://127.0.0.1:<port>"
    void stop();

    std::size_t connectionsAccepted() const { return m_listener.connectionsAccepted(); }
    std::size_t requestsServed() const { return m_requests.load(); }

private:
    void serve(int fd, std::size_t index);
    // Waits up to d; false when the server is stopping.
    bool pause(std::chrono::milliseconds d);

    Handler m_handler;
    std::atomic<bool> m_stopping{false};
    std::atomic<std::size_t> m_requests{0};
    std::mutex m_mutex; // guards the stop wait
    std::condition_variable m_stopCv;
    ThreadedListener m_listener; // last: its threads end before the members above go
};

} // namespace fieldseal::test
