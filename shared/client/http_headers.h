#pragma once
// HttpHeaders: an ordered list of header fields with case-insensitive lookup (RFC 9110: field
// names are case-insensitive; a name may repeat).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fieldseal {

class HttpHeaders {
public:
    using Field = std::pair<std::string, std::string>;

    HttpHeaders() = default;
    HttpHeaders(std::initializer_list<Field> fields)
        : m_fields(fields) {}

    // Appends a field (a repeated name keeps every value).
    void add(std::string name, std::string value);
    // Replaces every field of that name with one.
    void set(const std::string& name, std::string value);
    void remove(std::string_view name);

    // The first value of the name, trimmed of surrounding whitespace.
    std::optional<std::string> get(std::string_view name) const;
    bool contains(std::string_view name) const { return get(name).has_value(); }

    const std::vector<Field>& fields() const { return m_fields; }
    bool empty() const { return m_fields.empty(); }
    void clear() { m_fields.clear(); }

    static bool namesEqual(std::string_view a, std::string_view b);

private:
    std::vector<Field> m_fields;
};

} // namespace fieldseal
