#pragma once
// RAII over the SQLite C API: a connection, its cached prepared statements, and transactions.
// Every call that fails throws StoreFailure with SQLite's message; callers never see raw handles.

#include "store/store.h"

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace fieldseal::sqlite {

// A prepared statement. Reset (bindings cleared) by Query when a use ends.
class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    sqlite3_stmt* handle() const { return m_stmt; }

private:
    sqlite3_stmt* m_stmt = nullptr;
};

// One use of a cached statement: bind, step, read columns; resets the statement when destroyed.
class Query {
public:
    Query(sqlite3* db, Statement& st)
        : m_db(db)
        , m_stmt(st.handle()) {}
    ~Query();
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;

    Query& bind(int index, std::int64_t v);
    Query& bind(int index, std::string_view v);
    // Binds text without copying it: `v` must stay alive and unchanged until this Query ends
    // (hot paths bind fields of an Op that outlives the statement).
    Query& bindRef(int index, std::string_view v);
    Query& bindNull(int index);

    // True when a row is available, false when done.
    bool step();
    // Runs to completion; returns sqlite3_changes().
    int exec();

    std::int64_t int64(int col) const;
    std::string text(int col) const;
    bool isNull(int col) const;

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt;
};

class Database {
public:
    // Opens (creating if asked) the file; WAL journal, NORMAL sync, foreign keys, busy timeout.
    // newPageSize: the page size in bytes of a database that has no table yet (0: SQLite's
    // default, 4096); an existing database keeps the page size it was made with.
    Database(const std::string& path, bool create, int newPageSize = 0);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(std::string_view sql);
    // A use of the statement for this SQL, prepared once per connection and reused.
    Query query(const std::string& sql);

    int userVersion();
    void setUserVersion(int v);

    sqlite3* handle() const { return m_db; }

private:
    sqlite3* m_db = nullptr;
    std::unordered_map<std::string, std::unique_ptr<Statement>> m_cache;
};

// BEGIN IMMEDIATE .. COMMIT; rolls back in the destructor unless committed.
class SqliteTransaction : public Transaction {
public:
    explicit SqliteTransaction(Database& db);
    ~SqliteTransaction() override;
    void commit() override;

private:
    Database& m_db;
    bool m_done = false;
};

[[noreturn]] void fail(sqlite3* db, std::string_view what);

} // namespace fieldseal::sqlite
