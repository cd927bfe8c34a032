#include "server_database.h"

#include "server_schema.h"
#include "store/sqlite_db.h"

namespace fieldseal::server {

Result<std::unique_ptr<ServerDatabase>> ServerDatabase::open(const std::filesystem::path& file, bool create) {
    SqliteStore::Options options;
    options.create = create;
    auto store = SqliteStore::open(file.string(), options);
    if (!store) return store.error();
    try {
        if (auto s = migrateServerSchema((*store)->database()); !s) return s.error();
    } catch (const StoreFailure& e) {
        return Error{ErrorDomain::Store, ErrorCode::StoreFailure,
                     "cannot prepare the server tables in '" + file.string() + "': " + e.what()};
    }
    return std::unique_ptr<ServerDatabase>(new ServerDatabase(std::move(*store), file));
}

ServerDatabase::ServerDatabase(std::unique_ptr<SqliteStore> store, const std::filesystem::path& file)
    : m_store(std::move(store))
    , m_checkpointer(WalCheckpointer::start(m_store->database(), file.string())) {}

} // namespace fieldseal::server
