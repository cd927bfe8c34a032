#include "json_fast_parse.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>

namespace fieldseal::seal {
namespace {

using json = nlohmann::json;

// Bytes a string copies as they are: not '"', '\\', a control character or part of UTF-8.
constexpr auto kPlain = [] {
    std::array<bool, 256> t{};
    for (int c = 0x20; c < 0x80; ++c)
        t[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    return t;
}();

class Parser {
public:
    Parser(std::string_view text, int maxDepth)
        : m_p(text.data())
        , m_end(text.data() + text.size())
        , m_maxDepth(maxDepth) {}

    bool document(json& out) {
        skipSpace();
        if (!value(out)) return false;
        skipSpace();
        return m_p == m_end;
    }

private:
    const char* m_p;
    const char* m_end;
    int m_maxDepth;
    int m_depth = 0;

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

    bool value(json& out) {
        if (m_p >= m_end) return false;
        switch (*m_p) {
        case '{':
            return object(out);
        case '[':
            return array(out);
        case '"': {
            std::string s;
            if (!string(s)) return false;
            out = std::move(s);
            return true;
        }
        case 't':
            out = true;
            return literal("true");
        case 'f':
            out = false;
            return literal("false");
        case 'n':
            out = nullptr;
            return literal("null");
        default:
            return number(out);
        }
    }

    bool object(json& out) {
        if (++m_depth > m_maxDepth) return false;
        ++m_p; // '{'
        out = json::object();
        auto& members = out.get_ref<json::object_t&>();
        skipSpace();
        if (m_p < m_end && *m_p == '}') {
            ++m_p;
            --m_depth;
            return true;
        }
        while (true) {
            std::string key;
            if (m_p >= m_end || *m_p != '"' || !string(key)) return false;
            skipSpace();
            if (m_p >= m_end || *m_p != ':') return false;
            ++m_p;
            skipSpace();
            // A repeated key keeps the last value, as nlohmann's parser does.
            auto [it, fresh] = members.try_emplace(std::move(key));
            if (!value(it->second)) return false;
            skipSpace();
            if (m_p >= m_end) return false;
            if (*m_p == ',') {
                ++m_p;
                skipSpace();
                continue;
            }
            if (*m_p != '}') return false;
            ++m_p;
            --m_depth;
            return true;
        }
    }

    bool array(json& out) {
        if (++m_depth > m_maxDepth) return false;
        ++m_p; // '['
        out = json::array();
        auto& items = out.get_ref<json::array_t&>();
        skipSpace();
        if (m_p < m_end && *m_p == ']') {
            ++m_p;
            --m_depth;
            return true;
        }
        while (true) {
            items.emplace_back();
            if (!value(items.back())) return false;
            skipSpace();
            if (m_p >= m_end) return false;
            if (*m_p == ',') {
                ++m_p;
                skipSpace();
                continue;
            }
            if (*m_p != ']') return false;
            ++m_p;
            --m_depth;
            return true;
        }
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

    // One UTF-8 sequence at m_p (first byte >= 0x80), by the RFC 3629 table nlohmann checks.
    bool utf8(std::string& s) {
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
            return false;
        }
        if (m_end - m_p < len || !in(b(1), lo1, hi1)) return false;
        for (std::ptrdiff_t i = 2; i < len; ++i)
            if (!in(b(i), 0x80, 0xbf)) return false;
        s.append(m_p, static_cast<std::size_t>(len));
        m_p += len;
        return true;
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
    // that fits is an unsigned (or, negative, a signed) integer, anything else a double.
    bool number(json& out) {
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
                out = v;
            } else {
                std::uint64_t v = 0;
                const auto r = std::from_chars(start, p, v);
                if (r.ec != std::errc() || r.ptr != p) return false;
                out = v;
            }
            return true;
        }
        double v = 0;
        const auto r = std::from_chars(start, p, v); // correctly rounded, as strtod
        if (r.ec != std::errc() || r.ptr != p || !std::isfinite(v)) return false;
        out = v;
        return true;
    }
};

} // namespace

std::optional<nlohmann::json> parseJsonFast(std::string_view text, int maxDepth) {
    json out;
    Parser parser(text, maxDepth);
    if (!parser.document(out)) return std::nullopt;
    return out;
}

} // namespace fieldseal::seal
