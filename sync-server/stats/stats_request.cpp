#include "stats_request.h"

#include "model/rfc3339.h"

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

// A bare date is the start of that day in Beijing time, the clock the periods are counted in.
Result<UtcSeconds> parseWhen(const std::string& name, const std::string& text) {
    const std::string full = text.size() == 10 ? text + "T00:00:00+08:00" : text;
    const auto t = parseRfc3339(full);
    if (!t) return badRequest("'" + name + "' must be a date (YYYY-MM-DD) or an RFC 3339 time, not '" + text + "'");
    return *t;
}

// period, from, to, district and format: what both routes share.
struct Common {
    stats::Period period = stats::Period::Month;
    std::optional<UtcSeconds> from, to;
    std::vector<std::string> districts;
    StatsFormat format = StatsFormat::Json;
};

Result<Common> parseCommon(const std::map<std::string, std::string>& query) {
    Common c;
    if (auto p = query.find("period"); p != query.end()) {
        if (p->second == "month") c.period = stats::Period::Month;
        else if (p->second == "quarter") c.period = stats::Period::Quarter;
        else if (p->second == "year") c.period = stats::Period::Year;
        else return badRequest("'period' must be month, quarter or year");
    }
    for (const char* name : {"from", "to"})
        if (auto v = query.find(name); v != query.end()) {
            auto t = parseWhen(name, v->second);
            if (!t) return t.error();
            (std::string(name) == "from" ? c.from : c.to) = *t;
        }
    if (c.from && c.to && *c.to <= *c.from) return badRequest("'to' must be after 'from'");
    if (auto d = query.find("district"); d != query.end()) c.districts = splitCommas(d->second);
    if (auto f = query.find("format"); f != query.end()) {
        if (f->second == "csv") c.format = StatsFormat::Csv;
        else if (f->second != "json") return badRequest("'format' must be json or csv");
    }
    return c;
}

} // namespace

Result<InspectionStatsRequest> parseInspectionStatsRequest(const std::map<std::string, std::string>& query) {
    if (auto s = onlyKnownParameters(query, {"by", "period", "from", "to", "district", "approved", "format"}); !s)
        return s.error();
    auto common = parseCommon(query);
    if (!common) return common.error();
    InspectionStatsRequest r;
    r.format = common->format;
    r.query.period = common->period;
    r.query.from = common->from;
    r.query.to = common->to;
    r.query.districts = common->districts;
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
    auto common = parseCommon(query);
    if (!common) return common.error();
    OverviewStatsRequest r;
    r.format = common->format;
    r.query.period = common->period;
    r.query.from = common->from;
    r.query.to = common->to;
    r.query.districts = common->districts;
    return r;
}

} // namespace fieldseal::server
