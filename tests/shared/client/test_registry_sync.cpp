// Registry sync against the real fieldseal-server over HTTPS (`init --demo` loads a registry for
// the demo districts): a tablet's sync downloads its district's registry into its own store
// file, where searches (the core's, and the `fieldseal registry search` verb) find organisations
// by Chinese and English queries offline; other districts' organisations stay on the server; an
// unchanged registry is not downloaded again; an import on the server reaches the tablet at its
// next sync as that one change; an import in Pudong costs a Xuhui tablet nothing; an organisation
// moved from Pudong to Xuhui leaves the Pudong tablet and reaches the Xuhui one; a first download
// in small pages during an import ends with exactly the server's district; roles without a
// district registry sync as before.
#include "client/registry_sync.h"
#include "device_fixture.h"
#include "model/uscc.h"
#include "registry/registry_search.h"
#include "registry/registry_store.h"
#include "store/sqlite_db.h"
#include "support/cli_process.h"

#include <QtTest>
#include <iterator>
#include <map>
#include <set>

using namespace fieldseal;
using namespace fieldseal::test;

namespace {

// From assets/demo/demo.json (the demo registry includes them).
const std::string kToysPudong = "91310115MA1K3A7B2U";  // 上海童趣玩具制造有限公司
const std::string kLabPudong = "91310115MA1K4C1D7H";   // 上海精测检验检测技术有限公司
const std::string kCertBodyXuhui = "91310104MA1G9P2Q86"; // 上海质信认证有限公司

std::set<std::string> usccs(const registry::SearchPage& page) {
    std::set<std::string> out;
    for (const auto& o : page.hits)
        out.insert(o.uscc);
    return out;
}

} // namespace

class TestRegistrySync : public QObject {
    Q_OBJECT

    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<TempDir> m_dir;
    std::unique_ptr<TestDevice> m_wang;
    std::unique_ptr<TestDevice> m_zhao; // Xuhui

    std::unique_ptr<TestDevice> device(const std::string& name) {
        return std::make_unique<TestDevice>(m_dir->path(), name, m_server->baseUrl(), readText(m_server->caFile()));
    }

    registry::SearchPage searchOnDevice(TestDevice& d, registry::SearchQuery q) {
        registry::RegistryStore store(d.store().database());
        q.limit = 1000;
        auto page = registry::searchRegistry(store, q);
        if (!page) qFatal("device search: %s", page.error().message.c_str());
        return *page;
    }

    std::int64_t organisationsOnDevice(TestDevice& d) {
        registry::RegistryStore store(d.store().database());
        return store.organisationCount();
    }

    static std::int64_t heldRevision(TestDevice& d) {
        return std::stoll(d.store().meta(registry_sync_keys::kRevision).value_or("-1"));
    }

    static std::string uscc(const std::string& first17) { return first17 + usccCheckCharacter(first17); }

    // Every organisation of the device's registry, USCC -> name.
    std::map<std::string, std::string> deviceRegistry(TestDevice& d) {
        std::map<std::string, std::string> out;
        for (const auto& o : searchOnDevice(d, {}).hits)
            out[o.uscc] = o.name;
        return out;
    }

    // One request as the administrator on a fresh session; its JSON answer (fatal unless 200).
    nlohmann::json callAsAdmin(HttpRequest r, const char* what) {
        HttpClient::Options o;
        o.baseUrl = m_server->baseUrl();
        o.caFile = m_server->caFile().string();
        HttpClient http(o);
        ApiSession session(http);
        if (!session.login("admin", kAdminPassword, "")) qFatal("admin login failed");
        auto res = session.call(std::move(r));
        if (!res || res->status != 200) qFatal("%s failed: %s", what, res ? res->body.c_str() : "network");
        return nlohmann::json::parse(res->body);
    }

