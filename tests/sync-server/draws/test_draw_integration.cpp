// A draw end to end on the real server over HTTPS: the administrator makes a draw of the demo
// registry's Pudong testing agencies and runs it; the drawn task reaches an assigned inspector's
// tablet on its next sync and not a tablet of another district; anyone reads the commitment before
// the run and the seed, sealed result and listings after it without signing in; and the
// `fieldseal draw verify` command re-runs the published plan with the revealed seed to the same
// result.
#include "draw_test_data.h"
#include "integration_support.h"
#include "support/cli_process.h"

#include "draw/draw.h"
#include "seal/encoding.h"

#include <QtTest>
#include <fstream>

using namespace fieldseal;
using namespace fieldseal::itest;
using nlohmann::json;

namespace {

constexpr const char* kDemoLab = "91310115MA1K4C1D7H"; // demo.json's testing agency, last task: insp.li, insp.wang

HttpRequest get(const std::string& path) {
    HttpRequest r;
    r.path = path;
    return r;
}

std::string bodyOf(const HttpResponse& r) {
    return std::to_string(r.status) + " " + r.body;
}

} // namespace

class TestDrawIntegration : public QObject {
    Q_OBJECT

    std::unique_ptr<test::ServerProcess> m_server;

private slots:
    void initTestCase() {
        guarded([&] { m_server = test::ServerProcess::start(); });
    }

