#pragma once
// DrawService: the authority's double-random draws (双随机、一公开) on the server.
//
// create: the administrator's request (draw_request.h) becomes a published plan: the population
// from the registry (PopulationSource), the inspector pool from the accounts (enabled inspectors,
// all of the plan's districts or the ones named), the rotation history and the organisation
// records from the replica (organisation_history.h), and the commitment of a fresh random seed.
// Plans that cannot be drawn (no population, sample too large, a pool too small after avoidance)
// are refused here (422), before any seed exists. The seed stays secret until the run: it is
// stored only encrypted under a key file outside the database (seed_vault.h).
// run: reveals the seed, runs shared/draw's fieldseal-draw/1 or /2 (the plan says), seals the result with the
// authority's seal, creates the task records through the replica as the administrator's own
// edits (so they flow to the assigned inspectors' tablets; each task's plan_id is the draw id), and
// records the run; once only (409), by a compare-and-set on the draw before the tasks are written.
// The public view, the HTML and CSV listings are readable by anyone; before the run they show
// the plan and its commitment only.
//
// Locking: every public method takes ServerDatabase::lock() itself, except for the account
// listing, which the account service locks on its own before the draw takes the lock.

#include "api/caller.h"
#include "draw/draw.h"
#include "draws/draw_request.h"
#include "draws/draw_store.h"
#include "draws/population_source.h"
#include "draws/seed_vault.h"
#include "model/result.h"
#include "seal/time_util.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

namespace fieldseal::server {

class AccountService;
class AuditLog;
class SealService;
class ServerDatabase;
class SyncService;

struct DrawServiceOptions {
    std::function<seal::Time()> now; // seal::now() when empty
};

class DrawService {
public:
    DrawService(ServerDatabase& db, DrawStore& store, PopulationSource& population, AccountService& accounts,
                SyncService& sync, SealService& seals, AuditLog& audit, SeedVault seedVault,
                DrawServiceOptions options = {});

    // Admin only. The new draw (adminView). Errors: Usage (400: request shape), Validation (422:
    // plan values, unknown or non-inspector accounts, refusals of the draw), Conflict (409: the
    // plan id is taken), Forbidden.
    Result<nlohmann::json> create(const Caller& caller, const nlohmann::json& request);
    // Admin only: summaries, newest first.
    Result<nlohmann::json> list(const Caller& caller);
    // Admin only: plan, commitment; after the run also seed, result, sealed envelope, task ids.
    Result<nlohmann::json> detail(const Caller& caller, const std::string& id);
    // Admin only. Errors: NotFound, Conflict (already run, also when another run won the
    // compare-and-set), Forbidden, Store (the seed key file no longer opens the sealed seed).
    // A run whose task records could not be written is recorded (and published); calling run
    // again creates its tasks.
    Result<nlohmann::json> run(const Caller& caller, const std::string& id);

    // Anyone: the plan and its commitment; after the run also the seed, result and sealed envelope.
    Result<nlohmann::json> publicView(const std::string& id);
    // Anyone, after the run (NotFound before): shared/draw's listings.
    Result<std::string> listingCsv(const std::string& id);
    Result<std::string> listingHtml(const std::string& id);

private:
    seal::Time now() const;
    Result<std::vector<draw::PlanInspector>> inspectorPool(const DrawRequest& request);
    Result<StoredDraw> ranDrawLocked(const std::string& id);
    Result<StoredDraw> ranDraw(const std::string& id); // takes the lock
    Result<nlohmann::json> createTasksLocked(const Caller& caller, StoredDraw& ran);

    ServerDatabase& m_db;
    DrawStore& m_store;
    PopulationSource& m_population;
    AccountService& m_accounts;
    SyncService& m_sync;
    SealService& m_seals;
    AuditLog& m_audit;
    SeedVault m_seedVault;
    DrawServiceOptions m_options;
};

} // namespace fieldseal::server
