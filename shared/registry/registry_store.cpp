#include "registry_store.h"

#include <array>
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
CREATE INDEX IF NOT EXISTS registry_scope_field_org ON registry_scope(field, org_id);
CREATE VIRTUAL TABLE IF NOT EXISTS registry_fts USING fts5(
  uscc, name, address, fields, categories, products, parameters, standards, tokenize = 'trigram');
CREATE VIRTUAL TABLE IF NOT EXISTS registry_fts_short USING fts5(grams, content = '', detail = 'none');
)sql";

// Code points of `s` as byte strings, ASCII letters lower-cased.
std::vector<std::string> characters(const std::string& s) {
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        std::string ch = s.substr(i, len);
        if (len == 1 && ch[0] >= 'A' && ch[0] <= 'Z') ch[0] = static_cast<char>(ch[0] - 'A' + 'a');
        out.push_back(std::move(ch));
        i += len;
    }
    return out;
}

std::string hexToken(const std::string& bytes) {
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (unsigned char b : bytes) {
        out += kHex[b >> 4];
        out += kHex[b & 15];
    }
    return out;
}

bool isSpace(const std::string& ch) {
    return ch == " " || ch == "\t" || ch == "\n" || ch == "\r" || ch == "\xE3\x80\x80";
}

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

std::string shortGrams(const std::array<std::string, 8>& text) {
    std::set<std::string> grams;
    for (size_t col = 1; col < text.size(); ++col) { // not the USCC (column 0)
        const auto chars = characters(text[col]);
        for (size_t i = 0; i < chars.size(); ++i) {
            if (isSpace(chars[i])) continue;
            grams.insert(hexToken(chars[i]));
            if (i + 1 < chars.size() && !isSpace(chars[i + 1]))
                grams.insert(hexToken(chars[i] + chars[i + 1]));
        }
    }
    std::string out;
    for (const auto& g : grams)
        out += (out.empty() ? "" : " ") + g;
    return out;
}

std::string shortGramToken(const std::string& term) {
    std::string bytes;
    for (const auto& ch : characters(term))
        bytes += ch;
    return hexToken(bytes);
}

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

bool RegistryStore::removeOrganisation(const std::string& uscc) {
    const auto org = findOrganisation(uscc);
    if (!org) return false;
    deleteIndexRows(org->rowId);
    m_db.query("DELETE FROM registry_scope WHERE org_id = ?").bind(1, org->rowId).exec();
    m_db.query("DELETE FROM registry_organisation WHERE id = ?").bind(1, org->rowId).exec();
    return true;
}

// The text columns of an organisation's index rows: uscc, name, address, then the scope columns.
using IndexText = std::array<std::string, 8>;

void RegistryStore::deleteIndexRows(std::int64_t id) {
    // The short-term table keeps no content: deleting needs the grams it was given, which come
    // from the trigram table's row.
    auto old = m_db.query("SELECT uscc, name, address, fields, categories, products, parameters, standards "
                          "FROM registry_fts WHERE rowid = ?");
    old.bind(1, id);
    if (!old.step()) return;
    IndexText text;
    for (int c = 0; c < 8; ++c)
        text[static_cast<size_t>(c)] = old.text(c);
    m_db.query("INSERT INTO registry_fts_short (registry_fts_short, rowid, grams) VALUES ('delete', ?, ?)")
        .bind(1, id)
        .bind(2, shortGrams(text))
        .exec();
    m_db.query("DELETE FROM registry_fts WHERE rowid = ?").bind(1, id).exec();
}