    void drawnTasksReachTheAssignedInspectorsOnly() {
        guarded([&] {
            Api admin(*m_server, "admin.city");
            // Two more Pudong inspectors: the rotation rule keeps insp.wang and insp.li, who had
            // the demo lab's last task, away from it, and a task needs two.
            for (const char* user : {"insp.sun", "insp.zhou"}) {
                const auto r = admin.post("/v1/admin/users", {{"username", user},
                                                              {"display_name", user},
                                                              {"role", "inspector"},
                                                              {"district", kPudong},
                                                              {"password", kDemoPassword}});
                QVERIFY2(r.status == 201, bodyOf(r).c_str());
            }
            // A Xuhui tablet, synced before the draw.
            Tablet zhao(*m_server, "tab-zhao-draw", "insp.zhao", kXuhui);
            zhao.login();
            zhao.sync();

            const std::string id = "DRAW-IT-01";
            const auto made = admin.post("/v1/draws", drawtest::drawRequest(id, {kPudong}, 3));
            QVERIFY2(made.status == 201, bodyOf(made).c_str());
            const json plan = jsonOf(made)["plan"];
            QVERIFY(plan["inspectors"].size() == 4);
            QVERIFY(plan["organisations"].size() >= 3);
            QVERIFY(plan["avoidance"]["previous_inspectors"][kDemoLab] == json({"insp.li", "insp.wang"}));

            // Before the run anyone sees the plan and the commitment, not the seed.
            const auto before = sendUnauthenticated(*m_server, get("/v1/public/draws/" + id));
            QCOMPARE(before.status, 200L);
            QVERIFY(jsonOf(before)["plan"] == plan);
            QVERIFY(!jsonOf(before).contains("seed"));
            const std::string commitment = jsonOf(before)["seed_sha256"];

            const auto ran = admin.post("/v1/draws/" + id + "/run", json::object());
            QVERIFY2(ran.status == 200, bodyOf(ran).c_str());
            const json run = jsonOf(ran);
            const std::string seed = run["seed"];
            auto seedBytes = draw::parseSeed(seed);
            QVERIFY(seedBytes.ok());
            QCOMPARE(seal::sha256Hex(seedBytes->bytes), commitment);
            const auto taskIds = run["task_ids"].get<std::vector<std::string>>();
            QCOMPARE(taskIds.size(), std::size_t(3));
            QCOMPARE(admin.post("/v1/draws/" + id + "/run", json::object()).status, 409L);

            // The first task's first inspector receives it on the next sync, with its organisation.
            const json firstTask = run["result"]["tasks"][0];
            const std::string assignee = firstTask["inspectors"][0]["id"];
            Tablet tablet(*m_server, "tab-draw-" + assignee, assignee, kPudong);
            tablet.login();
            tablet.sync();
            const auto task = tablet.find(taskIds[0]);
            QVERIFY2(task.has_value(), ("no task " + taskIds[0] + " on " + assignee + "'s tablet").c_str());
            QCOMPARE((*task)["plan_id"].get<std::string>(), id);
            QCOMPARE((*task)["draw_id"].get<std::string>(), id); // what the tablet opens the draw by
            QCOMPARE((*task)["template_id"].get<std::string>(), std::string("cma-agency-v1"));
            std::vector<std::string> drawn;
            for (const auto& p : firstTask["inspectors"])
                drawn.push_back(p["id"]);
            QCOMPARE((*task)["inspectors"].get<std::vector<std::string>>(), drawn);
            const auto org = tablet.find((*task)["organisation_id"].get<std::string>());
            QVERIFY(org.has_value());
            QCOMPARE((*org)["uscc"].get<std::string>(), firstTask["uscc"].get<std::string>());
            if (firstTask["uscc"] == kDemoLab) // rotation: not the lab's last inspectors
                for (const auto& p : drawn)
                    QVERIFY(p != "insp.wang" && p != "insp.li");
            // The Xuhui tablet syncs too and gets none of the Pudong draw's tasks.
            zhao.sync();
            for (const auto& t : taskIds)
                QVERIFY(!zhao.find(t).has_value());

            // After the run anyone reads the seed, the result and the sealed envelope, and the listings.
            const auto after = sendUnauthenticated(*m_server, get("/v1/public/draws/" + id));
            QCOMPARE(after.status, 200L);
            const json published = jsonOf(after);
            QCOMPARE(published["seed"].get<std::string>(), seed);
            const auto csv = sendUnauthenticated(*m_server, get("/v1/public/draws/" + id + "/listing.csv"));
            QCOMPARE(csv.status, 200L);
            QVERIFY(csv.body.find(firstTask["uscc"].get<std::string>()) != std::string::npos);
            const auto html = sendUnauthenticated(*m_server, get("/v1/public/draws/" + id + "/listing.html"));
            QCOMPARE(html.status, 200L);
            QVERIFY(html.body.find(seed) != std::string::npos);

            // `fieldseal draw verify` on the published plan and seed gives the same result.
            QTemporaryDir dir;
            const std::string planFile = dir.filePath("plan.json").toStdString();
            const std::string sealedFile = dir.filePath("sealed.json").toStdString();
            writeFile(planFile, published["plan"].dump(2));
            writeFile(sealedFile, published["sealed"].dump(2));
            const auto verified = test::runFieldsealCli(
                {"draw", "verify", QString::fromStdString(planFile), QString::fromStdString(seed),
                 QString::fromStdString(sealedFile)});
            QVERIFY2(verified.exitCode == 0, (verified.out + verified.err).c_str());
            const auto rerun = test::runFieldsealCli(
                {"draw", "verify", QString::fromStdString(planFile), QString::fromStdString(seed)});
            QCOMPARE(rerun.exitCode, 0);
            QVERIFY(json::parse(rerun.out) == published["result"]);
            // ... and tells a changed result apart.
            json forged = published["result"];
            std::swap(forged["tasks"][0], forged["tasks"][1]);
            writeFile(sealedFile, forged.dump());
            const auto mismatch = test::runFieldsealCli(
                {"draw", "verify", QString::fromStdString(planFile), QString::fromStdString(seed),
                 QString::fromStdString(sealedFile)});
            QCOMPARE(mismatch.exitCode, 3);
        });
    }
};

QTEST_GUILESS_MAIN(TestDrawIntegration)
#include "test_draw_integration.moc"
