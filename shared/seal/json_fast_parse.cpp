#include "json_fast_parse.h"

#include "json_lexer.h"

#include <string>

namespace fieldseal::seal {
namespace {

using json = nlohmann::json;

class Parser : detail::JsonLexer {
public:
    Parser(std::string_view text, int maxDepth)
        : JsonLexer(text)
        , m_maxDepth(maxDepth) {}

    bool document(json& out) {
        skipSpace();
        if (!value(out)) return false;
        skipSpace();
        return m_p == m_end;
    }

private:
    int m_maxDepth;
    int m_depth = 0;

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
        default: {
            detail::JsonNumber n;
            if (!number(n)) return false;
            if (n.kind == detail::JsonNumber::Signed)
                out = n.i;
            else if (n.kind == detail::JsonNumber::Unsigned)
                out = n.u;
            else
                out = n.d;
            return true;
        }
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
            // Hinted at the end: members usually arrive sorted (nlohmann writes them so).
            const auto it = members.try_emplace(members.end(), std::move(key));
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
};

} // namespace

std::optional<nlohmann::json> parseJsonFast(std::string_view text, int maxDepth) {
    json out;
    Parser parser(text, maxDepth);
    if (!parser.document(out)) return std::nullopt;
    return out;
}

} // namespace fieldseal::seal
