#pragma once
// The JSON forms of the statistics, one definition for both readers: `fieldseal stats ...`
// (without --csv) prints them and the server's /v1/stats routes answer with them (the app reads
// these, so the shape is an API):
//   inspections: {"columns":[...,"inspections"],"rows":[{"district":"310115",...,"inspections":3}],"total":N}
//   overview:    {"certificate_checks":{"total":{checked,failed,unread},"by_district":{C:{...}}},
//                 "ccc_exemptions":{"issued","sealed","by_district_period":[{district,period,issued,sealed}]},
//                 "conflicts":{"open","resolved"}}

#include "stats/inspection_stats.h"
#include "stats/overview_stats.h"

#include <nlohmann/json.hpp>

namespace fieldseal::stats {

nlohmann::json statisticsJson(const StatsTable& table);
nlohmann::json overviewJson(const Overview& overview);

} // namespace fieldseal::stats
