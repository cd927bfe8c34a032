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
#include "stats/blob_file_reader.h"
#include "stats/inspection_stats.h"
#include "stats/overview_stats.h"
#include "stats/stats_json.h"
#include "store/sqlite_store.h"

#include <filesystem>

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
    stats::StatsQuery query; // the overview takes its period, from, to and districts
    bool csv = false;
    std::optional<std::string> blobs;
};

UtcSeconds parseWhen(const std::string& text) {
    const auto t = stats::parseDateBound(text);
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
            o.query.groupBy.push_back(*d);
        } else if (a == "--period") {
            const auto p = stats::periodFromString(value());
            if (!p) statsFail(kExitUsage, "--period takes month, quarter or year");
            o.query.period = *p;
        } else if (a == "--from") {
            o.query.from = parseWhen(value());
        } else if (a == "--to") {
            o.query.to = parseWhen(value());
        } else if (a == "--district") {
            o.query.districts.push_back(value());
        } else if (a == "--approved" && inspections) {
            o.query.approvedOnly = true;
        } else if (a == "--blobs" && !inspections) {
            o.blobs = value();
        } else if (a == "--csv") {
            o.csv = true;
        } else {
            statsFail(kExitUsage, "unknown option " + a);
        }
    }
    if (o.query.from && o.query.to && *o.query.to <= *o.query.from)
        statsFail(kExitUsage, "--to must be after --from");
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
    auto table = stats::inspectionStatistics(*store, o.query);
    if (!table) statsFail(kExitError, table.error().message);
    if (o.csv) {
        ctx.out << stats::statisticsCsv(*table);
        return kExitOk;
    }
    ctx.out << stats::statisticsJson(*table).dump(2) << '\n';
    return kExitOk;
}

int overviewVerb(CliContext& ctx, const std::vector<std::string>& args) {
    const StatsOptions o = parseOptions(args, false);
    auto store = openStore(ctx);
    const stats::OverviewQuery q{o.query.period, o.query.from, o.query.to, o.query.districts};
    const std::filesystem::path folder = o.blobs ? *o.blobs : blobFolderFor(*ctx.dbPath);
    auto overview = stats::overviewStatistics(
        *store, q, stats::blobFileReader([folder](const std::string& sha256) { return folder / sha256; }));
    if (!overview) statsFail(kExitError, overview.error().message);
    if (o.csv) {
        ctx.out << stats::overviewCsv(*overview);
        return kExitOk;
    }
    ctx.out << stats::overviewJson(*overview).dump(2) << '\n';
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
