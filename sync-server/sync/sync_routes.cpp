#include "sync_routes.h"

#include "api/errors.h"
#include "api/json_body.h"
#include "http/router.h"
#include "sync/op_codec.h"
#include "sync/sync_request_reader.h"
#include "sync/sync_service.h"

namespace fieldseal::server {
namespace {

constexpr std::size_t kSyncBodyLimit = 32u << 20; // 5000 ops of a few KiB
constexpr std::size_t kMaxPushOps = 5000;

// The request body: {"cursor": N, "ops": [op...], "limit": L}; "ops" and "limit" optional.
// Anything malformed refuses the whole request, so nothing is half-applied.
std::variant<SyncRequest, HttpResponse> parseSyncRequest(const HttpRequest& http) {
    // A well-formed request is read in one pass (sync_request_reader.h); anything else is parsed
    // here, which says what is wrong with it.
    if (auto fast = readSyncRequestFast(http.body, kMaxPushOps)) return std::move(*fast);
    auto body = nlohmann::json::parse(http.body, nullptr, false);
    if (body.is_discarded()) return HttpResponse::error(400, "malformed_json", "the body is not valid JSON");
    if (!body.is_object()) return errorResponse(badRequest("the body must be a JSON object"));
    for (const auto& [key, value] : body.items())
        if (key != "cursor" && key != "ops" && key != "limit")
            return errorResponse(badRequest("unknown member '" + key + "' (expected cursor, ops, limit)"));
    SyncRequest req;
    const auto cursor = body.find("cursor");
    if (cursor == body.end() || !cursor->is_number_integer() || cursor->get<std::int64_t>() < 0)
        return errorResponse(badRequest("'cursor' must be a whole number >= 0 (0 for a first pull)"));
    req.cursor = cursor->get<std::int64_t>();
    if (const auto limit = body.find("limit"); limit != body.end()) {
        if (!limit->is_number_integer() || limit->get<std::int64_t>() < 1)
            return errorResponse(badRequest("'limit' must be a whole number >= 1"));
        req.limit = limit->get<std::size_t>();
    }
    if (const auto ops = body.find("ops"); ops != body.end()) {
        if (!ops->is_array()) return errorResponse(badRequest("'ops' must be an array of ops"));
        if (ops->size() > kMaxPushOps)
            return HttpResponse::error(413, "too_many_ops",
                                       "at most " + std::to_string(kMaxPushOps) + " ops per push; send the rest next");
        req.ops.reserve(ops->size());
        for (std::size_t i = 0; i < ops->size(); ++i) {
            // opFromJson copies the value; move it out first and back in after (the checks
            // only need to see that it is there).
            nlohmann::json& element = (*ops)[i];
            nlohmann::json value;
            const auto v = element.is_object() ? element.find("value") : element.end();
            if (element.is_object() && v != element.end()) std::swap(value, *v);
            auto op = opFromJson(element);
            if (!op) return errorResponse(badRequest("ops[" + std::to_string(i) + "]: " + op.error().message));
            op->value = std::move(value);
            req.ops.push_back(std::move(*op));
        }
    }
    return req;
}

// The reply, written as text around the pulled ops (already JSON text): the same bytes as the
// JSON document {"accepted","conflicts","cursor","more","ops","rejected"} dumped, without
// building a document of a page of ops.
std::string replyBody(const SyncResult& r) {
    // Invalid UTF-8 (from a device's op) is replaced, as HttpResponse::json does.
    const auto dump = [](const nlohmann::json& j) {
        return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    auto rejected = nlohmann::json::array();
    for (const auto& x : r.rejected)
        rejected.push_back({{"op_id", x.opId}, {"code", x.code}, {"message", x.message}});
    std::string out;
    out.reserve(r.pulledJson.size() + 64 * r.accepted.size() + 256);
    out += "{\"accepted\":";
    out += dump(nlohmann::json(r.accepted));
    out += ",\"conflicts\":";
    out += dump(r.conflicts);
    out += ",\"cursor\":";
    out += std::to_string(r.cursor);
    out += ",\"more\":";
    out += r.more ? "true" : "false";
    out += ",\"ops\":";
    out += r.pulledJson;
    out += ",\"rejected\":";
    out += dump(rejected);
    out += '}';
    return out;
}

} // namespace

void addSyncRoutes(Router& router, SyncService& sync) {
    router.add(Route{"POST", "/v1/sync",
                     [&sync](RequestContext& ctx) {
                         auto parsed = parseSyncRequest(ctx.request);
                         if (auto* error = std::get_if<HttpResponse>(&parsed)) return std::move(*error);
                         auto result = sync.sync(*ctx.caller, std::move(std::get<SyncRequest>(parsed)));
                         if (!result) {
                             if (result.error().domain == ErrorDomain::Store) return errorResponse(result.error());
                             return HttpResponse::error(409, "cursor_ahead", result.error().message);
                         }
                         return HttpResponse::text(200, replyBody(*result), "application/json");
                     },
                     true, {}, kSyncBodyLimit});
}

} // namespace fieldseal::server
