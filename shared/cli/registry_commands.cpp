// The registry verbs of `fieldseal` (shared/registry), on the database given with --db:
//   registry import FILE.csv [--dry-run] [--rejected REPORT.csv]
//   registry search [TEXT...] [--district D]... [--kind K]... [--field F] [--category C]
//                   [--product P] [--standard S] [--limit N] [--offset N] [--count] [--json]
//   registry show USCC
//   registry population --district D... --kind K     the "organisations" array of a draw plan
// `import` exits 0 when every row was stored, 3 when some rows were rejected (the others stored;
// the report names each line and reason), 1 when the file itself is unusable (nothing stored).
#include "command_table.h"
#include "registry/registry_import.h"
#include "registry/registry_search.h"

#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>

namespace fieldseal::cli {
namespace {

constexpr int kExitRowsRejected = 3;

struct RegistryVerbError {
    int exitCode;
    std::string message;
};

[[noreturn]] void registryFail(int code, const std::string& message) {
    throw RegistryVerbError{code, message};
}

// The registry tables in the --db file (created for import, required to exist otherwise).
struct OpenRegistry {
    std::unique_ptr<sqlite::Database> db;
    std::unique_ptr<registry::RegistryStore> store;
};

OpenRegistry openRegistry(const CliContext& ctx, bool create) {
    if (!ctx.dbPath) registryFail(kExitUsage, "registry verbs need --db FILE");
    try {
        OpenRegistry r;
        r.db = std::make_unique<sqlite::Database>(*ctx.dbPath, create);
        r.store = std::make_unique<registry::RegistryStore>(*r.db);
        return r;
    } catch (const StoreFailure& e) {
        registryFail(kExitError, "cannot open " + *ctx.dbPath + ": " + e.what());
    }
}

nlohmann::json organisationJson(const registry::RegistryOrganisation& o) {
    return {{"uscc", o.uscc},         {"name", o.name},       {"kind", o.kind},
            {"district", o.district}, {"address", o.address}, {"contact", o.contact}};
}

int registryImport(CliContext& ctx, const std::vector<std::string>& args) {
    std::string file, rejectedPath;
    registry::ImportOptions options;
    for (size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--dry-run")
            options.dryRun = true;
        else if (args[i] == "--rejected" && i + 1 < args.size())
            rejectedPath = args[++i];
        else if (args[i].starts_with("--") || !file.empty())
            registryFail(kExitUsage, "unexpected argument " + args[i]);
        else
            file = args[i];
    }
    if (file.empty())
        registryFail(kExitUsage, "usage: registry import FILE.csv [--dry-run] [--rejected REPORT.csv]");
    std::ifstream in(file, std::ios::binary);
    if (!in) registryFail(kExitError, "cannot read " + file);
    const std::string text(std::istreambuf_iterator<char>(in), {});
    OpenRegistry r = openRegistry(ctx, true);
    auto report = registry::importRegistryCsv(*r.store, text, options);
    if (!report) registryFail(kExitError, file + ": " + report.error().message);
    ctx.out << file << ": "
            << (report->kind == registry::CsvKind::Scope ? "CMA scope lines" : "organisations")
            << (options.dryRun ? " (dry run, nothing stored)" : "") << ": " << report->rows << " rows, "
            << report->inserted << " new, " << report->updated << " updated, " << report->unchanged
            << " unchanged, ";
    // Only an organisations file removes (a deregistered status); a scope file never does.
    if (report->kind == registry::CsvKind::Organisations) ctx.out << report->removed << " removed, ";
    ctx.out << report->rejected.size() << " rejected\n";
    for (const auto& row : report->rejected)
        ctx.out << "  line " << row.line << ": " << row.reason << '\n';
    if (!rejectedPath.empty()) {
        std::ofstream out(rejectedPath, std::ios::binary | std::ios::trunc);
        if (!out || !(out << registry::rejectedRowsCsv(*report)))
            registryFail(kExitError, "cannot write " + rejectedPath);
    }
    return report->rejected.empty() ? kExitOk : kExitRowsRejected;
}

int registrySearch(CliContext& ctx, const std::vector<std::string>& args) {
    registry::SearchQuery q;
    bool json = false, count = false;
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size()) registryFail(kExitUsage, a + " needs a value");
            return args[++i];
        };
        auto number = [&]() -> size_t {
            const std::string v = value();
            if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos || v.size() > 9)
                registryFail(kExitUsage, a + " needs a whole number");
            return std::stoul(v);
        };
        if (a == "--district") {
            const std::string code = registry::normaliseDistrict(value());
            if (code.empty()) registryFail(kExitUsage, "unknown district " + args[i]);
            q.districts.push_back(code);
        } else if (a == "--kind") {
            const std::string kind = registry::normaliseKind(value());
            if (kind.empty()) registryFail(kExitUsage, "unknown organisation kind " + args[i]);
            q.kinds.push_back(kind);
        } else if (a == "--field")
            q.field = value();
        else if (a == "--category")
            q.category = value();
        else if (a == "--product")
            q.product = value();
        else if (a == "--standard")
            q.standard = value();
        else if (a == "--limit")
            q.limit = number();
        else if (a == "--offset")
            q.offset = number();
        else if (a == "--json")
            json = true;
        else if (a == "--count")
            count = true;
        else if (a.starts_with("--"))
            registryFail(kExitUsage, "unknown option " + a);
        else
            q.text += (q.text.empty() ? "" : " ") + a;
    }
    OpenRegistry r = openRegistry(ctx, false);
    if (count) {
        auto n = registry::countRegistry(*r.store, q);
        if (!n)
            registryFail(n.error().domain == ErrorDomain::Validation ? kExitUsage : kExitError,
                         n.error().message);
        ctx.out << *n << '\n';
        return kExitOk;
    }
    auto page = registry::searchRegistry(*r.store, q);
    if (!page)
        registryFail(page.error().domain == ErrorDomain::Validation ? kExitUsage : kExitError,
                     page.error().message);
    if (json) {
        nlohmann::json hits = nlohmann::json::array();
        for (const auto& o : page->hits)
            hits.push_back(organisationJson(o));
        ctx.out << nlohmann::json{{"hits", hits}, {"more", page->more}}.dump(2) << '\n';
        return kExitOk;
    }
    for (const auto& o : page->hits)
        ctx.out << o.uscc << '\t' << o.district << '\t' << o.kind << '\t' << o.name << '\n';
    if (page->more) ctx.err << "(more: --offset " << q.offset + q.limit << ")\n";
    return kExitOk;
}

