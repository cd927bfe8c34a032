#include "json_body.h"

#include <string>
#include <unordered_set>
#include <vector>

namespace fieldseal::server {
namespace {

Error malformed(std::string message) {
    return Error{ErrorDomain::Usage, ErrorCode::MalformedInput, std::move(message)};
}

Error badRequest(ErrorCode code, std::string message) {
    return Error{ErrorDomain::Usage, code, std::move(message)};
}

// Nesting depth of the JSON text, counted without parsing (brackets inside strings skipped), so a
// body of a million '[' is refused before anything is allocated for it.
std::size_t nestingDepth(std::string_view text) {
    std::size_t depth = 0;
    std::size_t deepest = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : text) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            deepest = std::max(deepest, ++depth);
        } else if ((c == '}' || c == ']') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

struct DuplicateMember {
    std::string name;
};

const char* typeName(JsonType t) {
    switch (t) {
    case JsonType::String:
        return "a string";
    case JsonType::Integer:
        return "an integer";
    case JsonType::Number:
        return "a number";
    case JsonType::Boolean:
        return "a boolean";
    case JsonType::Object:
        return "an object";
    case JsonType::Array:
        return "an array";
    }
    return "a value";
}

bool hasType(const nlohmann::json& v, JsonType t) {
    switch (t) {
    case JsonType::String:
        return v.is_string();
    case JsonType::Integer:
        return v.is_number_integer();
    case JsonType::Number:
        return v.is_number();
    case JsonType::Boolean:
        return v.is_boolean();
    case JsonType::Object:
        return v.is_object();
    case JsonType::Array:
        return v.is_array();
    }
    return false;
}

std::string memberPath(std::string_view where, std::string_view name) {
    std::string path(where);
    if (!path.empty()) path += '.';
    path += name;
    return path;
}

} // namespace

Result<nlohmann::json> parseJsonObject(const HttpRequest& request, std::size_t maxDepth) {
    const std::string& body = request.body;
    if (body.find_first_not_of(" \t\r\n") == std::string::npos)
        return malformed("the request body is empty; a JSON object is expected");
    if (nestingDepth(body) > maxDepth)
        return malformed("the JSON body is nested deeper than " + std::to_string(maxDepth) + " levels");

    // Member names seen in each open object, to refuse {"a":1,"a":2}: which one a reader takes is
    // up to the reader, and a check and a use must never see different values.
    std::vector<std::unordered_set<std::string>> open;
    const nlohmann::json::parser_callback_t checkDuplicates =
        [&open](int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
            using Event = nlohmann::json::parse_event_t;
            if (event == Event::object_start) {
                open.emplace_back();
            } else if (event == Event::object_end) {
                if (!open.empty()) open.pop_back();
            } else if (event == Event::key && !open.empty()) {
                if (!open.back().insert(parsed.get<std::string>()).second)
                    throw DuplicateMember{parsed.get<std::string>()};
            }
            return true;
        };
    nlohmann::json value;
    try {
        value = nlohmann::json::parse(body, checkDuplicates);
    } catch (const DuplicateMember& d) {
        return malformed("the member '" + d.name + "' appears twice in one object");
    } catch (const nlohmann::json::exception& e) {
        return malformed(std::string("the body is not valid JSON: ") + e.what());
    }
    if (!value.is_object()) return badRequest(ErrorCode::InvalidInput, "the body must be a JSON object");
    return value;
}

Status requireMembers(const nlohmann::json& object, std::initializer_list<JsonMember> members,
                      std::string_view where) {
    if (!object.is_object())
        return badRequest(ErrorCode::InvalidInput,
                          (where.empty() ? std::string("the body") : "'" + std::string(where) + "'") +
                              " must be a JSON object");
    for (const auto& [name, value] : object.items()) {
        bool known = false;
        for (const auto& m : members)
            known = known || m.name == name;
        if (!known)
            return badRequest(ErrorCode::UnknownField, "unknown member '" + memberPath(where, name) + "'");
    }
    for (const auto& m : members) {
        const auto it = object.find(m.name);
        if (it == object.end()) {
            if (m.required)
                return badRequest(ErrorCode::MissingField, "missing member '" + memberPath(where, m.name) +
                                                               "' (" + typeName(m.type) + ")");
            continue;
        }
        if (!hasType(*it, m.type))
            return badRequest(ErrorCode::InvalidInput, "member '" + memberPath(where, m.name) + "' must be " +
                                                           typeName(m.type) + ", not " + it->type_name());
    }
    return ok();
}

int httpStatusFor(const Error& error) {
    // Before the Usage rule: services refuse a caller as a Usage error with code Forbidden.
    if (error.code == ErrorCode::Forbidden) return 403;
    if (error.code == ErrorCode::MalformedInput || error.domain == ErrorDomain::Usage) return 400;
    switch (error.code) {
    case ErrorCode::NotFound:
        return 404;
    case ErrorCode::Conflict:
    case ErrorCode::Tampered:
    case ErrorCode::IllegalTransition:
    case ErrorCode::Immutable:
        return 409;
    case ErrorCode::StoreFailure:
    case ErrorCode::SchemaTooNew:
        return 503;
    default:
        break;
    }
    if (error.domain == ErrorDomain::Store || error.domain == ErrorDomain::Network) return 503;
    return 422;
}

HttpResponse errorResponse(const Error& error) {
    const int status = httpStatusFor(error);
    std::string code;
    switch (status) {
    case 400:
        code = error.code == ErrorCode::MalformedInput ? "malformed_json" : "invalid_request";
        break;
    case 503:
        code = error.domain == ErrorDomain::Network ? "unavailable" : "storage_unavailable";
        break;
    default:
        code = toString(error.code);
        break;
    }
    return HttpResponse::error(status, code, error.message);
}

} // namespace fieldseal::server
