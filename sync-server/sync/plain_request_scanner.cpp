#include "plain_request_scanner.h"

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

namespace fieldseal::server {
namespace {

using json = nlohmann::json;

constexpr int kMaxDepth = 64; // deeper values go to the SAX reader (no recursion limit there)

// Every method returns false to decline: the caller then reads the body the other way.
class Scanner {
public:
    Scanner(std::string_view text, std::size_t maxOps)
        : m_p(text.data())
        , m_end(text.data() + text.size())
        , m_maxOps(maxOps) {}

    std::optional<SyncRequest> request() {
        SyncRequest r;
        bool sawCursor = false, sawLimit = false, sawOps = false;
        if (!take('{')) return std::nullopt;
        if (!peekIs('}')) {
            do {
                std::string key;
                if (!string(key) || !take(':')) return std::nullopt;
                std::uint64_t n = 0;
                if (key == "cursor") {
                    if (sawCursor || !unsignedInteger(n) || n > kMaxSigned) return std::nullopt;
                    r.cursor = static_cast<std::int64_t>(n);
                    sawCursor = true;
                } else if (key == "limit") {
                    if (sawLimit || !unsignedInteger(n) || n < 1 || n > kMaxSigned) return std::nullopt;
                    r.limit = static_cast<std::size_t>(n);
                    sawLimit = true;
                } else if (key == "ops") {
                    if (sawOps || !ops(r.ops)) return std::nullopt;
                    r.valueTexts = std::move(m_valueTexts);
                    sawOps = true;
                } else {
                    return std::nullopt;
                }
            } while (take(','));
        }
        if (!take('}') || !sawCursor) return std::nullopt;
        skipSpace();
        if (m_p != m_end) return std::nullopt;
        return r;
    }

private:
    static constexpr std::uint64_t kMaxSigned = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

    void skipSpace() {
        const char* start = m_p;
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
        if (m_p != start) m_asDumped = false; // dump() writes no space between tokens
    }
    bool peekIs(char c) {
        skipSpace();
        return m_p != m_end && *m_p == c;
    }
    bool take(char c) {
        if (!peekIs(c)) return false;
        ++m_p;
        return true;
    }

    bool ops(std::vector<Op>& out) {
        if (!take('[')) return false;
        if (take(']')) return true;
        do {
            if (out.size() == m_maxOps) return false;
            out.emplace_back();
            if (!op(out.back(), m_valueTexts.emplace_back())) return false;
        } while (take(','));
        return take(']');
    }

    // `valueText`: the value's text when it is what o.value.dump() writes, else left empty.
    bool op(Op& o, std::string& valueText) {
        static constexpr std::array<std::string_view, 9> kNames = {
            "op_id", "record_id", "type", "field", "device", "user", "hlc", "base_version", "value"};
        std::string* strings[] = {&o.opId, &o.recordId, &o.type, &o.field, &o.device, &o.user};
        unsigned seen = 0;
        if (!take('{')) return false;
        do {
            std::string key;
            if (!string(key) || !take(':')) return false;
            std::size_t member = 0;
            while (member < kNames.size() && key != kNames[member])
                ++member;
            if (member == kNames.size() || (seen & (1u << member))) return false;
            seen |= 1u << member;
            if (member < 6) {
                if (!string(*strings[member])) return false;
            } else if (member < 8) {
                std::uint64_t n = 0;
                if (!unsignedInteger(n)) return false;
                (member == 6 ? o.hlc : o.baseVersion) = n;
            } else {
                skipSpace();
                const char* start = m_p;
                m_asDumped = true;
                if (!value(o.value, 0)) return false;
                if (m_asDumped) valueText.assign(start, m_p);
            }
        } while (take(','));
        return take('}') && seen == (1u << kNames.size()) - 1;
    }

    bool value(json& out, int depth) {
        skipSpace();
        if (m_p == m_end || depth > kMaxDepth) return false;
        switch (*m_p) {
        case '{': {
            ++m_p;
            out = json::object();
            if (take('}')) return true;
            std::string previousKey; // dump() writes the keys in std::map order, each once
            bool firstKey = true;
            do {
                std::string key;
                if (!string(key) || !take(':')) return false;
                if (!firstKey && !(previousKey < key)) m_asDumped = false;
                firstKey = false;
                json v;
                if (!value(v, depth + 1)) return false;
                out[key] = std::move(v); // a repeated key: the last one wins, as in nlohmann's parser
                if (m_asDumped) previousKey = std::move(key);
            } while (take(','));
            return take('}');
        }
        case '[': {
            ++m_p;
            out = json::array();
            if (take(']')) return true;
            do {
                out.push_back(json());
                if (!value(out.back(), depth + 1)) return false;
            } while (take(','));
            return take(']');
        }
        case '"': {
            std::string s;
            if (!string(s)) return false;
            out = std::move(s);
            return true;
        }
        case 't': return literal("true", json(true), out);
        case 'f': return literal("false", json(false), out);
        case 'n': return literal("null", json(nullptr), out);
        default: return number(out);
        }
    }

