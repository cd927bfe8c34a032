#include "sync_routes.h"

#include "api/errors.h"
#include "api/json_body.h"
#include "http/router.h"
#include "sync/op_json_text.h"
#include "sync/sync_request_reader.h"
#include "sync/sync_service.h"

namespace fieldseal::server {
namespace {

constexpr std::size_t kSyncBodyLimit = 32u << 20; // 5000 ops of a few KiB
constexpr std::size_t kMaxPushOps = 5000;

// The request, or the answer to a body that is none.
std::variant<SyncRequest, HttpResponse> parseSyncRequest(const HttpRequest& http) {
    auto read = readSyncRequest(http.body, kMaxPushOps);
    if (auto* request = std::get_if<SyncRequest>(&read)) return std::move(*request);
    auto& problem = std::get<SyncRequestProblem>(read);
    switch (problem.kind) {
    case SyncRequestProblem::Kind::MalformedJson:
        return HttpResponse::error(400, "malformed_json", problem.message);
    case SyncRequestProblem::Kind::TooManyOps:
        return HttpResponse::error(413, "too_many_ops", problem.message);
    case SyncRequestProblem::Kind::Invalid:
        break;
    }
    return errorResponse(badRequest(problem.message));
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
    // Accepted op ids passed validateOp (printable ASCII): written as they are, quotes escaped,
    // without a JSON array of 500 copies in between.
    out += "{\"accepted\":[";
    for (std::size_t i = 0; i < r.accepted.size(); ++i) {
        if (i > 0) out += ',';
        appendJsonString(r.accepted[i], out);
    }
    out += ']';
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
