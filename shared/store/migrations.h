#pragma once
// Schema migrations of the SQLite store, by version (PRAGMA user_version). Each step runs in its
// own transaction, so an interrupted upgrade leaves the previous version intact.

#include "model/result.h"

namespace fieldseal::sqlite {

class Database;

// The schema version this program writes.
int latestSchemaVersion();

// Brings the database to `target` (default: latest). Refuses a database newer than this program.
Status migrate(Database& db, int target = -1);

} // namespace fieldseal::sqlite
