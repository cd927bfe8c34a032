#include "server_database.h"

#include "server_schema.h"
#include "store/sqlite_db.h"

namespace fieldseal::server {
namespace {

// 16 KiB pages for a new server database: a push appends ~500 rows to the op log, its indexes and
// the fields table in one transaction, and with 4 times fewer (fuller) pages that is fewer B-tree
// page splits and WAL frames per commit (bench_server, 3 paired runs: 71-79k against 59-68k
// ops/s, 16.3-18.0 against 18.6-21.1 us of server CPU per op). An existing database keeps its
// page size.
constexpr int kPageSize = 16384;

// The WAL checkpoint thresholds of WalCheckpointer's defaults in bytes (4 MiB, 32 MiB with
// 4 KiB pages), whatever the database's page size.
WalCheckpointer::Options checkpointOptions(sqlite::Database& db) {
    std::int64_t pageSize = 4096;
    try {
        auto q = db.query("PRAGMA page_size");
        if (q.step() && q.int64(0) > 0) pageSize = q.int64(0);
    } catch (const StoreFailure&) {
        // the defaults then: a WAL a few times larger before its checkpoints, nothing lost
    }
    WalCheckpointer::Options o;
    o.backgroundPages = static_cast<int>(o.backgroundPages * 4096 / pageSize);
    o.catchUpPages = static_cast<int>(o.catchUpPages * 4096 / pageSize);
    return o;
}

} // namespace

Result<std::unique_ptr<ServerDatabase>> ServerDatabase::open(const std::filesystem::path& file, bool create) {
    SqliteStore::Options options;
    options.create = create;
    options.newPageSize = kPageSize;
    auto store = SqliteStore::open(file.string(), options);
    if (!store) return store.error();
    try {
        if (auto s = migrateServerSchema((*store)->database()); !s) return s.error();
    } catch (const StoreFailure& e) {
        return Error{ErrorDomain::Store, ErrorCode::StoreFailure,
                     "cannot prepare the server tables in '" + file.string() + "': " + e.what()};
    }
    return std::make_unique<ServerDatabase>(PassKey<ServerDatabase>{}, std::move(*store), file);
}

ServerDatabase::ServerDatabase(PassKey<ServerDatabase>, std::unique_ptr<SqliteStore> store,
                               const std::filesystem::path& file)
    : m_store(std::move(store))
    , m_checkpointer(WalCheckpointer::start(m_store->database(), file.string(), checkpointOptions(m_store->database()))) {}

ServerDatabase::Lock::Lock(ServerDatabase& db)
    : m_db(&db) {
    const auto asked = std::chrono::steady_clock::now();
    m_lock = std::unique_lock<std::mutex>(db.m_mutex);
    m_since = std::chrono::steady_clock::now();
    db.m_waitedNanos.fetch_add(std::chrono::nanoseconds(m_since - asked).count(), std::memory_order_relaxed);
}

ServerDatabase::Lock::~Lock() {
    if (!m_lock.owns_lock()) return; // moved from
    m_db->m_heldNanos.fetch_add(std::chrono::nanoseconds(std::chrono::steady_clock::now() - m_since).count(),
                                std::memory_order_relaxed);
}

ServerDatabase::LockTimes ServerDatabase::lockTimes() const {
    return {static_cast<double>(m_waitedNanos.load(std::memory_order_relaxed)) / 1e9,
            static_cast<double>(m_heldNanos.load(std::memory_order_relaxed)) / 1e9};
}

} // namespace fieldseal::server