int registryShow(CliContext& ctx, const std::vector<std::string>& args) {
    if (args.size() != 2) registryFail(kExitUsage, "usage: registry show USCC");
    OpenRegistry r = openRegistry(ctx, false);
    const auto org = r.store->findOrganisation(args[1]);
    if (!org) registryFail(kExitError, args[1] + " is not in the registry");
    nlohmann::json out = organisationJson(*org);
    out["scope"] = nlohmann::json::array();
    for (const auto& s : r.store->scopeOf(org->uscc)) {
        out["scope"].push_back({{"field", s.field},
                                {"category", s.category},
                                {"product", s.product},
                                {"parameter", s.parameter},
                                {"standard", s.standard}});
    }
    ctx.out << out.dump(2) << '\n';
    return kExitOk;
}

// The population of a draw plan: every organisation of the kind in the districts, as the plan's
// "organisations" member wants them.
int registryPopulation(CliContext& ctx, const std::vector<std::string>& args) {
    registry::SearchQuery q;
    for (size_t i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == "--district")
            q.districts.push_back(registry::normaliseDistrict(args[i + 1]));
        else if (args[i] == "--kind")
            q.kinds.push_back(registry::normaliseKind(args[i + 1]));
        else
            registryFail(kExitUsage, "unknown option " + args[i]);
    }
    if (args.size() % 2 == 0 || q.districts.empty() || q.kinds.size() != 1)
        registryFail(kExitUsage, "usage: registry population --district D [--district D2 ...] --kind K");
    OpenRegistry r = openRegistry(ctx, false);
    nlohmann::json orgs = nlohmann::json::array();
    q.limit = 1000;
    for (;;) {
        auto page = registry::searchRegistry(*r.store, q);
        if (!page) registryFail(kExitUsage, page.error().message);
        for (const auto& o : page->hits)
            orgs.push_back({{"uscc", o.uscc}, {"name", o.name}, {"district", o.district}, {"kind", o.kind}});
        if (!page->more) break;
        q.offset += q.limit;
    }
    ctx.out << orgs.dump(2) << '\n';
    return kExitOk;
}

int runRegistryVerb(CliContext& ctx, const std::vector<std::string>& args) {
    try {
        const std::string sub = args.empty() ? "" : args[0];
        if (sub == "import") return registryImport(ctx, args);
        if (sub == "search") return registrySearch(ctx, args);
        if (sub == "show") return registryShow(ctx, args);
        if (sub == "population") return registryPopulation(ctx, args);
        registryFail(
            kExitUsage,
            "usage: registry import FILE.csv | search [TEXT] [filters] | show USCC | population ...");
    } catch (const RegistryVerbError& e) {
        ctx.err << "fieldseal registry: " << e.message << '\n';
        return e.exitCode;
    } catch (const StoreFailure& e) {
        ctx.err << "fieldseal registry: storage failure: " << e.what() << '\n';
        return kExitError;
    }
}

} // namespace

void registerRegistryCommands(CommandTable& table) {
    table.add({"registry",
               "import FILE.csv [--dry-run] [--rejected OUT.csv] | search [TEXT...] [--district D]... "
               "[--kind K]... "
               "[--field F] [--category C] [--product P] [--standard S] [--limit N] [--offset N] [--count] "
               "[--json] | "
               "show USCC | population --district D... --kind K",
               runRegistryVerb});
}

} // namespace fieldseal::cli