    // The district's organisations on the server (its search route, as the admin), USCC -> name.
    std::map<std::string, std::string> serverDistrict(const std::string& district) {
        HttpRequest r;
        r.path = "/v1/registry/search?district=" + district + "&limit=1000";
        std::map<std::string, std::string> out;
        const auto body = callAsAdmin(std::move(r), "search");
        for (const auto& h : body["hits"])
            out[h["uscc"]] = h["name"];
        return out;
    }

    // POST /v1/registry/import as the administrator.
    nlohmann::json importAsAdmin(const std::string& kind, const std::string& csv) {
        HttpRequest r;
        r.method = "POST";
        r.path = "/v1/registry/import?kind=" + kind;
        r.headers.add("Content-Type", "text/csv; charset=utf-8");
        r.body = csv;
        return callAsAdmin(std::move(r), "import");
    }

private slots:
    void initTestCase() {
        m_server = ServerProcess::start();
        m_dir = std::make_unique<TempDir>();
        m_wang = device("wang");
        auto in = m_wang->signIn("insp.wang");
        QVERIFY2(in.ok(), in ? "" : in.error().describe().c_str());
        m_zhao = device("zhao");
        in = m_zhao->signIn("insp.zhao");
        QVERIFY2(in.ok(), in ? "" : in.error().describe().c_str());
    }

    void syncDownloadsTheDistrictRegistry() {
        auto s = m_wang->sync();
        QVERIFY2(s.ok(), s ? "" : s.error().describe().c_str());
        QCOMPARE(m_wang->store().meta(registry_sync_keys::kDistrict).value_or(""), std::string("310115"));
        QVERIFY(heldRevision(*m_wang) > 0);
        QVERIFY(m_wang->store().meta(registry_sync_keys::kSyncedAt).has_value());
        // Dozens of Pudong organisations, and only Pudong's.
        QVERIFY(organisationsOnDevice(*m_wang) >= 40);
        registry::SearchQuery others;
        others.districts = {"310104", "310118"};
        QCOMPARE(searchOnDevice(*m_wang, others).hits.size(), 0u);
        QCOMPARE(deviceRegistry(*m_wang), serverDistrict("310115"));
        // The Xuhui tablet holds Xuhui's, under Xuhui's revision.
        s = m_zhao->sync();
        QVERIFY2(s.ok(), s ? "" : s.error().describe().c_str());
        QCOMPARE(deviceRegistry(*m_zhao), serverDistrict("310104"));
        QVERIFY(heldRevision(*m_zhao) > 0);
    }

    void deviceFindsOrganisationsByChineseAndEnglishQueries() {
        registry::SearchQuery q;
        q.text = "童趣";
        QCOMPARE(usccs(searchOnDevice(*m_wang, q)), (std::set<std::string>{kToysPudong}));
        q.text = "精测检验";
        QCOMPARE(usccs(searchOnDevice(*m_wang, q)), (std::set<std::string>{kLabPudong}));
        // The lab's CMA scope came along: combined scope filters work offline.
        q = {};
        q.kinds = {"testing_agency"};
        q.field = "电子电器";
        q.standard = "GB 4706.1";
        QVERIFY(usccs(searchOnDevice(*m_wang, q)).count(kLabPudong));
        // English (the exhibitors' names), case-insensitive.
        q = {};
        q.text = "shanghai branch";
        q.kinds = {"exhibitor"};
        QVERIFY(!searchOnDevice(*m_wang, q).hits.empty());
        // A Xuhui organisation is not on a Pudong tablet.
        q = {};
        q.text = "质信认证";
        QCOMPARE(searchOnDevice(*m_wang, q).hits.size(), 0u);
    }

    void cliSearchSeesTheSyncedRegistry() {
        const CliRun run = runFieldsealCli({"--db", QString::fromStdString(m_wang->dbPath()), "registry", "search",
                                            QStringLiteral("童趣"), "--json"});
        QVERIFY2(run.exitCode == 0, run.err.c_str());
        const auto out = nlohmann::json::parse(run.out);
        QCOMPARE(out["hits"].size(), 1u);
        QCOMPARE(out["hits"][0]["uscc"], kToysPudong);
        QCOMPARE(out["hits"][0]["name"], "上海童趣玩具制造有限公司");
    }

