#include "server_schema.h"

#include "store/sqlite_db.h"

#include <array>
#include <string>

namespace fieldseal::server {
namespace {

// Append new versions at the end once a version has shipped; never edit a shipped step.
constexpr std::array<const char*, 1> kSteps = {
    // 1: accounts, sessions, devices, op scopes, review index, blobs, seal reports, trust lists, audit chain.
    R"sql(
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL,
  district TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,          -- "scrypt$N$r$p$salt_b64$hash_b64"
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
) WITHOUT ROWID;
-- Access and refresh tokens. A login starts a family; every refresh rotates the refresh token
-- within it, and a used refresh token stays (used_at set) until it expires, so that presenting it
-- again is recognised as theft and revokes the whole family.
CREATE TABLE tokens (
  token_hash TEXT PRIMARY KEY,          -- hex SHA-256 of the bearer token; the token itself is never stored
  kind TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
  user_id TEXT NOT NULL,
  device_id TEXT NOT NULL DEFAULT '',
  family TEXT NOT NULL,                 -- the login this token descends from
  created_at INTEGER NOT NULL,          -- unix seconds
  expires_at INTEGER NOT NULL,
  used_at INTEGER                       -- refresh tokens: when it was rotated; NULL while unused
) WITHOUT ROWID;
CREATE INDEX tokens_by_user ON tokens(user_id);
CREATE INDEX tokens_by_family ON tokens(family);
CREATE INDEX tokens_by_expiry ON tokens(expires_at);
CREATE INDEX tokens_by_device ON tokens(device_id); -- revoking a device deletes its tokens
-- Consecutive failed logins per (lower-cased) username, known or not, for throttling.
CREATE TABLE login_failures (
  username TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_failure_at INTEGER NOT NULL      -- unix milliseconds
) WITHOUT ROWID;
-- Enrolled devices and their certificates from the authority's device CA. The user's name, role
-- and district are the ones written into the certificate at enrollment.
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  username TEXT NOT NULL,
  role TEXT NOT NULL,
  district TEXT NOT NULL DEFAULT '',    -- '' for city-wide accounts
  label TEXT NOT NULL DEFAULT '',
  serial TEXT NOT NULL UNIQUE,          -- certificate serial, lower-case hex
  certificate TEXT NOT NULL,            -- PEM
  alg TEXT NOT NULL,                    -- ES256 | SM2-SM3
  enrolled_at TEXT NOT NULL,            -- RFC 3339 UTC
  not_after TEXT NOT NULL,
  revoked_at TEXT                       -- as written in the CRL; NULL while valid
) WITHOUT ROWID;
CREATE INDEX devices_by_district ON devices(district);
-- Who may pull an accepted op: the district and type of its record, fixed when it is accepted.
CREATE TABLE op_scope (
  first_seq INTEGER PRIMARY KEY,        -- a run of consecutive seqs in the op log, all of records
  last_seq INTEGER NOT NULL,            -- of one district and type (a push is usually one run)
  district TEXT NOT NULL,
  type TEXT NOT NULL
);
CREATE INDEX op_scope_by_district ON op_scope(district, last_seq);
-- Evidence records: the blob each references (who may download it) and the inspection it belongs
-- to (the review screen lists them).
CREATE TABLE evidence_refs (
  record_id TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL,
  inspection_id TEXT NOT NULL,
  district TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX evidence_refs_by_blob ON evidence_refs(sha256);
CREATE INDEX evidence_refs_by_inspection ON evidence_refs(inspection_id);
-- The review queue's index: each inspection's status and district as materialised now, written
-- in the transaction that changes them (inspections whose status changed at least once).
CREATE TABLE inspection_status (
  record_id TEXT PRIMARY KEY,
  district TEXT NOT NULL,
  status TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX inspection_status_by_status ON inspection_status(status, district, record_id);
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  length INTEGER NOT NULL,              -- Upload-Length
  offset INTEGER NOT NULL,              -- bytes received so far
  complete INTEGER NOT NULL DEFAULT 0,  -- 1 once the SHA-256 matched and the blob is visible
  uploader TEXT NOT NULL,
  created_at TEXT NOT NULL,
  completed_at TEXT
) WITHOUT ROWID;
-- The last verification of the seal on a certificate or CCC exemption record.
CREATE TABLE seal_reports (
  record_id TEXT PRIMARY KEY,
  indication TEXT NOT NULL,             -- PASSED | FAILED | INDETERMINATE
  report TEXT NOT NULL,                 -- the verification report as JSON
  verified_at TEXT NOT NULL             -- RFC 3339 UTC
) WITHOUT ROWID;
-- Every trust list the authority published, as sealed (devices fetch the newest).
CREATE TABLE trust_lists (
  sequence INTEGER PRIMARY KEY,
  envelope TEXT NOT NULL,               -- the sealed trust-list envelope, JSON
  issued_at TEXT NOT NULL,
  next_update TEXT NOT NULL
);
-- The hash chain: hash = hex SHA-256(prev_hash || RFC 8785 JSON of
-- {seq, at, actor, action, record_id, detail}); the first prev_hash is 64 zeros. Rows are only
-- ever inserted, with seq = previous seq + 1.
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,                     -- RFC 3339 UTC
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  record_id TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL,                 -- a JSON object, stored in its canonical form
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
-- Double-random draws (sync-server/draws): the plan as published with its seed commitment, the
-- seed encrypted under DATA/draw-seed.key (never in the clear before the run), and after the run
-- the revealed seed, the result, its sealed envelope and the ids of the task records the run
-- created. ran_at IS NULL until the one run (set by a single compare-and-set).
CREATE TABLE draws (
  id TEXT PRIMARY KEY,                  -- the plan's plan_id
  created_at TEXT NOT NULL,             -- RFC 3339 UTC
  created_by TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  plan_json TEXT NOT NULL,              -- fieldseal-draw-plan/1 or /2, as published
  seed_sealed TEXT NOT NULL,            -- AES-256-GCM (draws/seed_vault.h)
  seed_sha256 TEXT NOT NULL,            -- the published commitment
  seed_hex TEXT,                        -- revealed by the run
  ran_at TEXT,
  ran_by TEXT,
  result_json TEXT,                     -- fieldseal-draw-result/1 or /2
  sealed_json TEXT,                     -- its fieldseal-sealed/1 envelope
  task_ids TEXT,                        -- JSON array, in task order
  tasks_created_at TEXT                 -- NULL after a run whose task records could not be written
) WITHOUT ROWID;
-- Registry changes per district (sync-server/registry): the latest change of each organisation in
-- each district it is or was in, kept by triggers on the registry tables
-- (storage/sqlite_registry_change_store.cpp). seq grows with every change and is never reused
-- (AUTOINCREMENT), so a district's revision is its largest seq and a device holding revision R
-- downloads the rows with seq > R in seq order (keyset paging); deleted = 1 is a tombstone (the
-- organisation left the district or the registry).
CREATE TABLE registry_change (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  district TEXT NOT NULL,
  uscc TEXT NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  UNIQUE (district, uscc)
);
CREATE INDEX registry_change_by_district ON registry_change(district, seq);
-- Issued inspection reports (sync-server/reports): one row per approval, written in the same
-- transaction as its "report.issued" audit row, after the PDF file is in place under
-- DATA/reports; a PDF file without a row is not a report (it is drawn again). The seal columns are
-- set with the "report.sealed" audit row, after the seal file is in place.
CREATE TABLE report_archive (
  inspection_id TEXT NOT NULL,
  version TEXT NOT NULL,                -- the approval op id
  pdf_sha256 TEXT NOT NULL,
  pdf_size INTEGER NOT NULL,
  issued_at TEXT NOT NULL,              -- RFC 3339 UTC
  issued_by TEXT NOT NULL,
  seal_kid TEXT,                        -- NULL until sealed
  sealed_at TEXT,
  PRIMARY KEY (inspection_id, version)
) WITHOUT ROWID;
)sql",
};

constexpr const char* kVersionKey = "server_schema_version";

int currentVersion(sqlite::Database& db) {
    auto q = db.query("SELECT value FROM meta WHERE key = ?1");
    q.bind(1, std::string_view(kVersionKey));
    return q.step() ? std::stoi(q.text(0)) : 0;
}

} // namespace

int latestServerSchemaVersion() {
    return static_cast<int>(kSteps.size());
}

Status migrateServerSchema(sqlite::Database& db) {
    const int current = currentVersion(db);
    if (current > latestServerSchemaVersion())
        return Error{ErrorDomain::Store, ErrorCode::SchemaTooNew,
                     "server schema version " + std::to_string(current) + " is newer than this server supports (" +
                         std::to_string(latestServerSchemaVersion()) + "); update fieldseal-server"};
    for (int v = current; v < latestServerSchemaVersion(); ++v) {
        sqlite::SqliteTransaction tx(db);
        db.exec(kSteps[static_cast<size_t>(v)]);
        db.query("INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            .bind(1, std::string_view(kVersionKey))
            .bind(2, std::to_string(v + 1))
            .exec();
        tx.commit();
    }
    return ok();
}

} // namespace fieldseal::server
