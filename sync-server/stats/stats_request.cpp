#include "stats_request.h"

#include "api/errors.h"
#include "api/query_params.h"

namespace fieldseal::server {
namespace {

// period, from, to, district and format: what both routes share, into either route's query
// (stats::StatsQuery or stats::OverviewQuery, which have these members alike).
template <typename Query>
Status parseCommon(const std::map<std::string, std::string>& params, Query& q, StatsFormat& format) {
    if (const auto p = queryParam(params, "period")) {
        const auto period = stats::periodFromString(*p);
        if (!period) return badRequest("'period' must be month, quarter or year");
        q.period = *period;
    }
    for (const char* name : {"from", "to"})
        if (const auto v = queryParam(params, name)) {
            const auto t = stats::parseDateBound(*v);
            if (!t)
                return badRequest("'" + std::string(name) +
                                  "' must be a date (YYYY-MM-DD) or an RFC 3339 time, not '" + *v + "'");
            (std::string(name) == "from" ? q.from : q.to) = *t;
        }
    if (q.from && q.to && *q.to <= *q.from) return badRequest("'to' must be after 'from'");
    if (const auto d = queryParam(params, "district")) q.districts = commaList(*d);
    const auto f = choiceParam(params, "format", {"json", "csv"});
    if (!f) return f.error();
    if (*f == "csv") format = StatsFormat::Csv;
    return ok();
}

} // namespace

Result<InspectionStatsRequest> parseInspectionStatsRequest(const std::map<std::string, std::string>& query) {
    if (auto s = onlyKnownParameters(query, {"by", "period", "from", "to", "district", "approved", "format"}); !s)
        return s.error();
    InspectionStatsRequest r;
    if (auto s = parseCommon(query, r.query, r.format); !s) return s.error();
    if (const auto by = queryParam(query, "by"))
        for (const auto& name : commaList(*by)) {
            const auto d = stats::dimensionFromString(name);
            if (!d) return badRequest("'by' takes district, type, outcome, status or period, not '" + name + "'");
            for (auto seen : r.query.groupBy)
                if (seen == *d) return badRequest("'by' names '" + name + "' twice");
            r.query.groupBy.push_back(*d);
        }
    const auto approved = boolParam(query, "approved");
    if (!approved) return approved.error();
    r.query.approvedOnly = approved->value_or(false);
    return r;
}

Result<OverviewStatsRequest> parseOverviewStatsRequest(const std::map<std::string, std::string>& query) {
    if (auto s = onlyKnownParameters(query, {"period", "from", "to", "district", "format"}); !s) return s.error();
    OverviewStatsRequest r;
    if (auto s = parseCommon(query, r.query, r.format); !s) return s.error();
    return r;
}

} // namespace fieldseal::server