    bool literal(std::string_view word, json v, json& out) {
        if (static_cast<std::size_t>(m_end - m_p) < word.size() || std::string_view(m_p, word.size()) != word)
            return false;
        m_p += word.size();
        out = std::move(v);
        return true;
    }

    // A whole number as nlohmann reads it: non-negative ones unsigned, negative ones signed.
    bool number(json& out) {
        const bool negative = *m_p == '-';
        if (negative) ++m_p;
        std::uint64_t n = 0;
        if (!digits(n)) return false;
        if (!negative) {
            out = json(n);
            return true;
        }
        if (n > kMaxSigned) return false; // -2^63 itself is left to nlohmann too
        if (n == 0) m_asDumped = false;   // "-0" is read as 0, which dump() writes as "0"
        out = json(-static_cast<std::int64_t>(n));
        return true;
    }

    bool unsignedInteger(std::uint64_t& n) {
        skipSpace();
        return digits(n);
    }

    // Digits without a leading zero (unless "0"), with no fraction or exponent after them, that
    // fit in 64 bits.
    bool digits(std::uint64_t& n) {
        const char* start = m_p;
        n = 0;
        while (m_p != m_end && *m_p >= '0' && *m_p <= '9') {
            const auto d = static_cast<std::uint64_t>(*m_p - '0');
            if (n > (std::numeric_limits<std::uint64_t>::max() - d) / 10) return false;
            n = n * 10 + d;
            ++m_p;
        }
        if (m_p == start || (*start == '0' && m_p - start > 1)) return false;
        return m_p == m_end || (*m_p != '.' && *m_p != 'e' && *m_p != 'E');
    }

    // A string with no \u escape and no control character, of well-formed UTF-8 (RFC 3629, the
    // ranges nlohmann's lexer accepts).
    bool string(std::string& out) {
        if (!take('"')) return false;
        out.clear();
        const char* run = m_p; // bytes copied as they are
        while (m_p != m_end) {
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                out.append(run, m_p);
                ++m_p;
                return true;
            }
            if (c < 0x20) return false;
            if (c == '\\') {
                out.append(run, m_p);
                if (++m_p == m_end) return false;
                switch (*m_p) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/':
                    out += '/';
                    m_asDumped = false; // dump() writes a plain '/'
                    break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                default: return false; // \u (and anything invalid)
                }
                run = ++m_p;
                continue;
            }
            if (c < 0x80) {
                ++m_p;
                continue;
            }
            if (!utf8Sequence()) return false;
        }
        return false;
    }

    bool utf8Sequence() {
        const auto byte = [&](std::ptrdiff_t i) { return static_cast<unsigned char>(m_p[i]); };
        const auto in = [](unsigned char b, unsigned char lo, unsigned char hi) { return b >= lo && b <= hi; };
        const unsigned char c = byte(0);
        const std::ptrdiff_t left = m_end - m_p;
        int length = 0;
        unsigned char lo = 0x80, hi = 0xBF; // the second byte's range
        if (in(c, 0xC2, 0xDF)) {
            length = 2;
        } else if (in(c, 0xE0, 0xEF)) {
            length = 3;
            if (c == 0xE0) lo = 0xA0; // no overlong forms
            if (c == 0xED) hi = 0x9F; // no surrogates
        } else if (in(c, 0xF0, 0xF4)) {
            length = 4;
            if (c == 0xF0) lo = 0x90; // no overlong forms
            if (c == 0xF4) hi = 0x8F; // nothing above U+10FFFF
        } else {
            return false;
        }
        if (left < length || !in(byte(1), lo, hi)) return false;
        for (int i = 2; i < length; ++i)
            if (!in(byte(i), 0x80, 0xBF)) return false;
        m_p += length;
        return true;
    }

    const char* m_p;
    const char* m_end;
    std::size_t m_maxOps;
    std::vector<std::string> m_valueTexts; // one per op read, for SyncRequest::valueTexts
    // While a value is read: nothing seen yet that dump() would write differently.
    bool m_asDumped = false;
};

} // namespace

std::optional<SyncRequest> scanPlainSyncRequest(std::string_view body, std::size_t maxOps) {
    return Scanner(body, maxOps).request();
}

} // namespace fieldseal::server