void RegistryStore::insertIndexRows(std::int64_t id, const IndexText& text) {
    auto ins =
        m_db.query("INSERT INTO registry_fts (rowid, uscc, name, address, fields, categories, products, "
                   "parameters, standards) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, id);
    for (int c = 0; c < 8; ++c)
        ins.bind(2 + c, text[static_cast<size_t>(c)]);
    ins.exec();
    m_db.query("INSERT INTO registry_fts_short (rowid, grams) VALUES (?, ?)")
        .bind(1, id)
        .bind(2, shortGrams(text))
        .exec();
}

void RegistryStore::refreshSearchIndex(const std::set<std::int64_t>& orgRowIds) {
    for (const std::int64_t id : orgRowIds) {
        deleteIndexRows(id);
        auto o = m_db.query("SELECT uscc, name, address FROM registry_organisation WHERE id = ?");
        o.bind(1, id);
        if (!o.step()) continue; // the organisation is gone: no index rows
        IndexText text{o.text(0), o.text(1), o.text(2)};
        // Distinct scope values per column, one per line: substring search finds any of them,
        // and a phrase never spans two values by accident of concatenation.
        std::set<std::string> cols[5];
        auto s = m_db.query("SELECT field, category, product, parameter, standard FROM registry_scope "
                            "WHERE org_id = ?");
        s.bind(1, id);
        while (s.step())
            for (int c = 0; c < 5; ++c)
                cols[c].insert(s.text(c));
        for (size_t c = 0; c < 5; ++c)
            for (const auto& v : cols[c])
                text[3 + c] += (text[3 + c].empty() ? "" : "\n") + v;
        insertIndexRows(id, text);
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

RegistryBulkLoad::RegistryBulkLoad(RegistryStore& store)
    : m_store(store)
    , m_tx(store.database()) {}

std::int64_t RegistryBulkLoad::insertOrUpdate(const RegistryOrganisation& org, bool& existed) {
    auto& db = m_store.database();
    auto find = db.query("SELECT id FROM registry_organisation WHERE uscc = ?");
    find.bind(1, org.uscc);
    existed = find.step();
    if (existed) {
        // A replacement: its index rows (with its scope) are rewritten at commit.
        const std::int64_t id = find.int64(0);
        auto q = db.query("UPDATE registry_organisation SET name = ?, kind = ?, district = ?, address = ?, "
                          "contact = ? WHERE id = ?");
        q.bind(1, org.name).bind(2, org.kind).bind(3, org.district).bind(4, org.address).bind(5, org.contact);
        q.bind(6, id).exec();
        m_touched.insert(id);
        return id;
    }
    auto q = db.query("INSERT INTO registry_organisation (uscc, name, kind, district, address, contact) "
                      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(1, org.uscc).bind(2, org.name).bind(3, org.kind).bind(4, org.district).bind(5, org.address);
    q.bind(6, org.contact);
    if (!q.step()) throw StoreFailure("registry: bulk insert returned no id");
    const std::int64_t id = q.int64(0);
    // A new organisation has no scope yet; if scope lines follow, commit rewrites its rows.
    m_store.insertIndexRows(id, {org.uscc, org.name, org.address});
    return id;
}

void RegistryBulkLoad::add(const RegistryOrganisation& org) {
    bool existed = false;
    insertOrUpdate(org, existed);
}

void RegistryBulkLoad::replace(const RegistryOrganisation& org, const std::vector<ScopeEntry>& scope) {
    bool existed = false;
    const std::int64_t id = insertOrUpdate(org, existed);
    if (existed) m_store.database().query("DELETE FROM registry_scope WHERE org_id = ?").bind(1, id).exec();
    bool added = false;
    for (const auto& line : scope)
        added = m_store.addScope(id, line) || added;
    if (added) m_touched.insert(id);
}

bool RegistryBulkLoad::remove(const std::string& uscc) {
    auto q = m_store.database().query("SELECT id FROM registry_organisation WHERE uscc = ?");
    q.bind(1, uscc);
    if (!q.step()) return false;
    m_touched.erase(q.int64(0));
    return m_store.removeOrganisation(uscc);
}

void RegistryBulkLoad::removeAll() {
    auto& db = m_store.database();
    db.exec("DELETE FROM registry_scope; DELETE FROM registry_organisation; DELETE FROM registry_fts; "
            "INSERT INTO registry_fts_short (registry_fts_short) VALUES ('delete-all');");
    m_touched.clear();
}

bool RegistryBulkLoad::add(const ScopeEntry& entry) {
    auto q = m_store.database().query("SELECT id FROM registry_organisation WHERE uscc = ?");
    q.bind(1, entry.uscc);
    if (!q.step()) return false;
    const std::int64_t id = q.int64(0);
    if (m_store.addScope(id, entry)) m_touched.insert(id);
    return true;
}

void RegistryBulkLoad::commit() {
    m_store.refreshSearchIndex(m_touched);
    m_tx.commit();
}

} // namespace fieldseal::registry
