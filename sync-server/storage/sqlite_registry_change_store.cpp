#include "sqlite_registry_change_store.h"

#include "store/sqlite_db.h"

namespace fieldseal::server {
namespace {

// INSERT OR REPLACE on UNIQUE(district, uscc) drops the organisation's previous change in that
// district and appends a new row with the next AUTOINCREMENT seq: one row per organisation and
// district, always the latest. Updates that change nothing are not changes (WHEN clause).
constexpr const char* kTriggers = R"sql(
CREATE TRIGGER IF NOT EXISTS registry_change_org_insert AFTER INSERT ON registry_organisation BEGIN
  INSERT OR REPLACE INTO registry_change (district, uscc, deleted) VALUES (NEW.district, NEW.uscc, 0);
END;
CREATE TRIGGER IF NOT EXISTS registry_change_org_update AFTER UPDATE ON registry_organisation
WHEN OLD.uscc IS NOT NEW.uscc OR OLD.name IS NOT NEW.name OR OLD.kind IS NOT NEW.kind
  OR OLD.district IS NOT NEW.district OR OLD.address IS NOT NEW.address OR OLD.contact IS NOT NEW.contact
BEGIN
  INSERT OR REPLACE INTO registry_change (district, uscc, deleted)
    SELECT OLD.district, OLD.uscc, 1 WHERE OLD.district IS NOT NEW.district OR OLD.uscc IS NOT NEW.uscc;
  INSERT OR REPLACE INTO registry_change (district, uscc, deleted) VALUES (NEW.district, NEW.uscc, 0);
END;
CREATE TRIGGER IF NOT EXISTS registry_change_org_delete AFTER DELETE ON registry_organisation BEGIN
  INSERT OR REPLACE INTO registry_change (district, uscc, deleted) VALUES (OLD.district, OLD.uscc, 1);
END;
CREATE TRIGGER IF NOT EXISTS registry_change_scope_insert AFTER INSERT ON registry_scope BEGIN
  INSERT OR REPLACE INTO registry_change (district, uscc, deleted)
    SELECT district, uscc, 0 FROM registry_organisation WHERE id = NEW.org_id;
END;
CREATE TRIGGER IF NOT EXISTS registry_change_scope_update AFTER UPDATE ON registry_scope BEGIN
  INSERT OR REPLACE INTO registry_change (district, uscc, deleted)
    SELECT district, uscc, 0 FROM registry_organisation WHERE id IN (OLD.org_id, NEW.org_id);
END;
CREATE TRIGGER IF NOT EXISTS registry_change_scope_delete AFTER DELETE ON registry_scope BEGIN
  INSERT OR REPLACE INTO registry_change (district, uscc, deleted)
    SELECT district, uscc, 0 FROM registry_organisation WHERE id = OLD.org_id;
END;
)sql";

bool triggersExist(sqlite::Database& db) {
    auto q = db.query("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'registry_change_%'");
    q.step();
    return q.int64(0) == 6;
}

} // namespace

SqliteRegistryChangeStore::SqliteRegistryChangeStore(sqlite::Database& db)
    : m_db(db) {
    if (triggersExist(m_db)) return;
    sqlite::SqliteTransaction tx(m_db);
    m_db.exec(kTriggers);
    // Organisations stored before the triggers existed: one change each, so devices get them.
    m_db.exec("INSERT OR IGNORE INTO registry_change (district, uscc, deleted) "
              "SELECT district, uscc, 0 FROM registry_organisation ORDER BY id");
    tx.commit();
}

std::int64_t SqliteRegistryChangeStore::districtRevision(const std::string& district) {
    auto q = m_db.query("SELECT coalesce(max(seq), 0) FROM registry_change WHERE district = ?");
    q.bind(1, district);
    q.step();
    return q.int64(0);
}

std::int64_t SqliteRegistryChangeStore::latestRevision() {
    auto q = m_db.query("SELECT coalesce(max(seq), 0) FROM registry_change");
    q.step();
    return q.int64(0);
}

std::vector<RegistryChange> SqliteRegistryChangeStore::changesAfter(const std::string& district,
                                                                    std::int64_t afterSeq, std::size_t limit,
                                                                    bool withTombstones) {
    auto q = m_db.query("SELECT seq, uscc, deleted FROM registry_change WHERE district = ? AND seq > ? "
                        "AND (? OR deleted = 0) ORDER BY seq LIMIT ?");
    q.bind(1, district).bind(2, afterSeq).bind(3, withTombstones ? 1 : 0).bind(4, static_cast<std::int64_t>(limit));
    std::vector<RegistryChange> out;
    while (q.step())
        out.push_back({q.int64(0), q.text(1), q.int64(2) != 0});
    return out;
}

} // namespace fieldseal::server
