#include "canonical_json.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

namespace fieldseal {
namespace {

// Decodes one UTF-8 sequence at s[i]; returns the code point and advances i. Throws on bad input.
char32_t nextCodePoint(std::string_view s, size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    int len;
    char32_t cp;
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    if ((b0 & 0xe0) == 0xc0) {
        len = 2;
        cp = b0 & 0x1f;
    } else if ((b0 & 0xf0) == 0xe0) {
        len = 3;
        cp = b0 & 0x0f;
    } else if ((b0 & 0xf8) == 0xf0) {
        len = 4;
        cp = b0 & 0x07;
    } else
        throw std::invalid_argument("invalid UTF-8 in JSON string");
    if (i + static_cast<size_t>(len) > s.size())
        throw std::invalid_argument("truncated UTF-8 in JSON string");
    for (int k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
        if ((b & 0xc0) != 0x80) throw std::invalid_argument("invalid UTF-8 in JSON string");
        cp = cp << 6 | (b & 0x3f);
    }
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        throw std::invalid_argument("invalid UTF-8 in JSON string");
    i += static_cast<size_t>(len);
    return cp;
}

// RFC 8785 3.2.3: property names compare as arrays of UTF-16 code units.
std::u16string utf16(const std::string& s) {
    std::u16string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const char32_t cp = nextCodePoint(s, i);
        if (cp >= 0x10000) {
            out += static_cast<char16_t>(0xd800 + ((cp - 0x10000) >> 10));
            out += static_cast<char16_t>(0xdc00 + ((cp - 0x10000) & 0x3ff));
        } else {
            out += static_cast<char16_t>(cp);
        }
    }
    return out;
}

// Bytes copied as they are: printable ASCII but '"' and '\\' (a table: this loop runs over
// every byte of every envelope verified).
constexpr auto kPlain = [] {
    std::array<bool, 256> t{};
    for (int c = 0x20; c < 0x80; ++c)
        t[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    return t;
}();

bool needsEscape(unsigned char c) {
    return !kPlain[c];
}

void writeString(std::string_view s, std::string& out) {
    out += '"';
    size_t i = 0;
    while (i < s.size()) {
        // Plain ASCII runs are copied in one go: most of a certificate's text is such runs.
        size_t run = i;
        while (run < s.size() && !needsEscape(static_cast<unsigned char>(s[run])))
            ++run;
        out.append(s, i, run - i);
        i = run;
        if (i >= s.size()) break;
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            const size_t start = i;
            nextCodePoint(s, i); // validates
            out.append(s, start, i - start);
            continue;
        }
        ++i;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default: {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
        }
    }
    out += '"';
}

void write(const nlohmann::json& v, std::string& out) {
    using T = nlohmann::json::value_t;
    switch (v.type()) {
    case T::null:
        out += "null";
        return;
    case T::boolean:
        out += v.get<bool>() ? "true" : "false";
        return;
    case T::number_integer:
        out += canonicalNumber(static_cast<double>(v.get<std::int64_t>()));
        return;
    case T::number_unsigned:
        out += canonicalNumber(static_cast<double>(v.get<std::uint64_t>()));
        return;
    case T::number_float:
        out += canonicalNumber(v.get<double>());
        return;
    case T::string:
        writeString(v.get_ref<const std::string&>(), out);
        return;
    case T::array: {
        out += '[';
        bool first = true;
        for (const auto& e : v) {
            if (!first) out += ',';
            first = false;
            write(e, out);
        }
        out += ']';
        return;
    }
    case T::object: {
        // nlohmann keeps keys in byte (= code point) order, which equals UTF-16 order unless a
        // key holds a character above U+FFFF together with one in U+E000..U+FFFF: re-sort then.
        const auto& members = v.get_ref<const nlohmann::json::object_t&>();
        bool ascii = true;
        for (const auto& [key, value] : members)
            for (unsigned char c : key)
                if (c >= 0x80) ascii = false;
        out += '{';
        bool first = true;
        if (ascii) { // the common case: the map's order is already RFC 8785 order
            for (const auto& [key, value] : members) {
                if (!first) out += ',';
                first = false;
                writeString(key, out);
                out += ':';
                write(value, out);
            }
        } else {
            std::vector<const nlohmann::json::object_t::value_type*> sorted;
            sorted.reserve(members.size());
            for (const auto& m : members)
                sorted.push_back(&m);
            std::stable_sort(sorted.begin(), sorted.end(),
                             [](const auto* a, const auto* b) { return utf16(a->first) < utf16(b->first); });
            for (const auto* m : sorted) {
                if (!first) out += ',';
                first = false;
                writeString(m->first, out);
                out += ':';
                write(m->second, out);
            }
        }
        out += '}';
        return;
    }
    case T::binary:
    case T::discarded:
        break;
    }
    throw std::invalid_argument("value has no JSON form");
}

} // namespace

std::string canonicalNumber(double value) {
    if (!std::isfinite(value)) throw std::invalid_argument("NaN and Infinity have no JSON form");
    if (value == 0) return "0"; // also -0
    std::string out;
    if (value < 0) {
        out += '-';
        value = -value;
    }
    // Shortest round-trip digits d1..dk and exponent: value = 0.d1..dk * 10^n.
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
    const std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));
    const size_t ePos = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, ePos))
        if (c != '.') digits += c;
    int exp10 = 0;
    std::from_chars(sci.data() + ePos + (sci[ePos + 1] == '+' ? 2 : 1), sci.data() + sci.size(), exp10);
    const int k = static_cast<int>(digits.size());
    const int n = exp10 + 1;
    // ECMAScript Number::toString, steps 6-10.
    if (k <= n && n <= 21) {
        out += digits;
        out.append(static_cast<size_t>(n - k), '0');
    } else if (0 < n && n <= 21) {
        out.append(digits, 0, static_cast<size_t>(n));
        out += '.';
        out.append(digits, static_cast<size_t>(n));
    } else if (-6 < n && n <= 0) {
        out += "0.";
        out.append(static_cast<size_t>(-n), '0');
        out += digits;
    } else {
        out += digits[0];
        if (k > 1) {
            out += '.';
            out.append(digits, 1);
        }
        out += 'e';
        out += n - 1 >= 0 ? '+' : '-';
        out += std::to_string(std::abs(n - 1));
    }
    return out;
}

void appendCanonicalJson(const nlohmann::json& value, std::string& out) {
    write(value, out);
}
void appendCanonicalString(std::string_view utf8, std::string& out) {
    writeString(utf8, out);
}

std::string canonicalJson(const nlohmann::json& value) {
    std::string out;
    out.reserve(256);
    write(value, out);
    return out;
}

} // namespace fieldseal
