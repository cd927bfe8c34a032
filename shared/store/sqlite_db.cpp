#include "sqlite_db.h"

#include <mutex>
#include <sqlite3.h>

namespace fieldseal::sqlite {
namespace {

// Process-wide settings, made once before the first connection (sqlite3_config is refused, and
// changes nothing, once SQLite is initialised; then the defaults stay, which are only slower).
// Debian's SQLite is built without lookaside memory, so every row a statement touches allocates
// through sqlite3Malloc; with the memory statistics on (the default) each of those takes a global
// mutex and updates counters nobody here reads. Without them a server push holds the database
// lock a few percent less.
// A statement that writes many rows (the op log's and the fields' multi-row inserts) keeps a
// statement journal of the pages it changes, to undo itself alone if it fails midway. SQLite
// moves that journal to a new temporary file once it passes 64 KiB: four 16 KiB pages, so nearly
// every such statement of a server push created, wrote and deleted a file in /var/tmp. Up to
// 8 MiB it now stays in memory.
constexpr int kStatementJournalInMemoryBytes = 8 << 20;

void configureSqliteOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, kStatementJournalInMemoryBytes);
    });
}

} // namespace

void fail(sqlite3* db, std::string_view what) {
    throw StoreFailure(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

Statement::Statement(sqlite3* db, std::string_view sql) {
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &m_stmt,
                           nullptr) != SQLITE_OK)
        fail(db, "prepare '" + std::string(sql) + "'");
}

Statement::~Statement() {
    sqlite3_finalize(m_stmt);
}

Query::~Query() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

Query& Query::bind(int index, std::int64_t v) {
    if (sqlite3_bind_int64(m_stmt, index, v) != SQLITE_OK) fail(m_db, "bind");
    return *this;
}

Query& Query::bind(int index, std::string_view v) {
    if (sqlite3_bind_text(m_stmt, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        fail(m_db, "bind");
    return *this;
}

Query& Query::bindRef(int index, std::string_view v) {
    if (sqlite3_bind_text(m_stmt, index, v.data(), static_cast<int>(v.size()), SQLITE_STATIC) != SQLITE_OK)
        fail(m_db, "bind");
    return *this;
}

Query& Query::bindNull(int index) {
    if (sqlite3_bind_null(m_stmt, index) != SQLITE_OK) fail(m_db, "bind");
    return *this;
}

bool Query::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(m_db, "step");
}

int Query::exec() {
    while (step()) {
    }
    return sqlite3_changes(m_db);
}

std::int64_t Query::int64(int col) const {
    return sqlite3_column_int64(m_stmt, col);
}

std::string Query::text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, col))) : std::string();
}

bool Query::isNull(int col) const {
    return sqlite3_column_type(m_stmt, col) == SQLITE_NULL;
}

Database::Database(const std::string& path, bool create, int newPageSize) {
    configureSqliteOnce();
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr) != SQLITE_OK) {
        const std::string msg = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close(m_db);
        m_db = nullptr;
        throw StoreFailure("cannot open database '" + path + "': " + msg);
    }
    sqlite3_busy_timeout(m_db, 5000);
    // WAL: readers never block the writer, and a crash leaves a database that opens.
    // synchronous=NORMAL in WAL mode keeps the database consistent after a crash; a power
    // loss may lose the last commits but never corrupts.
    // A 64 MiB page cache keeps a large merge batch from spilling pages to the WAL mid-transaction.
    // Before WAL mode: a database in WAL mode can no longer change its page size.
    if (newPageSize > 0) exec("PRAGMA page_size=" + std::to_string(newPageSize));
    exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA "
         "cache_size=-65536;");
}

Database::~Database() {
    m_cache.clear(); // statements must be finalised before the connection closes
    sqlite3_close(m_db);
}

void Database::exec(std::string_view sql) {
    char* err = nullptr;
    if (sqlite3_exec(m_db, std::string(sql).c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        const std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        throw StoreFailure("exec: " + msg);
    }
}

Query Database::query(const std::string& sql) {
    auto it = m_cache.find(sql);
    if (it == m_cache.end()) it = m_cache.emplace(sql, std::make_unique<Statement>(m_db, sql)).first;
    return Query(m_db, *it->second);
}

int Database::userVersion() {
    auto q = query("PRAGMA user_version");
    q.step();
    return static_cast<int>(q.int64(0));
}

void Database::setUserVersion(int v) {
    exec("PRAGMA user_version=" + std::to_string(v));
}

SqliteTransaction::SqliteTransaction(Database& db)
    : m_db(db) {
    m_db.exec("BEGIN IMMEDIATE");
}

SqliteTransaction::~SqliteTransaction() {
    if (!m_done) {
        try {
            m_db.exec("ROLLBACK");
        } catch (const StoreFailure&) {
            // The transaction is gone already (e.g. SQLite rolled it back on an I/O error).
        }
    }
}

void SqliteTransaction::commit() {
    m_db.exec("COMMIT");
    m_done = true;
}

} // namespace fieldseal::sqlite
