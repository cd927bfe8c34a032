#pragma once
// RegistryChangeStore on the server's SQLite file: table registry_change (server_schema.cpp),
// kept by triggers on the registry tables of shared/registry, so that every way a row changes
// (CSV import, the demo registry, a future edit route) is recorded in the transaction that makes
// the change. The triggers are created here, not in the schema, because the registry tables they
// watch are created by registry::RegistryStore; construct this after it. Never locks.

#include "registry/registry_change_store.h"

namespace fieldseal::sqlite {
class Database;
}

namespace fieldseal::server {

class SqliteRegistryChangeStore final : public RegistryChangeStore {
public:
    // Creates the triggers if they are missing; the first time, every organisation already in the
    // registry is recorded as a change of its district. Throws StoreFailure.
    explicit SqliteRegistryChangeStore(sqlite::Database& db);

    std::int64_t districtRevision(const std::string& district) override;
    std::int64_t latestRevision() override;
    std::vector<RegistryChange> changesAfter(const std::string& district, std::int64_t afterSeq, std::size_t limit,
                                             bool withTombstones) override;

private:
    sqlite::Database& m_db;
};

} // namespace fieldseal::server
