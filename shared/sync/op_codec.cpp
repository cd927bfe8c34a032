#include "op_codec.h"

#include "model/schema.h"

namespace fieldseal {
namespace {

constexpr size_t kMaxIdLength = 128;

Error bad(const std::string& message) {
    return validationError(ErrorCode::InvalidInput, message);
}

Status checkId(const std::string& what, const std::string& v) {
    if (v.empty() || v.size() > kMaxIdLength)
        return bad(what + " must be 1 to " + std::to_string(kMaxIdLength) + " characters");
    for (unsigned char c : v)
        if (c < 0x21 || c > 0x7e) return bad(what + " '" + v + "' must be printable ASCII without spaces");
    return ok();
}

Status validateStatusValue(const RecordType& type, const nlohmann::json& v) {
    if (!v.is_object() || !v.contains("status") || !v.contains("seen") || !v.contains("after") ||
        v.size() != 3)
        return bad(type.name +
                   ".status: a status op's value must be {\"status\": ..., \"seen\": {...}, \"after\": ...}");
    if (!v["after"].is_string())
        return bad(type.name + ".status: after must be the op id of the status change it follows, or \"\"");
    if (auto s = validateField(type, kStatusField, v["status"]); !s) return s;
    if (v["status"] == status::kDraft)
        return bad(type.name + ".status: no op can set a record back to draft");
    if (!v["seen"].is_object()) return bad(type.name + ".status: seen must be an object");
    for (const auto& [field, version] : v["seen"].items()) {
        if (!version.is_array() || version.size() != 2 || !version[0].is_number_unsigned() ||
            !version[1].is_string())
            return bad(type.name + ".status: seen." + field + " must be [hlc, device]");
    }
    return ok();
}

} // namespace

nlohmann::json opToJson(const Op& op) {
    return nlohmann::json{{"op_id", op.opId},
                          {"record_id", op.recordId},
                          {"type", op.type},
                          {"field", op.field},
                          {"value", op.value},
                          {"hlc", op.hlc},
                          {"base_version", op.baseVersion},
                          {"device", op.device},
                          {"user", op.user}};
}

Result<Op> opFromJson(const nlohmann::json& j) {
    if (!j.is_object()) return bad("an op must be a JSON object");
    static const char* kStrings[] = {"op_id", "record_id", "type", "field", "device", "user"};
    for (const char* key : kStrings) {
        const auto it = j.find(key);
        if (it == j.end()) return bad(std::string("op is missing \"") + key + "\"");
        if (!it->is_string()) return bad(std::string("op member \"") + key + "\" must be a string");
    }
    for (const char* key : {"hlc", "base_version"}) {
        const auto it = j.find(key);
        if (it == j.end()) return bad(std::string("op is missing \"") + key + "\"");
        if (!it->is_number_unsigned())
            return bad(std::string("op member \"") + key + "\" must be a whole number");
    }
    if (!j.contains("value")) return bad("op is missing \"value\"");
    if (j.size() != 9) {
        for (const auto& [key, _] : j.items()) {
            static const std::vector<std::string> kKnown = {
                "op_id", "record_id", "type", "field", "value", "hlc", "base_version", "device", "user"};
            if (std::find(kKnown.begin(), kKnown.end(), key) == kKnown.end())
                return bad("op has an unknown member \"" + key + "\"");
        }
    }
    Op op;
    op.opId = j["op_id"].get<std::string>();
    op.recordId = j["record_id"].get<std::string>();
    op.type = j["type"].get<std::string>();
    op.field = j["field"].get<std::string>();
    op.value = j["value"];
    op.hlc = j["hlc"].get<Hlc>();
    op.baseVersion = j["base_version"].get<Hlc>();
    op.device = j["device"].get<std::string>();
    op.user = j["user"].get<std::string>();
    return op;
}

Status validateOp(const Op& op) {
    if (auto s = checkId("op_id", op.opId); !s) return s;
    if (auto s = checkId("record_id", op.recordId); !s) return s;
    if (auto s = checkId("device", op.device); !s) return s;
    if (op.user.empty() || op.user.size() > kMaxIdLength)
        return bad("op " + op.opId + ": user must be 1 to 128 bytes");
    if (op.hlc == 0) return bad("op " + op.opId + ": hlc must be greater than 0");
    if (op.baseVersion > op.hlc) return bad("op " + op.opId + ": base_version is newer than the op itself");
    auto type = requireRecordType(op.type);
    if (!type) return type.error();
    const RecordType& t = **type;
    const auto withOp = [&](Status s) -> Status {
        if (s) return s;
        return Error{s.error().domain, s.error().code, "op " + op.opId + ": " + s.error().message};
    };
    if (op.isBody()) {
        if (!t.immutable)
            return bad("op " + op.opId + ": " + t.name +
                       " records are edited field by field, not inserted whole");
        return withOp(validateBody(t, op.value));
    }
    if (t.immutable)
        return Error{ErrorDomain::Validation, ErrorCode::Immutable,
                     "op " + op.opId + ": " + t.name + " records are immutable; field '" + op.field +
                         "' cannot be edited"};
    if (op.isStatus()) {
        if (!t.hasStatus) return bad("op " + op.opId + ": " + t.name + " records have no status");
        return withOp(validateStatusValue(t, op.value));
    }
    return withOp(validateField(t, op.field, op.value));
}

Result<std::vector<Op>> readOpLines(std::istream& in) {
    std::vector<Op> ops;
    std::string line;
    size_t lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        const bool lastLineCut = in.eof(); // a complete file ends every line with '\n'
        if (line.empty() || line == "\r") continue;
        const auto where = "line " + std::to_string(lineNo) + ": ";
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded()) {
            return bad(where + (lastLineCut ? "the last line is cut short (the file looks truncated)"
                                            : "not valid JSON"));
        }
        if (lastLineCut) return bad(where + "the last line has no newline (the file looks truncated)");
        auto op = opFromJson(j);
        if (!op) return bad(where + op.error().message);
        if (auto s = validateOp(*op); !s)
            return Error{s.error().domain, s.error().code, where + s.error().message};
        ops.push_back(std::move(op).value());
    }
    return ops;
}

} // namespace fieldseal
