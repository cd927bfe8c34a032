#pragma once
// The HTTP request and response the server's handlers see. Plain structs: Boost.Beast stays in
// the transport (https_server.cpp), so handlers and their tests compile without it.

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fieldseal::server {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Bytes [first, first + length) of a file.
struct ByteRange {
    std::uint64_t first = 0;
    std::uint64_t length = 0;
};

struct HttpRequest {
    std::string method;                            // "GET", "POST", ...
    std::string target;                            // as sent: "/v1/blobs/ab12?x=1"
    std::string path;                              // percent-decoded path without the query
    std::map<std::string, std::string> query;      // decoded query parameters
    std::map<std::string, std::string> pathParams; // "{sha256}" -> value, filled by the router
    HeaderList headers;
    std::string body;
    std::string remoteAddress; // "127.0.0.1:53412"

    // Case-insensitive header lookup (first occurrence).
    std::optional<std::string> header(std::string_view name) const;
};

struct HttpResponse {
    int status = 200;
    std::string contentType = "application/json";
    HeaderList headers; // extra headers (Location, Upload-Offset, Retry-After, ...)
    std::string body;
    // When set, the body is streamed from this file (evidence blobs) and `body` is ignored.
    std::optional<std::filesystem::path> file;
    // With `file`: only these bytes of it are sent (a 206 to a Range request).
    std::optional<ByteRange> fileRange;

    static HttpResponse json(int status, const nlohmann::json& body);
    static HttpResponse text(int status, std::string body, std::string contentType = "text/plain; charset=utf-8");
    static HttpResponse empty(int status);
    // The error shape of every failure: {"error":{"code":CODE,"message":MESSAGE}}.
    static HttpResponse error(int status, std::string_view code, std::string_view message);

    HttpResponse& withHeader(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
};

} // namespace fieldseal::server
