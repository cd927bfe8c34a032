#include "client/review_api.h"

#include <cctype>

namespace fieldseal {
namespace {

// Ids come from records (UUIDs), but a path segment must never carry a '/' or '?' through.
std::string pathSegment(const std::string& id) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : id) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

} // namespace

SyncResult<nlohmann::json> ReviewApi::call(const std::string& method, const std::string& path,
                                           const nlohmann::json* body, const std::string& what) {
    HttpRequest request;
    request.method = method;
    request.path = path;
    if (body) {
        request.headers.set("Content-Type", "application/json");
        request.body = body->dump();
    }
    // Decisions may be retried after a lost answer: a repeat is refused (409), never applied twice.
    auto response = m_session.call(std::move(request));
    if (!response) return response.error();
    if (response->status != 200) return ApiSession::errorFromResponse(*response, what);
    auto json = nlohmann::json::parse(response->body, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return SyncError{SyncErrorKind::BadResponse, what + ": the server's answer is not a JSON object", 200, {}, {}};
    return json;
}

SyncResult<nlohmann::json> ReviewApi::queue() {
    return call("GET", "/v1/review/queue", nullptr, "review queue");
}

SyncResult<nlohmann::json> ReviewApi::inspection(const std::string& inspectionId) {
    return call("GET", "/v1/review/inspections/" + pathSegment(inspectionId), nullptr, "inspection " + inspectionId);
}

SyncResult<nlohmann::json> ReviewApi::decide(const std::string& inspectionId, ReviewDecision decision,
                                             const std::string& comment) {
    nlohmann::json body = {{"decision", decision == ReviewDecision::Approve ? "approve" : "return"}};
    if (!comment.empty()) body["comment"] = comment;
    return call("POST", "/v1/review/inspections/" + pathSegment(inspectionId) + "/decision", &body,
                "review decision on " + inspectionId);
}

SyncResult<nlohmann::json> ReviewApi::conflicts(bool openOnly) {
    return call("GET", openOnly ? "/v1/conflicts?status=open" : "/v1/conflicts", nullptr, "conflict list");
}

SyncResult<nlohmann::json> ReviewApi::resolve(const std::string& conflictId, ConflictChoice choice,
                                              const std::vector<std::string>& fields, const std::string& comment) {
    nlohmann::json body = {{"choice", choice == ConflictChoice::KeepOurs ? "keep_ours" : "take_theirs"}};
    if (!fields.empty()) body["fields"] = fields;
    if (!comment.empty()) body["comment"] = comment;
    return call("POST", "/v1/conflicts/" + pathSegment(conflictId) + "/resolve", &body,
                "resolution of conflict " + conflictId);
}

} // namespace fieldseal
