// The draw-result viewer (DrawController) with real sealed draws: a draw run as the server runs it
// (shared/draw from a plan with a seed commitment, the result sealed by a real seal::Authority
// whose trust list this tablet holds), checked on a real device store (offline sign-in of
// insp.wang). All green for fieldseal-draw/1 and /2; red for a changed result (seal and re-run),
// a result re-sealed by a stranger, another plan, or another seed. The draw of an assigned task
// (its draw_id) opened from the copy kept on the tablet; and, against the real
// fieldseal-server, a capped draw made and run by the administrator, whose task reaches the
// drawn inspector's tablet, which fetches the public result and finds it all green.
#include "controllers/app_controller.h"
#include "controllers/draw_controller.h"
#include "controllers/sync_controller.h"
#include "device/device_store.h"
#include "draw/draw.h"
#include "draw/draw_seal.h"
#include "integration_support.h"
#include "seal/authority.h"
#include "seal/time_util.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace fieldseal;
using namespace fieldseal::app;
using nlohmann::json;

namespace {

constexpr const char* kSeed = "6f1c0a3e9b2d4c5f8a7e6d5c4b3a29180f1e2d3c4b5a69788796a5b4c3d2e1f0";
constexpr const char* kDrawId = "DRAW-2026-12-310115-07";

// Pudong testing agencies with valid USCCs (the demo registry's first ones would do as well).
json organisation(int n) {
    static const std::string a = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const int w[] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    char body[16];
    std::snprintf(body, sizeof body, "%09d", 100000 + n);
    const std::string s = std::string("91310115") + body;
    int sum = 0;
    for (int i = 0; i < 17; ++i)
        sum += static_cast<int>(a.find(s[static_cast<size_t>(i)])) * w[i];
    return {{"uscc", s + a[static_cast<size_t>((31 - sum % 31) % 31)]},
            {"name", "上海第" + std::to_string(n) + "检测技术有限公司"},
            {"district", "310115"},
            {"kind", "testing_agency"}};
}

json plan(bool capped) {
    const auto seed = draw::parseSeed(kSeed);
    json p = {{"format", capped ? "fieldseal-draw-plan/2" : "fieldseal-draw-plan/1"},
              {"plan_id", kDrawId},
              {"title", "2026年12月 浦东新区 检验检测机构 双随机抽查"},
              {"inspection_type", "testing_agency"},
              {"template_id", "cma-agency-v1"},
              {"due_date", "2026-12-31"},
              {"districts", {"310115"}},
              {"organisation_kind", "testing_agency"},
              {"sample", {{"size", 4}}},
              {"inspectors_per_task", 2},
              {"seed_commitment", draw::seedCommitment(*seed)},
              {"organisations", json::array()},
              {"inspectors", json::array()},
              {"avoidance", {{"same_district_only", true}}}};
    if (capped) p["max_tasks_per_inspector"] = 2;
    for (int i = 0; i < 9; ++i)
        p["organisations"].push_back(organisation(i));
    for (const char* id : {"insp.wang", "insp.li", "insp.zhang", "insp.zhao"})
        p["inspectors"].push_back({{"id", id}, {"name", std::string("检查员 ") + id}, {"district", "310115"}});
    return p;
}

// The draw as the server's run makes it: the result sealed with the authority's seal.
json sealedResult(const json& planDoc, const seal::Authority& authority) {
    const auto parsed = draw::parseDrawPlan(planDoc);
    const auto result = draw::runDraw(*parsed, *draw::parseSeed(kSeed));
    if (!result) throw std::runtime_error(result.error().message);
    auto sealed = draw::sealDrawResult(authority.sealer(), draw::drawResultToJson(*parsed, *result), seal::now());
    if (!sealed) throw std::runtime_error(sealed.error().message);
    return *sealed;
}

} // namespace

