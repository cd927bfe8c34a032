#include "migrations.h"

#include "sqlite_db.h"

#include <array>
#include <string>

namespace fieldseal::sqlite {
namespace {

// Append new versions at the end; never edit a step that has shipped.
constexpr std::array<const char*, 3> kSteps = {
    // 1: op log, materialised records with per-field clocks, outbox, cursors.
    R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE ops (
  seq INTEGER PRIMARY KEY,
  op_id TEXT NOT NULL UNIQUE,
  record_id TEXT NOT NULL,
  type TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  hlc INTEGER NOT NULL,
  base INTEGER NOT NULL,
  device TEXT NOT NULL,
  user TEXT NOT NULL,
  stale INTEGER NOT NULL DEFAULT 0,
  by_record INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ops_by_record ON ops(record_id) WHERE by_record = 1;
CREATE TABLE records (id TEXT PRIMARY KEY, type TEXT NOT NULL, created_hlc INTEGER NOT NULL) WITHOUT ROWID;
-- A field row points at the op that wrote it (seq). No REFERENCES clause: the store only ever
-- writes fields from ops it has just logged, and a foreign-key check on every field write costs
-- a lookup in the op log (bench_merge went from 0.22-0.30 to 0.30-0.37 of the raw rate without it).
CREATE TABLE fields (
  record_id TEXT NOT NULL,
  field TEXT NOT NULL,
  hlc INTEGER NOT NULL,
  device TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (record_id, field)
) WITHOUT ROWID;
CREATE TABLE outbox (seq INTEGER PRIMARY KEY REFERENCES ops(seq));
CREATE TABLE cursors (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
)sql",
    // 2: status machine and conflicts: milestones (status changes, signatures) and the
    // conflicts derived from edits that missed one.
    R"sql(
CREATE TABLE milestones (
  op_id TEXT PRIMARY KEY,
  record_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  hlc INTEGER NOT NULL,
  base INTEGER NOT NULL,
  device TEXT NOT NULL,
  seen TEXT NOT NULL,
  after TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX milestones_by_record ON milestones(record_id);
CREATE TABLE conflicts (
  id TEXT PRIMARY KEY,
  record_id TEXT NOT NULL,
  body TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX conflicts_by_record ON conflicts(record_id);
)sql",
    // 3: lists that stay fast at 100,000s of records: the records of a type (covering: id order
    // within a type, with created_hlc), and references from immutable bodies (the evidence and
    // signatures of an inspection), filled from the bodies already logged.
    R"sql(
CREATE INDEX records_by_type ON records(type, id, created_hlc);
CREATE TABLE record_refs (
  target TEXT NOT NULL,
  field TEXT NOT NULL,
  record_id TEXT NOT NULL,
  PRIMARY KEY (target, field, record_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO record_refs(target, field, record_id)
  SELECT j.value, j.key, o.record_id FROM ops o, json_each(o.value) j
  WHERE o.field = '*' AND json_valid(o.value) AND json_type(o.value) = 'object'
    AND j.type = 'text' AND j.key LIKE '%\_id' ESCAPE '\';
)sql",
};

} // namespace

int latestSchemaVersion() {
    return static_cast<int>(kSteps.size());
}

Status migrate(Database& db, int target) {
    if (target < 0) target = latestSchemaVersion();
    if (target > latestSchemaVersion()) { // there is no step to run: refuse rather than read past kSteps
        return Error{ErrorDomain::Store, ErrorCode::InvalidInput,
                     "cannot migrate to schema version " + std::to_string(target) +
                         ": this program knows versions up to " + std::to_string(latestSchemaVersion())};
    }
    const int current = db.userVersion();
    if (current > latestSchemaVersion()) {
        return Error{ErrorDomain::Store, ErrorCode::SchemaTooNew,
                     "database schema version " + std::to_string(current) +
                         " is newer than this program supports (" + std::to_string(latestSchemaVersion()) +
                         "); update FieldSeal"};
    }
    for (int v = current; v < target; ++v) {
        SqliteTransaction tx(db);
        db.exec(kSteps[static_cast<size_t>(v)]);
        db.setUserVersion(v + 1);
        tx.commit();
    }
    return ok();
}

} // namespace fieldseal::sqlite
