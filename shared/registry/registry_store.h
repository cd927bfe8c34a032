#pragma once
// RegistryStore: the registry's tables in a SQLite database the caller owns (the device store's
// file, or the server's): organisations, the CMA scope lines of agencies, and an FTS5 index with
// the trigram tokenizer (substring search that works for Chinese, which has no spaces between
// words), and a second FTS5 index of single characters and character pairs for search terms of
// 1 or 2 characters, which trigrams cannot serve (Chinese words are often two characters long).
// Invariant: every organisation row has exactly one registry_fts row and one registry_fts_short
// row with the same rowid holding its current text (rewritten in the transaction that changes the
// organisation or its scope).
// Store-level class: takes no locks; callers serialise use of the connection.

#include "model/result.h"
#include "registry_types.h"
#include "store/sqlite_db.h"

#include <array>
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
    // Removes an organisation with its scope lines and index rows; false when it is not there.
    bool removeOrganisation(const std::string& uscc);
    // Rewrites the search-index row of each organisation from its current row and scope lines.
    void refreshSearchIndex(const std::set<std::int64_t>& orgRowIds);
    std::int64_t organisationCount();
    std::int64_t scopeCount();

private:
    friend class RegistryBulkLoad;
    void deleteIndexRows(std::int64_t orgRowId);
    void insertIndexRows(std::int64_t orgRowId, const std::array<std::string, 8>& text);

    sqlite::Database& m_db;
};

// The short-term index's tokens for an organisation's index text (uscc, name, address, scope
// columns; the USCC is left out): every character and every pair of adjacent characters within a
// run of non-space characters, Latin letters lower-cased, each written as the hex of its UTF-8
// bytes so that the FTS5 tokenizer keeps it whole. Distinct, space-separated.
std::string shortGrams(const std::array<std::string, 8>& text);
// The token a 1- or 2-character search term is looked up by (same encoding).
std::string shortGramToken(const std::string& term);

// Loading many organisations and scope lines at once (a registry snapshot on a device, a
// benchmark): one transaction, one statement per row, scope-bearing index rows rewritten once at
// commit. Rolls back unless committed; the index invariant holds at every commit.
class RegistryBulkLoad {
public:
    explicit RegistryBulkLoad(RegistryStore& store);
    // Inserts, or replaces the organisation with the same USCC. Rows are not validated here:
    // callers pass organisations they checked (importRegistryCsv validates CSV input).
    void add(const RegistryOrganisation& org);
    // Adds a scope line to an organisation added before or already stored; false if unknown.
    bool add(const ScopeEntry& entry);
    // Inserts or replaces the organisation with the same USCC together with its whole scope: lines
    // stored before and not in `scope` are dropped (a device applying a change from the server,
    // which always sends an organisation with all its lines). The lines' uscc is not read.
    void replace(const RegistryOrganisation& org, const std::vector<ScopeEntry>& scope);
    // Removes the organisation with its scope (a tombstone from the server); false if unknown.
    bool remove(const std::string& uscc);
    // Removes every organisation and scope line (a device replacing its whole registry).
    void removeAll();
    void commit();

private:
    // The organisation's row id; `existed` tells an update from an insert.
    std::int64_t insertOrUpdate(const RegistryOrganisation& org, bool& existed);

    RegistryStore& m_store;
    sqlite::SqliteTransaction m_tx;
    std::set<std::int64_t> m_touched;
};

} // namespace fieldseal::registry