class TestAppDraws : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AppController> m_app;
    std::optional<seal::Authority> m_authority;

    DrawController& draws() { return *m_app->draws(); }

    QString toneOf(const QString& label) {
        for (const auto& c : draws().checks()) {
            const auto m = c.toMap();
            if (m.value("label").toString() == label) return m.value("tone").toString();
        }
        return {};
    }

    bool load(const json& planDoc, const json& result) {
        draws().clear();
        return draws().loadPlanText(QByteArray::fromStdString(planDoc.dump())) &&
               draws().loadResultText(QByteArray::fromStdString(result.dump()));
    }

private slots:
    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_app = std::make_unique<AppController>(m_dir->path());
        QVERIFY(m_app->signInOffline(QStringLiteral("insp.wang")));
        auto authority = seal::Authority::create((m_dir->path() + "/authority").toStdString(), seal::Algorithm::Es256);
        QVERIFY2(authority, authority ? "" : authority.error().message.c_str());
        m_authority.emplace(std::move(*authority));
        // The authority's trust list on this tablet, as imported by hand (trust-list.json).
        QFile f(m_app->dataDirectory() + QStringLiteral("/trust-list.json"));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QByteArray::fromStdString(m_authority->currentTrustList().dump()));
    }
    void cleanup() {
        m_app.reset();
        m_authority.reset();
        m_dir.reset();
    }

    void sealedDrawIsGreen_data() {
        QTest::addColumn<bool>("capped");
        QTest::newRow("fieldseal-draw/1") << false;
        QTest::newRow("fieldseal-draw/2 (cap)") << true;
    }
    void sealedDrawIsGreen() {
        QFETCH(bool, capped);
        const json p = plan(capped);
        QVERIFY(load(p, sealedResult(p, *m_authority)));
        QCOMPARE(toneOf(QStringLiteral("签章")), QStringLiteral("pass"));
        QCOMPARE(toneOf(QStringLiteral("抽取计划")), QStringLiteral("pass"));
        QCOMPARE(toneOf(QStringLiteral("种子承诺")), QStringLiteral("pass"));
        QCOMPARE(toneOf(QStringLiteral("重新抽取")), QStringLiteral("pass"));
        QCOMPARE(draws().verdict(), QStringLiteral("green"));
        QCOMPARE(draws().tasks().size(), 4);
        bool namesAlgorithm = false;
        for (const auto& s : draws().summary())
            namesAlgorithm |= s.toMap().value("value").toString() ==
                              (capped ? QStringLiteral("fieldseal-draw/2") : QStringLiteral("fieldseal-draw/1"));
        QVERIFY(namesAlgorithm);
    }

    void tamperedResultIsRed() {
        const json p = plan(true);
        json sealed = sealedResult(p, *m_authority);
        // A friendlier inspector put on the first task after sealing: the seal breaks and the
        // re-run differs.
        json tampered = sealed;
        tampered["payload"]["tasks"][0]["inspectors"][0]["id"] = "insp.friend";
        QVERIFY(load(p, tampered));
        QCOMPARE(toneOf(QStringLiteral("签章")), QStringLiteral("fail"));
        QCOMPARE(toneOf(QStringLiteral("重新抽取")), QStringLiteral("fail"));
        QCOMPARE(draws().verdict(), QStringLiteral("red"));

        // The same change sealed afresh by an authority this tablet does not trust: not green.
        auto stranger = seal::Authority::create((m_dir->path() + "/stranger").toStdString(), seal::Algorithm::Es256);
        QVERIFY(stranger.ok());
        auto resealed = draw::sealDrawResult(stranger->sealer(), tampered["payload"], seal::now());
        QVERIFY(resealed.ok());
        QVERIFY(load(p, *resealed));
        QVERIFY(toneOf(QStringLiteral("签章")) != QStringLiteral("pass"));
        QCOMPARE(toneOf(QStringLiteral("重新抽取")), QStringLiteral("fail"));
        QCOMPARE(draws().verdict(), QStringLiteral("red"));
    }

    void otherPlanOrSeedIsRed() {
        const json p = plan(false);
        const json sealed = sealedResult(p, *m_authority);
        json other = p;
        other["title"] = "另一个计划";
        QVERIFY(load(other, sealed));
        QCOMPARE(toneOf(QStringLiteral("签章")), QStringLiteral("pass"));
        QCOMPARE(toneOf(QStringLiteral("抽取计划")), QStringLiteral("fail"));
        QCOMPARE(draws().verdict(), QStringLiteral("red"));

        // A plan committed to another seed: the revealed seed does not match its commitment.
        json recommitted = p;
        recommitted["seed_commitment"] = std::string(64, 'a');
        QVERIFY(load(recommitted, sealed));
        QCOMPARE(toneOf(QStringLiteral("种子承诺")), QStringLiteral("fail"));
        QCOMPARE(draws().verdict(), QStringLiteral("red"));
    }

    void opensTheDrawOfAnAssignedTask() {
        const json p = plan(true);
        const json view = {{"id", kDrawId}, {"status", "run"}, {"plan", p}, {"sealed", sealedResult(p, *m_authority)}};
        // A task as a draw's run creates it: draw_id names the draw.
        DeviceStore& store = m_app->store();
        const std::string orgId = store.newId(), taskId = store.newId();
        QCOMPARE(store.put("organisation", orgId,
                           {{"uscc", p["organisations"][0]["uscc"]}, {"name", p["organisations"][0]["name"]},
                            {"org_type", "testing_agency"}, {"district", "310115"}}),
                 QString());
        QCOMPARE(store.put("task", taskId,
                           {{"plan_id", "2026-CMA-Q4-07"}, {"draw_id", kDrawId}, {"organisation_id", orgId}, {"inspection_type", "testing_agency"},
                            {"template_id", "cma-agency-v1"}, {"inspectors", json::array({"insp.wang", "insp.li"})},
                            {"due_date", "2026-12-31"}, {"district", "310115"}, {"task_status", "open"}}),
                 QString());
        const QString task = QString::fromStdString(taskId);
        QCOMPARE(draws().drawIdOfTask(task), QString::fromLatin1(kDrawId));

        // Offline (no server session) and nothing kept yet: says so.
        QVERIFY(!draws().openTaskDraw(task));
        QVERIFY2(draws().message().contains(QStringLiteral("不在本机上")), qPrintable(draws().message()));
        // The copy a fetch would have kept: opened and checked like any result.
        const QString kept = draws().keptDrawPath(QString::fromLatin1(kDrawId));
        QVERIFY(QDir().mkpath(QFileInfo(kept).path()));
        QFile f(kept);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(view.dump()));
        f.close();
        QVERIFY(draws().openTaskDraw(task));
        QCOMPARE(draws().drawId(), QString::fromLatin1(kDrawId));
        QVERIFY(draws().origin().contains(QStringLiteral("本机")));
        QCOMPARE(draws().verdict(), QStringLiteral("green"));

        // A kept copy changed on the tablet is red, not trusted for having been fetched once.
        json changed = view;
        changed["sealed"]["payload"]["tasks"][1]["uscc"] = p["organisations"][8]["uscc"];
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QByteArray::fromStdString(changed.dump()));
        f.close();
        QVERIFY(draws().openTaskDraw(task));
        QCOMPARE(draws().verdict(), QStringLiteral("red"));

        // A task of a plan but not of a draw has no draw; an id that is not a draw id is refused.
        const std::string handMade = store.newId();
        QCOMPARE(store.put("task", handMade,
                           {{"plan_id", "2026-CCC-Q4-01"}, {"organisation_id", orgId}, {"inspection_type", "testing_agency"},
                            {"template_id", "cma-agency-v1"}, {"inspectors", json::array({"insp.wang", "insp.li"})},
                            {"due_date", "2026-12-31"}, {"district", "310115"}, {"task_status", "open"}}),
                 QString());
        QCOMPARE(draws().drawIdOfTask(QString::fromStdString(handMade)), QString());
        QVERIFY(!draws().openTaskDraw(QString::fromStdString(handMade)));
        QVERIFY(!draws().openDraw(QStringLiteral("../../etc/passwd")));
    }

    void fetchesTheTaskDrawFromTheServer() {
        std::unique_ptr<test::ServerProcess> server;
        try {
            server = test::ServerProcess::start();
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
        // The administrator makes and runs a capped draw of Pudong's testing agencies; two more
        // inspectors keep the rotation rule (the demo lab's last inspectors) satisfiable.
        itest::Api admin(*server, "admin.city");
        for (const char* user : {"insp.sun", "insp.zhou"}) {
            const auto r = admin.post("/v1/admin/users", {{"username", user}, {"display_name", user}, {"role", "inspector"},
                                                          {"district", "310115"}, {"password", itest::kDemoPassword}});
            QVERIFY2(r.status == 201, r.body.c_str());
        }
        const std::string id = "DRAW-APP-01";
        const json request = {{"plan_id", id}, {"title", "2026年12月 浦东新区 检验检测机构 双随机抽查"},
                              {"inspection_type", "testing_agency"}, {"template_id", "cma-agency-v1"},
                              {"due_date", "2026-12-31"}, {"districts", {"310115"}},
                              {"organisation_kind", "testing_agency"}, {"sample", {{"size", 2}}},
                              {"inspectors_per_task", 2}, {"max_tasks_per_inspector", 2}};
        const auto made = admin.post("/v1/draws", request);
        QVERIFY2(made.status == 201, made.body.c_str());
        const auto ran = admin.post("/v1/draws/" + id + "/run", json::object());
        QVERIFY2(ran.status == 200, ran.body.c_str());
        const json run = itest::jsonOf(ran);
        const QString assignee = QString::fromStdString(run["result"]["tasks"][0]["inspectors"][0]["id"]);
        const QString taskId = QString::fromStdString(run["task_ids"][0]);

        // The drawn inspector's tablet: sign in (enrolls, gets the trust list), sync (the task).
        AppController tablet(m_dir->path() + QStringLiteral("/tablet-") + assignee);
        tablet.setCaFile(QString::fromStdString(server->caFile().string()));
        QSignalSpy signedIn(&tablet, &AppController::signInFinished);
        tablet.signIn(QString::fromStdString(server->baseUrl()), assignee, QString::fromLatin1(itest::kDemoPassword));
        QVERIFY(signedIn.wait(30'000));
        QVERIFY2(signedIn.first().first().toBool(), qPrintable(tablet.lastError()));
        QSignalSpy synced(tablet.sync(), &SyncController::finished);
        tablet.sync()->syncNow();
        QVERIFY(synced.wait(30'000));
        QVERIFY2(synced.first().first().toBool(), qPrintable(tablet.sync()->lastError()));
        DrawController& d = *tablet.draws();
        QCOMPARE(d.drawIdOfTask(taskId), QString::fromStdString(id));

        // Opened from the task: fetched from the public view off the GUI thread, kept, all green.
        QVERIFY2(d.openTaskDraw(taskId), qPrintable(d.message()));
        QVERIFY(d.busy());
        QTRY_VERIFY_WITH_TIMEOUT(!d.busy(), 30'000);
        QVERIFY2(d.message().isEmpty(), qPrintable(d.message()));
        QCOMPARE(d.drawId(), QString::fromStdString(id));
        QCOMPARE(d.origin(), QStringLiteral("服务器公示"));
        for (const auto& c : d.checks()) {
            const auto m = c.toMap();
            QVERIFY2(m.value("tone").toString() == QStringLiteral("pass"),
                     qPrintable(m.value("label").toString() + ": " + m.value("detail").toString()));
        }
        QCOMPARE(d.verdict(), QStringLiteral("green"));
        QVERIFY(QFileInfo::exists(d.keptDrawPath(QString::fromStdString(id))));
        server->stop();
    }
};

QTEST_MAIN(TestAppDraws)
#include "tst_app_draws.moc"
