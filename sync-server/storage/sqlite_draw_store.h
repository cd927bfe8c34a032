#pragma once
// DrawStore on the server's SQLite file (table draws). Never locks: the draw service holds
// ServerDatabase::lock() around every call.

#include "draws/draw_store.h"

namespace fieldseal::sqlite {
class Database;
}

namespace fieldseal::server {

class SqliteDrawStore final : public DrawStore {
public:
    explicit SqliteDrawStore(sqlite::Database& db)
        : m_db(db) {}

    std::unique_ptr<Transaction> begin() override;
    bool insert(const StoredDraw& draw) override;
    std::optional<StoredDraw> find(const std::string& id) override;
    std::vector<DrawSummary> list() override;
    bool markRun(const StoredDraw& ran) override;
    bool markTasksCreated(const std::string& id, const std::string& at) override;

private:
    sqlite::Database& m_db;
};

} // namespace fieldseal::server
