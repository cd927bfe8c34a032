#pragma once
// RegistryService: the server's registry of organisations and CMA scope (shared/registry), kept
// in the server's SQLite file beside the op log. Admins import CSV files; every signed-in role
// searches; devices download their district's part (export) to search offline; other server
// parts (draws) read populations from it.
//
// Revision, per district: every change of an organisation takes the next number of one registry-
// wide sequence, recorded for the district it is in (and a tombstone for the district it left);
// a district's revision is its largest number (registry_change_store.h). A device holding its
// district's revision R downloads only the changes after R: the organisations inserted or changed
// (each with all its scope lines) and the USCCs that left the district. An import in one district
// leaves every other district's revision as it was. Pages are keyset pages on the sequence (the
// cursor is the last number sent), so an import during a download neither skips nor repeats a
// row: what it changes gets new numbers, after the cursor, and comes on a later page.
//
// Locking: the public entry points lock ServerDatabase themselves; the `...Locked` ones are
// for callers that already hold db.lock() (e.g. inside their own transaction).

#include "api/caller.h"
#include "model/result.h"
#include "registry/registry_change_store.h"
#include "registry/registry_import.h"
#include "registry/registry_search.h"
#include "registry/registry_store.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fieldseal::server {

class AuditLog;
class ServerDatabase;

// An organisation with its CMA scope lines (empty unless it is a testing agency with scope).
struct RegistryEntry {
    registry::RegistryOrganisation organisation;
    std::vector<registry::ScopeEntry> scope;
};

struct RegistryExportPage {
    std::int64_t revision = 0; // the district's revision when the page was read
    std::string district;
    bool unchanged = false; // the caller already holds `revision` (knownRevision): no rows sent
    // The whole district from the start (the caller held no revision, or one this server never
    // gave): the device replaces what it holds. Otherwise the changes after knownRevision/cursor.
    bool full = false;
    std::vector<RegistryEntry> organisations; // inserted or changed, each with all its scope lines
    std::vector<std::string> removed;         // USCCs no longer in the district (tombstones)
    std::optional<std::string> nextCursor;    // absent on the last page
};

class RegistryService {
public:
    static constexpr std::size_t kDefaultExportPage = 500;
    static constexpr std::size_t kMaxExportPage = 2000;

    // Creates the registry tables in the server database if they are not there yet (takes the
    // lock). Throws StoreFailure if it cannot (the server cannot start without its tables).
    RegistryService(ServerDatabase& db, AuditLog& audit);
    ~RegistryService();

    // Admins only (Forbidden otherwise). The file must be of `expected` kind (organisations or
    // CMA scope, told by its header); a file-level problem (empty, unusable header, wrong kind)
    // is a Validation error and stores nothing. Bad rows are in the report, the good ones are
    // stored. Audited as "registry.import" with the counts and the registry's latest revision.
    Result<registry::ImportReport> importCsv(const Caller& caller, registry::CsvKind expected,
                                             std::string_view csvText);

    // Any signed-in caller; filters as registry::searchRegistry (Validation errors for unknown
    // districts or kinds, a limit out of 1..1000).
    Result<registry::SearchPage> search(const registry::SearchQuery& query);
    Result<std::int64_t> count(const registry::SearchQuery& query);

    // One organisation with its scope; NotFound when the USCC is not in the registry.
    Result<RegistryEntry> organisation(const std::string& uscc);

    // A page of a district's registry changes for a device. Inspectors and supervisors may export
    // only their own district, admins any; others are Forbidden. `cursor` is what the previous
    // page returned ("" for the first page); `knownRevision` is the district revision the device
    // holds: the answer is `unchanged` with no rows when it is current, the changes after it when
    // it is older, and the whole district (`full`) when absent or newer than the server's.
    // limit 1..kMaxExportPage (changes per page).
    Result<RegistryExportPage> exportPage(const Caller& caller, const std::string& district, std::string_view cursor,
                                          std::size_t limit = kDefaultExportPage,
                                          std::optional<std::int64_t> knownRevision = std::nullopt);

    // The registry's latest revision (largest change number of any district).
    Result<std::int64_t> revision();
    Result<std::int64_t> districtRevision(const std::string& district);

    // --- For other server parts (draws) ---

    // Every organisation of any of `districts` whose kind is any of `kinds` (empty = all kinds),
    // in registry order: a draw plan's population. Validation error for an unknown district or
    // kind. Locks.
    Result<std::vector<registry::RegistryOrganisation>> population(const std::vector<std::string>& districts,
                                                                   const std::vector<std::string>& kinds);
    // The same with db.lock() held by the caller.
    Result<std::vector<registry::RegistryOrganisation>>
    populationLocked(const std::vector<std::string>& districts, const std::vector<std::string>& kinds);
    // One organisation by USCC (nullopt if unknown), with db.lock() held. Throws StoreFailure.
    std::optional<registry::RegistryOrganisation> findLocked(const std::string& uscc);
    // The registry store itself, for reads the calls above do not cover (e.g. the draws part's
    // RegistryPopulation). The reference lives as long as the service; use it only with
    // db.lock() held.
    registry::RegistryStore& storeLocked() { return *m_store; }

private:
    Result<RegistryEntry> entryLocked(registry::RegistryOrganisation org);

    ServerDatabase& m_db;
    AuditLog& m_audit;
    std::unique_ptr<registry::RegistryStore> m_store;
    std::unique_ptr<RegistryChangeStore> m_changes;
};

// "organisations" / "scope" <-> CsvKind; false for anything else.
bool parseCsvKind(std::string_view text, registry::CsvKind& out);
const char* toString(registry::CsvKind kind);

} // namespace fieldseal::server
