// The draw routes in-process: a ServerApp on a data directory made by the real `init --demo`
// (accounts, demo tasks, the authority's seal), a registry filled by an administrator's CSV
// import, and every request through the real router with real bearer tokens. Also: capped draws
// (fieldseal-draw/2), the seed kept out of the database until the run, and the run's single
// compare-and-set.
#include "draw_test_data.h"

#include "accounts/account_service.h"
#include "app/server_app.h"
#include "app/server_commands.h"
#include "audit/audit_log.h"
#include "draw/draw.h"
#include "draws/draw_tasks.h"
#include "draws/seed_vault.h"
#include "http/router.h"
#include "registry/registry_service.h"
#include "seal/encoding.h"
#include "seals/seal_service.h"
#include "storage/server_database.h"
#include "storage/sqlite_draw_store.h"
#include "model/ids.h"
#include "store/sqlite_db.h"
#include "sync/sync_service.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sys/stat.h>
#include <thread>
#include <sstream>
#include <tuple>

using namespace fieldseal;
using namespace fieldseal::server;
using namespace fieldseal::drawtest;
using json = nlohmann::json;

namespace {

constexpr const char* kPassword = "test-password-2026";
constexpr const char* kToys = "91310115MA1K3A7B2U";
constexpr const char* kEbike = "91310115MA1H8XQ042";

struct Reply {
    int status = 0;
    std::string contentType;
    std::string text;
    json body; // parsed when JSON

    std::string message() const { return body.is_object() ? body["error"].value("message", "") : ""; }
};

} // namespace

