// The device verbs of `fieldseal` on the local store: init, put, show, export-ops, import-ops,
// dump, conflicts. Bad input gets one clear line on stderr, a non-zero exit, and no change.
#include "command_table.h"
#include "model/schema.h"
#include "store/sqlite_store.h"
#include "sync/op_codec.h"
#include "sync/replica.h"

#include <iostream>

namespace fieldseal::cli {
namespace {

int fail(CliContext& ctx, const std::string& message, int code = kExitError) {
    ctx.err << "fieldseal: " << message << '\n';
    return code;
}

int fail(CliContext& ctx, const Error& e) {
    return fail(ctx, e.message);
}

// The store and replica a verb works on, opened from --db.
struct Opened {
    std::unique_ptr<SqliteStore> store;
    std::unique_ptr<Replica> replica;
};

Result<Opened> openReplica(CliContext& ctx) {
    if (!ctx.dbPath) return Error{ErrorDomain::Usage, ErrorCode::InvalidInput, "this verb needs --db FILE"};
    auto store = SqliteStore::open(*ctx.dbPath, {.create = false});
    if (!store) return store.error();
    auto replica = Replica::open(**store);
    if (!replica) return replica.error();
    return Opened{std::move(store).value(), std::move(replica).value()};
}

bool expectsText(const RecordType* type, const std::string& field) {
    const FieldSpec* spec = type ? type->findField(field) : nullptr;
    if (!spec) return false;
    switch (spec->kind) {
    case FieldKind::Text:
    case FieldKind::Enum:
    case FieldKind::Date:
    case FieldKind::DateTime:
    case FieldKind::Uscc:
    case FieldKind::District:
    case FieldKind::Hex64:
    case FieldKind::Status:
        return true;
    default:
        return false;
    }
}

// "key=value": value as JSON when it parses as JSON, else as text (so name=Acme works unquoted);
// a bare number or true/false given for a text field stays text (district=310115).
Result<std::pair<std::string, nlohmann::json>> parseAssignment(const RecordType* type,
                                                               const std::string& arg) {
    const auto eq = arg.find('=');
    if (eq == std::string::npos || eq == 0)
        return validationError(ErrorCode::InvalidInput, "'" + arg + "' is not field=value");
    const std::string text = arg.substr(eq + 1);
    auto value = nlohmann::json::parse(text, nullptr, false);
    if (value.is_discarded()) {
        const char first = text.empty() ? '\0' : text.front();
        if (first == '{' || first == '[' || first == '"')
            return validationError(ErrorCode::InvalidInput,
                                   "value of '" + arg.substr(0, eq) + "' is not valid JSON");
        value = text;
    } else if ((value.is_number() || value.is_boolean()) && expectsText(type, arg.substr(0, eq))) {
        value = text;
    }
    return std::make_pair(arg.substr(0, eq), std::move(value));
}

int cmdInit(CliContext& ctx, const std::vector<std::string>& args) {
    ReplicaIdentity id;
    for (size_t i = 0; i < args.size(); ++i) {
        const bool hasValue = i + 1 < args.size();
        if (args[i] == "--device" && hasValue)
            id.device = args[++i];
        else if (args[i] == "--user" && hasValue)
            id.user = args[++i];
        else if (args[i] == "--district" && hasValue)
            id.district = args[++i];
        else
            return fail(ctx, "init: unexpected argument '" + args[i] + "'", kExitUsage);
    }
    if (!ctx.dbPath) return fail(ctx, "init needs --db FILE", kExitUsage);
    if (id.device.empty() || id.user.empty())
        return fail(ctx, "init needs --device ID and --user NAME", kExitUsage);
    auto store = SqliteStore::open(*ctx.dbPath);
    if (!store) return fail(ctx, store.error());
    if (auto s = Replica::initialise(**store, id); !s) return fail(ctx, s.error());
    ctx.out << "initialised " << *ctx.dbPath << " for device " << id.device << " (user " << id.user
            << (id.district.empty() ? "" : ", district " + id.district) << ")\n";
    return kExitOk;
}

int cmdPut(CliContext& ctx, const std::vector<std::string>& args) {
    if (args.size() < 3) return fail(ctx, "usage: put TYPE RECORD_ID field=value ...", kExitUsage);
    std::vector<std::pair<std::string, nlohmann::json>> fields;
    for (size_t i = 2; i < args.size(); ++i) {
        auto kv = parseAssignment(findRecordType(args[0]), args[i]);
        if (!kv) return fail(ctx, kv.error());
        fields.push_back(std::move(kv).value());
    }
    auto opened = openReplica(ctx);
    if (!opened) return fail(ctx, opened.error());
    auto ops = opened->replica->put(args[0], args[1], fields);
    if (!ops) return fail(ctx, ops.error());
    ctx.out << "recorded " << ops->size() << " change(s) to " << args[0] << ' ' << args[1] << '\n';
    return kExitOk;
}

int cmdShow(CliContext& ctx, const std::vector<std::string>& args) {
    if (args.size() != 1) return fail(ctx, "usage: show RECORD_ID", kExitUsage);
    auto opened = openReplica(ctx);
    if (!opened) return fail(ctx, opened.error());
    auto record = opened->replica->record(args[0]);
    if (!record) return fail(ctx, record.error());
    ctx.out << record->dump(2) << '\n';
    return kExitOk;
}

int cmdExportOps(CliContext& ctx, const std::vector<std::string>& args) {
    std::int64_t since = 0;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--since" && i + 1 < args.size()) {
            try {
                since = std::stoll(args[++i]);
            } catch (const std::exception&) {
                return fail(ctx, "--since needs a number", kExitUsage);
            }
        } else {
            return fail(ctx, "export-ops: unexpected argument '" + args[i] + "'", kExitUsage);
        }
    }
    auto opened = openReplica(ctx);
    if (!opened) return fail(ctx, opened.error());
    std::int64_t last = since;
    opened->store->forEachOpSince(since, [&](const StoredOp& s) {
        ctx.out << opToJson(s.op).dump() << '\n';
        last = s.seq;
        return true;
    });
    ctx.err << "exported ops up to seq " << last << '\n';
    return kExitOk;
}

