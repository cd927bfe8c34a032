#include "registry_routes.h"

#include "api/json_body.h"
#include "http/router.h"
#include "registry/registry_service.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace fieldseal::server {
namespace {

using nlohmann::json;

HttpResponse badRequest(const std::string& message) {
    return HttpResponse::error(400, "invalid_request", message);
}

std::string queryValue(const HttpRequest& request, const std::string& name) {
    const auto it = request.query.find(name);
    return it == request.query.end() ? std::string() : it->second;
}

// A whole number query parameter; nullopt (absent) or an error message.
struct NumberParam {
    std::optional<std::size_t> value;
    std::string problem;
};

NumberParam numberParam(const HttpRequest& request, const std::string& name) {
    const auto it = request.query.find(name);
    if (it == request.query.end()) return {};
    const std::string& s = it->second;
    std::size_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size())
        return {std::nullopt, "'" + name + "' must be a whole number"};
    return {v, {}};
}

// "a,b , c" -> {"a","b","c"} (empty items dropped).
std::vector<std::string> commaList(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        std::string item = text.substr(start, end - start);
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (!item.empty()) out.push_back(std::move(item));
        start = end + 1;
    }
    return out;
}

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
    if (!parseCsvKind(queryValue(ctx.request, "kind"), kind))
        return badRequest("'kind' must be \"organisations\" or \"scope\"");
    if (!isCsvBody(ctx.request))
        return HttpResponse::error(415, "unsupported_media_type", "a registry file is sent as Content-Type: text/csv");
    auto report = registry.importCsv(*ctx.caller, kind, ctx.request.body);
    if (!report) return errorResponse(report.error());
    json body = reportJson(*report);
    if (auto rev = registry.revision()) body["revision"] = *rev;
    return HttpResponse::json(200, body);
}

// Search filters from the query string; the response to send instead when they are malformed.
std::optional<HttpResponse> readSearchQuery(const HttpRequest& request, registry::SearchQuery& q) {
    q.text = queryValue(request, "q");
    for (const auto& d : commaList(queryValue(request, "district"))) {
        const std::string code = registry::normaliseDistrict(d);
        if (code.empty()) return HttpResponse::error(422, "invalid_input", "unknown district '" + d + "'");
        q.districts.push_back(code);
    }
    for (const auto& k : commaList(queryValue(request, "kind"))) {
        const std::string kind = registry::normaliseKind(k);
        if (kind.empty()) return HttpResponse::error(422, "invalid_input", "unknown organisation kind '" + k + "'");
        q.kinds.push_back(kind);
    }
    q.field = queryValue(request, "field");
    q.category = queryValue(request, "category");
    q.product = queryValue(request, "product");
    q.standard = queryValue(request, "standard");
    const auto limit = numberParam(request, "limit");
    const auto offset = numberParam(request, "offset");
    if (!limit.problem.empty()) return badRequest(limit.problem);
    if (!offset.problem.empty()) return badRequest(offset.problem);
    if (limit.value) q.limit = *limit.value;
    if (offset.value) q.offset = *offset.value;
    return std::nullopt;
}

HttpResponse searchRoute(RegistryService& registry, RequestContext& ctx) {
    registry::SearchQuery q;
    if (auto refused = readSearchQuery(ctx.request, q)) return *refused;
    const std::string wantCount = queryValue(ctx.request, "count");
    if (!wantCount.empty() && wantCount != "true" && wantCount != "false")
        return badRequest("'count' must be true or false");
    auto page = registry.search(q);
    if (!page) return errorResponse(page.error());
    json hits = json::array();
    for (const auto& o : page->hits)
        hits.push_back(organisationJson(o));
    json body{{"hits", std::move(hits)}, {"more", page->more}, {"limit", q.limit}, {"offset", q.offset}};
    if (wantCount == "true") {
        auto n = registry.count(q);
        if (!n) return errorResponse(n.error());
        body["total"] = *n;
    }
    return HttpResponse::json(200, body);
}

HttpResponse exportRoute(RegistryService& registry, RequestContext& ctx) {
    const std::string district = queryValue(ctx.request, "district");
    if (district.empty()) return badRequest("'district' is required");
    const auto limit = numberParam(ctx.request, "limit");
    const auto known = numberParam(ctx.request, "known_revision");
    if (!limit.problem.empty()) return badRequest(limit.problem);
    if (!known.problem.empty()) return badRequest(known.problem);
    std::optional<std::int64_t> knownRevision;
    if (known.value) knownRevision = static_cast<std::int64_t>(*known.value);
    auto page = registry.exportPage(*ctx.caller, district, queryValue(ctx.request, "cursor"),
                                    limit.value.value_or(RegistryService::kDefaultExportPage), knownRevision);
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
