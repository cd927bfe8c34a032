#pragma once
// The server's own tables, versioned separately from the core store's (meta key
// "server_schema_version"), migrated when the database opens.

#include "model/result.h"

namespace fieldseal::sqlite {
class Database;
}

namespace fieldseal::server {

int latestServerSchemaVersion();
Status migrateServerSchema(sqlite::Database& db);

} // namespace fieldseal::server
