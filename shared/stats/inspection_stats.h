#pragma once
// Inspection statistics (plan item 14: statistics by district, type, outcome and period): the
// inspections of a store counted by any combination of those dimensions, with filters, and as
// CSV. Reads materialised records only; works the same on a device store and the server's.
//
// Definitions (so that figures can be checked by hand):
// - an inspection is a record of type "inspection";
// - its date is `started_at` when set, otherwise the time of its first op (created HLC);
//   periods are calendar periods in Beijing time (UTC+08:00), the authority's clock, so an
//   inspection started 2026-12-31T20:00:00Z counts in January 2027;
// - outcome = `conclusion` (conforming, nonconforming, rectify, not_inspected) or "pending";
// - status = `status` (draft when unset);
// - filters: [from, to) on the date, districts, and approved-only.

#include "model/result.h"
#include "model/rfc3339.h"
#include "store/store.h"

#include <optional>
#include <string>
#include <vector>

namespace fieldseal::stats {

enum class Dimension { District, Type, Outcome, Status, Period };
enum class Period { Month, Quarter, Year };

struct InspectionFacts {
    std::string id;
    std::string district;
    std::string type;    // inspection_type ("" when unset)
    std::string outcome; // conclusion or "pending"
    std::string status;  // draft when unset
    UtcSeconds date;
};

struct StatsQuery {
    std::vector<Dimension> groupBy; // empty: one row, the total
    Period period = Period::Month;
    std::optional<UtcSeconds> from, to;
    std::vector<std::string> districts; // empty: all
    bool approvedOnly = false;
};

struct StatsRow {
    std::vector<std::string> key; // one value per groupBy dimension
    std::int64_t inspections = 0;
};

struct StatsTable {
    std::vector<std::string> columns; // dimension names, then "inspections"
    std::vector<StatsRow> rows;       // sorted by key
    std::int64_t total = 0;
};

// The facts of every inspection of the store (StoreFailure is turned into an Error).
Result<std::vector<InspectionFacts>> collectInspections(Store& store);
// Groups and counts already collected facts (a pure function, for several tables from one read).
StatsTable tabulate(const std::vector<InspectionFacts>& facts, const StatsQuery& query);
Result<StatsTable> inspectionStatistics(Store& store, const StatsQuery& query);

// "2026-11", "2026-Q4" or "2026" in Beijing time.
std::string periodKey(UtcSeconds t, Period period);
const char* toString(Dimension d);
// Parses "district", "type", "outcome", "status", "period".
std::optional<Dimension> dimensionFromString(const std::string& name);
// Parses "month", "quarter", "year".
std::optional<Period> periodFromString(const std::string& name);
// A bound of the [from, to) filter as a user writes it: a date (YYYY-MM-DD) is the start of that
// day in Beijing time, the clock the periods are counted in; anything else is an RFC 3339 time.
std::optional<UtcSeconds> parseDateBound(const std::string& text);

// The table as CSV (UTF-8 with a byte-order mark, CRLF, header row, then a "total" row).
std::string statisticsCsv(const StatsTable& table);

} // namespace fieldseal::stats