class TestDrawRoutes : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<ServerApp> m_app;
    std::string m_admin, m_wang, m_supervisor; // access tokens

    std::string login(const std::string& user, const std::string& password) {
        auto s = m_app->accounts().login(user, password);
        if (!s) qFatal("login %s: %s", user.c_str(), s.error().message.c_str());
        return s->accessToken;
    }

    Reply call(const std::string& method, const std::string& path, const std::string& token,
               const std::optional<json>& body = std::nullopt) {
        HttpRequest request;
        request.method = method;
        request.target = path;
        request.path = path;
        request.remoteAddress = "127.0.0.1:40000";
        if (!token.empty()) request.headers.emplace_back("Authorization", "Bearer " + token);
        if (body) {
            request.headers.emplace_back("Content-Type", "application/json");
            request.body = body->dump();
        }
        HttpResponse response = m_app->router().handle(request);
        Reply r{response.status, response.contentType, response.body, nullptr};
        if (response.contentType.rfind("application/json", 0) == 0) r.body = json::parse(response.body);
        return r;
    }

    std::int64_t drawCount() {
        const Reply r = call("GET", "/v1/draws", m_admin);
        return r.body.value("count", -1);
    }

    // The database files' bytes (main file and write-ahead log): what a copy of them would hold.
    std::string databaseBytes() {
        std::string out;
        const std::string db = ServerApp::databaseFile((m_dir.path() + "/data").toStdString()).string();
        for (const std::string& path : {db, db + "-wal"}) {
            std::ifstream f(path, std::ios::binary);
            out.append(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
        }
        return out;
    }

    std::vector<std::string> auditActions(const std::string& recordId) {
        auto lock = m_app->database().lock();
        auto q = m_app->database().db().query("SELECT action FROM audit WHERE record_id = ?1 ORDER BY seq");
        q.bind(1, recordId);
        std::vector<std::string> out;
        while (q.step())
            out.push_back(q.text(0));
        return out;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const std::string data = (m_dir.path() + "/data").toStdString();
        setenv("FIELDSEAL_ADMIN_PASSWORD", "admin-password-2026", 1);
        std::stringstream out, err;
        QCOMPARE(runServerCommand({"init", "--data-dir", data, "--alg", "p256"}, out, err), 0);
        ServerAppOptions options;
        options.reducedPasswordCost = true;
        auto app = ServerApp::open(data, options);
        QVERIFY2(app.ok(), app ? "" : app.error().message.c_str());
        m_app = std::move(*app);

        // Two inspectors in each of Pudong and Xuhui, and Pudong's supervisor.
        for (const auto& [user, role, district] :
             std::vector<std::tuple<std::string, std::string, std::string>>{{"insp.wang", "inspector", kPudong},
                                                                            {"insp.li", "inspector", kPudong},
                                                                            {"insp.zhao", "inspector", kXuhui},
                                                                            {"insp.qian", "inspector", kXuhui},
                                                                            {"sup.pudong", "supervisor", kPudong}})
            QVERIFY(m_app->accounts().createUser(user, user, role, district, kPassword, "test").ok());
        m_admin = login("admin", "admin-password-2026");
        m_wang = login("insp.wang", kPassword);
        m_supervisor = login("sup.pudong", kPassword);

        // The registry the draws draw from: 5 testing agencies in each of Pudong and Xuhui, and
        // two Pudong manufacturers.
        const Caller admin = *m_app->accounts().authenticate(m_admin);
        std::string csv = registryCsv(agencies());
        csv += std::string(kToys) + ",上海童趣玩具制造有限公司,manufacturer,310115\n";
        csv += std::string(kEbike) + ",上海迅驰电动自行车有限公司,manufacturer,310115\n";
        auto report = m_app->registry().importCsv(admin, registry::CsvKind::Organisations, csv);
        QVERIFY2(report.ok(), report ? "" : report.error().message.c_str());
        QCOMPARE(report->inserted, std::size_t(12));

        // The manufacturers' last tasks went to insp.wang and insp.li (history for rotation).
        auto lock = m_app->database().lock();
        IdGenerator ids;
        for (const char* uscc : {kToys, kEbike}) {
            const std::string orgId = ids.next();
            QVERIFY(m_app->sync()
                        .putLocked(admin, "organisation", orgId,
                                   {{"uscc", uscc}, {"name", uscc}, {"org_type", "manufacturer"}, {"district", kPudong}})
                        .ok());
            QVERIFY(m_app->sync()
                        .putLocked(admin, "task", ids.next(),
                                   {{"organisation_id", orgId},
                                    {"inspection_type", "ccc_product"},
                                    {"template_id", "ccc-toys-v1"},
                                    {"inspectors", {"insp.wang", "insp.li"}},
                                    {"due_date", "2026-06-30"},
                                    {"district", kPudong}})
                        .ok());
        }
    }

    void onlyAdministratorsMakeOrRunDraws() {
        const json request = drawRequest("DRAW-T-FORBIDDEN", {kPudong}, 1);
        QCOMPARE(call("POST", "/v1/draws", m_wang, request).status, 403);
        QCOMPARE(call("POST", "/v1/draws", m_supervisor, request).status, 403);
        QCOMPARE(call("POST", "/v1/draws", "", request).status, 401);
        QCOMPARE(call("GET", "/v1/draws", m_wang).status, 403);
        QCOMPARE(call("GET", "/v1/draws/DRAW-T-FORBIDDEN", m_supervisor).status, 403);
        QCOMPARE(call("POST", "/v1/draws/DRAW-T-FORBIDDEN/run", m_wang).status, 403);
        QCOMPARE(drawCount(), 0);
        QCOMPARE(call("GET", "/v1/public/draws/DRAW-T-FORBIDDEN", "").status, 404);
    }

    void refusesDrawsThatCannotBeMade() {
        // Three inspectors per task, but Pudong has two inspectors.
        json r = drawRequest("DRAW-T-THREE", {kPudong}, 1);
        r["inspectors_per_task"] = 3;
        Reply reply = call("POST", "/v1/draws", m_admin, r);
        QCOMPARE(reply.status, 422);
        QVERIFY2(reply.message().find("inspector pool too small") != std::string::npos, reply.message().c_str());
        QVERIFY(reply.message().find("needs 3 inspectors") != std::string::npos);

        // Rotation: the demo manufacturers were last assigned to insp.wang and insp.li, Pudong's
        // only inspectors, so none is left for them; the message names the organisations.
        r = drawRequest("DRAW-T-ROTATION", {kPudong}, 1);
        r["organisation_kind"] = "manufacturer";
        r["inspection_type"] = "ccc_product";
        reply = call("POST", "/v1/draws", m_admin, r);
        QCOMPARE(reply.status, 422);
        QVERIFY2(reply.message().find("上海童趣玩具制造有限公司") != std::string::npos, reply.message().c_str());
        QVERIFY(reply.message().find("has 0") != std::string::npos);
        // Without the rotation rule the same plan can be drawn.
        r["avoidance"] = {{"previous_inspectors", false}};
        reply = call("POST", "/v1/draws", m_admin, r);
        QCOMPARE(reply.status, 201);
        QVERIFY(reply.body["plan"]["avoidance"].value("previous_inspectors", json::object()).empty());

        // A declared conflict of interest leaves one Xuhui inspector for an agency.
        r = drawRequest("DRAW-T-CONFLICT", {kXuhui}, 1);
        r["avoidance"] = {{"conflicts", {{{"inspector", "insp.zhao"}, {"uscc", agencyUscc(kXuhui, 102)},
                                          {"reason", "配偶在该机构任职"}}}}};
        reply = call("POST", "/v1/draws", m_admin, r);
        QCOMPARE(reply.status, 422);
        QVERIFY2(reply.message().find(agencyUscc(kXuhui, 102)) != std::string::npos, reply.message().c_str());

        // A sample larger than the population.
        reply = call("POST", "/v1/draws", m_admin, drawRequest("DRAW-T-LARGE", {kPudong}, 6));
        QCOMPARE(reply.status, 422);
        QVERIFY2(reply.message().find("only 5") != std::string::npos, reply.message().c_str());

        // Inspectors drawn across districts would never receive their tasks.
        r = drawRequest("DRAW-T-ACROSS", {kPudong, kXuhui}, 2);
        r["avoidance"] = {{"same_district_only", false}};
        reply = call("POST", "/v1/draws", m_admin, r);
        QCOMPARE(reply.status, 422);
        QVERIFY(reply.message().find("same_district_only") != std::string::npos);

        // Pools name inspector accounts only.
        r = drawRequest("DRAW-T-POOL", {kPudong}, 1);
        r["inspectors"] = {"insp.wang", "sup.pudong"};
        reply = call("POST", "/v1/draws", m_admin, r);
        QCOMPARE(reply.status, 422);
        QVERIFY(reply.message().find("sup.pudong") != std::string::npos);

        // Plan values are checked with the plan's own messages; request shapes are 400s.
        r = drawRequest("DRAW-T-DATE", {kPudong}, 1);
        r["due_date"] = "31/12/2026";
        reply = call("POST", "/v1/draws", m_admin, r);
        QCOMPARE(reply.status, 422);
        QVERIFY(reply.message().find("due_date") != std::string::npos);
        r = drawRequest("DRAW-T-SHAPE", {kPudong}, 1);
        r.erase("sample");
        QCOMPARE(call("POST", "/v1/draws", m_admin, r).status, 400);

        // Nothing but the one good plan was stored.
        QCOMPARE(drawCount(), 1);
        QCOMPARE(call("GET", "/v1/public/draws/DRAW-T-THREE", "").status, 404);
    }

    void commitsRunsSealsAndPublishes() {
        const std::string id = "DRAW-T-MAIN";
        json request = drawRequest(id, {kPudong, kXuhui}, 4);
        request["avoidance"] = {{"conflicts", {{{"inspector", "insp.qian"}, {"uscc", agencyUscc(kXuhui, 101)},
                                                {"reason", "曾在该机构任职"}}}}};
        request["inspectors"] = {"insp.wang", "insp.li", "insp.zhao", "insp.qian"};
        // insp.qian's conflict leaves insp.zhao alone for that agency: refused. Without it, drawn.
        QCOMPARE(call("POST", "/v1/draws", m_admin, request).status, 422);
        request["avoidance"]["conflicts"][0]["uscc"] = agencyUscc(kXuhui, 901); // an agency outside the plan
        const Reply made = call("POST", "/v1/draws", m_admin, request);
        QCOMPARE(made.status, 201);

        // Published before the run: the plan with its population and pool, and the commitment;
        // never the seed.
        const json plan = made.body["plan"];
        QCOMPARE(plan["organisations"].size(), std::size_t(10));
        QCOMPARE(plan["inspectors"].size(), std::size_t(4));
        QVERIFY(plan["seed_commitment"] == made.body["seed_sha256"]);
        QVERIFY(!made.body.contains("seed"));
        QVERIFY(!made.body.contains("result"));
        const Reply before = call("GET", "/v1/public/draws/" + id, "");
        QCOMPARE(before.status, 200);
        QCOMPARE(before.body["status"].get<std::string>(), std::string("committed"));
        QVERIFY(before.body["plan"] == plan);
        QVERIFY(!before.body.contains("seed"));
        const std::string commitment = before.body["seed_sha256"];
        QCOMPARE(call("GET", "/v1/public/draws/" + id + "/listing.csv", "").status, 404);
        QCOMPARE(call("GET", "/v1/draws/" + id, m_admin).body.contains("seed"), false);

        // The run.
        const Reply ran = call("POST", "/v1/draws/" + id + "/run", m_admin);
        QCOMPARE(ran.status, 200);
        QCOMPARE(ran.body["status"].get<std::string>(), std::string("run"));
        const std::string seedHex = ran.body["seed"];
        auto seed = draw::parseSeed(seedHex);
        QVERIFY(seed.ok());
        QCOMPARE(seal::sha256Hex(seed->bytes), commitment); // the commitment published before
        QVERIFY(ran.body["plan"] == plan); // the plan did not change

        // Anyone re-computes the result from the published plan and the revealed seed.
        auto parsed = draw::parseDrawPlan(plan);
        QVERIFY(parsed.ok());
        auto recomputed = draw::runDraw(*parsed, *seed);
        QVERIFY(recomputed.ok());
        const json recomputedJson = draw::drawResultToJson(*parsed, *recomputed);
        const Reply after = call("GET", "/v1/public/draws/" + id, "");
        QCOMPARE(after.status, 200);
        auto same = draw::compareDrawResult(after.body["result"], recomputedJson);
        QVERIFY2(same.ok(), same ? "" : same.error().message.c_str());
        same = draw::compareDrawResult(after.body["sealed"], recomputedJson);
        QVERIFY2(same.ok(), same ? "" : same.error().message.c_str());
        QCOMPARE(after.body["seed"].get<std::string>(), seedHex);
        QCOMPARE(recomputed->tasks.size(), std::size_t(4));

        // The sealed envelope verifies against the authority's trust list; a changed result does not.
        QVERIFY(m_app->seals().verify(after.body["sealed"]).passed());
        json forged = after.body["sealed"];
        forged["payload"]["tasks"][0]["inspectors"][0]["id"] = "insp.nobody";
        QVERIFY(!m_app->seals().verify(forged).passed());

        // One task per drawn organisation in the replica, assigned to the drawn inspectors of its
        // district, referring to an organisation record of that USCC.
        const auto taskIds = ran.body["task_ids"].get<std::vector<std::string>>();
        QCOMPARE(taskIds.size(), std::size_t(4));
        {
            auto lock = m_app->database().lock();
            Replica& replica = m_app->sync().replicaLocked();
            for (const auto& t : recomputed->tasks) {
                const std::string taskId = taskIds[t.number - 1];
                QCOMPARE(taskId, drawTaskId(id, t.number));
                auto task = replica.record(taskId);
                QVERIFY(task.ok());
                QCOMPARE((*task)["plan_id"].get<std::string>(), id);
                QCOMPARE((*task)["draw_id"].get<std::string>(), id);
                QCOMPARE((*task)["district"].get<std::string>(), t.organisation.district);
                QCOMPARE((*task)["template_id"].get<std::string>(), std::string("cma-agency-v1"));
                QCOMPARE((*task)["due_date"].get<std::string>(), std::string("2026-12-31"));
                QCOMPARE((*task)["task_status"].get<std::string>(), std::string("open"));
                std::vector<std::string> drawn;
                for (const auto& p : t.inspectors) {
                    drawn.push_back(p.id);
                    QCOMPARE(p.district, t.organisation.district); // same district only (the default)
                }
                QCOMPARE((*task)["inspectors"].get<std::vector<std::string>>(), drawn);
                auto org = replica.record((*task)["organisation_id"].get<std::string>());
                QVERIFY(org.ok());
                QCOMPARE((*org)["uscc"].get<std::string>(), t.organisation.uscc);
                QCOMPARE((*org)["district"].get<std::string>(), t.organisation.district);
            }
        }

        // The listings, for anyone.
        const Reply csv = call("GET", "/v1/public/draws/" + id + "/listing.csv", "");
        QCOMPARE(csv.status, 200);
        QVERIFY(csv.contentType.rfind("text/csv", 0) == 0);
        QVERIFY(csv.text.rfind("\xEF\xBB\xBF", 0) == 0); // UTF-8 byte-order mark
        for (const auto& t : recomputed->tasks)
            QVERIFY(csv.text.find(t.organisation.uscc) != std::string::npos);
        const Reply html = call("GET", "/v1/public/draws/" + id + "/listing.html", "");
        QCOMPARE(html.status, 200);
        QVERIFY(html.contentType.rfind("text/html", 0) == 0);
        QVERIFY(html.text.find(seedHex) != std::string::npos);
        QVERIFY(html.text.find(commitment) != std::string::npos);

        // A draw runs once.
        const Reply again = call("POST", "/v1/draws/" + id + "/run", m_admin);
        QCOMPARE(again.status, 409);
        QVERIFY(again.message().find("runs only once") != std::string::npos);
        QCOMPARE(call("POST", "/v1/draws/DRAW-T-NONE/run", m_admin).status, 404);
        QCOMPARE(call("POST", "/v1/draws", m_admin, request).status, 409); // the plan id is taken

        // The drawn tasks are history now: the next plan over the same agencies avoids their
        // inspectors, which leaves a drawn agency without any of its district's two inspectors.
        request["plan_id"] = "DRAW-T-NEXT";
        const Reply next = call("POST", "/v1/draws", m_admin, request);
        QCOMPARE(next.status, 422);
        QVERIFY2(next.message().find(recomputed->tasks[0].organisation.uscc + ", ") != std::string::npos,
                 next.message().c_str());

        // Audited, and listed.
        QCOMPARE(auditActions(id), (std::vector<std::string>{"draw.create", "draw.run"}));
        const Reply list = call("GET", "/v1/draws", m_admin);
        QCOMPARE(list.body["count"].get<int>(), 2);
        bool listed = false;
        for (const auto& d : list.body["draws"])
            if (d["id"] == id) listed = d["status"] == "run" && d["ran_at"].is_string();
        QVERIFY(listed);
    }

    // A capped draw (fieldseal-draw/2) through the route: the cap is checked before a seed exists
    // and kept in the plan and result; the seed is never in the database in the clear before the
    // run; each task refers to its draw.
    void runsCappedDrawsWithSecretSeeds() {
        for (const char* user : {"insp.sun", "insp.zhou"})
            QVERIFY(m_app->accounts().createUser(user, user, "inspector", kPudong, kPassword, "test").ok());
        const std::string id = "DRAW-T-CAP";
        json r = drawRequest(id, {kPudong}, 5);
        r["avoidance"] = {{"previous_inspectors", false}}; // the earlier draws' history aside
        r["max_tasks_per_inspector"] = 2;
        Reply reply = call("POST", "/v1/draws", m_admin, r);
        QCOMPARE(reply.status, 422);
        QVERIFY2(reply.message().find("inspector capacity too small") != std::string::npos, reply.message().c_str());
        QVERIFY(reply.message().find("5 task(s) x 2 inspectors per task = 10 assignments") != std::string::npos);
        QVERIFY(reply.message().find("only 4 inspector(s) are eligible") != std::string::npos);
        QVERIFY(reply.message().find("Raise max_tasks_per_inspector to 3") != std::string::npos);
        r["max_tasks_per_inspector"] = "3";
        QCOMPARE(call("POST", "/v1/draws", m_admin, r).status, 400);
        r["max_tasks_per_inspector"] = 0;
        reply = call("POST", "/v1/draws", m_admin, r);
        QCOMPARE(reply.status, 422);
        QVERIFY(reply.message().find("max_tasks_per_inspector") != std::string::npos);

        r["max_tasks_per_inspector"] = 3;
        const Reply made = call("POST", "/v1/draws", m_admin, r);
        QCOMPARE(made.status, 201);
        const json plan = made.body["plan"];
        QCOMPARE(plan["format"].get<std::string>(), std::string("fieldseal-draw-plan/2"));
        QCOMPARE(plan["max_tasks_per_inspector"].get<int>(), 3);
        const std::string before = databaseBytes();

        const Reply ran = call("POST", "/v1/draws/" + id + "/run", m_admin);
        QCOMPARE(ran.status, 200);
        QCOMPARE(ran.body["result"]["algorithm"].get<std::string>(), std::string("fieldseal-draw/2"));
        QCOMPARE(ran.body["tasks_created"].get<bool>(), true);
        auto seed = draw::parseSeed(ran.body["seed"].get<std::string>());
        QVERIFY(seed.ok());
        // Neither the seed's hex nor its bytes were anywhere in the database files before the run.
        QVERIFY(!before.empty());
        QVERIFY(before.find(seed->hex) == std::string::npos);
        QVERIFY(before.find(seed->bytes) == std::string::npos);
        struct stat st {};
        QCOMPARE(::stat((m_dir.path() + "/data/draw-seed.key").toUtf8().constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0600u);

        auto parsed = draw::parseDrawPlan(plan);
        QVERIFY(parsed.ok());
        auto recomputed = draw::runDraw(*parsed, *seed);
        QVERIFY(recomputed.ok());
        QVERIFY(draw::compareDrawResult(ran.body["sealed"], draw::drawResultToJson(*parsed, *recomputed)).ok());
        std::map<std::string, int> load;
        for (const auto& t : recomputed->tasks)
            for (const auto& p : t.inspectors)
                QVERIFY(++load[p.id] <= 3);
        QCOMPARE(load.size(), std::size_t(4));
        auto lock = m_app->database().lock();
        for (const auto& taskId : ran.body["task_ids"]) {
            auto task = m_app->sync().replicaLocked().record(taskId.get<std::string>());
            QVERIFY(task.ok());
            QCOMPARE((*task)["draw_id"].get<std::string>(), id); // the draw reference a tablet opens
        }
    }

    // The run is one compare-and-set: a run recorded by someone else first (here: straight into
    // the store, as a second server process would) makes this run's compare-and-set fail, and
    // only the recorded run's tasks are made; concurrent runs through the routes give one 200.
    void runIsOneCompareAndSet() {
        json r = drawRequest("DRAW-T-CAS", {kXuhui}, 1);
        r["avoidance"] = {{"previous_inspectors", false}};
        QCOMPARE(call("POST", "/v1/draws", m_admin, r).status, 201);
        {
            auto lock = m_app->database().lock();
            SqliteDrawStore store(m_app->database().db());
            auto d = store.find("DRAW-T-CAS");
            QVERIFY(d && !d->ran);
            auto vault = SeedVault::open((m_dir.path() + "/data/draw-seed.key").toStdString());
            QVERIFY(vault.ok());
            auto seed = vault->open(d->sealedSeed, d->id, d->seedSha256);
            QVERIFY2(seed.ok(), seed ? "" : seed.error().message.c_str());
            // The sealed seed is bound to its draw and commitment.
            QVERIFY(!vault->open(d->sealedSeed, "DRAW-T-OTHER", d->seedSha256));
            StoredDraw other = *d;
            other.ran = true;
            other.ranAt = "2026-11-26T08:00:00Z";
            other.ranBy = "other-process";
            other.seedHex = seed->hex;
            other.taskIds = {drawTaskId("DRAW-T-CAS", 1)};
            auto tx = store.begin();
            QVERIFY(store.markRun(other));
            QVERIFY(!store.markRun(other)); // a second compare-and-set fails
            tx->commit();
        }
        // The other process recorded the run but (say) stopped before its tasks: a run now makes
        // exactly those tasks, and then the draw is done.
        const Reply resumed = call("POST", "/v1/draws/DRAW-T-CAS/run", m_admin);
        QCOMPARE(resumed.status, 200);
        QCOMPARE(resumed.body["ran_by"].get<std::string>(), std::string("other-process"));
        QCOMPARE(resumed.body["tasks_created"].get<bool>(), true);
        QCOMPARE(call("POST", "/v1/draws/DRAW-T-CAS/run", m_admin).status, 409);

        r = drawRequest("DRAW-T-RACE", {kXuhui}, 2);
        r["avoidance"] = {{"previous_inspectors", false}};
        QCOMPARE(call("POST", "/v1/draws", m_admin, r).status, 201);
        int statuses[2] = {0, 0};
        std::thread a([&] { statuses[0] = call("POST", "/v1/draws/DRAW-T-RACE/run", m_admin).status; });
        std::thread b([&] { statuses[1] = call("POST", "/v1/draws/DRAW-T-RACE/run", m_admin).status; });
        a.join();
        b.join();
        QCOMPARE(std::min(statuses[0], statuses[1]), 200);
        QCOMPARE(std::max(statuses[0], statuses[1]), 409);
        // Each task record was written once: one op per field, not two.
        auto lock = m_app->database().lock();
        auto q = m_app->database().db().query(
            "SELECT count(*) FROM ops WHERE record_id = ?1 AND field = 'task_status'");
        q.bind(1, drawTaskId("DRAW-T-RACE", 1));
        QVERIFY(q.step());
        QCOMPARE(q.int64(0), std::int64_t(1));
    }
};

QTEST_GUILESS_MAIN(TestDrawRoutes)
#include "test_draw_routes.moc"
