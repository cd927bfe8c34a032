#pragma once
// ServerDatabase: the server's one SQLite file. It holds the core store (op log, records,
// conflicts) and, beside it in the same file, the server's own tables (storage/server_schema.cpp):
// accounts, tokens, devices, scopes, blobs, audit. One connection, one writer: every use goes
// through lock(), so a push's ops, their scopes and its audit entries commit in one transaction.
//
// The server's parts see only their own store interfaces (accounts/account_store.h, ...); the
// SQLite implementations of those live in this folder, so a PostgreSQL backend replaces this
// folder and nothing else.

#include "model/pass_key.h"
#include "model/result.h"
#include "storage/wal_checkpointer.h"
#include "store/sqlite_store.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>

namespace fieldseal::sqlite {
class Database;
}

namespace fieldseal::server {

class ServerDatabase {
public:
    static Result<std::unique_ptr<ServerDatabase>> open(const std::filesystem::path& file, bool create);
    // Only open() makes one.
    ServerDatabase(PassKey<ServerDatabase>, std::unique_ptr<SqliteStore> store, const std::filesystem::path& file);

    // The lock every use of the connection (and of the Replica built on store()) holds. Timed:
    // with one writer, the time requests wait for it and hold it says whether the database is
    // what the server waits on (GET /metrics; bench_server prints the time held per op).
    class Lock {
    public:
        explicit Lock(ServerDatabase& db);
        ~Lock();
        Lock(Lock&& other) noexcept = default;
        Lock& operator=(Lock&&) = delete;
        Lock(const Lock&) = delete;
        Lock& operator=(const Lock&) = delete;

    private:
        ServerDatabase* m_db;
        std::unique_lock<std::mutex> m_lock;
        std::chrono::steady_clock::time_point m_since;
    };
    [[nodiscard]] Lock lock() { return Lock(*this); }

    // Totals since the server started, in seconds.
    struct LockTimes {
        double waited = 0;
        double held = 0;
    };
    LockTimes lockTimes() const;

    SqliteStore& store() { return *m_store; }
    sqlite::Database& db() { return m_store->database(); }

    // "ok", or what PRAGMA integrity_check found.
    std::string integrityCheck() { return m_store->integrityCheck(); }

private:
    std::unique_ptr<SqliteStore> m_store;
    std::mutex m_mutex;
    std::atomic<std::int64_t> m_waitedNanos{0};
    std::atomic<std::int64_t> m_heldNanos{0};
    // WAL checkpoints on a thread of their own instead of inside some push's commit (declared
    // after m_store: stopped before the connection closes).
    std::unique_ptr<WalCheckpointer> m_checkpointer;
};

} // namespace fieldseal::server
