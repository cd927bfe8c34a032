// The registry routes through the real Router (authentication, roles, body limits, error
// mapping) on a real server database in a temporary directory: imports with bad rows and
// refused files, searches in Chinese and English with combined filters, one organisation with
// its scope, and the devices' district export with its scoping, paging and revision.
#include "accounts/account_service.h"
#include "audit/audit_log.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/url.h"
#include "model/uscc.h"
#include "registry/registry_routes.h"
#include "registry/registry_service.h"
#include "storage/server_database.h"
#include "storage/sqlite_account_store.h"
#include "storage/sqlite_audit_store.h"
#include "store/sqlite_db.h"

#include <QTemporaryDir>
#include <QtTest>
#include <set>

using namespace fieldseal;
using namespace fieldseal::server;
using nlohmann::json;

namespace {

// Organisations: two agencies in different districts, a toy maker, an exhibitor with an English
// name, and two bad rows (line 6: wrong check character; line 7: unknown district, no name).
const std::string kOrganisationsCsv =
    "uscc,name,kind,district,address,contact\n"
    "91310115MA1K4C1D7H,上海精测检验检测技术有限公司,testing_agency,310115,浦东新区金科路 2966 号,\n"
    "91310115MA1K3A7B2U,上海童趣玩具制造有限公司,生产企业,浦东新区,浦东新区张江路 88 号,刘经理\n"
    "91310104MA1G9P2Q86,上海华测建设工程检测有限公司,检验检测机构,Xuhui,徐汇区虹漕路 421 号,\n"
    "91310118MA1JK9E466,\"Hanse Toys (Shanghai) Co., Ltd. 汉斯玩具\",exhibitor,310118,青浦区崧泽大道 333 号,\n"
    "91310115MA1K3A7B2X,上海坏码有限公司,manufacturer,310115,,\n"
    "91310104MA1FL2Y351,,seller,999999,,\n";

const std::string kScopeCsv =
    "uscc,field,category,product,parameter,standard\n"
    "91310115MA1K4C1D7H,消费品,玩具,塑胶玩具,可迁移元素,GB 6675.4-2014\n"
    "91310115MA1K4C1D7H,电子电器,家用电器,家用和类似用途电器,安全通用要求,GB 4706.1-2005\n"
    "91310104MA1G9P2Q86,建筑工程,建筑材料,水泥,抗压强度,GB/T 17671-2021\n"
    "91310115MA1K3A7B2U,消费品,玩具,积木,,GB 6675.1-2014\n"; // line 5: not an agency

const std::string kLab = "91310115MA1K4C1D7H";
const std::string kToys = "91310115MA1K3A7B2U";
const std::string kXuhuiLab = "91310104MA1G9P2Q86";
const std::string kHanse = "91310118MA1JK9E466";

struct Reply {
    int status = 0;
    json body;
};

} // namespace

