#include "registry_service.h"

#include "api/errors.h"
#include "audit/audit_log.h"
#include "model/districts.h"
#include "storage/server_database.h"
#include "storage/sqlite_registry_change_store.h"
#include "store/sqlite_db.h"

#include <charconv>

namespace fieldseal::server {
namespace {

Error storeError(const StoreFailure& e) {
    return storeFailure(std::string("registry: ") + e.what());
}

// The cursor is the change number of the last row sent, written as a decimal number; devices
// treat it as opaque.
std::optional<std::int64_t> parseCursor(std::string_view cursor) {
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), v);
    if (cursor.empty() || ec != std::errc() || end != cursor.data() + cursor.size() || v < 0) return std::nullopt;
    return v;
}

} // namespace

bool parseCsvKind(std::string_view text, registry::CsvKind& out) {
    if (text == "organisations") {
        out = registry::CsvKind::Organisations;
        return true;
    }
    if (text == "scope") {
        out = registry::CsvKind::Scope;
        return true;
    }
    return false;
}

const char* toString(registry::CsvKind kind) {
    return kind == registry::CsvKind::Scope ? "scope" : "organisations";
}

RegistryService::RegistryService(ServerDatabase& db, AuditLog& audit)
    : m_db(db)
    , m_audit(audit) {
    auto lock = m_db.lock();
    m_store = std::make_unique<registry::RegistryStore>(m_db.db());
    m_changes = std::make_unique<SqliteRegistryChangeStore>(m_db.db());
}

RegistryService::~RegistryService() = default;

Result<std::int64_t> RegistryService::revision() {
    auto lock = m_db.lock();
    try {
        return m_changes->latestRevision();
    } catch (const StoreFailure& e) {
        return storeError(e);
    }
}

Result<std::int64_t> RegistryService::districtRevision(const std::string& district) {
    auto lock = m_db.lock();
    try {
        return m_changes->districtRevision(district);
    } catch (const StoreFailure& e) {
        return storeError(e);
    }
}

Result<registry::ImportReport> RegistryService::importCsv(const Caller& caller, registry::CsvKind expected,
                                                          std::string_view csvText) {
    if (caller.role != Role::Admin) return forbidden("only administrators import the registry");
    auto lock = m_db.lock();
    // The kind is told by the header inside the import, so a dry run comes first: a file of the
    // other kind is refused before anything is stored.
    registry::ImportOptions dry;
    dry.dryRun = true;
    auto checked = registry::importRegistryCsv(*m_store, csvText, dry);
    if (!checked) return checked.error();
    if (checked->kind != expected)
        return invalidInput(std::string("the file is a ") + toString(checked->kind) +
                            " file (by its header), not " + toString(expected));
    // The import commits its own transaction, the change numbers with it (triggers), so the audit
    // entry goes in a transaction of its own after it, under the same lock.
    auto report = registry::importRegistryCsv(*m_store, csvText);
    if (!report) return report.error();
    try {
        sqlite::SqliteTransaction tx(m_db.db());
        const std::int64_t rev = m_changes->latestRevision();
        m_audit.appendLocked(caller.username, "registry.import", "",
                             {{"kind", toString(report->kind)},
                              {"rows", report->rows},
                              {"inserted", report->inserted},
                              {"updated", report->updated},
                              {"unchanged", report->unchanged},
                              {"removed", report->removed},
                              {"rejected", report->rejected.size()},
                              {"revision", rev}});
        tx.commit();
    } catch (const StoreFailure& e) {
        return storeError(e);
    }
    return report;
}

Result<registry::SearchPage> RegistryService::search(const registry::SearchQuery& query) {
    auto lock = m_db.lock();
    return registry::searchRegistry(*m_store, query);
}

Result<std::int64_t> RegistryService::count(const registry::SearchQuery& query) {
    auto lock = m_db.lock();
    return registry::countRegistry(*m_store, query);
}

