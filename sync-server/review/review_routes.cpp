#include "review_routes.h"

#include "api/errors.h"
#include "api/json_body.h"
#include "api/query_params.h"
#include "http/router.h"
#include "review/conflict_service.h"
#include "review/review_service.h"

namespace fieldseal::server {

void addReviewRoutes(Router& router, ReviewService& review) {
    const std::vector<Role> reviewers = {Role::Supervisor, Role::Admin};
    router.add(Route{"GET", "/v1/review/queue",
                     [&review](RequestContext& ctx) {
                         auto r = review.queue(*ctx.caller, queryValue(ctx.request.query, "district"));
                         return r ? HttpResponse::json(200, *r) : errorResponse(r.error());
                     },
                     true, reviewers});
    router.add(Route{"GET", "/v1/review/inspections/{id}",
                     [&review](RequestContext& ctx) {
                         auto r = review.detail(*ctx.caller, ctx.request.pathParams.at("id"));
                         return r ? HttpResponse::json(200, *r) : errorResponse(r.error());
                     },
                     true, reviewers});
    router.add(Route{"POST", "/v1/review/inspections/{id}/decision",
                     [&review](RequestContext& ctx) {
                         auto body = parseJsonObject(ctx.request);
                         if (!body) return errorResponse(body.error());
                         if (auto s = requireMembers(*body, {{"decision", JsonType::String},
                                                             {"comment", JsonType::String, false}});
                             !s)
                             return errorResponse(s.error());
                         const auto& d = (*body)["decision"];
                         if (d != "approve" && d != "return")
                             return errorResponse(badRequest("'decision' must be \"approve\" or \"return\""));
                         const std::string comment = body->value("comment", "");
                         auto r = review.decide(*ctx.caller, ctx.request.pathParams.at("id"),
                                                d == "approve" ? ReviewDecision::Approve : ReviewDecision::Return,
                                                comment);
                         return r ? HttpResponse::json(200, *r) : errorResponse(r.error());
                     },
                     true, reviewers});
}

void addConflictRoutes(Router& router, ConflictService& conflicts) {
    const std::vector<Role> reviewers = {Role::Supervisor, Role::Admin};
    router.add(Route{"GET", "/v1/conflicts",
                     [&conflicts](RequestContext& ctx) {
                         // Only open ones, or (no status) all: any other status is refused rather
                         // than answered with every conflict as if it had been left out.
                         const auto status = queryParam(ctx.request.query, "status");
                         if (status && *status != "open")
                             return errorResponse(
                                 badRequest("'status' must be open (or left out to list every conflict)"));
                         auto r = conflicts.list(*ctx.caller, status.has_value());
                         return r ? HttpResponse::json(200, *r) : errorResponse(r.error());
                     },
                     true, reviewers});
    router.add(Route{"POST", "/v1/conflicts/{id}/resolve",
                     [&conflicts](RequestContext& ctx) {
                         auto body = parseJsonObject(ctx.request);
                         if (!body) return errorResponse(body.error());
                         if (auto s = requireMembers(*body, {{"choice", JsonType::String},
                                                             {"fields", JsonType::Array, false},
                                                             {"comment", JsonType::String, false}});
                             !s)
                             return errorResponse(s.error());
                         const auto& c = (*body)["choice"];
                         if (c != "keep_ours" && c != "take_theirs")
                             return errorResponse(
                                 badRequest("'choice' must be \"keep_ours\" or \"take_theirs\""));
                         std::vector<std::string> fields;
                         for (const auto& f : body->value("fields", nlohmann::json::array())) {
                             if (!f.is_string())
                                 return errorResponse(badRequest("'fields' must list field names"));
                             fields.push_back(f.get<std::string>());
                         }
                         auto r = conflicts.resolve(*ctx.caller, ctx.request.pathParams.at("id"),
                                                    c == "keep_ours" ? ConflictChoice::KeepOurs
                                                                     : ConflictChoice::TakeTheirs,
                                                    fields, body->value("comment", ""));
                         return r ? HttpResponse::json(200, *r) : errorResponse(r.error());
                     },
                     true, reviewers});
}

} // namespace fieldseal::server
