#include "registry_routes.h"

#include "api/errors.h"
#include "api/json_body.h"
#include "api/query_params.h"
#include "http/router.h"
#include "registry/registry_service.h"

#include <algorithm>
#include <cctype>

namespace fieldseal::server {
namespace {

using nlohmann::json;

bool isCsvBody(const HttpRequest& request) {
    const auto contentType = request.header("Content-Type");
    if (!contentType) return false;
    std::string media = contentType->substr(0, contentType->find(';'));
    media.erase(std::remove_if(media.begin(), media.end(), [](unsigned char c) { return std::isspace(c); }),
                media.end());
    std::transform(media.begin(), media.end(), media.begin(), [](unsigned char c) { return std::tolower(c); });
    return media == "text/csv";
}

json organisationJson(const registry::RegistryOrganisation& o) {
    return {{"uscc", o.uscc},         {"name", o.name},       {"kind", o.kind},
            {"district", o.district}, {"address", o.address}, {"contact", o.contact}};
}

json scopeJson(const std::vector<registry::ScopeEntry>& scope) {
    json out = json::array();
    for (const auto& s : scope)
        out.push_back({{"field", s.field},
                       {"category", s.category},
                       {"product", s.product},
                       {"parameter", s.parameter},
                       {"standard", s.standard}});
    return out;
}

json entryJson(const RegistryEntry& e) {
    json j = organisationJson(e.organisation);
    j["scope"] = scopeJson(e.scope);
    return j;
}

json reportJson(const registry::ImportReport& r) {
    json rejected = json::array();
    for (const auto& row : r.rejected)
        rejected.push_back({{"line", row.line}, {"reason", row.reason}, {"fields", row.fields}});
    return {{"kind", toString(r.kind)},   {"rows", r.rows},           {"inserted", r.inserted},
            {"updated", r.updated},       {"unchanged", r.unchanged}, {"removed", r.removed},
            {"rejected_count", r.rejected.size()},
            {"rejected", std::move(rejected)}};
}

HttpResponse importRoute(RegistryService& registry, RequestContext& ctx) {
    registry::CsvKind kind{};
    if (!parseCsvKind(queryValue(ctx.request.query, "kind"), kind))
        return errorResponse(badRequest("'kind' must be \"organisations\" or \"scope\""));
    if (!isCsvBody(ctx.request))
        return HttpResponse::error(415, "unsupported_media_type", "a registry file is sent as Content-Type: text/csv");
    auto report = registry.importCsv(*ctx.caller, kind, ctx.request.body);
    if (!report) return errorResponse(report.error());
    json body = reportJson(*report);
    if (auto rev = registry.revision()) body["revision"] = *rev;
    return HttpResponse::json(200, body);
}

// Search filters from the query string; the response to send instead when they are malformed.
// (The range of limit is the search's to check: out of 1..1000 is a 422 from the service.)
Status readSearchQuery(const QueryParams& query, registry::SearchQuery& q) {
    q.text = queryValue(query, "q");
    for (const auto& d : commaList(queryValue(query, "district"))) {
        const std::string code = registry::normaliseDistrict(d);
        if (code.empty()) return invalidInput("unknown district '" + d + "'");
        q.districts.push_back(code);
    }
    for (const auto& k : commaList(queryValue(query, "kind"))) {
        const std::string kind = registry::normaliseKind(k);
        if (kind.empty()) return invalidInput("unknown organisation kind '" + k + "'");
        q.kinds.push_back(kind);
    }
    q.field = queryValue(query, "field");
    q.category = queryValue(query, "category");
    q.product = queryValue(query, "product");
    q.standard = queryValue(query, "standard");
    const auto limit = wholeNumberParam(query, "limit");
    if (!limit) return limit.error();
    const auto offset = wholeNumberParam(query, "offset");
    if (!offset) return offset.error();
    if (*limit) q.limit = static_cast<std::size_t>(**limit);
    if (*offset) q.offset = static_cast<std::size_t>(**offset);
    return ok();
}

HttpResponse searchRoute(RegistryService& registry, RequestContext& ctx) {
    registry::SearchQuery q;
    if (auto s = readSearchQuery(ctx.request.query, q); !s) return errorResponse(s.error());
    const auto wantCount = boolParam(ctx.request.query, "count");
    if (!wantCount) return errorResponse(wantCount.error());
    auto page = registry.search(q);
    if (!page) return errorResponse(page.error());
    json hits = json::array();
    for (const auto& o : page->hits)
        hits.push_back(organisationJson(o));
    json body{{"hits", std::move(hits)}, {"more", page->more}, {"limit", q.limit}, {"offset", q.offset}};
    if (wantCount->value_or(false)) {
        auto n = registry.count(q);
        if (!n) return errorResponse(n.error());
        body["total"] = *n;
    }
    return HttpResponse::json(200, body);
}

HttpResponse exportRoute(RegistryService& registry, RequestContext& ctx) {
    const QueryParams& query = ctx.request.query;
    const std::string district = queryValue(query, "district");
    if (district.empty()) return errorResponse(badRequest("'district' is required"));
    const auto limit = wholeNumberParam(query, "limit");
    if (!limit) return errorResponse(limit.error());
    const auto known = wholeNumberParam(query, "known_revision");
    if (!known) return errorResponse(known.error());
    std::optional<std::int64_t> knownRevision;
    if (*known) knownRevision = static_cast<std::int64_t>(**known);
    // (The range of limit is the export's to check: out of 1..kMaxExportPage is a 422.)
    auto page = registry.exportPage(*ctx.caller, district, queryValue(query, "cursor"),
                                    limit->value_or(RegistryService::kDefaultExportPage), knownRevision);
    if (!page) return errorResponse(page.error());
    json orgs = json::array();
    for (const auto& e : page->organisations)
        orgs.push_back(entryJson(e));
    return HttpResponse::json(200, {{"district", page->district},
                                    {"revision", page->revision},
                                    {"unchanged", page->unchanged},
                                    {"full", page->full},
                                    {"organisations", std::move(orgs)},
                                    {"removed", page->removed},
                                    {"next_cursor", page->nextCursor ? json(*page->nextCursor) : json(nullptr)}});
}

} // namespace

void addRegistryRoutes(Router& router, RegistryService& registry) {
    Route import{"POST", "/v1/registry/import",
                 [&registry](RequestContext& ctx) { return importRoute(registry, ctx); }, true, {Role::Admin}};
    import.maxBodyBytes = kRegistryImportBodyLimit;
    router.add(std::move(import));
    router.add(Route{"GET", "/v1/registry/search",
                     [&registry](RequestContext& ctx) { return searchRoute(registry, ctx); }, true, {}});
    router.add(Route{"GET", "/v1/registry/organisations/{uscc}",
                     [&registry](RequestContext& ctx) {
                         auto e = registry.organisation(ctx.request.pathParams.at("uscc"));
                         return e ? HttpResponse::json(200, entryJson(*e)) : errorResponse(e.error());
                     },
                     true, {}});
    router.add(Route{"GET", "/v1/registry/export",
                     [&registry](RequestContext& ctx) { return exportRoute(registry, ctx); }, true, {}});
}

} // namespace fieldseal::server
