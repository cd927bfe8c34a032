#pragma once
// RegistryStore: the registry's tables in a SQLite database the caller owns (the device store's
// file, or the server's): organisations, the CMA scope lines of agencies, and an FTS5 index with
// the trigram tokenizer (substring search that works for Chinese, which has no spaces between
// words). Invariant: every organisation row has exactly one registry_fts row with the same rowid
// holding its current text (refreshed in the transaction that changes the organisation or scope).
// Store-level class: takes no locks; callers serialise use of the connection.

#include "model/result.h"
#include "registry_types.h"
#include "store/sqlite_db.h"

#include <optional>
#include <set>

namespace fieldseal::registry {

enum class Upsert { Inserted, Updated, Unchanged };

class RegistryStore {
public:
    // Creates the registry tables if they do not exist yet. Throws StoreFailure if it cannot.
    explicit RegistryStore(sqlite::Database& db);

    sqlite::Database& database() { return m_db; }

    // Each call below throws StoreFailure on a backend failure; the import and search entry
    // points turn that into an Error.
    std::optional<RegistryOrganisation> findOrganisation(const std::string& uscc);
    Upsert upsertOrganisation(const RegistryOrganisation& org);
    // Adds a scope line of an organisation that exists; false when the same line is already there.
    bool addScope(std::int64_t orgRowId, const ScopeEntry& entry);
    std::vector<ScopeEntry> scopeOf(const std::string& uscc);
    // Rewrites the search-index row of each organisation from its current row and scope lines.
    void refreshSearchIndex(const std::set<std::int64_t>& orgRowIds);
    std::int64_t organisationCount();
    std::int64_t scopeCount();

private:
    sqlite::Database& m_db;
};

} // namespace fieldseal::registry