Result<RegistryEntry> RegistryService::entryLocked(registry::RegistryOrganisation org) {
    RegistryEntry entry;
    entry.scope = m_store->scopeOf(org.uscc);
    entry.organisation = std::move(org);
    return entry;
}

Result<RegistryEntry> RegistryService::organisation(const std::string& uscc) {
    auto lock = m_db.lock();
    try {
        auto org = m_store->findOrganisation(uscc);
        if (!org) return notFound(uscc + " is not in the registry");
        return entryLocked(std::move(*org));
    } catch (const StoreFailure& e) {
        return storeError(e);
    }
}

Result<RegistryExportPage> RegistryService::exportPage(const Caller& caller, const std::string& district,
                                                       std::string_view cursor, std::size_t limit,
                                                       std::optional<std::int64_t> knownRevision) {
    if (!findDistrict(district)) return invalidInput("unknown district '" + district + "'");
    switch (caller.role) {
    case Role::Admin:
        break;
    case Role::Inspector:
    case Role::Supervisor:
        if (caller.district != district)
            return forbidden("the registry of district " + district + " is not yours to download");
        break;
    default:
        return forbidden("only inspectors, supervisors and administrators download the registry");
    }
    if (limit < 1 || limit > kMaxExportPage)
        return invalidInput("limit must be 1.." + std::to_string(kMaxExportPage));
    std::optional<std::int64_t> after;
    if (!cursor.empty()) {
        after = parseCursor(cursor);
        if (!after) return invalidInput("malformed cursor");
    }

    auto lock = m_db.lock();
    try {
        RegistryExportPage page;
        page.district = district;
        page.revision = m_changes->districtRevision(district);
        if (!after) {
            if (knownRevision && *knownRevision == page.revision) {
                page.unchanged = true;
                return page;
            }
            // A revision newer than ours was not given by this registry (a restored server):
            // the device starts again from the whole district.
            page.full = !knownRevision || *knownRevision > page.revision || *knownRevision < 0;
            after = page.full ? 0 : *knownRevision;
        }
        // A device starting from nothing has nothing to delete: no tombstones on a full start.
        auto changes = m_changes->changesAfter(district, *after, limit + 1, !page.full);
        const bool more = changes.size() > limit;
        if (more) changes.pop_back();
        for (auto& change : changes) {
            auto org = change.deleted ? std::nullopt : m_store->findOrganisation(change.uscc);
            if (!org || org->district != district) { // a tombstone (the triggers keep them apart)
                page.removed.push_back(std::move(change.uscc));
                continue;
            }
            auto entry = entryLocked(std::move(*org));
            if (!entry) return entry.error();
            page.organisations.push_back(std::move(*entry));
        }
        if (more) page.nextCursor = std::to_string(changes.back().seq);
        return page;
    } catch (const StoreFailure& e) {
        return storeError(e);
    }
}

Result<std::vector<registry::RegistryOrganisation>>
RegistryService::population(const std::vector<std::string>& districts, const std::vector<std::string>& kinds) {
    auto lock = m_db.lock();
    return populationLocked(districts, kinds);
}

Result<std::vector<registry::RegistryOrganisation>>
RegistryService::populationLocked(const std::vector<std::string>& districts, const std::vector<std::string>& kinds) {
    if (districts.empty()) return invalidInput("a population needs at least one district");
    registry::SearchQuery q;
    q.districts = districts;
    q.kinds = kinds;
    q.limit = 1000;
    std::vector<registry::RegistryOrganisation> out;
    for (;;) {
        auto page = registry::searchRegistry(*m_store, q);
        if (!page) return page.error();
        for (auto& o : page->hits)
            out.push_back(std::move(o));
        if (!page->more) break;
        q.offset += q.limit;
    }
    return out;
}

std::optional<registry::RegistryOrganisation> RegistryService::findLocked(const std::string& uscc) {
    return m_store->findOrganisation(uscc);
}

} // namespace fieldseal::server
