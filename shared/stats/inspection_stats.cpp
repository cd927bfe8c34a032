#include "inspection_stats.h"

#include "model/csv_field.h"
#include "model/hlc.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

namespace fieldseal::stats {
namespace {

std::string textField(const std::vector<FieldState>& fields, const char* name) {
    for (const auto& f : fields) {
        if (f.field != name) continue;
        if (f.value.is_string()) return f.value.get<std::string>();
        // A status change's op carries {"status": .., "seen": .., "after": ..} (sync/replica_views.cpp).
        if (f.value.is_object() && f.value.contains("status") && f.value["status"].is_string())
            return f.value["status"].get<std::string>();
    }
    return {};
}

std::string keyOf(const InspectionFacts& f, Dimension d, Period period) {
    switch (d) {
    case Dimension::District:
        return f.district;
    case Dimension::Type:
        return f.type;
    case Dimension::Outcome:
        return f.outcome;
    case Dimension::Status:
        return f.status;
    case Dimension::Period:
        return periodKey(f.date, period);
    }
    return {};
}

} // namespace

std::string periodKey(UtcSeconds t, Period period) {
    using namespace std::chrono;
    const auto beijing = floor<days>(t + hours(8));
    const year_month_day ymd{beijing};
    const int y = static_cast<int>(ymd.year());
    const unsigned m = static_cast<unsigned>(ymd.month());
    char buf[32];
    switch (period) {
    case Period::Month:
        std::snprintf(buf, sizeof buf, "%04d-%02u", y, m);
        break;
    case Period::Quarter:
        std::snprintf(buf, sizeof buf, "%04d-Q%u", y, (m - 1) / 3 + 1);
        break;
    case Period::Year:
        std::snprintf(buf, sizeof buf, "%04d", y);
        break;
    }
    return buf;
}

const char* toString(Dimension d) {
    switch (d) {
    case Dimension::District:
        return "district";
    case Dimension::Type:
        return "type";
    case Dimension::Outcome:
        return "outcome";
    case Dimension::Status:
        return "status";
    case Dimension::Period:
        return "period";
    }
    return "";
}

std::optional<Dimension> dimensionFromString(const std::string& name) {
    for (auto d :
         {Dimension::District, Dimension::Type, Dimension::Outcome, Dimension::Status, Dimension::Period})
        if (name == toString(d)) return d;
    return std::nullopt;
}

std::optional<Period> periodFromString(const std::string& name) {
    if (name == "month") return Period::Month;
    if (name == "quarter") return Period::Quarter;
    if (name == "year") return Period::Year;
    return std::nullopt;
}

std::optional<UtcSeconds> parseDateBound(const std::string& text) {
    return parseRfc3339(text.size() == 10 ? text + "T00:00:00+08:00" : text);
}

Result<std::vector<InspectionFacts>> collectInspections(Store& store) {
    try {
        std::vector<RecordMeta> inspections;
        // Through the type index: the cost follows the inspections, not the whole store.
        store.forEachRecordOfType("inspection", [&](const RecordMeta& m) { inspections.push_back(m); });
        std::vector<InspectionFacts> out;
        out.reserve(inspections.size());
        for (const auto& m : inspections) {
            const auto fields = store.fields(m.id);
            InspectionFacts f;
            f.id = m.id;
            f.district = textField(fields, "district");
            f.type = textField(fields, "inspection_type");
            f.outcome = textField(fields, "conclusion");
            if (f.outcome.empty()) f.outcome = "pending";
            f.status = textField(fields, "status");
            if (f.status.empty()) f.status = "draft";
            const auto started = parseRfc3339(textField(fields, "started_at"));
            f.date = started ? *started
                             : UtcSeconds(std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::milliseconds(hlcMillis(m.createdHlc))));
            out.push_back(std::move(f));
        }
        return out;
    } catch (const StoreFailure& e) {
        return Error{ErrorDomain::Store, ErrorCode::StoreFailure, std::string("statistics: ") + e.what()};
    }
}

StatsTable tabulate(const std::vector<InspectionFacts>& facts, const StatsQuery& query) {
    StatsTable table;
    for (auto d : query.groupBy)
        table.columns.push_back(toString(d));
    table.columns.push_back("inspections");
    std::map<std::vector<std::string>, std::int64_t> counts;
    for (const auto& f : facts) {
        if (query.from && f.date < *query.from) continue;
        if (query.to && f.date >= *query.to) continue;
        if (!query.districts.empty() &&
            std::find(query.districts.begin(), query.districts.end(), f.district) == query.districts.end())
            continue;
        if (query.approvedOnly && f.status != "approved") continue;
        std::vector<std::string> key;
        for (auto d : query.groupBy)
            key.push_back(keyOf(f, d, query.period));
        ++counts[key];
        ++table.total;
    }
    for (auto& [key, n] : counts)
        table.rows.push_back({key, n});
    if (query.groupBy.empty() && table.rows.empty()) table.rows.push_back({{}, 0}); // the total, even if 0
    return table;
}

Result<StatsTable> inspectionStatistics(Store& store, const StatsQuery& query) {
    auto facts = collectInspections(store);
    if (!facts) return facts.error();
    return tabulate(*facts, query);
}

std::string statisticsCsv(const StatsTable& table) {
    std::string out = "\xEF\xBB\xBF";
    for (size_t i = 0; i < table.columns.size(); ++i)
        out += (i ? "," : "") + csvField(table.columns[i]);
    out += "\r\n";
    for (const auto& row : table.rows) {
        for (const auto& k : row.key)
            out += csvField(k) + ',';
        out += std::to_string(row.inspections) + "\r\n";
    }
    if (table.columns.size() > 1) { // with dimensions, a last row of totals
        out += "total";
        for (size_t i = 2; i < table.columns.size(); ++i)
            out += ',';
        out += ',' + std::to_string(table.total) + "\r\n";
    }
    return out;
}

} // namespace fieldseal::stats
