// The statistics verbs of `fieldseal` (issue 7; definitions in shared/stats/*.h):
//   stats inspections [--by district|type|outcome|status|period]... [--period month|quarter|year]
//                     [--from D --to D] [--district C]... [--approved] [--csv]
//   stats overview [--period month|quarter|year] [--from D --to D] [--district C]...
//                  [--blobs DIR] [--csv]
// D is an RFC 3339 time or a date (YYYY-MM-DD, midnight Beijing time); --to is exclusive.
// Without --csv the result is JSON. The overview reads the recorded certificate-check reports
// from the device's evidence folder (<db>.blobs) unless --blobs names another.
#include "client/blob_folder.h"
#include "command_table.h"
#include "stats/inspection_stats.h"
#include "stats/overview_stats.h"
#include "store/sqlite_store.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

namespace fieldseal::cli {
namespace {

struct StatsVerbError {
    int exitCode;
    std::string message;
};

[[noreturn]] void statsFail(int code, const std::string& message) {
    throw StatsVerbError{code, message};
}

struct StatsOptions {
    std::vector<stats::Dimension> by;
    stats::Period period = stats::Period::Month;
    std::optional<UtcSeconds> from, to;
    std::vector<std::string> districts;
    bool approved = false, csv = false;
    std::optional<std::string> blobs;
};

UtcSeconds parseWhen(const std::string& text) {
    // A bare date is the start of that day in Beijing time, the periods' clock.
    const std::string full = text.size() == 10 ? text + "T00:00:00+08:00" : text;
    const auto t = parseRfc3339(full);
    if (!t) statsFail(kExitUsage, "not a date or RFC 3339 time: " + text);
    return *t;
}

StatsOptions parseOptions(const std::vector<std::string>& args, bool inspections) {
    StatsOptions o;
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> const std::string& {
            if (i + 1 >= args.size()) statsFail(kExitUsage, a + " needs a value");
            return args[++i];
        };
        if (a == "--by" && inspections) {
            const auto d = stats::dimensionFromString(value());
            if (!d) statsFail(kExitUsage, "--by takes district, type, outcome, status or period");
            o.by.push_back(*d);
        } else if (a == "--period") {
            const std::string& p = value();
            if (p == "month") o.period = stats::Period::Month;
            else if (p == "quarter") o.period = stats::Period::Quarter;
            else if (p == "year") o.period = stats::Period::Year;
            else statsFail(kExitUsage, "--period takes month, quarter or year");
        } else if (a == "--from") {
            o.from = parseWhen(value());
        } else if (a == "--to") {
            o.to = parseWhen(value());
        } else if (a == "--district") {
            o.districts.push_back(value());
        } else if (a == "--approved" && inspections) {
            o.approved = true;
        } else if (a == "--blobs" && !inspections) {
            o.blobs = value();
        } else if (a == "--csv") {
            o.csv = true;
        } else {
            statsFail(kExitUsage, "unknown option " + a);
        }
    }
    if (o.from && o.to && *o.to <= *o.from) statsFail(kExitUsage, "--to must be after --from");
    return o;
}

std::unique_ptr<SqliteStore> openStore(CliContext& ctx) {
    if (!ctx.dbPath) statsFail(kExitUsage, "stats verbs need --db FILE");
    auto store = SqliteStore::open(*ctx.dbPath, {.create = false});
    if (!store) statsFail(kExitError, store.error().message);
    return std::move(store).value();
}

int inspectionsVerb(CliContext& ctx, const std::vector<std::string>& args) {
    const StatsOptions o = parseOptions(args, true);
    auto store = openStore(ctx);
    stats::StatsQuery q;
    q.groupBy = o.by;
    q.period = o.period;
    q.from = o.from;
    q.to = o.to;
    q.districts = o.districts;
    q.approvedOnly = o.approved;
    auto table = stats::inspectionStatistics(*store, q);
    if (!table) statsFail(kExitError, table.error().message);
    if (o.csv) {
        ctx.out << stats::statisticsCsv(*table);
        return kExitOk;
    }
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : table->rows) {
        nlohmann::json row;
        for (size_t k = 0; k < r.key.size(); ++k)
            row[table->columns[k]] = r.key[k];
        row["inspections"] = r.inspections;
        rows.push_back(row);
    }
    ctx.out << nlohmann::json{{"columns", table->columns}, {"rows", rows}, {"total", table->total}}.dump(2) << '\n';
    return kExitOk;
}

