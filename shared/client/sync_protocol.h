#pragma once
// The JSON of the sync server's API as the device sends and reads it (sync-server/openapi.yaml):
// POST /v1/sync request and reply, auth replies, and the {"error":{"code","message"}} body.
// Parsing is strict about what the device relies on (types of the members it reads, every
// pulled op valid by opFromJson) and ignores members it does not know, so the server can add some.

#include "model/op.h"
#include "model/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fieldseal {

struct RejectedOp {
    std::string opId;
    std::string code; // forbidden, tampered, clock_ahead, ... (openapi.yaml)
    std::string message;
};

struct SyncReply {
    std::vector<std::string> accepted; // op ids, including ones the server already had
    std::vector<RejectedOp> rejected;  // final: never accepted
    std::vector<Op> ops;               // pulled, after the request's cursor
    std::int64_t cursor = 0;           // send next time
    bool more = false;                 // pull again
    nlohmann::json conflicts = nlohmann::json::array();
};

// {"cursor": N, "ops": [opToJson...], "limit": L}
std::string syncRequestBody(std::int64_t cursor, const std::vector<Op>& ops, std::size_t limit);
// Errors: Sync / MalformedInput with what is wrong.
Result<SyncReply> parseSyncReply(std::string_view body);

struct SessionTokens {
    std::string accessToken;
    std::string expiresAt;
    std::string refreshToken;
    std::string refreshExpiresAt;
    nlohmann::json user = nlohmann::json::object();
};

nlohmann::json loginRequestJson(const std::string& username, const std::string& password,
                                const std::string& deviceId);
// The reply of /v1/auth/login and /v1/auth/refresh.
Result<SessionTokens> parseSessionReply(std::string_view body);
nlohmann::json toJson(const SessionTokens& tokens);
Result<SessionTokens> sessionFromJson(const nlohmann::json& j);

struct ServerError {
    std::string code;
    std::string message;
};
// The server's error body, when it is one.
std::optional<ServerError> parseServerError(std::string_view body);

} // namespace fieldseal
