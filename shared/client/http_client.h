#pragma once
// HttpClient: HTTP/1.1 requests to one server over libcurl, one at a time, reusing connections.
//
// - One easy handle inside one multi handle for the client's lifetime, so connections (and TLS
//   sessions) are kept alive across requests; a request that fails mid-way drops its connection.
// - TLS peer and host verification are always on. `caFile` (or `caPem`, its text) is the CA that
//   signed the server's certificate (as provisioned at enrollment); neither means the system's
//   trust store. There is deliberately no switch to turn verification off: tests use a CA file too.
// - Timeouts: a connect timeout always; a total timeout for small requests; transfers of a file
//   (upload from a file range, download to a file) have no total timeout by default and are
//   bounded by the low-speed limit instead (slower than N bytes/s for T seconds is a Timeout), so a
//   50 MB chunk on a slow link is fine while a dead one is noticed.
// - Failures are values: a NetworkError with a kind; every HTTP status is a response.
// - Cancellation: raising the CancelToken (from any thread) aborts the request in progress at once
//   (the poll is woken) and makes later requests fail with Cancelled until the token is reset.
// Not thread-safe apart from cancellation: use one HttpClient per thread.

#include "client/cancel_token.h"
#include "client/http_headers.h"
#include "client/network_error.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace fieldseal {

// A byte range of a file sent as the request body, streamed (never loaded whole). Unlike a
// string body, libcurl never resends it on its own (e.g. when a kept-alive connection turns out
// dead): the request fails with ConnectionReset and the caller decides what to send next.
struct FileRange {
    std::string path;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
};

struct TransferProgress {
    std::uint64_t uploaded = 0;
    std::uint64_t uploadTotal = 0; // 0 when unknown
    std::uint64_t downloaded = 0;
    std::uint64_t downloadTotal = 0; // 0 when unknown (no Content-Length yet)
};

struct HttpRequest {
    std::string method = "GET";
    std::string path; // appended to the base URL, e.g. "/v1/sync" or "/v1/blobs/ab12?x=1"
    HttpHeaders headers;
    std::string body;                  // sent when bodyFile is not set
    std::optional<FileRange> bodyFile; // sent instead of body
    // Write the response body to this file (truncated first) instead of HttpResponse::body.
    std::optional<std::string> downloadTo;
    // With downloadTo, resuming a download (a Range request): a 206's body is appended to what the
    // file holds, a 200's replaces it (the server sent the whole representation), and any other
    // answer leaves the file as it was, its body in HttpResponse::body.
    bool appendToFile = false;
    // Overrides the client's choice of total timeout (0 = none).
    std::optional<std::chrono::milliseconds> totalTimeout;
    // Called (on the calling thread) whenever the byte counts change; never decreasing.
    std::function<void(const TransferProgress&)> onProgress;
};

struct HttpResponse {
    long status = 0;
    HttpHeaders headers;
    std::string body; // empty when downloaded to a file
    std::uint64_t bodyBytesSent = 0;
    std::uint64_t bodyBytesReceived = 0;
    std::uint64_t headerBytesSent = 0;     // request line and headers
    std::uint64_t headerBytesReceived = 0; // status line and headers
    long newConnections = 0;               // connections opened for this request (0 = reused)
};

using HttpResult = NetResult<HttpResponse>;

class HttpClient {
public:
    struct Options {
        std::string baseUrl; // "https://host:port" (no trailing slash needed)
        std::string caFile;  // PEM CA bundle; empty = the system trust store
        // The CA bundle's PEM text itself (as a device keeps it in its store after enrollment);
        // when set it is used instead of caFile.
        std::string caPem;
        std::chrono::milliseconds connectTimeout{10'000};
        std::chrono::milliseconds requestTimeout{30'000}; // total, for requests without a file
        // A transfer slower than lowSpeedBytesPerSecond for lowSpeedTime is a Timeout (libcurl
        // counts whole seconds: at least 1 s).
        long lowSpeedBytesPerSecond = 1;
        std::chrono::seconds lowSpeedTime{30};
        std::string userAgent = "fieldseal-client/0.1";
        // Responses kept in memory larger than this fail with Protocol (files are not limited).
        std::uint64_t maxBodyBytes = 64ull << 20;
        CancelToken cancel; // shared with whoever may cancel
    };

    explicit HttpClient(Options options);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    HttpResult send(const HttpRequest& request);

    const Options& options() const { return m_options; }
    CancelToken cancelToken() const { return m_options.cancel; }
    void cancel() { m_options.cancel.cancel(); }

private:
    struct Impl;
    Options m_options;
    std::unique_ptr<Impl> m_impl;
};

} // namespace fieldseal
