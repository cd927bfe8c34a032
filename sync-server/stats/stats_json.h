#pragma once
// The JSON forms of the statistics (the same shapes `fieldseal stats ... ` prints without --csv):
//   inspections: {"columns":[...,"inspections"],"rows":[{"district":"310115",...,"inspections":3}],"total":N}
//   overview:    {"certificate_checks":{"total":{checked,failed,unread},"by_district":{C:{...}}},
//                 "ccc_exemptions":{"issued","sealed","by_district_period":[{district,period,issued,sealed}]},
//                 "conflicts":{"open","resolved"}}

#include "stats/inspection_stats.h"
#include "stats/overview_stats.h"

#include <nlohmann/json.hpp>

namespace fieldseal::server {

nlohmann::json statsTableJson(const stats::StatsTable& table);
nlohmann::json overviewJson(const stats::Overview& overview);

} // namespace fieldseal::server