    void unchangedRegistryIsNotDownloadedAgain() {
        auto r = syncDeviceRegistry(m_wang->store(), m_wang->session());
        QVERIFY2(r.ok(), r ? "" : r.error().describe().c_str());
        QCOMPARE(r->outcome, RegistrySyncReport::Outcome::Unchanged);
        QCOMPARE(r->revision, heldRevision(*m_wang));
    }

    void anImportReachesTheTabletAtItsNextSync() {
        const auto before = deviceRegistry(*m_wang);
        const std::int64_t xuhui = heldRevision(*m_zhao);
        const auto report = importAsAdmin("organisations", "uscc,name,kind,district,address\n" +
                                                               uscc("91310115MA1TEXT00") +
                                                               ",上海浦江新锐玩具有限公司,manufacturer,310115,浦东新区川沙路 1 号\n");
        QCOMPARE(report["inserted"], 1);
        // Through the device sync: only that change comes down, not the district again.
        auto r = syncDeviceRegistry(m_wang->store(), m_wang->session());
        QVERIFY2(r.ok(), r ? "" : r.error().describe().c_str());
        QCOMPARE(r->outcome, RegistrySyncReport::Outcome::Downloaded);
        QCOMPARE(r->full, false);
        QCOMPARE(r->organisations, 1u);
        QCOMPARE(r->revision, report["revision"].get<std::int64_t>());
        registry::SearchQuery q;
        q.text = "浦江新锐";
        QCOMPARE(searchOnDevice(*m_wang, q).hits.size(), 1u);
        QCOMPARE(deviceRegistry(*m_wang).size(), before.size() + 1);
        QCOMPARE(deviceRegistry(*m_wang), serverDistrict("310115"));
        // The Pudong import left Xuhui's revision as it was: the Xuhui tablet downloads nothing.
        r = syncDeviceRegistry(m_zhao->store(), m_zhao->session());
        QVERIFY2(r.ok(), r ? "" : r.error().describe().c_str());
        QCOMPARE(r->outcome, RegistrySyncReport::Outcome::Unchanged);
        QCOMPARE(r->revision, xuhui);
        QCOMPARE(heldRevision(*m_zhao), xuhui);
    }

    void aMoveFromPudongToXuhuiReachesBothTablets() {
        // The Pudong toy maker moves to Xuhui.
        const auto report = importAsAdmin("organisations", "uscc,name,kind,district,address\n" + kToysPudong +
                                                               ",上海童趣玩具制造有限公司,manufacturer,310104,徐汇区漕宝路 9 号\n");
        QCOMPARE(report["updated"], 1);
        auto r = syncDeviceRegistry(m_wang->store(), m_wang->session());
        QVERIFY2(r.ok(), r ? "" : r.error().describe().c_str());
        QCOMPARE(r->outcome, RegistrySyncReport::Outcome::Downloaded);
        QCOMPARE(r->removed, 1u);
        QCOMPARE(r->organisations, 0u);
        r = syncDeviceRegistry(m_zhao->store(), m_zhao->session());
        QVERIFY2(r.ok(), r ? "" : r.error().describe().c_str());
        QCOMPARE(r->organisations, 1u);
        QCOMPARE(r->removed, 0u);
        // Gone from Pudong's tablet (and from its search index), found on Xuhui's, in Chinese.
        registry::SearchQuery q;
        q.text = "童趣";
        QCOMPARE(searchOnDevice(*m_wang, q).hits.size(), 0u);
        QCOMPARE(usccs(searchOnDevice(*m_zhao, q)), (std::set<std::string>{kToysPudong}));
        q.text = "漕宝路";
        QCOMPARE(usccs(searchOnDevice(*m_zhao, q)), (std::set<std::string>{kToysPudong}));
        QCOMPARE(deviceRegistry(*m_wang), serverDistrict("310115"));
        QCOMPARE(deviceRegistry(*m_zhao), serverDistrict("310104"));
        const CliRun run = runFieldsealCli({"--db", QString::fromStdString(m_wang->dbPath()), "registry", "search",
                                            QStringLiteral("童趣"), "--json"});
        QVERIFY2(run.exitCode == 0, run.err.c_str());
        QCOMPARE(nlohmann::json::parse(run.out)["hits"].size(), 0u);
    }

