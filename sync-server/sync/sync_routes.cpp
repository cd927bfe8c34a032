#include "sync_routes.h"

#include "http/router.h"
#include "sync/op_codec.h"
#include "sync/sync_service.h"

namespace fieldseal::server {
namespace {

constexpr std::size_t kSyncBodyLimit = 32u << 20; // 5000 ops of a few KiB
constexpr std::size_t kMaxPushOps = 5000;

HttpResponse badRequest(const std::string& message) {
    return HttpResponse::error(400, "invalid_request", message);
}

// The request body: {"cursor": N, "ops": [op...], "limit": L}; "ops" and "limit" optional.
// Anything malformed refuses the whole request, so nothing is half-applied.
std::variant<SyncRequest, HttpResponse> parseSyncRequest(const HttpRequest& http) {
    const auto body = nlohmann::json::parse(http.body, nullptr, false);
    if (body.is_discarded()) return HttpResponse::error(400, "malformed_json", "the body is not valid JSON");
    if (!body.is_object()) return badRequest("the body must be a JSON object");
    for (const auto& [key, value] : body.items())
        if (key != "cursor" && key != "ops" && key != "limit")
            return badRequest("unknown member '" + key + "' (expected cursor, ops, limit)");
    SyncRequest req;
    const auto cursor = body.find("cursor");
    if (cursor == body.end() || !cursor->is_number_integer() || cursor->get<std::int64_t>() < 0)
        return badRequest("'cursor' must be a whole number >= 0 (0 for a first pull)");
    req.cursor = cursor->get<std::int64_t>();
    if (const auto limit = body.find("limit"); limit != body.end()) {
        if (!limit->is_number_integer() || limit->get<std::int64_t>() < 1)
            return badRequest("'limit' must be a whole number >= 1");
        req.limit = limit->get<std::size_t>();
    }
    if (const auto ops = body.find("ops"); ops != body.end()) {
        if (!ops->is_array()) return badRequest("'ops' must be an array of ops");
        if (ops->size() > kMaxPushOps)
            return HttpResponse::error(413, "too_many_ops",
                                       "at most " + std::to_string(kMaxPushOps) + " ops per push; send the rest next");
        req.ops.reserve(ops->size());
        for (std::size_t i = 0; i < ops->size(); ++i) {
            auto op = opFromJson((*ops)[i]);
            if (!op) return badRequest("ops[" + std::to_string(i) + "]: " + op.error().message);
            req.ops.push_back(std::move(*op));
        }
    }
    return req;
}

nlohmann::json toJson(const SyncResult& r) {
    auto rejected = nlohmann::json::array();
    for (const auto& x : r.rejected)
        rejected.push_back({{"op_id", x.opId}, {"code", x.code}, {"message", x.message}});
    auto ops = nlohmann::json::array();
    for (const auto& s : r.pulled)
        ops.push_back(opToJson(s.op));
    return {{"accepted", r.accepted}, {"rejected", std::move(rejected)}, {"ops", std::move(ops)},
            {"cursor", r.cursor},     {"more", r.more},                  {"conflicts", r.conflicts}};
}

} // namespace

void addSyncRoutes(Router& router, SyncService& sync) {
    router.add(Route{"POST", "/v1/sync",
                     [&sync](RequestContext& ctx) {
                         auto parsed = parseSyncRequest(ctx.request);
                         if (auto* error = std::get_if<HttpResponse>(&parsed)) return std::move(*error);
                         auto result = sync.sync(*ctx.caller, std::get<SyncRequest>(parsed));
                         if (!result) {
                             if (result.error().domain == ErrorDomain::Store)
                                 return HttpResponse::error(503, "storage_unavailable", result.error().message);
                             return HttpResponse::error(409, "cursor_ahead", result.error().message);
                         }
                         return HttpResponse::json(200, toJson(*result));
                     },
                     true, {}, kSyncBodyLimit});
}

} // namespace fieldseal::server
