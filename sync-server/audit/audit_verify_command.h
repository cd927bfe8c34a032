#pragma once
// `fieldseal-server audit verify --data-dir D`: checks the audit chain of D/server.db.

#include <filesystem>
#include <iosfwd>

namespace fieldseal::server {

// Prints "ok, N events" or "broken at seq K: <what>" to `out`; problems opening the database go
// to `err`. Returns 0 when the chain is intact, 1 when it is broken, 2 when the database cannot be
// opened or read.
int runAuditVerifyCommand(const std::filesystem::path& dataDir, std::ostream& out, std::ostream& err);

} // namespace fieldseal::server