    void aFirstDownloadInSmallPagesDuringAnImportEndsAtTheServersDistrict() {
        auto li = device("li");
        QVERIFY(li->signIn("insp.li").ok());
        RegistrySyncOptions options;
        options.pageSize = 7;
        std::vector<std::size_t> progress;
        std::string renamedUscc;
        options.onProgress = [&](std::size_t n) {
            progress.push_back(n);
            if (progress.size() != 2) return;
            // Between the second and third page: rename an organisation, add one, and move one
            // from Pudong to Qingpu (an offset-paged download would skip or repeat rows here).
            renamedUscc = deviceRegistry(*m_wang).begin()->first;
            const auto moved = std::prev(deviceRegistry(*m_wang).end())->first;
            const auto report = importAsAdmin(
                "organisations", "uscc,name,kind,district\n" + renamedUscc + ",上海改名测试有限公司,seller,310115\n" +
                                     uscc("91310115MA1TEXT01") + ",上海并发新增有限公司,seller,310115\n" + moved +
                                     ",上海迁出测试有限公司,seller,310118\n");
            if (report["inserted"] != 1 || report["updated"] != 2) qFatal("import: %s", report.dump().c_str());
        };
        auto r = syncDeviceRegistry(li->store(), li->session(), options);
        QVERIFY2(r.ok(), r ? "" : r.error().describe().c_str());
        QCOMPARE(r->outcome, RegistrySyncReport::Outcome::Downloaded);
        QCOMPARE(r->full, true);
        QVERIFY(progress.size() >= 6);
        QCOMPARE(deviceRegistry(*li), serverDistrict("310115"));
        QCOMPARE(deviceRegistry(*li).at(renamedUscc), std::string("上海改名测试有限公司"));
        registry::SearchQuery q;
        q.text = "并发新增";
        QCOMPARE(searchOnDevice(*li, q).hits.size(), 1u);
        // Its revision covers the import: the next sync downloads nothing.
        r = syncDeviceRegistry(li->store(), li->session());
        QVERIFY(r.ok());
        QCOMPARE(r->outcome, RegistrySyncReport::Outcome::Unchanged);
        // Wang's tablet catches up with the same three changes.
        r = syncDeviceRegistry(m_wang->store(), m_wang->session());
        QVERIFY(r.ok());
        QCOMPARE(r->organisations, 2u);
        QCOMPARE(r->removed, 1u);
        QCOMPARE(deviceRegistry(*m_wang), deviceRegistry(*li));
    }

    void rolesWithoutADistrictRegistrySyncAsBefore() {
        auto expo = device("expo");
        QVERIFY(expo->signIn("expo.chen").ok());
        auto s = expo->sync();
        QVERIFY2(s.ok(), s ? "" : s.error().describe().c_str());
        QCOMPARE(expo->store().meta(SyncEngine::kLastErrorKey).value_or(""), std::string());
        QVERIFY(!expo->store().meta(registry_sync_keys::kRevision).has_value());
        auto r = syncDeviceRegistry(expo->store(), expo->session());
        QVERIFY(r.ok());
        QCOMPARE(r->outcome, RegistrySyncReport::Outcome::Skipped);
    }

    void cleanupTestCase() {
        m_wang.reset();
        m_zhao.reset();
        m_server.reset();
    }
};

QTEST_APPLESS_MAIN(TestRegistrySync)
#include "test_registry_sync.moc"
