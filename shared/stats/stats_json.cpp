#include "stats/stats_json.h"

namespace fieldseal::stats {
namespace {

nlohmann::json checksJson(const CertificateCheckCounts& c) {
    return {{"checked", c.checked}, {"failed", c.failed}, {"unread", c.unread}};
}

} // namespace

nlohmann::json statisticsJson(const StatsTable& table) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : table.rows) {
        nlohmann::json row = nlohmann::json::object();
        for (size_t k = 0; k < r.key.size() && k < table.columns.size(); ++k)
            row[table.columns[k]] = r.key[k];
        row["inspections"] = r.inspections;
        rows.push_back(std::move(row));
    }
    return {{"columns", table.columns}, {"rows", std::move(rows)}, {"total", table.total}};
}

nlohmann::json overviewJson(const Overview& overview) {
    nlohmann::json byDistrict = nlohmann::json::object();
    for (const auto& [district, c] : overview.certificateChecksByDistrict)
        byDistrict[district] = checksJson(c);
    nlohmann::json exemptions = nlohmann::json::array();
    for (const auto& [key, c] : overview.exemptionsByDistrictPeriod)
        exemptions.push_back(
            {{"district", key.first}, {"period", key.second}, {"issued", c.issued}, {"sealed", c.sealed}});
    return {{"certificate_checks",
             {{"total", checksJson(overview.certificateChecks)}, {"by_district", byDistrict}}},
            {"ccc_exemptions",
             {{"issued", overview.exemptions.issued},
              {"sealed", overview.exemptions.sealed},
              {"by_district_period", std::move(exemptions)}}},
            {"conflicts", {{"open", overview.conflictsOpen}, {"resolved", overview.conflictsResolved}}}};
}

} // namespace fieldseal::stats
