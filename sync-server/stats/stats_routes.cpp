#include "stats_routes.h"

#include "api/json_body.h"
#include "http/router.h"
#include "stats/stats_json.h" // shared/stats: the same JSON as `fieldseal stats`
#include "stats/stats_request.h"
#include "stats/stats_service.h"

namespace fieldseal::server {
namespace {

constexpr const char* kCsv = "text/csv; charset=utf-8";

} // namespace

void addStatsRoutes(Router& router, StatsService& stats) {
    // Inspectors and exhibition staff are refused by the role layer (403) before any work.
    const std::vector<Role> readers = {Role::Supervisor, Role::Admin};
    router.add(Route{"GET", "/v1/stats/inspections",
                     [&stats](RequestContext& ctx) {
                         auto request = parseInspectionStatsRequest(ctx.request.query);
                         if (!request) return errorResponse(request.error());
                         auto table = stats.inspections(*ctx.caller, request->query);
                         if (!table) return errorResponse(table.error());
                         if (request->format == StatsFormat::Csv)
                             return HttpResponse::text(200, stats::statisticsCsv(*table), kCsv);
                         return HttpResponse::json(200, stats::statisticsJson(*table));
                     },
                     true, readers});
    router.add(Route{"GET", "/v1/stats/overview",
                     [&stats](RequestContext& ctx) {
                         auto request = parseOverviewStatsRequest(ctx.request.query);
                         if (!request) return errorResponse(request.error());
                         auto overview = stats.overview(*ctx.caller, request->query);
                         if (!overview) return errorResponse(overview.error());
                         if (request->format == StatsFormat::Csv)
                             return HttpResponse::text(200, stats::overviewCsv(*overview), kCsv);
                         return HttpResponse::json(200, stats::overviewJson(*overview));
                     },
                     true, readers});
}

} // namespace fieldseal::server
