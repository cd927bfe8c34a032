#pragma once
// WalCheckpointer: the server's WAL checkpoints, off the request path.
//
// SQLite's automatic checkpoint runs inside the COMMIT that takes the WAL past 1000 pages: on the
// server that is some push, under the database lock, copying about 4 MB into the database file
// and waiting for two fsyncs while every other request queues behind it. Instead the writer's WAL
// hook wakes a thread with a connection of its own, which runs PASSIVE checkpoints (they copy the
// committed frames into the database file without blocking the writer).
//
// A WAL starts over from its beginning only when a write begins with every frame already copied.
// Under a steady stream of pushes the thread is always a little behind, so once the WAL holds
// catchUpPages frames the writer itself (in its hook, under the database lock) lets a running
// background checkpoint finish and copies the few frames left; the next write then restarts the
// WAL. The WAL so stays below about catchUpPages plus one transaction.
//
// Durability is unchanged: commits are what they were (WAL, synchronous=NORMAL), and a checkpoint
// only copies committed frames into the database file, syncing both as the automatic one does.
// A crash during a checkpoint is recovered by SQLite as always.

#include "model/pass_key.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace fieldseal::sqlite {
class Database;
}

namespace fieldseal::server {

class WalCheckpointer {
public:
    struct Options {
        int backgroundPages = 1000; // WAL frames at which the thread checkpoints (SQLite's default)
        int catchUpPages = 8000;    // WAL frames at which the writer finishes a checkpoint itself
    };

    // Takes over the checkpoints of `writer` (the connection to `path`; it must outlive this) by
    // setting its WAL hook. nullptr when the database is not in WAL mode or a second connection
    // cannot be opened: the writer then keeps SQLite's automatic checkpoint.
    static std::unique_ptr<WalCheckpointer> start(sqlite::Database& writer, const std::string& path,
                                                  Options options);
    static std::unique_ptr<WalCheckpointer> start(sqlite::Database& writer, const std::string& path) {
        return start(writer, path, Options{});
    }
    // Only start() makes one.
    WalCheckpointer(PassKey<WalCheckpointer>, sqlite3* writer, std::unique_ptr<sqlite::Database> own,
                    Options options);
    // Stops the thread and gives the writer SQLite's automatic checkpoint back.
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    // Checkpoints run so far by the thread and by the writer (for tests and diagnostics).
    std::uint64_t backgroundCheckpoints() const { return m_backgroundRuns.load(); }
    std::uint64_t writerCheckpoints() const { return m_writerRuns.load(); }

private:
    static int onCommit(void* self, sqlite3* db, const char* schema, int pages);
    void catchUp(sqlite3* db, const char* schema);
    void run();

    sqlite3* m_writer;
    std::unique_ptr<sqlite::Database> m_own; // used by the thread only
    Options m_options;
    std::mutex m_mutex;
    std::condition_variable m_wake; // the thread waits for work
    std::condition_variable m_idle; // the writer waits for a running checkpoint to end
    bool m_pending = false;
    bool m_running = false;
    bool m_stop = false;
    std::atomic<std::uint64_t> m_backgroundRuns{0};
    std::atomic<std::uint64_t> m_writerRuns{0};
    std::thread m_thread; // last: started once everything above exists
};

} // namespace fieldseal::server
