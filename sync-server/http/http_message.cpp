#include "http_message.h"

#include <algorithm>
#include <cctype>

namespace fieldseal::server {
namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

} // namespace

std::optional<std::string> HttpRequest::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (equalsIgnoreCase(k, name)) return v;
    return std::nullopt;
}

HttpResponse HttpResponse::json(int status, const nlohmann::json& body) {
    HttpResponse r;
    r.status = status;
    r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

HttpResponse HttpResponse::text(int status, std::string body, std::string contentType) {
    HttpResponse r;
    r.status = status;
    r.contentType = std::move(contentType);
    r.body = std::move(body);
    return r;
}

HttpResponse HttpResponse::empty(int status) {
    HttpResponse r;
    r.status = status;
    r.contentType.clear();
    return r;
}

HttpResponse HttpResponse::error(int status, std::string_view code, std::string_view message) {
    return json(status, {{"error", {{"code", code}, {"message", message}}}});
}

} // namespace fieldseal::server
