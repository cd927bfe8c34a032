#include "registry_store.h"

#include <map>

namespace fieldseal::registry {
namespace {

// Version 1 of the registry tables. The names start with registry_ so they never collide with
// the replica's tables in a shared file.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS registry_organisation (
  id INTEGER PRIMARY KEY,
  uscc TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  district TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  contact TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS registry_organisation_district_kind ON registry_organisation(district, kind, id);
CREATE INDEX IF NOT EXISTS registry_organisation_kind ON registry_organisation(kind, id);
CREATE TABLE IF NOT EXISTS registry_scope (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES registry_organisation(id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  category TEXT NOT NULL,
  product TEXT NOT NULL,
  parameter TEXT NOT NULL DEFAULT '',
  standard TEXT NOT NULL,
  UNIQUE(org_id, field, category, product, parameter, standard));
CREATE INDEX IF NOT EXISTS registry_scope_field ON registry_scope(field, category, org_id);
CREATE VIRTUAL TABLE IF NOT EXISTS registry_fts USING fts5(
  uscc, name, address, fields, categories, products, parameters, standards, tokenize = 'trigram');
)sql";

RegistryOrganisation readOrganisation(sqlite::Query& q) {
    RegistryOrganisation o;
    o.rowId = q.int64(0);
    o.uscc = q.text(1);
    o.name = q.text(2);
    o.kind = q.text(3);
    o.district = q.text(4);
    o.address = q.text(5);
    o.contact = q.text(6);
    return o;
}

} // namespace

RegistryStore::RegistryStore(sqlite::Database& db)
    : m_db(db) {
    m_db.exec(kSchema);
}

std::optional<RegistryOrganisation> RegistryStore::findOrganisation(const std::string& uscc) {
    auto q = m_db.query("SELECT id, uscc, name, kind, district, address, contact FROM registry_organisation "
                        "WHERE uscc = ?");
    q.bind(1, uscc);
    if (!q.step()) return std::nullopt;
    return readOrganisation(q);
}

Upsert RegistryStore::upsertOrganisation(const RegistryOrganisation& org) {
    const auto existing = findOrganisation(org.uscc);
    if (existing && *existing == org) return Upsert::Unchanged;
    std::int64_t rowId = 0;
    if (existing) {
        auto q = m_db.query("UPDATE registry_organisation SET name = ?, kind = ?, district = ?, address = ?, "
                            "contact = ? WHERE id = ?");
        q.bind(1, org.name).bind(2, org.kind).bind(3, org.district).bind(4, org.address).bind(5, org.contact);
        q.bind(6, existing->rowId).exec();
        rowId = existing->rowId;
    } else {
        auto q =
            m_db.query("INSERT INTO registry_organisation (uscc, name, kind, district, address, contact) "
                       "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
        q.bind(1, org.uscc).bind(2, org.name).bind(3, org.kind).bind(4, org.district).bind(5, org.address);
        q.bind(6, org.contact);
        if (!q.step()) throw StoreFailure("registry: insert returned no id");
        rowId = q.int64(0);
    }
    refreshSearchIndex({rowId});
    return existing ? Upsert::Updated : Upsert::Inserted;
}

bool RegistryStore::addScope(std::int64_t orgRowId, const ScopeEntry& e) {
    auto q = m_db.query("INSERT INTO registry_scope (org_id, field, category, product, parameter, standard) "
                        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    q.bind(1, orgRowId).bind(2, e.field).bind(3, e.category).bind(4, e.product).bind(5, e.parameter);
    return q.bind(6, e.standard).exec() == 1;
}

std::vector<ScopeEntry> RegistryStore::scopeOf(const std::string& uscc) {
    auto q =
        m_db.query("SELECT s.field, s.category, s.product, s.parameter, s.standard FROM registry_scope s "
                   "JOIN registry_organisation o ON o.id = s.org_id WHERE o.uscc = ? ORDER BY s.id");
    q.bind(1, uscc);
    std::vector<ScopeEntry> out;
    while (q.step())
        out.push_back({uscc, q.text(0), q.text(1), q.text(2), q.text(3), q.text(4)});
    return out;
}

void RegistryStore::refreshSearchIndex(const std::set<std::int64_t>& orgRowIds) {
    for (const std::int64_t id : orgRowIds) {
        m_db.query("DELETE FROM registry_fts WHERE rowid = ?").bind(1, id).exec();
        // Distinct scope values per column, one per line: substring search finds any of them,
        // and a phrase never spans two values by accident of concatenation.
        std::set<std::string> cols[5];
        {
            auto s = m_db.query("SELECT field, category, product, parameter, standard FROM registry_scope "
                                "WHERE org_id = ?");
            s.bind(1, id);
            while (s.step())
                for (int c = 0; c < 5; ++c)
                    cols[c].insert(s.text(c));
        }
        std::string joined[5];
        for (int c = 0; c < 5; ++c)
            for (const auto& v : cols[c])
                joined[c] += (joined[c].empty() ? "" : "\n") + v;
        auto o = m_db.query("SELECT uscc, name, address FROM registry_organisation WHERE id = ?");
        o.bind(1, id);
        if (!o.step()) continue; // the organisation is gone: no index row
        const std::string uscc = o.text(0), name = o.text(1), address = o.text(2);
        auto ins =
            m_db.query("INSERT INTO registry_fts (rowid, uscc, name, address, fields, categories, products, "
                       "parameters, standards) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        ins.bind(1, id).bind(2, uscc).bind(3, name).bind(4, address);
        for (int c = 0; c < 5; ++c)
            ins.bind(5 + c, joined[c]);
        ins.exec();
    }
}

std::int64_t RegistryStore::organisationCount() {
    auto q = m_db.query("SELECT count(*) FROM registry_organisation");
    q.step();
    return q.int64(0);
}

std::int64_t RegistryStore::scopeCount() {
    auto q = m_db.query("SELECT count(*) FROM registry_scope");
    q.step();
    return q.int64(0);
}

} // namespace fieldseal::registry
