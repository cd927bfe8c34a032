#pragma once
// Private to shared/seal: the lexical layer of the strict JSON fast paths (json_fast_parse,
// envelope_text). It accepts exactly what nlohmann::json::parse accepts for strings, literals and
// numbers, with the same values, and reports anything else (errors, numbers out of range) as a
// failure so that the caller can fall back to nlohmann and its messages.

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace fieldseal::seal::detail {

// Bytes a string copies as they are: not '"', '\\', a control character or part of UTF-8.
inline constexpr auto kPlain = [] {
    std::array<bool, 256> t{};
    for (int c = 0x20; c < 0x80; ++c)
        t[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    return t;
}();

// A number as nlohmann types it.
struct JsonNumber {
    enum Kind { Signed, Unsigned, Double } kind = Double;
    std::int64_t i = 0;
    std::uint64_t u = 0;
    double d = 0;
    double asDouble() const {
        return kind == Signed ? static_cast<double>(i) : kind == Unsigned ? static_cast<double>(u) : d;
    }
};

class JsonLexer {
public:
    JsonLexer(std::string_view text)
        : m_p(text.data())
        , m_end(text.data() + text.size()) {}

    const char* m_p;
    const char* m_end;

    bool atEnd() const { return m_p >= m_end; }
    // The next byte (only when !atEnd()).
    char peek() const { return *m_p; }
    // Consumes `c` if it is next.
    bool accept(char c) {
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }

    void skipSpace() {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }

    bool literal(std::string_view word) {
        if (static_cast<std::size_t>(m_end - m_p) < word.size() || std::string_view(m_p, word.size()) != word)
            return false;
        m_p += word.size();
        return true;
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    bool hex4(unsigned& out) {
        if (m_end - m_p < 4) return false;
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = hex(m_p[i]);
            if (h < 0) return false;
            out = out << 4 | static_cast<unsigned>(h);
        }
        m_p += 4;
        return true;
    }

    static void appendUtf8(std::string& s, unsigned cp) {
        if (cp < 0x80) {
            s += static_cast<char>(cp);
        } else if (cp < 0x800) {
            s += static_cast<char>(0xc0 | cp >> 6);
            s += static_cast<char>(0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            s += static_cast<char>(0xe0 | cp >> 12);
            s += static_cast<char>(0x80 | (cp >> 6 & 0x3f));
            s += static_cast<char>(0x80 | (cp & 0x3f));
        } else {
            s += static_cast<char>(0xf0 | cp >> 18);
            s += static_cast<char>(0x80 | (cp >> 12 & 0x3f));
            s += static_cast<char>(0x80 | (cp >> 6 & 0x3f));
            s += static_cast<char>(0x80 | (cp & 0x3f));
        }
    }

    // The length of the valid UTF-8 sequence at m_p (first byte >= 0x80) by the RFC 3629 table
    // nlohmann checks, or 0 when it is not one.
    std::ptrdiff_t utf8Length() const {
        const auto b = [&](std::ptrdiff_t i) { return static_cast<unsigned char>(m_p[i]); };
        const auto in = [](unsigned char c, unsigned lo, unsigned hi) { return c >= lo && c <= hi; };
        const unsigned char c0 = b(0);
        std::ptrdiff_t len = 0;
        unsigned lo1 = 0x80, hi1 = 0xbf;
        if (in(c0, 0xc2, 0xdf)) {
            len = 2;
        } else if (in(c0, 0xe0, 0xef)) {
            len = 3;
            if (c0 == 0xe0) lo1 = 0xa0;
            if (c0 == 0xed) hi1 = 0x9f;
        } else if (in(c0, 0xf0, 0xf4)) {
            len = 4;
            if (c0 == 0xf0) lo1 = 0x90;
            if (c0 == 0xf4) hi1 = 0x8f;
        } else {
            return 0;
        }
        if (m_end - m_p < len || !in(b(1), lo1, hi1)) return 0;
        for (std::ptrdiff_t i = 2; i < len; ++i)
            if (!in(b(i), 0x80, 0xbf)) return 0;
        return len;
    }

    bool utf8(std::string& s) {
        const std::ptrdiff_t len = utf8Length();
        if (len == 0) return false;
        s.append(m_p, static_cast<std::size_t>(len));
        m_p += len;
        return true;
    }

    // A string without escapes at m_p ('"'), as it stands in the text (valid UTF-8, no control
    // characters): consumed, and its content in `raw`. Anything else leaves m_p where it was and
    // returns false, so that string() can decode it (or fail).
    bool rawString(std::string_view& raw) {
        const char* start = m_p;
        const char* p = m_p + 1;
        while (true) {
            while (p < m_end && kPlain[static_cast<unsigned char>(*p)])
                ++p;
            if (p >= m_end) return false;
            const auto c = static_cast<unsigned char>(*p);
            if (c == '"') {
                raw = std::string_view(start + 1, static_cast<std::size_t>(p - start - 1));
                m_p = p + 1;
                return true;
            }
            if (c < 0x80) return false; // an escape or a control character
            m_p = p;
            const std::ptrdiff_t len = utf8Length();
            m_p = start;
            if (len == 0) return false;
            p += len;
        }
    }

    bool string(std::string& s) {
        ++m_p; // '"'
        while (true) {
            // Plain runs (most of an envelope: base64, hex, ASCII text) are copied in one go.
            const char* run = m_p;
            while (run < m_end && kPlain[static_cast<unsigned char>(*run)])
                ++run;
            s.append(m_p, static_cast<std::size_t>(run - m_p));
            m_p = run;
            if (m_p >= m_end) return false;
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                ++m_p;
                return true;
            }
            if (c < 0x20) return false;
            if (c >= 0x80) {
                if (!utf8(s)) return false;
                continue;
            }
            // An escape.
            ++m_p;
            if (m_p >= m_end) return false;
            const char e = *m_p++;
            switch (e) {
            case '"':
            case '\\':
            case '/':
                s += e;
                break;
            case 'b':
                s += '\b';
                break;
            case 'f':
                s += '\f';
                break;
            case 'n':
                s += '\n';
                break;
            case 'r':
                s += '\r';
                break;
            case 't':
                s += '\t';
                break;
            case 'u': {
                unsigned cp = 0;
                if (!hex4(cp)) return false;
                if (cp >= 0xdc00 && cp <= 0xdfff) return false; // a low surrogate first
                if (cp >= 0xd800 && cp <= 0xdbff) {
                    unsigned low = 0;
                    if (m_end - m_p < 2 || m_p[0] != '\\' || m_p[1] != 'u') return false;
                    m_p += 2;
                    if (!hex4(low) || low < 0xdc00 || low > 0xdfff) return false;
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                }
                appendUtf8(s, cp);
                break;
            }
            default:
                return false;
            }
        }
    }

    static bool digit(char c) { return c >= '0' && c <= '9'; }

    // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, typed as nlohmann types it: a whole number
    // that fits is an unsigned (or, negative, a signed) integer, anything else a double. False
    // also for what only nlohmann's path may decide (out of range).
    bool number(JsonNumber& out) {
        const char* start = m_p;
        const char* p = m_p;
        if (p < m_end && *p == '-') ++p;
        if (p >= m_end || !digit(*p)) return false;
        if (*p == '0')
            ++p;
        else
            while (p < m_end && digit(*p))
                ++p;
        bool whole = true;
        if (p < m_end && *p == '.') {
            whole = false;
            ++p;
            if (p >= m_end || !digit(*p)) return false;
            while (p < m_end && digit(*p))
                ++p;
        }
        if (p < m_end && (*p == 'e' || *p == 'E')) {
            whole = false;
            ++p;
            if (p < m_end && (*p == '+' || *p == '-')) ++p;
            if (p >= m_end || !digit(*p)) return false;
            while (p < m_end && digit(*p))
                ++p;
        }
        m_p = p;
        if (whole) {
            if (*start == '-') {
                std::int64_t v = 0;
                const auto r = std::from_chars(start, p, v);
                if (r.ec != std::errc() || r.ptr != p) return false; // out of range: nlohmann's path
                out = JsonNumber{JsonNumber::Signed, v, 0, 0};
            } else {
                std::uint64_t v = 0;
                const auto r = std::from_chars(start, p, v);
                if (r.ec != std::errc() || r.ptr != p) return false;
                out = JsonNumber{JsonNumber::Unsigned, 0, v, 0};
            }
            return true;
        }
        double v = 0;
        const auto r = std::from_chars(start, p, v); // correctly rounded, as strtod
        if (r.ec != std::errc() || r.ptr != p || !std::isfinite(v)) return false;
        out = JsonNumber{JsonNumber::Double, 0, 0, v};
        return true;
    }
};

} // namespace fieldseal::seal::detail
