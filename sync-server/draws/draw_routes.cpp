#include "draw_routes.h"

#include "api/json_body.h"
#include "draws/draw_service.h"
#include "http/router.h"

namespace fieldseal::server {
namespace {

// Plans carry whole district populations; 8 MiB leaves room for tens of thousands of rows.
constexpr std::size_t kPlanBodyLimit = 8u << 20;

template <class R> HttpResponse jsonOr(int status, const R& r) {
    return r ? HttpResponse::json(status, *r) : errorResponse(r.error());
}

} // namespace

void addDrawRoutes(Router& router, DrawService& draws) {
    const std::vector<Role> admins = {Role::Admin};
    router.add(Route{"POST", "/v1/draws",
                     [&draws](RequestContext& ctx) {
                         auto body = parseJsonObject(ctx.request);
                         if (!body) return errorResponse(body.error());
                         auto r = draws.create(*ctx.caller, *body);
                         if (!r) return errorResponse(r.error());
                         return HttpResponse::json(201, *r).withHeader("Location",
                                                                      "/v1/draws/" + (*r)["id"].get<std::string>());
                     },
                     true, admins, kPlanBodyLimit});
    router.add(Route{"GET", "/v1/draws",
                     [&draws](RequestContext& ctx) { return jsonOr(200, draws.list(*ctx.caller)); }, true, admins});
    router.add(Route{"GET", "/v1/draws/{id}",
                     [&draws](RequestContext& ctx) {
                         return jsonOr(200, draws.detail(*ctx.caller, ctx.request.pathParams.at("id")));
                     },
                     true, admins});
    router.add(Route{"POST", "/v1/draws/{id}/run",
                     [&draws](RequestContext& ctx) {
                         return jsonOr(200, draws.run(*ctx.caller, ctx.request.pathParams.at("id")));
                     },
                     true, admins});
    router.add(Route{"GET", "/v1/public/draws/{id}",
                     [&draws](RequestContext& ctx) {
                         return jsonOr(200, draws.publicView(ctx.request.pathParams.at("id")));
                     },
                     false, {}});
    router.add(Route{"GET", "/v1/public/draws/{id}/listing.html",
                     [&draws](RequestContext& ctx) {
                         auto r = draws.listingHtml(ctx.request.pathParams.at("id"));
                         return r ? HttpResponse::text(200, std::move(*r), "text/html; charset=utf-8")
                                  : errorResponse(r.error());
                     },
                     false, {}});
    router.add(Route{"GET", "/v1/public/draws/{id}/listing.csv",
                     [&draws](RequestContext& ctx) {
                         auto r = draws.listingCsv(ctx.request.pathParams.at("id"));
                         if (!r) return errorResponse(r.error());
                         const std::string id = ctx.request.pathParams.at("id");
                         return HttpResponse::text(200, std::move(*r), "text/csv; charset=utf-8")
                             .withHeader("Content-Disposition", "attachment; filename=\"" + id + ".csv\"");
                     },
                     false, {}});
}

} // namespace fieldseal::server
