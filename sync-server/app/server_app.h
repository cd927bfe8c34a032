#pragma once
// ServerApp: every part of a running server, built on one data directory and wired together —
// database, audit log, accounts, seals, sync, review, blobs, metrics — and the route table that
// exposes them. `serve` starts the transport on top of it; tests can build one in-process too.
//
// Data directory layout:
//   DATA/server.db    SQLite (WAL): op log, records, conflicts, accounts, scopes, blobs, audit
//   DATA/blobs/       evidence files, content-addressed (blobs/)
//   DATA/authority/   the seal authority (seals/seal_setup.h)
//   DATA/tls/         the server's TLS certificate and the CA clients pin

#include "model/pass_key.h"
#include "model/result.h"

#include <filesystem>
#include <memory>

namespace fieldseal::server {

class AccountService;
class AuditLog;
class ConflictService;
class Metrics;
class RegistryService;
class ReviewService;
class Router;
class SealService;
class ServerDatabase;
class SyncService;

struct ServerAppOptions {
    // scrypt N = 2^14 instead of 2^15 for new password hashes (still the production floor of
    // password_hash.h): integration tests and demos create many accounts.
    bool reducedPasswordCost = false;
};

class ServerApp {
public:
    static Result<std::unique_ptr<ServerApp>> open(const std::filesystem::path& dataDir, ServerAppOptions options = {});
    // Only open() makes one.
    explicit ServerApp(PassKey<ServerApp>);
    ~ServerApp();

    Router& router();
    Metrics& metrics();
    ServerDatabase& database();
    AccountService& accounts();
    AuditLog& audit();
    SealService& seals();
    SyncService& sync();
    ReviewService& review();
    ConflictService& conflicts();
    RegistryService& registry();

    static std::filesystem::path databaseFile(const std::filesystem::path& dataDir) { return dataDir / "server.db"; }
    static std::filesystem::path blobDir(const std::filesystem::path& dataDir) { return dataDir / "blobs"; }

private:
    struct Parts;
    std::unique_ptr<Parts> m_parts;
};

} // namespace fieldseal::server
