#include "draw_service.h"

#include "accounts/account_service.h"
#include "api/errors.h"
#include "audit/audit_log.h"
#include "draw/draw_listing.h"
#include "draw/draw_seal.h"
#include "draws/draw_tasks.h"
#include "draws/organisation_history.h"
#include "seal/canonical_json.h"
#include "seal/encoding.h"
#include "seals/seal_service.h"
#include "storage/server_database.h"
#include "sync/sync_service.h"

#include <algorithm>
#include <set>

namespace fieldseal::server {
namespace {

using json = nlohmann::json;

Error notAdmin() {
    return forbidden("only administrators make and run draws");
}

Error noSuchDraw(const std::string& id) {
    return notFound("no draw with id " + id);
}

Error planIdTaken(const std::string& id) {
    return Error{ErrorDomain::Validation, ErrorCode::Conflict,
                 "a draw with plan id " + id + " exists already; choose another plan_id"};
}

std::string planSha256(const json& plan) {
    return seal::sha256Hex(canonicalJson(plan));
}

std::string publicPath(const std::string& id) {
    return "/v1/public/draws/" + id;
}

// What anyone may see of a draw: never the seed before the run.
json publicJson(const StoredDraw& d) {
    json v = {{"id", d.id},
              {"title", d.plan.value("title", "")},
              {"status", d.ran ? "run" : "committed"},
              {"created_at", d.createdAt},
              {"seed_sha256", d.seedSha256},
              {"plan_sha256", planSha256(d.plan)},
              {"plan", d.plan}};
    if (d.ran) {
        v["ran_at"] = d.ranAt;
        v["seed"] = d.seedHex;
        v["result"] = d.result;
        v["sealed"] = d.sealed;
        v["listing_html"] = publicPath(d.id) + "/listing.html";
        v["listing_csv"] = publicPath(d.id) + "/listing.csv";
    }
    return v;
}

json adminJson(const StoredDraw& d) {
    json v = publicJson(d);
    v["created_by"] = d.createdBy;
    v["public_url"] = publicPath(d.id);
    if (d.ran) {
        v["ran_by"] = d.ranBy;
        v["task_ids"] = d.taskIds;
        v["tasks_created"] = d.tasksCreated;
    }
    return v;
}

Error alreadyRun(const StoredDraw& d) {
    return Error{ErrorDomain::Validation, ErrorCode::Conflict,
                 "draw " + d.id + " was run at " + d.ranAt + " by " + d.ranBy + "; a draw runs only once"};
}

// A plan id for a request without one: DRAW-<yyyymmdd>-<8 hex of the seed commitment>.
std::string madeUpId(seal::Time at, const std::string& commitment) {
    std::string date = seal::formatRfc3339(at).substr(0, 10);
    date.erase(std::remove(date.begin(), date.end(), '-'), date.end());
    return "DRAW-" + date + "-" + commitment.substr(0, 8);
}

} // namespace

DrawService::DrawService(ServerDatabase& db, DrawStore& store, PopulationSource& population,
                         AccountService& accounts, SyncService& sync, SealService& seals, AuditLog& audit,
                         SeedVault seedVault, DrawServiceOptions options)
    : m_db(db)
    , m_store(store)
    , m_population(population)
    , m_accounts(accounts)
    , m_sync(sync)
    , m_seals(seals)
    , m_audit(audit)
    , m_seedVault(std::move(seedVault))
    , m_options(std::move(options)) {}

seal::Time DrawService::now() const {
    return m_options.now ? m_options.now() : seal::now();
}

Result<std::vector<draw::PlanInspector>> DrawService::inspectorPool(const DrawRequest& request) {
    auto accounts = m_accounts.listUsers();
    if (!accounts) return accounts.error();
    std::vector<draw::PlanInspector> pool;
    if (request.inspectorNames) {
        for (const auto& name : *request.inspectorNames) {
            const auto a = std::find_if(accounts->begin(), accounts->end(),
                                        [&name](const Account& x) { return x.username == name; });
            if (a == accounts->end()) return invalidInput("inspectors: no account named '" + name + "'");
            if (a->role != Role::Inspector || a->disabled || a->district.empty())
                return invalidInput("inspectors: '" + name +
                                    "' is not an enabled inspector account of a district");
            if (std::any_of(pool.begin(), pool.end(), [&name](const auto& p) { return p.id == name; }))
                return invalidInput("inspectors: '" + name + "' is listed twice");
            pool.push_back({a->username, a->displayName, a->district, ""});
        }
        return pool;
    }
    const auto districts = request.districts();
    for (const auto& a : *accounts)
        if (a.role == Role::Inspector && !a.disabled &&
            std::find(districts.begin(), districts.end(), a.district) != districts.end())
            pool.push_back({a.username, a.displayName, a.district, ""});
    return pool;
}

Result<json> DrawService::create(const Caller& caller, const json& body) {
    if (caller.role != Role::Admin) return notAdmin();
    auto request = parseDrawRequest(body);
    if (!request) return request.error();
    // The request's own values first (type, template, date, districts, kind, sample), with the
    // plan's messages, before anything is looked up.
    json doc = request->planMembers;
    doc["format"] = request->planFormat();
    doc["plan_id"] = request->planId.empty() ? "DRAW-CHECK" : request->planId;
    doc["organisations"] = json::array();
    doc["inspectors"] = json::array();
    if (auto checked = draw::parseDrawPlan(doc); !checked) return checked.error();

    auto pool = inspectorPool(*request);
    if (!pool) return pool.error();
    if (!request->sameDistrictOnly) {
        const auto planDistricts = request->districts();
        std::set<std::string> districts(planDistricts.begin(), planDistricts.end());
        for (const auto& p : *pool)
            districts.insert(p.district);
        if (districts.size() > 1)
            return invalidInput(
                "avoidance.same_district_only: tasks reach tablets by district, so an inspector "
                "drawn for an organisation of another district would never receive the task; "
                "keep same_district_only true, or draw one district at a time with that "
                "district's inspectors");
    }
    json inspectors = json::array();
    for (const auto& p : *pool)
        inspectors.push_back({{"id", p.id}, {"name", p.name}, {"district", p.district}});

    auto lock = m_db.lock();
    try {
        if (!request->planId.empty() && m_store.find(request->planId)) return planIdTaken(request->planId);
        const auto districts = request->districts();
        auto orgs = m_population.organisationsLocked(std::set<std::string>(districts.begin(), districts.end()),
                                                     request->organisationKind());
        if (!orgs) return orgs.error();
        std::sort(orgs->begin(), orgs->end(), [](const auto& a, const auto& b) { return a.uscc < b.uscc; });
        json organisations = json::array();
        for (const auto& o : *orgs)
            organisations.push_back({{"uscc", o.uscc}, {"name", o.name}, {"district", o.district}, {"kind", o.kind}});

        json avoidance = json::object();
        if (request->avoidPreviousInspectors) {
            const auto history = readOrganisationHistoryLocked(m_sync.replicaLocked());
            json previous = json::object();
            for (const auto& o : *orgs)
                if (const auto it = history.previousInspectors.find(o.uscc); it != history.previousInspectors.end())
                    previous[o.uscc] = it->second;
            avoidance["previous_inspectors"] = std::move(previous);
        }
        avoidance["conflicts"] = request->conflicts;
        avoidance["same_district_only"] = request->sameDistrictOnly;
        doc["organisations"] = std::move(organisations);
        doc["inspectors"] = std::move(inspectors);
        doc["avoidance"] = std::move(avoidance);

        auto plan = draw::parseDrawPlan(doc);
        if (!plan) return plan.error();
        if (auto s = draw::checkDrawable(*plan); !s) return s.error();

        const draw::Seed seed = draw::generateSeed();
        const std::string commitment = draw::seedCommitment(seed);
        const seal::Time at = now();
        StoredDraw stored;
        stored.id = request->planId.empty() ? madeUpId(at, commitment) : request->planId;
        doc["plan_id"] = stored.id;
        doc["seed_commitment"] = commitment;
        if (!doc.contains("title")) doc["title"] = "";
        stored.createdAt = seal::formatRfc3339(at);
        stored.createdBy = caller.username;
        stored.plan = std::move(doc);
        stored.sealedSeed = m_seedVault.seal(seed, stored.id, commitment); // never stored in the clear
        stored.seedSha256 = commitment;

        auto tx = m_store.begin();
        if (!m_store.insert(stored)) return planIdTaken(stored.id);
        m_audit.appendLocked(caller.username, "draw.create", stored.id,
                             {{"plan_sha256", planSha256(stored.plan)},
                              {"seed_sha256", commitment},
                              {"organisations", stored.plan["organisations"].size()},
                              {"inspectors", stored.plan["inspectors"].size()}});
        tx->commit();
        return adminJson(stored);
    } catch (const StoreFailure& e) {
        return storeFailure(e.what());
    }
}

Result<json> DrawService::list(const Caller& caller) {
    if (caller.role != Role::Admin) return notAdmin();
    auto lock = m_db.lock();
    try {
        json items = json::array();
        for (const auto& s : m_store.list())
            items.push_back({{"id", s.id},
                             {"title", s.title},
                             {"status", s.ran ? "run" : "committed"},
                             {"created_at", s.createdAt},
                             {"created_by", s.createdBy},
                             {"seed_sha256", s.seedSha256},
                             {"ran_at", s.ran ? json(s.ranAt) : json(nullptr)}});
        return json{{"count", items.size()}, {"draws", std::move(items)}};
    } catch (const StoreFailure& e) {
        return storeFailure(e.what());
    }
}

Result<json> DrawService::detail(const Caller& caller, const std::string& id) {
    if (caller.role != Role::Admin) return notAdmin();
    auto lock = m_db.lock();
    try {
        auto d = m_store.find(id);
        if (!d) return noSuchDraw(id);
        return adminJson(*d);
    } catch (const StoreFailure& e) {
        return storeFailure(e.what());
    }
}

// The run is one compare-and-set on the draw's state (markRun: only a draw not yet run changes),
// made before anything else is written: of two concurrent runs (two server processes on one
// database, or a future backend without the process lock) exactly one records the run and creates
// the tasks; the other gets 409 and writes nothing.
Result<json> DrawService::run(const Caller& caller, const std::string& id) {
    if (caller.role != Role::Admin) return notAdmin();
    auto lock = m_db.lock();
    try {
        auto d = m_store.find(id);
        if (!d) return noSuchDraw(id);
        if (d->ran && d->tasksCreated) return alreadyRun(*d);
        if (d->ran) return createTasksLocked(caller, *d); // the run's task records failed before
        auto plan = draw::parseDrawPlan(d->plan);
        if (!plan) return plan.error();
        auto seed = m_seedVault.open(d->sealedSeed, d->id, d->seedSha256);
        if (!seed) return seed.error();
        auto result = draw::runDraw(*plan, *seed);
        if (!result) return result.error();
        const json resultJson = draw::drawResultToJson(*plan, *result);
        const seal::Time at = now();
        auto sealed = draw::sealDrawResult(m_seals.authorityLocked().sealer(), resultJson, at);
        if (!sealed) return sealed.error();

        d->ran = true;
        d->ranAt = seal::formatRfc3339(at);
        d->ranBy = caller.username;
        d->seedHex = seed->hex;
        d->result = resultJson;
        d->sealed = std::move(*sealed);
        for (const auto& task : result->tasks)
            d->taskIds.push_back(drawTaskId(id, task.number));
        {
            auto tx = m_store.begin();
            if (!m_store.markRun(*d)) {
                const auto winner = m_store.find(id);
                return winner && winner->ran ? alreadyRun(*winner) : noSuchDraw(id);
            }
            m_audit.appendLocked(caller.username, "draw.run", id,
                                 {{"plan_sha256", result->planSha256},
                                  {"seed", result->seed.hex},
                                  {"result_sha256", seal::sha256Hex(canonicalJson(resultJson))},
                                  {"tasks", json(d->taskIds)}});
            tx->commit();
        }
        return createTasksLocked(caller, *d);
    } catch (const StoreFailure& e) {
        return storeFailure(e.what());
    }
}

// The task records of a run recorded by markRun, as the administrator's edits; their ids come
// from the draw, so running this again after a failure makes the same records, not a second set.
Result<json> DrawService::createTasksLocked(const Caller& caller, StoredDraw& d) {
    auto failed = [&d](const Error& e) {
        Error out = e;
        out.message = "draw " + d.id + " has run and its result is published, but its task records could not be "
                      "written (" + e.message + "); POST /v1/draws/" + d.id + "/run again to create them";
        return out;
    };
    auto plan = draw::parseDrawPlan(d.plan);
    if (!plan) return failed(plan.error());
    auto seed = draw::parseSeed(d.seedHex);
    if (!seed) return failed(seed.error());
    auto result = draw::runDraw(*plan, *seed);
    if (!result) return failed(result.error());
    const auto history = readOrganisationHistoryLocked(m_sync.replicaLocked());
    const DrawRecords records = drawRecords(d.id, *plan, *result, history.recordIdByUscc);
    if (auto ops = m_sync.putAllLocked(caller, records.edits); !ops) return failed(ops.error());
    auto tx = m_store.begin();
    m_store.markTasksCreated(d.id, seal::formatRfc3339(now()));
    tx->commit();
    d.tasksCreated = true;
    return adminJson(d);
}

Result<json> DrawService::publicView(const std::string& id) {
    auto lock = m_db.lock();
    try {
        auto d = m_store.find(id);
        if (!d) return noSuchDraw(id);
        return publicJson(*d);
    } catch (const StoreFailure& e) {
        return storeFailure(e.what());
    }
}

Result<StoredDraw> DrawService::ranDrawLocked(const std::string& id) {
    auto d = m_store.find(id);
    if (!d) return noSuchDraw(id);
    if (!d->ran)
        return notFound("draw " + id + " has not been run yet; its listing is published after the run");
    return std::move(*d);
}

namespace {

// The listing is made from the plan and the revealed seed (the draw is a pure function of them),
// the same way `fieldseal draw run --csv/--html` makes it.
template <class Make> Result<std::string> listing(const StoredDraw& d, Make make) {
    auto plan = draw::parseDrawPlan(d.plan);
    if (!plan) return plan.error();
    auto seed = draw::parseSeed(d.seedHex);
    if (!seed) return seed.error();
    auto result = draw::runDraw(*plan, *seed);
    if (!result) return result.error();
    return make(*plan, *result);
}

} // namespace

// The stored draw is read under the lock; the listing is rendered after it is released.
Result<StoredDraw> DrawService::ranDraw(const std::string& id) {
    auto lock = m_db.lock();
    try {
        return ranDrawLocked(id);
    } catch (const StoreFailure& e) {
        return storeFailure(e.what());
    }
}

Result<std::string> DrawService::listingCsv(const std::string& id) {
    auto d = ranDraw(id);
    if (!d) return d.error();
    return listing(*d, [](const draw::DrawPlan& p, const draw::DrawResult& r) { return draw::drawListingCsv(p, r); });
}

Result<std::string> DrawService::listingHtml(const std::string& id) {
    auto d = ranDraw(id);
    if (!d) return d.error();
    return listing(*d, [](const draw::DrawPlan& p, const draw::DrawResult& r) { return draw::drawListingHtml(p, r); });
}

} // namespace fieldseal::server
