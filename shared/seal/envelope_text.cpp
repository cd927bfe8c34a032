#include "envelope_text.h"

#include "canonical_json.h"
#include "encoding.h"
#include "json_lexer.h"

#include <algorithm>
#include <cstdint>

namespace fieldseal::seal {
namespace {

// RFC 8785 3.2.3: member names compare as UTF-16 code units. Byte order of UTF-8 is code point
// order, which differs only when a character above U+FFFF (a surrogate pair, 0xD8..0xDB in
// UTF-16) meets one in U+E000..U+FFFF: compare those by their first UTF-16 unit.
int compareNames(std::string_view a, std::string_view b) {
    const std::size_t n = std::min(a.size(), b.size());
    std::size_t i = 0;
    while (i < n && a[i] == b[i])
        ++i;
    if (i == n) return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
    // Back up to the first byte of the code points that differ.
    while (i > 0 && (static_cast<unsigned char>(a[i]) & 0xc0) == 0x80)
        --i;
    const auto unit = [](std::string_view s, std::size_t at) -> std::uint32_t {
        const auto c0 = static_cast<unsigned char>(s[at]);
        if (c0 < 0x80) return c0;
        if (c0 >= 0xf0) return 0xd800; // above U+FFFF: its high surrogate (all that order needs)
        if (c0 >= 0xe0)
            return (c0 & 0x0fu) << 12 | (static_cast<unsigned char>(s[at + 1]) & 0x3fu) << 6 |
                   (static_cast<unsigned char>(s[at + 2]) & 0x3fu);
        return (c0 & 0x1fu) << 6 | (static_cast<unsigned char>(s[at + 1]) & 0x3fu);
    };
    const std::uint32_t ua = unit(a, i), ub = unit(b, i);
    if (ua != ub) return ua < ub ? -1 : 1;
    // Both above U+FFFF: there code point (= byte) order is UTF-16 order.
    return a.substr(i) < b.substr(i) ? -1 : 1;
}

class Reader : detail::JsonLexer {
public:
    explicit Reader(std::string_view text)
        : JsonLexer(text) {}

    std::optional<EnvelopeText> envelope() {
        EnvelopeText e;
        skipSpace();
        if (!accept('{')) return std::nullopt;
        unsigned seen = 0;
        bool first = true;
        while (true) {
            skipSpace();
            if (first && accept('}')) break;
            std::string name;
            if (atEnd() || peek() != '"' || !string(name)) return std::nullopt;
            skipSpace();
            if (!accept(':')) return std::nullopt;
            skipSpace();
            static constexpr std::string_view kMembers[] = {"format",    "alg",     "kid",   "seal",
                                                            "signed_at", "payload", "chain", "signature"};
            const auto known = std::find(std::begin(kMembers), std::end(kMembers), name);
            if (known == std::end(kMembers)) return std::nullopt;
            const unsigned bit = 1u << (known - std::begin(kMembers));
            if (seen & bit) return std::nullopt; // repeated: nlohmann keeps the last, let it decide
            seen |= bit;
            if (!member(name, e)) return std::nullopt;
            skipSpace();
            first = false;
            if (accept(',')) continue;
            if (!accept('}')) return std::nullopt;
            break;
        }
        skipSpace();
        if (!atEnd() || (seen | 1u << 6) != 0xffu) return std::nullopt; // all but chain required
        e.signedBytes = signedBytesWithCanonicalPayload(e.alg, e.kid, m_payload, e.seal, e.signedAtText);
        return e;
    }

private:
    static constexpr int kMaxDepth = kMaxJsonDepth;
    int m_depth = 1; // inside the envelope object
    std::string m_payload;

    bool textString(std::string& out) { return !atEnd() && peek() == '"' && string(out); }

    bool member(std::string_view name, EnvelopeText& e) {
        std::string text;
        if (name == "payload") return !atEnd() && peek() == '{' && canonicalValue(m_payload);
        if (name == "chain") {
            if (!accept('[')) return false;
            std::vector<std::string> chain;
            skipSpace();
            if (!accept(']')) {
                while (true) {
                    skipSpace();
                    if (!textString(chain.emplace_back())) return false;
                    skipSpace();
                    if (accept(',')) continue;
                    if (!accept(']')) return false;
                    break;
                }
            }
            e.chain = std::move(chain);
            return true;
        }
        if (name == "seal") return seal(e.seal);
        if (!textString(text)) return false;
        if (name == "format") return text == kEnvelopeFormat;
        if (name == "alg") {
            const auto alg = parseAlgorithm(text);
            if (alg) e.alg = *alg;
            return alg.has_value();
        }
        if (name == "kid") {
            e.kid = std::move(text);
            return isLowerHex(e.kid, 64);
        }
        if (name == "signed_at") {
            const auto at = parseRfc3339(text);
            if (at) e.signedAt = *at;
            e.signedAtText = std::move(text);
            return at.has_value();
        }
        // signature
        auto decoded = base64Decode(text);
        if (!decoded || decoded->empty() || decoded->size() > 256) return false;
        e.signature = std::move(*decoded);
        return true;
    }

