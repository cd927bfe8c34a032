#include "client/http_headers.h"

#include <algorithm>
#include <cctype>

namespace fieldseal {

namespace {
std::string trimmed(std::string_view s) {
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return std::string(s);
}
} // namespace

bool HttpHeaders::namesEqual(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

void HttpHeaders::add(std::string name, std::string value) {
    m_fields.emplace_back(std::move(name), std::move(value));
}

void HttpHeaders::set(const std::string& name, std::string value) {
    remove(name);
    add(name, std::move(value));
}

void HttpHeaders::remove(std::string_view name) {
    std::erase_if(m_fields, [&](const Field& f) { return namesEqual(f.first, name); });
}

std::optional<std::string> HttpHeaders::get(std::string_view name) const {
    for (const auto& [n, v] : m_fields)
        if (namesEqual(n, name)) return trimmed(v);
    return std::nullopt;
}

} // namespace fieldseal
