#include "report_routes.h"

#include "api/json_body.h"
#include "http/router.h"
#include "reports/report_service.h"

namespace fieldseal::server {
namespace {

// The id as part of a file name in a header: letters, digits, '-' and '_' only.
std::string fileNamePart(const std::string& id) {
    std::string out;
    for (char c : id)
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
            out += c;
    return out.substr(0, 64);
}

} // namespace

void addReportRoutes(Router& router, ReportService& reports) {
    router.add(Route{"GET", "/v1/inspections/{id}/report.pdf",
                     [&reports](RequestContext& ctx) {
                         const std::string id = ctx.request.pathParams.at("id");
                         auto r = reports.pdf(*ctx.caller, id);
                         if (!r) return errorResponse(r.error());
                         HttpResponse response = HttpResponse::text(200, std::move(r->pdf), "application/pdf");
                         response.withHeader("Content-Disposition", "inline; filename=\"inspection-" + fileNamePart(id) + ".pdf\"")
                             .withHeader("X-Content-SHA256", r->sha256);
                         return response;
                     },
                     true, {}});
    router.add(Route{"GET", "/v1/inspections/{id}/report.seal",
                     [&reports](RequestContext& ctx) {
                         auto r = reports.seal(*ctx.caller, ctx.request.pathParams.at("id"));
                         return r ? HttpResponse::json(200, *r) : errorResponse(r.error());
                     },
                     true, {}});
}

} // namespace fieldseal::server
