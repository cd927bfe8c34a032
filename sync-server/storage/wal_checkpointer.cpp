#include "wal_checkpointer.h"

#include "store/sqlite_db.h"

#include <sqlite3.h>

namespace fieldseal::server {

std::unique_ptr<WalCheckpointer> WalCheckpointer::start(sqlite::Database& writer, const std::string& path,
                                                        Options options) {
    try {
        auto mode = writer.query("PRAGMA journal_mode");
        if (!mode.step() || mode.text(0) != "wal") return nullptr; // e.g. an in-memory database
    } catch (const StoreFailure&) {
        return nullptr;
    }
    std::unique_ptr<sqlite::Database> own;
    try {
        own = std::make_unique<sqlite::Database>(path, false);
    } catch (const StoreFailure&) {
        return nullptr; // the automatic checkpoint stays: slower pushes, nothing lost
    }
    return std::make_unique<WalCheckpointer>(PassKey<WalCheckpointer>{}, writer.handle(), std::move(own), options);
}

WalCheckpointer::WalCheckpointer(PassKey<WalCheckpointer>, sqlite3* writer, std::unique_ptr<sqlite::Database> own,
                                 Options options)
    : m_writer(writer)
    , m_own(std::move(own))
    , m_options(options)
    , m_thread([this] { run(); }) {
    // Replaces the automatic checkpoint (which is itself a WAL hook).
    sqlite3_wal_hook(m_writer, &WalCheckpointer::onCommit, this);
}

WalCheckpointer::~WalCheckpointer() {
    sqlite3_wal_autocheckpoint(m_writer, 1000); // SQLite's own hook and default again
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

// After each commit of the writer, on its thread (under the server's database lock); `pages` is
// the number of frames in the WAL, copied or not.
int WalCheckpointer::onCommit(void* self, sqlite3* db, const char* schema, int pages) {
    auto& c = *static_cast<WalCheckpointer*>(self);
    if (pages >= c.m_options.catchUpPages) {
        c.catchUp(db, schema);
    } else if (pages >= c.m_options.backgroundPages) {
        {
            std::lock_guard lock(c.m_mutex);
            c.m_pending = true;
        }
        c.m_wake.notify_one();
    }
    return SQLITE_OK;
}

void WalCheckpointer::catchUp(sqlite3* db, const char* schema) {
    {
        // No new background run (only this hook asks for one), and the running one ends first:
        // two checkpoints at once would make this one return SQLITE_BUSY having copied nothing.
        std::unique_lock lock(m_mutex);
        m_pending = false;
        m_idle.wait(lock, [this] { return !m_running; });
    }
    // What the background runs left is one or two transactions' frames. A failure here (an I/O
    // error) is SQLite's automatic checkpoint's failure too: the commit stands, the next one tries
    // again.
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    ++m_writerRuns;
}

void WalCheckpointer::run() {
    std::unique_lock lock(m_mutex);
    while (true) {
        m_wake.wait(lock, [this] { return m_pending || m_stop; });
        if (m_stop) return;
        m_pending = false;
        m_running = true;
        lock.unlock();
        // PASSIVE: copies every frame no reader still needs, never waits for the writer.
        sqlite3_wal_checkpoint_v2(m_own->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        ++m_backgroundRuns;
        lock.lock();
        m_running = false;
        m_idle.notify_all();
    }
}

} // namespace fieldseal::server