// Reads a blob of the evidence folder by its SHA-256; reports are small, so larger files are
// not reports and are not read.
stats::BlobText folderReader(const std::string& folder) {
    return [folder](const std::string& sha256) -> std::optional<std::string> {
        if (sha256.size() != 64 || sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
            return std::nullopt;
        const std::filesystem::path path = std::filesystem::path(folder) / sha256;
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        if (ec || size > 4 * 1024 * 1024) return std::nullopt;
        std::ifstream f(path, std::ios::binary);
        if (!f) return std::nullopt;
        return std::string(std::istreambuf_iterator<char>(f), {});
    };
}

nlohmann::json checksJson(const stats::CertificateCheckCounts& c) {
    return {{"checked", c.checked}, {"failed", c.failed}, {"unread", c.unread}};
}

int overviewVerb(CliContext& ctx, const std::vector<std::string>& args) {
    const StatsOptions o = parseOptions(args, false);
    auto store = openStore(ctx);
    stats::OverviewQuery q;
    q.period = o.period;
    q.from = o.from;
    q.to = o.to;
    q.districts = o.districts;
    auto overview =
        stats::overviewStatistics(*store, q, folderReader(o.blobs ? *o.blobs : blobFolderFor(*ctx.dbPath)));
    if (!overview) statsFail(kExitError, overview.error().message);
    if (o.csv) {
        ctx.out << stats::overviewCsv(*overview);
        return kExitOk;
    }
    nlohmann::json byDistrict = nlohmann::json::object();
    for (const auto& [district, c] : overview->certificateChecksByDistrict)
        byDistrict[district] = checksJson(c);
    nlohmann::json exemptions = nlohmann::json::array();
    for (const auto& [key, c] : overview->exemptionsByDistrictPeriod)
        exemptions.push_back({{"district", key.first}, {"period", key.second}, {"issued", c.issued}, {"sealed", c.sealed}});
    const nlohmann::json out = {
        {"certificate_checks", {{"total", checksJson(overview->certificateChecks)}, {"by_district", byDistrict}}},
        {"ccc_exemptions",
         {{"issued", overview->exemptions.issued}, {"sealed", overview->exemptions.sealed}, {"by_district_period", exemptions}}},
        {"conflicts", {{"open", overview->conflictsOpen}, {"resolved", overview->conflictsResolved}}}};
    ctx.out << out.dump(2) << '\n';
    return kExitOk;
}

int statsVerb(CliContext& ctx, const std::vector<std::string>& args) {
    try {
        if (args.empty()) statsFail(kExitUsage, "usage: stats inspections|overview [options]");
        if (args[0] == "inspections") return inspectionsVerb(ctx, args);
        if (args[0] == "overview") return overviewVerb(ctx, args);
        statsFail(kExitUsage, "unknown stats verb '" + args[0] + "' (inspections, overview)");
    } catch (const StatsVerbError& e) {
        ctx.err << "stats: " << e.message << '\n';
        return e.exitCode;
    }
}

} // namespace

void registerStatsCommands(CommandTable& table) {
    table.add({"stats",
               "inspections [--by district|type|outcome|status|period]... [--period month|quarter|year] "
               "[--from D --to D] [--district C]... [--approved] [--csv] | overview [--period P] [--from D --to D] "
               "[--district C]... [--blobs DIR] [--csv]",
               statsVerb});
}

} // namespace fieldseal::cli
