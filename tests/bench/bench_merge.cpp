// Merge benchmark (issue 2): applies N ops (default 1,000,000) into a fresh store through the sync
// rules, then, in the same run, inserts N equivalent rows into a table shaped like the op log
// with raw batched SQLite inserts, and prints both rates and their ratio (target >= 0.4).
// Both sides use the same connection settings (WAL, synchronous=NORMAL, 64 MiB page cache).
// Usage: bench_merge [N] [records] [ops per transaction]
#include "store/sqlite_store.h"
#include "sync/replica.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <sqlite3.h>
#include <string>

using namespace fieldseal;
using Clock = std::chrono::steady_clock;

namespace {

std::vector<Op> makeOps(std::size_t n, std::size_t records) {
    std::mt19937_64 rng(42);
    std::uint64_t now = 1795000000000;
    IdGenerator ids([&] { return now; }, 1);
    std::vector<Op> ops;
    ops.reserve(n);
    static const char* kDevices[] = {"tab-01", "tab-02", "tab-03", "tab-04"};
    for (std::size_t r = 0; r < records && ops.size() < n; ++r) {
        const std::string id = "org-" + std::to_string(r);
        const auto hlc = makeHlc(now++, 0);
        for (auto [field, value] : {std::pair<const char*, nlohmann::json>{"uscc", "91310115MA1H7PQR3M"},
                                    {"name", "上海某电器有限公司"},
                                    {"org_type", "manufacturer"},
                                    {"district", "310115"}})
            ops.push_back(Op{ids.next(), id, "organisation", field, value, hlc, 0, kDevices[r % 4], "bench"});
    }
    while (ops.size() < n) {
        const std::string id = "org-" + std::to_string(rng() % records);
        ops.push_back(Op{ids.next(), id, "organisation", rng() % 2 ? "address" : "contact",
                         "上海市浦东新区某路" + std::to_string(rng() % 10000) + "号", makeHlc(now++, 0), 0,
                         kDevices[rng() % 4], "bench"});
    }
    return ops;
}

double seconds(Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
}

double rawInsertRate(const std::string& path, const std::vector<Op>& ops, std::size_t batch) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(
        db,
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
        "CREATE TABLE ops (seq INTEGER PRIMARY KEY, op_id TEXT NOT NULL UNIQUE, record_id TEXT NOT NULL,"
        " type TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, hlc INTEGER NOT NULL,"
        " base INTEGER NOT NULL, device TEXT NOT NULL, user TEXT NOT NULL, stale INTEGER NOT NULL DEFAULT "
        "0);",
        nullptr, nullptr, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO ops(op_id, record_id, type, field, value, hlc, base, device, user) "
                       "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       -1, &st, nullptr);
    const auto start = Clock::now();
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (i % batch == 0) sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
        const Op& op = ops[i];
        const std::string value = op.value.dump(); // the same serialisation work the store does
        sqlite3_bind_text(st, 1, op.opId.c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, op.recordId.c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, op.type.c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, op.field.c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, value.c_str(), -1, SQLITE_STATIC); // value outlives the step
        sqlite3_bind_int64(st, 6, static_cast<sqlite3_int64>(op.hlc));
        sqlite3_bind_int64(st, 7, static_cast<sqlite3_int64>(op.baseVersion));
        sqlite3_bind_text(st, 8, op.device.c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 9, op.user.c_str(), -1, SQLITE_STATIC);
        sqlite3_step(st);
        sqlite3_reset(st);
        if (i % batch == batch - 1 || i + 1 == ops.size())
            sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    }
    const double rate = static_cast<double>(ops.size()) / seconds(start);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rate;
}

} // namespace

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? std::stoull(argv[1]) : 1000000;
    const std::size_t records = argc > 2 ? std::stoull(argv[2]) : 50000;
    const std::size_t batch = argc > 3 ? std::stoull(argv[3]) : 50000; // ops per transaction, both sides
    const auto dir =
        std::filesystem::temp_directory_path() / ("fieldseal-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::printf("preparing %zu ops over %zu records...\n", n, records);
    const auto ops = makeOps(n, records);

    auto store = SqliteStore::open((dir / "merge.db").string());
    if (!store || !Replica::initialise(**store, {"bench-device", "bench", ""}).ok()) return 1;
    auto replica = Replica::open(
        **store, {HlcClock([] { return std::uint64_t{1795000000000} + 3600000; }), IdGenerator()});
    if (!replica) return 1;
    const auto start = Clock::now();
    auto report = (*replica)->apply(ops, batch);
    const double mergeRate = static_cast<double>(n) / seconds(start);
    if (!report || report->applied != n) {
        std::fprintf(stderr, "merge failed: %s\n",
                     report ? "not every op applied" : report.error().message.c_str());
        return 1;
    }
    const double rawRate = rawInsertRate((dir / "raw.db").string(), ops, batch);
    std::filesystem::remove_all(dir);

    std::printf("merge (sync rules, op log + per-field clocks + records): %10.0f ops/s\n", mergeRate);
    std::printf("raw batched INSERT of the same rows (op log table only): %10.0f rows/s\n", rawRate);
    std::printf("ratio merge/raw: %.2f (target >= 0.40)\n", mergeRate / rawRate);
    return 0;
}
