#include "stats_request.h"

#include <initializer_list>
#include <sstream>

namespace fieldseal::server {
namespace {

Error badRequest(std::string message) {
    return Error{ErrorDomain::Usage, ErrorCode::InvalidInput, std::move(message)};
}

std::vector<std::string> splitCommas(const std::string& text) {
    std::vector<std::string> parts;
    std::stringstream in(text);
    std::string part;
    while (std::getline(in, part, ','))
        if (!part.empty()) parts.push_back(part);
    return parts;
}

Status onlyKnownParameters(const std::map<std::string, std::string>& query,
                           std::initializer_list<const char*> known) {
    for (const auto& [name, value] : query) {
        bool found = false;
        for (const char* k : known)
            found = found || name == k;
        if (!found) return badRequest("unknown query parameter '" + name + "'");
    }
    return ok();
}

// period, from, to, district and format: what both routes share, into either route's query
// (stats::StatsQuery or stats::OverviewQuery, which have these members alike).
template <typename Query>
Status parseCommon(const std::map<std::string, std::string>& params, Query& q, StatsFormat& format) {
    if (auto p = params.find("period"); p != params.end()) {
        const auto period = stats::periodFromString(p->second);
        if (!period) return badRequest("'period' must be month, quarter or year");
        q.period = *period;
    }
    for (const char* name : {"from", "to"})
        if (auto v = params.find(name); v != params.end()) {
            const auto t = stats::parseDateBound(v->second);
            if (!t)
                return badRequest("'" + std::string(name) +
                                  "' must be a date (YYYY-MM-DD) or an RFC 3339 time, not '" + v->second + "'");
            (std::string(name) == "from" ? q.from : q.to) = *t;
        }
    if (q.from && q.to && *q.to <= *q.from) return badRequest("'to' must be after 'from'");
    if (auto d = params.find("district"); d != params.end()) q.districts = splitCommas(d->second);
    if (auto f = params.find("format"); f != params.end()) {
        if (f->second == "csv") format = StatsFormat::Csv;
        else if (f->second != "json") return badRequest("'format' must be json or csv");
    }
    return ok();
}

} // namespace

Result<InspectionStatsRequest> parseInspectionStatsRequest(const std::map<std::string, std::string>& query) {
    if (auto s = onlyKnownParameters(query, {"by", "period", "from", "to", "district", "approved", "format"}); !s)
        return s.error();
    InspectionStatsRequest r;
    if (auto s = parseCommon(query, r.query, r.format); !s) return s.error();
    if (auto by = query.find("by"); by != query.end())
        for (const auto& name : splitCommas(by->second)) {
            const auto d = stats::dimensionFromString(name);
            if (!d) return badRequest("'by' takes district, type, outcome, status or period, not '" + name + "'");
            for (auto seen : r.query.groupBy)
                if (seen == *d) return badRequest("'by' names '" + name + "' twice");
            r.query.groupBy.push_back(*d);
        }
    if (auto a = query.find("approved"); a != query.end()) {
        if (a->second != "true" && a->second != "false") return badRequest("'approved' must be true or false");
        r.query.approvedOnly = a->second == "true";
    }
    return r;
}

Result<OverviewStatsRequest> parseOverviewStatsRequest(const std::map<std::string, std::string>& query) {
    if (auto s = onlyKnownParameters(query, {"period", "from", "to", "district", "format"}); !s) return s.error();
    OverviewStatsRequest r;
    if (auto s = parseCommon(query, r.query, r.format); !s) return s.error();
    return r;
}

} // namespace fieldseal::server