class TestRegistryRoutes : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<ServerDatabase> m_db;
    std::unique_ptr<SqliteAuditStore> m_auditStore;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<SqliteAccountStore> m_accountStore;
    std::unique_ptr<AccountService> m_accounts;
    std::unique_ptr<RegistryService> m_registry;
    Metrics m_metrics;
    std::unique_ptr<Router> m_router;
    std::map<std::string, std::string> m_token; // username -> access token

    Reply call(const std::string& method, const std::string& target, const std::string& user,
               const std::string& body = {}, const std::string& contentType = "text/csv; charset=utf-8") {
        HttpRequest request;
        request.method = method;
        request.target = target;
        const auto split = splitTarget(target);
        request.path = *percentDecode(split.path);
        request.query = *parseQuery(split.query);
        if (!user.empty()) request.headers.emplace_back("Authorization", "Bearer " + m_token.at(user));
        if (!body.empty()) request.headers.emplace_back("Content-Type", contentType);
        request.body = body;
        request.remoteAddress = "127.0.0.1:40000";
        const HttpResponse response = m_router->handle(request);
        Reply r;
        r.status = response.status;
        if (!response.body.empty()) r.body = json::parse(response.body);
        return r;
    }

    static std::string q(const std::string& s) {
        // Percent-encodes a query value (UTF-8 bytes and reserved characters).
        std::string out;
        static const char* hex = "0123456789ABCDEF";
        for (unsigned char c : s) {
            if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
                out += static_cast<char>(c);
            } else {
                out += '%';
                out += hex[c >> 4];
                out += hex[c & 15];
            }
        }
        return out;
    }

    static std::set<std::string> usccsOf(const json& hits) {
        std::set<std::string> out;
        for (const auto& h : hits)
            out.insert(h.at("uscc").get<std::string>());
        return out;
    }

    std::set<std::string> search(const std::string& query, const std::string& user = "insp.wang") {
        const Reply r = call("GET", "/v1/registry/search?" + query, user);
        if (r.status != 200) qFatal("search %s: %d %s", query.c_str(), r.status, r.body.dump().c_str());
        return usccsOf(r.body.at("hits"));
    }

    std::int64_t districtRevision(const std::string& district) { return m_registry->districtRevision(district).value(); }

    static std::string uscc(const std::string& first17) { return first17 + usccCheckCharacter(first17); }

    // A device's view of a district built from export pages: USCC -> name.
    struct Download {
        std::map<std::string, std::string> state;
        std::vector<std::string> organisations; // in the order received
        std::int64_t revision = 0;
        int pages = 0;
        void apply(const json& page) {
            if (page.value("full", false)) state.clear();
            for (const auto& u : page["removed"])
                state.erase(u.get<std::string>());
            for (const auto& o : page["organisations"]) {
                state[o["uscc"]] = o["name"];
                organisations.push_back(o["uscc"]);
            }
            revision = page["revision"];
            ++pages;
        }
    };

    // Every page from `known` (nullopt: from nothing), `limit` changes a page, as insp.wang or
    // the admin.
    Download download(const std::string& district, Download from, std::size_t limit = 100) {
        const bool holds = from.pages > 0;
        const std::int64_t known = from.revision;
        from.organisations.clear();
        std::string cursor;
        for (int page = 0; page < 1000; ++page) {
            std::string target = "/v1/registry/export?district=" + district + "&limit=" + std::to_string(limit);
            if (cursor.empty() && holds) target += "&known_revision=" + std::to_string(known);
            if (!cursor.empty()) target += "&cursor=" + cursor;
            const Reply r = call("GET", target, "admin.city");
            if (r.status != 200) qFatal("export %s: %d", target.c_str(), r.status);
            if (r.body["unchanged"] == true) return from;
            from.apply(r.body);
            if (r.body["next_cursor"].is_null()) break;
            cursor = r.body["next_cursor"];
        }
        return from;
    }
    Download download(const std::string& district, std::nullopt_t, std::size_t limit) {
        Download fresh;
        const auto d = download(district, fresh, limit);
        return d;
    }

    std::int64_t organisationRows() {
        auto lock = m_db->lock();
        return m_registry->storeLocked().organisationCount();
    }

    std::int64_t auditCount(const std::string& action) {
        auto lock = m_db->lock();
        auto st = m_db->db().query("SELECT count(*) FROM audit WHERE action = ?1");
        st.bind(1, std::string_view(action));
        st.step();
        return st.int64(0);
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_db = ServerDatabase::open(m_dir.filePath("server.db").toStdString(), true).value();
        m_auditStore = std::make_unique<SqliteAuditStore>(m_db->db());
        m_audit = std::make_unique<AuditLog>(*m_db, *m_auditStore);
        m_accountStore = std::make_unique<SqliteAccountStore>(m_db->db());
        AccountServiceOptions options;
        options.kdf = ScryptParams::forTestsOnly(1u << 10);
        m_accounts = std::make_unique<AccountService>(*m_db, *m_accountStore, *m_audit, options);
        m_registry = std::make_unique<RegistryService>(*m_db, *m_audit);
        m_router = std::make_unique<Router>(*m_accounts, m_metrics);
        m_router->setLogSink([](std::string_view) {});
        addRegistryRoutes(*m_router, *m_registry);
        const std::vector<std::array<std::string, 3>> users = {{"admin.city", "admin", ""},
                                                               {"insp.wang", "inspector", "310115"},
                                                               {"sup.xuhui", "supervisor", "310104"},
                                                               {"expo.chen", "exhibition_staff", "310118"}};
        for (const auto& [name, role, district] : users) {
            QVERIFY(m_accounts->createUser(name, name, role, district, "password-of-" + name).ok());
            auto session = m_accounts->login(name, "password-of-" + name);
            QVERIFY(session.ok());
            m_token[name] = session->accessToken;
        }
    }

    // Runs first (slots run in order): the imports fill the registry the other tests read.
    void importReportsBadRowsAndStoresTheGoodOnes() {
        const Reply r = call("POST", "/v1/registry/import?kind=organisations", "admin.city", kOrganisationsCsv);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["kind"], "organisations");
        QCOMPARE(r.body["rows"], 6);
        QCOMPARE(r.body["inserted"], 4);
        QCOMPARE(r.body["rejected_count"], 2);
        const auto& rejected = r.body["rejected"];
        QCOMPARE(rejected[0]["line"], 6);
        QVERIFY(rejected[0]["reason"].get<std::string>().find("check character") != std::string::npos);
        QCOMPARE(rejected[0]["fields"][0], "91310115MA1K3A7B2X");
        QCOMPARE(rejected[1]["line"], 7);
        const std::string reasons = rejected[1]["reason"];
        QVERIFY2(reasons.find("name") != std::string::npos && reasons.find("district") != std::string::npos,
                 reasons.c_str());
        // Four organisations inserted: four changes.
        QCOMPARE(r.body["revision"], 4);
        QCOMPARE(organisationRows(), 4);
        QCOMPARE(auditCount("registry.import"), 1);
        {
            auto lock = m_db->lock();
            auto st = m_db->db().query("SELECT actor, detail FROM audit WHERE action = 'registry.import'");
            QVERIFY(st.step());
            QCOMPARE(st.text(0), std::string("admin.city"));
            const json detail = json::parse(st.text(1));
            QCOMPARE(detail["inserted"], 4);
            QCOMPARE(detail["rejected"], 2);
            QCOMPARE(detail["kind"], "organisations");
        }
        // A bad row is stored nowhere.
        QCOMPARE(call("GET", "/v1/registry/organisations/91310115MA1K3A7B2X", "insp.wang").status, 404);

        const Reply s = call("POST", "/v1/registry/import?kind=scope", "admin.city", kScopeCsv);
        QCOMPARE(s.status, 200);
        QCOMPARE(s.body["kind"], "scope");
        QCOMPARE(s.body["inserted"], 3);
        QCOMPARE(s.body["rejected"].size(), 1u);
        QCOMPARE(s.body["rejected"][0]["line"], 5);
        QCOMPARE(s.body["revision"], 7); // one change per scope line stored
    }

    void reimportChangesNothing() {
        const Reply r = call("POST", "/v1/registry/import?kind=organisations", "admin.city", kOrganisationsCsv);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["inserted"], 0);
        QCOMPARE(r.body["updated"], 0);
        QCOMPARE(r.body["unchanged"], 4);
        QCOMPARE(r.body["revision"], 7); // nothing changed: devices need not download again
        QCOMPARE(organisationRows(), 4);
        QCOMPARE(auditCount("registry.import"), 3);
    }

    void fileLevelRefusalsStoreNothing() {
        const std::string newRow =
            "91310101MA1AAAAAA0,上海新来有限公司,manufacturer,310101,,\n"; // never stored below
        // A required column missing.
        Reply r = call("POST", "/v1/registry/import?kind=organisations", "admin.city",
                       "uscc,name,district\n91310115MA1K4C1D7H,x,310115\n");
        QCOMPARE(r.status, 422);
        QCOMPARE(r.body["error"]["code"], "invalid_input");
        // A scope file sent as organisations: refused whole, although its rows are good.
        r = call("POST", "/v1/registry/import?kind=organisations", "admin.city", kScopeCsv);
        QCOMPARE(r.status, 422);
        QVERIFY(r.body["error"]["message"].get<std::string>().find("scope") != std::string::npos);
        // An organisations file with a new row, sent as scope.
        r = call("POST", "/v1/registry/import?kind=scope", "admin.city",
                 "uscc,name,kind,district,address,contact\n" + newRow);
        QCOMPARE(r.status, 422);
        QCOMPARE(organisationRows(), 4);
        // Empty file, wrong media type, unknown kind.
        QCOMPARE(call("POST", "/v1/registry/import?kind=organisations", "admin.city", "\n").status, 422);
        QCOMPARE(call("POST", "/v1/registry/import?kind=organisations", "admin.city",
                      "uscc,name,kind,district\n" + newRow, "application/json")
                     .status,
                 415);
        QCOMPARE(call("POST", "/v1/registry/import?kind=people", "admin.city", kOrganisationsCsv).status, 400);
        // Only administrators import; nobody without a token.
        r = call("POST", "/v1/registry/import?kind=organisations", "insp.wang", kOrganisationsCsv);
        QCOMPARE(r.status, 403);
        QCOMPARE(r.body["error"]["code"], "forbidden");
        QCOMPARE(call("POST", "/v1/registry/import?kind=organisations", "", kOrganisationsCsv).status, 401);
        // Too big: refused by the body limit before anything is read.
        QCOMPARE(m_router->bodyLimit("POST", "/v1/registry/import"), kRegistryImportBodyLimit);
        QCOMPARE(organisationRows(), 4);
        QCOMPARE(auditCount("registry.import"), 3);
    }

    void searchInChineseAndEnglish() {
        // Two characters (the short-term index) and three or more (trigrams), in names and scope.
        QCOMPARE(search("q=" + q("玩具")), (std::set<std::string>{kLab, kToys, kHanse}));
        QCOMPARE(search("q=" + q("检测")), (std::set<std::string>{kLab, kXuhuiLab}));
        QCOMPARE(search("q=" + q("建设工程")), (std::set<std::string>{kXuhuiLab}));
        QCOMPARE(search("q=" + q("可迁移元素")), (std::set<std::string>{kLab}));
        // English, case-insensitive, several terms all required.
        QCOMPARE(search("q=hanse"), (std::set<std::string>{kHanse}));
        QCOMPARE(search("q=" + q("toys shanghai")), (std::set<std::string>{kHanse}));
        QCOMPARE(search("q=" + q("toys 汉斯")), (std::set<std::string>{kHanse}));
        QCOMPARE(search("q=" + q("GB/T 17671")), (std::set<std::string>{kXuhuiLab}));
        QCOMPARE(search("q=" + kToys), (std::set<std::string>{kToys}));
        QCOMPARE(search("q=nothing-like-this"), std::set<std::string>{});
        // Any signed-in role may search.
        QCOMPARE(search("q=hanse", "expo.chen"), (std::set<std::string>{kHanse}));
        QCOMPARE(call("GET", "/v1/registry/search?q=hanse", "").status, 401);
    }

    void searchWithCombinedFilters() {
        QCOMPARE(search("q=" + q("检测") + "&district=310115"), (std::set<std::string>{kLab}));
        QCOMPARE(search("q=" + q("玩具") + "&district=" + q("浦东新区") + "&kind=manufacturer"),
                 (std::set<std::string>{kToys}));
        QCOMPARE(search("kind=" + q("检验检测机构")), (std::set<std::string>{kLab, kXuhuiLab}));
        QCOMPARE(search("district=310115,310118&kind=exhibitor,manufacturer"), (std::set<std::string>{kToys, kHanse}));
        // Field, category, product and standard must hold on one scope line.
        QCOMPARE(search("field=" + q("建筑工程") + "&category=" + q("建筑材料")), (std::set<std::string>{kXuhuiLab}));
        QCOMPARE(search("field=" + q("建筑工程") + "&district=310115"), std::set<std::string>{});
        QCOMPARE(search("field=" + q("消费品") + "&product=" + q("塑胶") + "&standard=" + q("GB 6675.4")),
                 (std::set<std::string>{kLab}));
        QCOMPARE(search("field=" + q("消费品") + "&standard=" + q("GB 4706.1")), std::set<std::string>{});
        QCOMPARE(search("standard=" + q("GB/T 17671") + "&q=" + q("华测")), (std::set<std::string>{kXuhuiLab}));
        // Paging and counts.
        Reply r = call("GET", "/v1/registry/search?limit=1&count=true", "insp.wang");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["hits"].size(), 1u);
        QCOMPARE(r.body["more"], true);
        QCOMPARE(r.body["total"], 4);
        r = call("GET", "/v1/registry/search?limit=3&offset=3", "insp.wang");
        QCOMPARE(r.body["hits"].size(), 1u);
        QCOMPARE(r.body["more"], false);
        // Malformed filters.
        QCOMPARE(call("GET", "/v1/registry/search?district=Atlantis", "insp.wang").status, 422);
        QCOMPARE(call("GET", "/v1/registry/search?kind=pirate", "insp.wang").status, 422);
        QCOMPARE(call("GET", "/v1/registry/search?limit=ten", "insp.wang").status, 400);
        QCOMPARE(call("GET", "/v1/registry/search?limit=5000", "insp.wang").status, 422);
        // What a 400 says.
        for (const auto& [target, message] : std::vector<std::pair<std::string, std::string>>{
                 {"/v1/registry/search?limit=ten", "'limit' must be a whole number"},
                 {"/v1/registry/search?offset=-1", "'offset' must be a whole number"},
                 {"/v1/registry/search?count=yes", "'count' must be true or false"},
                 {"/v1/registry/export?district=310115&known_revision=x",
                  "'known_revision' must be a whole number"},
                 {"/v1/registry/export", "'district' is required"}}) {
            r = call("GET", target, "insp.wang");
            QCOMPARE(r.status, 400);
            QCOMPARE(r.body["error"]["code"], "invalid_request");
            QCOMPARE(r.body["error"]["message"].get<std::string>(), message);
        }
        // Spaces around list items are ignored: the same as district=310104.
        QVERIFY(search("district=310104").count(kXuhuiLab));
        QCOMPARE(search("district=%20310104%20,"), search("district=310104"));
    }

    void organisationWithScope() {
        const Reply r = call("GET", "/v1/registry/organisations/" + kLab, "expo.chen");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["name"], "上海精测检验检测技术有限公司");
        QCOMPARE(r.body["kind"], "testing_agency");
        QCOMPARE(r.body["scope"].size(), 2u);
        QCOMPARE(r.body["scope"][0]["standard"], "GB 6675.4-2014");
        QCOMPARE(r.body["scope"][0]["parameter"], "可迁移元素");
        const Reply toys = call("GET", "/v1/registry/organisations/" + kToys, "insp.wang");
        QCOMPARE(toys.body["scope"].size(), 0u); // its scope line was refused: not an agency
        QCOMPARE(toys.body["contact"], "刘经理");
        const Reply missing = call("GET", "/v1/registry/organisations/91310101MA1AAAAAA0", "insp.wang");
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.body["error"]["code"], "not_found");
    }

    void exportIsScopedByDistrict() {
        // An inspector downloads the own district only; so does a supervisor.
        Reply r = call("GET", "/v1/registry/export?district=310115", "insp.wang");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["district"], "310115");
        QCOMPARE(r.body["revision"], districtRevision("310115"));
        QCOMPARE(r.body["full"], true);
        QCOMPARE(r.body["removed"].size(), 0u);
        QCOMPARE(usccsOf(r.body["organisations"]), (std::set<std::string>{kLab, kToys}));
        QCOMPARE(r.body["next_cursor"], nullptr);
        for (const auto& o : r.body["organisations"])
            if (o["uscc"] == kLab) QCOMPARE(o["scope"].size(), 2u);
        r = call("GET", "/v1/registry/export?district=310104", "insp.wang");
        QCOMPARE(r.status, 403);
        QCOMPARE(r.body["error"]["code"], "forbidden");
        QCOMPARE(call("GET", "/v1/registry/export?district=310104", "sup.xuhui").status, 200);
        QCOMPARE(call("GET", "/v1/registry/export?district=310115", "sup.xuhui").status, 403);
        // Exhibition staff do not download the registry; admins download any district.
        QCOMPARE(call("GET", "/v1/registry/export?district=310118", "expo.chen").status, 403);
        r = call("GET", "/v1/registry/export?district=310118", "admin.city");
        QCOMPARE(r.status, 200);
        QCOMPARE(usccsOf(r.body["organisations"]), (std::set<std::string>{kHanse}));
        // No token, no district, an unknown district.
        QCOMPARE(call("GET", "/v1/registry/export?district=310115", "").status, 401);
        QCOMPARE(call("GET", "/v1/registry/export", "insp.wang").status, 400);
        QCOMPARE(call("GET", "/v1/registry/export?district=123456", "admin.city").status, 422);
    }

    void exportPagesAndRevision() {
        // Page by page (one change each) through the cursor: every organisation once, in the order
        // of their latest change (the lab's scope lines came after the toy maker's row).
        const Download all = download("310115", std::nullopt, 1);
        QCOMPARE(all.organisations, (std::vector<std::string>{kToys, kLab}));
        QCOMPARE(all.pages, 2);
        QCOMPARE(all.revision, districtRevision("310115"));
        // A device that holds the current revision gets nothing to download.
        const std::string held = "&known_revision=" + std::to_string(all.revision);
        Reply r = call("GET", "/v1/registry/export?district=310115" + held, "insp.wang");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["unchanged"], true);
        QCOMPARE(r.body["organisations"].size(), 0u);
        // An import that changes a row raises the district's revision; the device gets that row only.
        const std::string renamed = "uscc,name,kind,district\n" + kToys + ",上海童趣玩具有限公司,manufacturer,310115\n";
        r = call("POST", "/v1/registry/import?kind=organisations", "admin.city", renamed);
        QCOMPARE(r.body["updated"], 1);
        QVERIFY(r.body["revision"].get<std::int64_t>() > all.revision);
        r = call("GET", "/v1/registry/export?district=310115" + held, "insp.wang");
        QCOMPARE(r.body["unchanged"], false);
        QCOMPARE(r.body["full"], false);
        QCOMPARE(r.body["revision"], districtRevision("310115"));
        QCOMPARE(usccsOf(r.body["organisations"]), (std::set<std::string>{kToys}));
        QCOMPARE(r.body["organisations"][0]["name"], "上海童趣玩具有限公司");
        // A revision this server never gave (newer than its own): the whole district again.
        r = call("GET", "/v1/registry/export?district=310115&known_revision=999999", "insp.wang");
        QCOMPARE(r.body["full"], true);
        QCOMPARE(usccsOf(r.body["organisations"]), (std::set<std::string>{kLab, kToys}));
        // Malformed paging.
        QCOMPARE(call("GET", "/v1/registry/export?district=310115&cursor=x", "insp.wang").status, 422);
        QCOMPARE(call("GET", "/v1/registry/export?district=310115&cursor=-1", "insp.wang").status, 422);
        QCOMPARE(call("GET", "/v1/registry/export?district=310115&limit=0", "insp.wang").status, 422);
    }

    void importInOneDistrictLeavesTheOthersUnchanged() {
        const std::int64_t xuhui = districtRevision("310104");
        const std::int64_t qingpu = districtRevision("310118");
        const std::int64_t pudong = districtRevision("310115");
        const std::string csv = "uscc,name,kind,district\n" + uscc("91310115MA1PD0001") + ",上海浦东新开有限公司,seller,310115\n";
        QCOMPARE(call("POST", "/v1/registry/import?kind=organisations", "admin.city", csv).body["inserted"], 1);
        QVERIFY(districtRevision("310115") > pudong);
        QCOMPARE(districtRevision("310104"), xuhui);
        QCOMPARE(districtRevision("310118"), qingpu);
        const Reply r = call("GET", "/v1/registry/export?district=310104&known_revision=" + std::to_string(xuhui),
                             "sup.xuhui");
        QCOMPARE(r.body["unchanged"], true);
        QCOMPARE(r.body["revision"], xuhui);
    }

    void aMovedOrganisationLeavesItsOldDistrictAndReachesTheNew() {
        const Download pudongBefore = download("310115", std::nullopt, 100);
        const Download xuhuiBefore = download("310104", std::nullopt, 100);
        QVERIFY(pudongBefore.state.count(kLab));
        QVERIFY(!xuhuiBefore.state.count(kLab));
        // The Pudong lab moves to Xuhui (same USCC, new district and address).
        const std::string moved = "uscc,name,kind,district,address\n" + kLab +
                                  ",上海精测检验检测技术有限公司,testing_agency,310104,徐汇区漕溪路 1 号\n";
        QCOMPARE(call("POST", "/v1/registry/import?kind=organisations", "admin.city", moved).body["updated"], 1);
        // Pudong's devices get a tombstone and nothing else.
        Reply r = call("GET", "/v1/registry/export?district=310115&known_revision=" +
                                  std::to_string(pudongBefore.revision),
                       "insp.wang");
        QCOMPARE(r.body["removed"], json::array({kLab}));
        QCOMPARE(r.body["organisations"].size(), 0u);
        // Xuhui's devices get the lab, with its CMA scope.
        r = call("GET", "/v1/registry/export?district=310104&known_revision=" + std::to_string(xuhuiBefore.revision),
                 "sup.xuhui");
        QCOMPARE(r.body["removed"].size(), 0u);
        QCOMPARE(usccsOf(r.body["organisations"]), (std::set<std::string>{kLab}));
        QCOMPARE(r.body["organisations"][0]["district"], "310104");
        QCOMPARE(r.body["organisations"][0]["scope"].size(), 2u);
        // Applied the way a device does, each district's changes give the server's district.
        QCOMPARE(download("310115", pudongBefore).state, download("310115", std::nullopt, 100).state);
        QCOMPARE(download("310104", xuhuiBefore).state, download("310104", std::nullopt, 100).state);
        QVERIFY(!download("310115", std::nullopt, 100).state.count(kLab));
        // A device starting from nothing is not sent Pudong's tombstone.
        r = call("GET", "/v1/registry/export?district=310115", "insp.wang");
        QCOMPARE(r.body["removed"].size(), 0u);
    }

    void pagingIsStableAcrossAConcurrentImport() {
        // Six more Pudong organisations, so that a one-change-per-page download takes a while.
        std::string csv = "uscc,name,kind,district\n";
        for (int i = 0; i < 6; ++i)
            csv += uscc("91310115MA1PG000" + std::to_string(i)) + ",上海分页测试" + std::to_string(i) +
                   "有限公司,seller,310115\n";
        QCOMPARE(call("POST", "/v1/registry/import?kind=organisations", "admin.city", csv).body["inserted"], 6);
        const Download before = download("310115", std::nullopt, 100);
        QCOMPARE(before.state.size(), 8u);

        // Three pages in, an import renames an organisation already sent, one not yet sent, adds
        // one and moves one away. An offset would now skip or repeat rows; the keyset does not.
        Download d;
        std::string cursor;
        for (int page = 0; page < 100; ++page) {
            const Reply r = call("GET", "/v1/registry/export?district=310115&limit=1" +
                                            (cursor.empty() ? "" : "&cursor=" + cursor),
                                 "insp.wang");
            QCOMPARE(r.status, 200);
            d.apply(r.body);
            if (page == 2) {
                const std::string change =
                    "uscc,name,kind,district\n" + d.organisations.front() + ",已改名一,seller,310115\n" +
                    uscc("91310115MA1PG0005") + ",已改名二,seller,310115\n" + uscc("91310115MA1PG0009") +
                    ",上海分页新增有限公司,seller,310115\n" + uscc("91310115MA1PG0004") +
                    ",上海分页测试4有限公司,seller,310104\n";
                const Reply imported = call("POST", "/v1/registry/import?kind=organisations", "admin.city", change);
                QCOMPARE(imported.body["inserted"], 1);
                QCOMPARE(imported.body["updated"], 3);
            }
            if (r.body["next_cursor"].is_null()) break;
            const std::string next = r.body["next_cursor"];
            QVERIFY(cursor.empty() || std::stoll(next) > std::stoll(cursor));
            cursor = next;
        }
        // What the device put together is the server's district now, and its revision is current.
        const Download now = download("310115", std::nullopt, 100);
        QCOMPARE(d.state, now.state);
        QCOMPARE(d.revision, now.revision);
        QCOMPARE(now.state.size(), 8u);
        QCOMPARE(d.state.at(uscc("91310115MA1PG0005")), std::string("已改名二"));
        QVERIFY(!d.state.count(uscc("91310115MA1PG0004")));
        QCOMPARE(call("GET", "/v1/registry/export?district=310115&known_revision=" + std::to_string(d.revision),
                      "insp.wang")
                     .body["unchanged"],
                 true);
    }

    void aDeregisteredOrganisationLeavesTheRegistryAndItsDistrictsDevices() {
        const Download qingpu = download("310118", std::nullopt, 100);
        QVERIFY(qingpu.state.count(kHanse));
        // An organisations file with a status column: 注销 (deregistered) removes the row.
        const std::string csv = "uscc,name,kind,district,status\n" + kHanse + ",汉斯玩具,exhibitor,310118,注销\n" +
                                uscc("91310118MA1QP0001") + ",上海青浦存续有限公司,seller,310118,存续\n" +
                                uscc("91310118MA1QP0002") + ",上海青浦怪状态有限公司,seller,310118,休眠\n";
        const Reply r = call("POST", "/v1/registry/import?kind=organisations", "admin.city", csv);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body["removed"], 1);
        QCOMPARE(r.body["inserted"], 1);
        QCOMPARE(r.body["rejected_count"], 1); // an unknown status is a bad row
        QCOMPARE(r.body["rejected"][0]["line"], 4);
        QCOMPARE(call("GET", "/v1/registry/organisations/" + kHanse, "insp.wang").status, 404);
        QVERIFY(search("q=" + q("汉斯")).empty());
        // Qingpu's devices get a tombstone with the new organisation.
        const Reply page = call("GET", "/v1/registry/export?district=310118&known_revision=" +
                                           std::to_string(qingpu.revision),
                                "admin.city");
        QCOMPARE(page.body["removed"], json::array({kHanse}));
        QCOMPARE(usccsOf(page.body["organisations"]), (std::set<std::string>{uscc("91310118MA1QP0001")}));
        QCOMPARE(download("310118", qingpu).state, download("310118", std::nullopt, 100).state);
        // Deregistering again changes nothing.
        const Reply again = call("POST", "/v1/registry/import?kind=organisations", "admin.city",
                                 "uscc,name,kind,district,status\n" + kHanse + ",汉斯玩具,exhibitor,310118,deregistered\n");
        QCOMPARE(again.body["removed"], 0);
        QCOMPARE(again.body["unchanged"], 1);
    }

    void populationForDraws() {
        auto pop = m_registry->population({"310115", "310104"}, {"testing_agency"});
        QVERIFY(pop.ok());
        std::set<std::string> got;
        for (const auto& o : *pop)
            got.insert(o.uscc);
        QCOMPARE(got, (std::set<std::string>{kLab, kXuhuiLab}));
        QVERIFY(!m_registry->population({"310115"}, {"pirate"}).ok());
    }
};

QTEST_APPLESS_MAIN(TestRegistryRoutes)
#include "test_registry_routes.moc"
