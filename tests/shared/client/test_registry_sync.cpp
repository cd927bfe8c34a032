// Registry sync against the real fieldseal-server over HTTPS (`init --demo` loads a registry for
// the demo districts): a tablet's sync downloads its district's registry into its own store
// file, where searches (the core's, and the `fieldseal registry search` verb) find organisations
// by Chinese and English queries offline; other districts' organisations stay on the server; an
// unchanged registry is not downloaded again; an import on the server reaches the tablet at its
// next sync; roles without a district registry sync as before.
#include "client/registry_sync.h"
#include "device_fixture.h"
#include "model/uscc.h"
#include "registry/registry_search.h"
#include "registry/registry_store.h"
#include "store/sqlite_db.h"
#include "support/cli_process.h"

#include <QtTest>
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

    // POST /v1/registry/import as the administrator.
    nlohmann::json importAsAdmin(const std::string& kind, const std::string& csv) {
        HttpClient::Options o;
        o.baseUrl = m_server->baseUrl();
        o.caFile = m_server->caFile().string();
        HttpClient http(o);
        ApiSession session(http);
        if (!session.login("admin", kAdminPassword, "")) qFatal("admin login failed");
        HttpRequest r;
        r.method = "POST";
        r.path = "/v1/registry/import?kind=" + kind;
        r.headers.add("Content-Type", "text/csv; charset=utf-8");
        r.body = csv;
        auto res = session.call(std::move(r));
        if (!res || res->status != 200) qFatal("import failed: %s", res ? res->body.c_str() : "network");
        return nlohmann::json::parse(res->body);
    }

private slots:
    void initTestCase() {
        m_server = ServerProcess::start();
        m_dir = std::make_unique<TempDir>();
        m_wang = device("wang");
        auto in = m_wang->signIn("insp.wang");
        QVERIFY2(in.ok(), in ? "" : in.error().describe().c_str());
    }

    void syncDownloadsTheDistrictRegistry() {
        auto s = m_wang->sync();
        QVERIFY2(s.ok(), s ? "" : s.error().describe().c_str());
        QCOMPARE(m_wang->store().meta(registry_sync_keys::kDistrict).value_or(""), std::string("310115"));
        QCOMPARE(m_wang->store().meta(registry_sync_keys::kRevision).value_or(""), std::string("2"));
        QVERIFY(m_wang->store().meta(registry_sync_keys::kSyncedAt).has_value());
        // Dozens of Pudong organisations, and only Pudong's.
        QVERIFY(organisationsOnDevice(*m_wang) >= 40);
        registry::SearchQuery others;
        others.districts = {"310104", "310118"};
        QCOMPARE(searchOnDevice(*m_wang, others).hits.size(), 0u);
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
        QCOMPARE(r->revision, 2);
    }

    void anImportReachesTheTabletAtItsNextSync() {
        const auto report = importAsAdmin("organisations",
                                          "uscc,name,kind,district,address\n"
                                          "91310115MA1TEXT00" + std::string(1, usccCheckCharacter("91310115MA1TEXT00")) +
                                              ",上海浦江新锐玩具有限公司,manufacturer,310115,浦东新区川沙路 1 号\n");
        QCOMPARE(report["inserted"], 1);
        QCOMPARE(report["revision"], 3);
        // Through the whole device sync, with small pages to cross page boundaries.
        RegistrySyncOptions options;
        options.pageSize = 7;
        std::vector<std::size_t> progress;
        options.onProgress = [&](std::size_t n) { progress.push_back(n); };
        auto r = syncDeviceRegistry(m_wang->store(), m_wang->session(), options);
        QVERIFY2(r.ok(), r ? "" : r.error().describe().c_str());
        QCOMPARE(r->outcome, RegistrySyncReport::Outcome::Downloaded);
        QCOMPARE(r->revision, 3);
        QVERIFY(progress.size() >= 6);
        QCOMPARE(progress.back(), r->organisations);
        registry::SearchQuery q;
        q.text = "浦江新锐";
        QCOMPARE(searchOnDevice(*m_wang, q).hits.size(), 1u);
        QCOMPARE(static_cast<std::size_t>(organisationsOnDevice(*m_wang)), r->organisations);
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
        m_server.reset();
    }
};

QTEST_APPLESS_MAIN(TestRegistrySync)
#include "test_registry_sync.moc"