    // Exactly id (non-empty), name, image_sha256 (lower-case hex), all strings.
    bool seal(SealIdentity& out) {
        if (!accept('{')) return false;
        unsigned seen = 0;
        while (true) {
            skipSpace();
            std::string name;
            if (!textString(name)) return false;
            skipSpace();
            if (!accept(':')) return false;
            skipSpace();
            std::string* field = name == "id"             ? &out.id
                                 : name == "name"         ? &out.name
                                 : name == "image_sha256" ? &out.imageSha256
                                                          : nullptr;
            const unsigned bit = field == &out.id ? 1u : field == &out.name ? 2u : 4u;
            if (!field || (seen & bit) || !textString(*field)) return false;
            seen |= bit;
            skipSpace();
            if (accept(',')) continue;
            if (!accept('}')) return false;
            break;
        }
        return seen == 7u && !out.id.empty() && isLowerHex(out.imageSha256, 64);
    }

    // The RFC 8785 form of the value at m_p, appended to `out`.
    bool canonicalValue(std::string& out) {
        if (atEnd()) return false;
        switch (peek()) {
        case '{':
            return object(out);
        case '[':
            return array(out);
        case '"':
            return canonicalString(out);
        case 't':
            out += "true";
            return literal("true");
        case 'f':
            out += "false";
            return literal("false");
        case 'n':
            out += "null";
            return literal("null");
        default: {
            detail::JsonNumber n;
            if (!number(n)) return false;
            out += canonicalNumber(n.asDouble()); // as canonicalJson converts nlohmann's number
            return true;
        }
        }
    }

    bool canonicalString(std::string& out) {
        // Without escapes the text is already canonical: RFC 8785 escapes only '"', '\\' and
        // control characters, which cannot stand unescaped in JSON text.
        std::string_view raw;
        if (rawString(raw)) {
            out += '"';
            out += raw;
            out += '"';
            return true;
        }
        std::string decoded;
        if (!string(decoded)) return false;
        appendCanonicalString(decoded, out);
        return true;
    }

    bool array(std::string& out) {
        if (++m_depth > kMaxDepth) return false;
        ++m_p; // '['
        out += '[';
        skipSpace();
        if (!accept(']')) {
            while (true) {
                skipSpace();
                if (!canonicalValue(out)) return false;
                skipSpace();
                if (accept(',')) {
                    out += ',';
                    continue;
                }
                if (!accept(']')) return false;
                break;
            }
        }
        out += ']';
        --m_depth;
        return true;
    }

    struct Member {
        std::string name;  // decoded
        std::size_t begin; // of `"name":value` in the output
        std::size_t end;
    };

    // Members are written as they come; if they did not come in RFC 8785 order they are
    // rearranged afterwards (text written by nlohmann or by FieldSeal is already in order).
    bool object(std::string& out) {
        if (++m_depth > kMaxDepth) return false;
        ++m_p; // '{'
        out += '{';
        const std::size_t bodyStart = out.size();
        std::vector<Member> members;
        bool sorted = true;
        skipSpace();
        if (!accept('}')) {
            while (true) {
                skipSpace();
                Member m;
                if (!textString(m.name)) return false;
                skipSpace();
                if (!accept(':')) return false;
                skipSpace();
                if (!members.empty()) {
                    const int order = compareNames(members.back().name, m.name);
                    if (order == 0) return false; // repeated: nlohmann keeps the last, let it decide
                    sorted = sorted && order < 0;
                    out += ',';
                }
                m.begin = out.size();
                appendCanonicalString(m.name, out);
                out += ':';
                if (!canonicalValue(out)) return false;
                m.end = out.size();
                members.push_back(std::move(m));
                skipSpace();
                if (accept(',')) continue;
                if (!accept('}')) return false;
                break;
            }
        }
        if (!sorted) {
            std::sort(members.begin(), members.end(),
                      [](const Member& a, const Member& b) { return compareNames(a.name, b.name) < 0; });
            for (std::size_t i = 1; i < members.size(); ++i)
                if (compareNames(members[i - 1].name, members[i].name) == 0) return false;
            const std::string body = out.substr(bodyStart);
            out.resize(bodyStart);
            for (std::size_t i = 0; i < members.size(); ++i) {
                if (i) out += ',';
                out.append(body, members[i].begin - bodyStart, members[i].end - members[i].begin);
            }
        }
        out += '}';
        --m_depth;
        return true;
    }
};

} // namespace

std::optional<EnvelopeText> readEnvelopeText(std::string_view text) {
    if (text.size() > kMaxEnvelopeBytes) return std::nullopt;
    return Reader(text).envelope();
}

} // namespace fieldseal::seal
