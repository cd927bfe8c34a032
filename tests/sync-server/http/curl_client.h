#pragma once
// Test-side HTTPS client: one libcurl easy handle (so its connection is reused between calls),
// trusting the test certificate. Used by the http and blobs tests of the server.

#include <curl/curl.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fieldseal::testsupport {

struct CurlReply {
    CURLcode code = CURLE_OK;
    std::string error; // curl's message when code != CURLE_OK
    long status = 0;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers; // of the final response
    long numConnects = 0; // CURLINFO_NUM_CONNECTS: 0 when an existing connection was reused

    // Case-insensitive lookup of a response header (first occurrence).
    std::optional<std::string> header(const std::string& name) const;
};

class CurlClient {
public:
    // caFile empty: plain HTTP only.
    explicit CurlClient(std::string caFile = {});

    // method: GET, HEAD, POST, PATCH, OPTIONS, ... ; body sent when given (also for PATCH).
    CurlReply request(const std::string& method, const std::string& url, const std::vector<std::string>& headers = {},
                      const std::string* body = nullptr);

private:
    struct Cleanup {
        void operator()(CURL* h) const { curl_easy_cleanup(h); }
    };
    std::string m_caFile;
    std::unique_ptr<CURL, Cleanup> m_handle;
};

} // namespace fieldseal::testsupport
