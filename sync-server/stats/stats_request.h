#pragma once
// The query string of the statistics routes, checked and turned into the queries of shared/stats:
//   by=district,type,...   dimensions (inspections only; comma-separated, in order)
//                          (lists: spaces around an item are ignored, empty items dropped)
//   period=month|quarter|year
//   from=D, to=D           D is a date (YYYY-MM-DD, midnight Beijing time) or an RFC 3339 time;
//                          `to` is exclusive and must be after `from`
//   district=C[,C...]      districts to include (empty: all the caller may see)
//   approved=true|false    inspections only: approved inspections only
//   format=json|csv
// Anything else is refused (400, api/query_params.h) so that a typo never silently widens a figure.

#include "model/result.h"
#include "stats/inspection_stats.h"
#include "stats/overview_stats.h"

#include <map>
#include <string>

namespace fieldseal::server {

enum class StatsFormat { Json, Csv };

struct InspectionStatsRequest {
    stats::StatsQuery query;
    StatsFormat format = StatsFormat::Json;
};

struct OverviewStatsRequest {
    stats::OverviewQuery query;
    StatsFormat format = StatsFormat::Json;
};

Result<InspectionStatsRequest> parseInspectionStatsRequest(const std::map<std::string, std::string>& query);
Result<OverviewStatsRequest> parseOverviewStatsRequest(const std::map<std::string, std::string>& query);

} // namespace fieldseal::server
