#include "op_json_text.h"

namespace fieldseal::server {

void appendJsonString(std::string_view s, std::string& out) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    std::size_t plain = 0; // start of the run of bytes copied as they are
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s.data() + plain, i - plain);
        plain = i + 1;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    out.append(s.data() + plain, s.size() - plain);
    out += '"';
}

void appendOpJson(const LoggedOpText& op, std::string& out) {
    out += "{\"base_version\":";
    out += std::to_string(op.baseVersion);
    out += ",\"device\":";
    appendJsonString(op.device, out);
    out += ",\"field\":";
    appendJsonString(op.field, out);
    out += ",\"hlc\":";
    out += std::to_string(op.hlc);
    out += ",\"op_id\":";
    appendJsonString(op.opId, out);
    out += ",\"record_id\":";
    appendJsonString(op.recordId, out);
    out += ",\"type\":";
    appendJsonString(op.type, out);
    out += ",\"user\":";
    appendJsonString(op.user, out);
    out += ",\"value\":";
    out += op.valueJson;
    out += '}';
}

} // namespace fieldseal::server
