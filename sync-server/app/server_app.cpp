#include "server_app.h"

#include "accounts/account_routes.h"
#include "accounts/account_service.h"
#include "audit/audit_log.h"
#include "blobs/blob_routes.h"
#include "blobs/blob_service.h"
#include "draws/draw_routes.h"
#include "draws/draw_service.h"
#include "draws/registry_population.h"
#include "http/metrics.h"
#include "http/router.h"
#include "registry/registry_routes.h"
#include "registry/registry_service.h"
#include "review/conflict_service.h"
#include "review/review_routes.h"
#include "review/review_service.h"
#include "seals/seal_routes.h"
#include "seals/seal_service.h"
#include "storage/server_database.h"
#include "storage/sqlite_account_store.h"
#include "storage/sqlite_audit_store.h"
#include "storage/sqlite_blob_store.h"
#include "storage/sqlite_draw_store.h"
#include "storage/sqlite_scope_store.h"
#include "storage/sqlite_seal_store.h"
#include "reports/report_routes.h"
#include "reports/report_service.h"
#include "stats/stats_routes.h"
#include "stats/stats_service.h"
#include "sync/sync_routes.h"
#include "sync/sync_service.h"

namespace fieldseal::server {

// Declaration order is construction order: each part is built from those above it.
struct ServerApp::Parts {
    std::unique_ptr<ServerDatabase> db;
    std::unique_ptr<SqliteAuditStore> auditStore;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<SqliteAccountStore> accountStore;
    std::unique_ptr<AccountService> accounts;
    std::unique_ptr<SealService> seals;
    std::unique_ptr<SqliteScopeStore> scopes;
    std::unique_ptr<SyncService> sync;
    std::unique_ptr<ReviewService> review;
    std::unique_ptr<ConflictService> conflicts;
    std::unique_ptr<SqliteBlobStore> blobStore;
    std::unique_ptr<BlobService> blobs;
    std::unique_ptr<RegistryService> registry;
    std::unique_ptr<SqliteDrawStore> drawStore;
    std::unique_ptr<RegistryPopulation> population;
    std::unique_ptr<DrawService> draws;
    std::unique_ptr<StatsService> stats;
    std::unique_ptr<ReportService> reports;
    Metrics metrics;
    std::unique_ptr<Router> router;
};

namespace {

void addHealthRoute(Router& router, ServerDatabase& db) {
    router.add(Route{"GET", "/v1/health",
                     [&db](RequestContext&) {
                         auto lock = db.lock();
                         return HttpResponse::json(
                             200, {{"status", "ok"}, {"version", "0.1.0"}, {"ops", db.store().opCount()}});
                     },
                     false, {}});
}

// A blob is readable by admins and by the callers of the districts whose evidence references it
// (the same people who pull those evidence records).
MayReadBlob mayReadBlob(ServerDatabase& db, ScopeStore& scopes) {
    return [&db, &scopes](const Caller& caller, const std::string& sha256) {
        if (caller.role == Role::Admin) return true;
        if (caller.role == Role::ExhibitionStaff) return false;
        auto lock = db.lock();
        const auto districts = scopes.evidenceBlobDistrictsLocked(sha256);
        return std::find(districts.begin(), districts.end(), caller.district) != districts.end();
    };
}

// For the review screen, with the lock held: has the evidence's blob arrived?
ReviewService::BlobState blobStateLocked(BlobStore& store) {
    return [&store](const std::string& sha256) -> std::string {
        const auto meta = store.findLocked(sha256);
        if (!meta) return "pending";
        return meta->complete ? "complete" : "uploading";
    };
}

SyncService::Hooks syncHooks(AuditLog* audit, SealService* seals, Metrics* metrics) {
    SyncService::Hooks hooks;
    hooks.auditLocked = [audit](const Caller& who, const std::string& action, const std::string& recordId,
                                const nlohmann::json& detail) {
        audit->appendLocked(who.username, action, recordId, detail);
    };
    hooks.certificateArrivedLocked = [seals](const std::string& id, const nlohmann::json& body) {
        seals->verifyCertificateRecordLocked(id, body);
    };
    hooks.counterSealLocked = [seals](const std::string& id, const nlohmann::json& exemption) -> Result<CounterSeal> {
        auto outcome = seals->counterSealLocked(id, exemption);
        if (!outcome.sealed)
            return Error{ErrorDomain::Seal, ErrorCode::InvalidInput,
                         outcome.refusalCode + ": " + outcome.refusalReason};
        return CounterSeal{outcome.certificateId, outcome.certificate, outcome.counterSeal};
    };
    hooks.count = [metrics](std::string_view name, double by) { metrics->add(name, by); };
    return hooks;
}

} // namespace

ServerApp::ServerApp(PassKey<ServerApp>)
    : m_parts(std::make_unique<Parts>()) {}
ServerApp::~ServerApp() = default;

Result<std::unique_ptr<ServerApp>> ServerApp::open(const std::filesystem::path& dataDir, ServerAppOptions options) {
    auto app = std::make_unique<ServerApp>(PassKey<ServerApp>{});
    Parts& p = *app->m_parts;
    auto db = ServerDatabase::open(databaseFile(dataDir), false);
    if (!db) return db.error();
    p.db = std::move(*db);
    p.auditStore = std::make_unique<SqliteAuditStore>(p.db->db());
    p.audit = std::make_unique<AuditLog>(*p.db, *p.auditStore);
    p.accountStore = std::make_unique<SqliteAccountStore>(p.db->db());
    AccountServiceOptions accountOptions;
    if (options.reducedPasswordCost) accountOptions.kdf = ScryptParams::reduced();
    p.accounts = std::make_unique<AccountService>(*p.db, *p.accountStore, *p.audit, accountOptions);
    auto seals = SealService::open(dataDir, *p.db, std::make_unique<SqliteSealStore>(p.db->db()), p.audit.get());
    if (!seals) return seals.error();
    p.seals = std::move(*seals);
    p.scopes = std::make_unique<SqliteScopeStore>(p.db->db());
    auto sync = SyncService::open(*p.db, *p.scopes, syncHooks(p.audit.get(), p.seals.get(), &p.metrics));
    if (!sync) return sync.error();
    p.sync = std::move(*sync);
    p.blobStore = std::make_unique<SqliteBlobStore>(p.db->db());
    BlobServiceOptions blobOptions;
    blobOptions.directory = blobDir(dataDir);
    auto blobs = BlobService::open(*p.db, *p.blobStore, p.metrics, mayReadBlob(*p.db, *p.scopes), blobOptions);
    if (!blobs) return blobs.error();
    p.blobs = std::move(*blobs);
    auto blobFiles = BlobFiles::open(blobOptions.directory);
    if (!blobFiles) return blobFiles.error();
    p.stats = std::make_unique<StatsService>(*p.db, *blobFiles);
    p.reports = std::make_unique<ReportService>(*p.db, *p.sync, *p.seals, *p.audit, *blobFiles, dataDir / "reports");
    p.review = std::make_unique<ReviewService>(*p.db, *p.sync, *p.scopes, blobStateLocked(*p.blobStore));

    p.conflicts = std::make_unique<ConflictService>(*p.sync);
    p.registry = std::make_unique<RegistryService>(*p.db, *p.audit);
    p.drawStore = std::make_unique<SqliteDrawStore>(p.db->db());
    p.population = std::make_unique<RegistryPopulation>(p.registry->storeLocked());
    // The draws' secret seeds are encrypted under a key kept beside the database, not in it.
    auto seedVault = SeedVault::open(dataDir / "draw-seed.key");
    if (!seedVault) return seedVault.error();
    p.draws = std::make_unique<DrawService>(*p.db, *p.drawStore, *p.population, *p.accounts, *p.sync, *p.seals,
                                            *p.audit, std::move(*seedVault));

    p.router = std::make_unique<Router>(*p.accounts, p.metrics);
    addHealthRoute(*p.router, *p.db);
    addMetricsRoute(*p.router, p.metrics);
    p.metrics.addSource([&db = *p.db](Metrics& m) {
        const auto times = db.lockTimes();
        m.setTotal("fieldseal_db_lock_wait_seconds_total", times.waited);
        m.setTotal("fieldseal_db_lock_held_seconds_total", times.held);
    });
    addAccountRoutes(*p.router, *p.accounts, *p.audit);
    addSealRoutes(*p.router, *p.seals);
    addSyncRoutes(*p.router, *p.sync);
    addReviewRoutes(*p.router, *p.review);
    addConflictRoutes(*p.router, *p.conflicts);
    addBlobRoutes(*p.router, *p.blobs);
    addRegistryRoutes(*p.router, *p.registry);
    addDrawRoutes(*p.router, *p.draws);
    addStatsRoutes(*p.router, *p.stats);
    addReportRoutes(*p.router, *p.reports);
    return app;
}

Router& ServerApp::router() { return *m_parts->router; }
Metrics& ServerApp::metrics() { return m_parts->metrics; }
ServerDatabase& ServerApp::database() { return *m_parts->db; }
AccountService& ServerApp::accounts() { return *m_parts->accounts; }
AuditLog& ServerApp::audit() { return *m_parts->audit; }
SealService& ServerApp::seals() { return *m_parts->seals; }
SyncService& ServerApp::sync() { return *m_parts->sync; }
ReviewService& ServerApp::review() { return *m_parts->review; }
ConflictService& ServerApp::conflicts() { return *m_parts->conflicts; }
RegistryService& ServerApp::registry() { return *m_parts->registry; }

} // namespace fieldseal::server
