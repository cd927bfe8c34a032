#include "audit_verify_command.h"

#include "audit_log.h"
#include "storage/server_database.h"
#include "storage/sqlite_audit_store.h"

#include <ostream>
#include <system_error>

namespace fieldseal::server {

int runAuditVerifyCommand(const std::filesystem::path& dataDir, std::ostream& out, std::ostream& err) {
    const auto file = dataDir / "server.db";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
        err << "fieldseal-server audit verify: no server database at '" << file.string()
            << "' (is --data-dir the directory given to `fieldseal-server init`?)\n";
        return 2;
    }
    auto db = ServerDatabase::open(file, false);
    if (!db) {
        err << "fieldseal-server audit verify: " << db.error().message << "\n";
        return 2;
    }
    SqliteAuditStore store((*db)->db());
    AuditLog log(**db, store);
    auto result = log.verify();
    if (!result) {
        err << "fieldseal-server audit verify: " << result.error().message << "\n";
        return 2;
    }
    out << result->message << "\n";
    return result->ok() ? 0 : 1;
}

} // namespace fieldseal::server
