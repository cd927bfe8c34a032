#pragma once
// Reading rows of the `ops` table: the column list and the row -> StoredOp conversion, shared by
// SqliteStore and the server's queries that join the op log with their own tables.

#include "sqlite_db.h"

namespace fieldseal::sqlite {

// Select these columns (of `ops`, unqualified) and convert the row with readOp.
inline constexpr const char* kOpColumns = "seq, op_id, record_id, type, field, value, hlc, base, device, user, stale";
// The same columns qualified with a table alias, e.g. kOpColumnsOf("o") -> "o.seq, o.op_id, ...".
std::string opColumnsOf(std::string_view alias);

StoredOp readOp(const Query& q);

} // namespace fieldseal::sqlite
