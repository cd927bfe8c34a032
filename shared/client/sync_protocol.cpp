#include "client/sync_protocol.h"

#include "client/sync_reply_decoder.h"
#include "sync/op_codec.h"

namespace fieldseal {

namespace {

Error malformed(std::string message) {
    return Error{ErrorDomain::Sync, ErrorCode::MalformedInput, std::move(message)};
}

std::optional<std::string> stringMember(const nlohmann::json& j, const char* name) {
    const auto it = j.find(name);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

} // namespace

std::string syncRequestBody(std::int64_t cursor, const std::vector<Op>& ops, std::size_t limit) {
    auto list = nlohmann::json::array();
    for (const auto& op : ops)
        list.push_back(opToJson(op));
    nlohmann::json body{{"cursor", cursor}, {"ops", std::move(list)}};
    if (limit > 0) body["limit"] = limit;
    return body.dump();
}

Result<SyncReply> parseSyncReply(std::string_view text) {
    return decodeSyncReply(text);
}

nlohmann::json loginRequestJson(const std::string& username, const std::string& password,
                                const std::string& deviceId) {
    nlohmann::json j{{"username", username}, {"password", password}};
    if (!deviceId.empty()) j["device_id"] = deviceId;
    return j;
}

Result<SessionTokens> sessionFromJson(const nlohmann::json& j) {
    if (!j.is_object()) return malformed("the session reply is not a JSON object");
    SessionTokens t;
    auto access = stringMember(j, "access_token");
    auto refresh = stringMember(j, "refresh_token");
    if (!access || access->empty()) return malformed("the session reply has no access_token");
    if (!refresh || refresh->empty()) return malformed("the session reply has no refresh_token");
    t.accessToken = std::move(*access);
    t.refreshToken = std::move(*refresh);
    t.expiresAt = stringMember(j, "expires_at").value_or("");
    t.refreshExpiresAt = stringMember(j, "refresh_expires_at").value_or("");
    if (const auto user = j.find("user"); user != j.end() && user->is_object()) t.user = *user;
    return t;
}

Result<SessionTokens> parseSessionReply(std::string_view body) {
    const auto j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_discarded()) return malformed("the session reply is not JSON");
    return sessionFromJson(j);
}

nlohmann::json toJson(const SessionTokens& t) {
    return {{"access_token", t.accessToken},
            {"expires_at", t.expiresAt},
            {"refresh_token", t.refreshToken},
            {"refresh_expires_at", t.refreshExpiresAt},
            {"user", t.user}};
}

std::optional<ServerError> parseServerError(std::string_view body) {
    const auto j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    const auto e = j.find("error");
    if (e == j.end() || !e->is_object()) return std::nullopt;
    return ServerError{stringMember(*e, "code").value_or(""), stringMember(*e, "message").value_or("")};
}

} // namespace fieldseal