int cmdImportOps(CliContext& ctx, const std::vector<std::string>& args) {
    bool progress = false;
    for (const auto& a : args) {
        if (a == "--progress")
            progress = true;
        else
            return fail(ctx, "import-ops: unexpected argument '" + a + "'", kExitUsage);
    }
    auto opened = openReplica(ctx);
    if (!opened) return fail(ctx, opened.error());
    // All input is read and checked before anything is written: a bad line changes nothing.
    auto ops = readOpLines(ctx.in);
    if (!ops) return fail(ctx, "import-ops: " + ops.error().message + "; nothing was imported");
    if (auto s = opened->replica->precheck(*ops); !s)
        return fail(ctx, "import-ops: " + s.error().message + "; nothing was imported");
    auto report = opened->replica->apply(*ops, 1000, [&](std::size_t done) {
        if (progress) ctx.err << "committed " << done << " of " << ops->size() << " ops" << std::endl;
    });
    if (!report) return fail(ctx, "import-ops: " + report.error().message);
    ctx.out << "imported " << ops->size() << " ops: " << report->applied << " applied, " << report->duplicates
            << " already known, " << report->stale << " kept as conflicts";
    if (!report->rejected.empty()) ctx.out << ", " << report->rejected.size() << " refused";
    ctx.out << '\n';
    for (const auto& [id, e] : report->rejected)
        ctx.err << "fieldseal: refused op " << id << ": " << e.message << '\n';
    return report->rejected.empty() ? kExitOk : kExitError;
}

int cmdDump(CliContext& ctx, const std::vector<std::string>& args) {
    if (args.size() != 1 || args[0] != "--canonical") return fail(ctx, "usage: dump --canonical", kExitUsage);
    auto opened = openReplica(ctx);
    if (!opened) return fail(ctx, opened.error());
    opened->replica->writeCanonicalDump(ctx.out);
    return kExitOk;
}

int cmdConflicts(CliContext& ctx, const std::vector<std::string>& args) {
    if (!args.empty()) return fail(ctx, "usage: conflicts", kExitUsage);
    auto opened = openReplica(ctx);
    if (!opened) return fail(ctx, opened.error());
    ctx.out << opened->replica->conflicts().dump(2) << '\n';
    return kExitOk;
}

} // namespace

void registerStoreCommands(CommandTable& table) {
    table.add({"init", "--device ID --user NAME [--district CODE]   create a device store", cmdInit});
    table.add({"put", "TYPE RECORD_ID field=value ...   a local offline edit (values may be JSON)", cmdPut});
    table.add({"show", "RECORD_ID   the record as JSON", cmdShow});
    table.add({"export-ops", "[--since SEQ]   ops as JSON Lines on stdout", cmdExportOps});
    table.add(
        {"import-ops", "[--progress]   merge JSON Lines ops from stdin (all checked first)", cmdImportOps});
    table.add({"dump", "--canonical   every record, conflict and op id, deterministically", cmdDump});
    table.add({"conflicts", "  conflicts as a JSON list", cmdConflicts});
}

} // namespace fieldseal::cli
