// GET /v1/stats/inspections and /v1/stats/overview against hand-counted expectations.
//
// Fixture (written by admin.city through the server's SyncService; dates in Beijing time):
//   A 310115 ccc_product     2026-10-05  conforming     approved
//   B 310115 ccc_product     2026-11-10  nonconforming  submitted
//   C 310115 testing_agency  2027-01-01 04:00 (2026-12-31T20:00Z)  (no conclusion: pending)  draft
//   D 310104 organic_product 2026-11-20  conforming     approved
//   E 310104 organic_product 2026-08-01  rectify        draft
// Certificate checks (evidence "certificate-check.json"): in 310115 one passed and one failed
// report, in 310104 one whose blob never arrived (unread). CCC exemptions: one issued in 310118,
// one draft (not counted).
#include "server_fixture.h"
#include "stats/inspection_stats.h"

#include <QtTest>

using namespace fieldseal;
using namespace fieldseal::server;
using namespace fieldseal::server::test;

class TestStatsRoutes : public QObject {
    Q_OBJECT

    std::unique_ptr<ServerFixture> m_server;

    std::string inspection(const std::string& district, const std::string& type, const std::string& startedAt,
                           const std::string& conclusion, const std::string& status) {
        const Caller admin = m_server->caller("admin.city");
        std::vector<std::pair<std::string, nlohmann::json>> fields = {
            {"organisation_id", "org-" + district},
            {"template_id", "tpl-1"},
            {"district", district},
            {"inspection_type", type},
            {"inspectors", {"insp.a", "insp.b"}},
            {"started_at", startedAt}};
        if (!conclusion.empty()) fields.emplace_back("conclusion", conclusion);
        const std::string id = m_server->put(admin, "inspection", "", fields);
        if (status == "submitted" || status == "approved") m_server->put(admin, "inspection", id, {{"status", "submitted"}});
        if (status == "approved") m_server->put(admin, "inspection", id, {{"status", "approved"}});
        return id;
    }

    void certificateCheck(const std::string& inspectionId, const std::string& district, const std::string& sha256) {
        m_server->put(m_server->caller("admin.city"), "evidence", "",
                      {{"inspection_id", inspectionId},
                       {"sha256", sha256},
                       {"media_type", "application/json"},
                       {"size", 40},
                       {"captured_at", "2026-11-12T10:00:00+08:00"},
                       {"device", "tab-1"},
                       {"inspector", "insp.a"},
                       {"file_name", "certificate-check.json"},
                       {"district", district}});
    }

    nlohmann::json getJson(const std::string& user, const std::string& target, int expected = 200) {
        const auto r = m_server->get(user, target);
        if (r.status != expected) qWarning("%s -> %d %s", target.c_str(), r.status, r.body.c_str());
        [&] { QCOMPARE(r.status, expected); }();
        return nlohmann::json::parse(r.body, nullptr, false);
    }

    // rows as "key|key=count" strings, easy to compare with the hand counts
    static std::vector<std::string> rows(const nlohmann::json& table) {
        std::vector<std::string> out;
        const auto& columns = table["columns"];
        for (const auto& row : table["rows"]) {
            std::string line;
            for (size_t i = 0; i + 1 < columns.size(); ++i)
                line += (i ? "|" : "") + row[columns[i].get<std::string>()].get<std::string>();
            out.push_back(line + "=" + std::to_string(row["inspections"].get<std::int64_t>()));
        }
        return out;
    }

private slots:
    void initTestCase() {
        m_server = std::make_unique<ServerFixture>();
        const std::string a = inspection("310115", "ccc_product", "2026-10-05T10:00:00+08:00", "conforming", "approved");
        const std::string b =
            inspection("310115", "ccc_product", "2026-11-10T09:00:00+08:00", "nonconforming", "submitted");
        inspection("310115", "testing_agency", "2026-12-31T20:00:00Z", "", "draft");
        const std::string d = inspection("310104", "organic_product", "2026-11-20T14:00:00+08:00", "conforming", "approved");
        inspection("310104", "organic_product", "2026-08-01T09:30:00+08:00", "rectify", "draft");

        const std::string passed = m_server->uploadBlob("admin.city", R"({"report":{"indication":"PASSED","sub_indication":null}})");
        const std::string failed = m_server->uploadBlob("admin.city", R"({"report":{"indication":"FAILED","sub_indication":"REVOKED"}})");
        certificateCheck(a, "310115", passed);
        certificateCheck(b, "310115", failed);
        certificateCheck(d, "310104", std::string(64, 'e')); // never uploaded

        const Caller admin = m_server->caller("admin.city");
        for (const char* status : {"issued", "draft"})
            m_server->put(admin, "ccc_exemption", "",
                          {{"exhibition", "CIIE 2026"},
                           {"applicant_name", "上海博览进口贸易有限公司"},
                           {"exemption_status", status},
                           {"district", "310118"}});
    }

    void adminCountsByDistrict() {
        const auto t = getJson("admin.city", "/v1/stats/inspections?by=district");
        QCOMPARE(t["columns"], nlohmann::json({"district", "inspections"}));
        QCOMPARE(rows(t), (std::vector<std::string>{"310104=2", "310115=3"}));
        QCOMPARE(t["total"].get<int>(), 5);
    }

    void periodsAreBeijingQuarters() {
        const auto t = getJson("admin.city", "/v1/stats/inspections?by=district,period&period=quarter");
        QCOMPARE(rows(t), (std::vector<std::string>{"310104|2026-Q3=1", "310104|2026-Q4=1", "310115|2026-Q4=2",
                                                    "310115|2027-Q1=1"}));
    }

    void fromToAndApprovedFilter() {
        // [2026-11-01, 2027-01-01) Beijing: B and D; C falls on 1 January in Beijing.
        auto t = getJson("admin.city", "/v1/stats/inspections?by=period&from=2026-11-01&to=2027-01-01");
        QCOMPARE(rows(t), (std::vector<std::string>{"2026-11=2"}));
        t = getJson("admin.city", "/v1/stats/inspections?by=district,type&approved=true");
        QCOMPARE(rows(t), (std::vector<std::string>{"310104|organic_product=1", "310115|ccc_product=1"}));
        t = getJson("admin.city", "/v1/stats/inspections?by=status&district=310104");
        QCOMPARE(rows(t), (std::vector<std::string>{"approved=1", "draft=1"}));
    }

    void supervisorSeesOnlyTheirDistrict() {
        auto t = getJson("sup.pudong", "/v1/stats/inspections?by=outcome");
        QCOMPARE(rows(t), (std::vector<std::string>{"conforming=1", "nonconforming=1", "pending=1"}));
        QCOMPARE(t["total"].get<int>(), 3);
        t = getJson("sup.pudong", "/v1/stats/inspections?district=310115");
        QCOMPARE(t["total"].get<int>(), 3);
        const auto refused = getJson("sup.pudong", "/v1/stats/inspections?district=310104", 403);
        QCOMPARE(refused["error"]["code"], "forbidden");
        QVERIFY(refused["error"]["message"].get<std::string>().find("310104") != std::string::npos);
        getJson("sup.xuhui", "/v1/stats/overview?district=310115", 403);
    }

    void inspectorsAndExhibitionStaffAreRefused() {
        for (const char* user : {"insp.wang", "expo.chen"})
            for (const char* target : {"/v1/stats/inspections", "/v1/stats/overview"})
                QCOMPARE(m_server->get(user, target).status, 403);
        QCOMPARE(m_server->get("", "/v1/stats/inspections").status, 401);
    }

    void badParametersAre400() {
        for (const char* target :
             {"/v1/stats/inspections?by=colour", "/v1/stats/inspections?period=week",
              "/v1/stats/inspections?from=yesterday", "/v1/stats/inspections?from=2026-12-01&to=2026-11-01",
              "/v1/stats/inspections?format=xml", "/v1/stats/inspections?by=district,district",
              "/v1/stats/inspections?distrct=310115", "/v1/stats/overview?by=district",
              "/v1/stats/inspections?approved=yes"}) {
            const auto r = m_server->get("admin.city", target);
            QVERIFY2(r.status == 400, target);
            QCOMPARE(nlohmann::json::parse(r.body)["error"]["code"], "invalid_request");
        }
    }

    void badParametersSayWhy() {
        const std::vector<std::pair<std::string, std::string>> cases = {
            {"/v1/stats/inspections?approved=yes", "'approved' must be true or false"},
            {"/v1/stats/inspections?format=xml", "'format' must be json or csv"},
            {"/v1/stats/inspections?period=week", "'period' must be month, quarter or year"},
            {"/v1/stats/inspections?distrct=310115", "unknown query parameter 'distrct'"},
            {"/v1/stats/overview?by=district", "unknown query parameter 'by'"}};
        for (const auto& [target, message] : cases) {
            const auto error = getJson("admin.city", target, 400)["error"];
            QCOMPARE(error["message"].get<std::string>(), message);
        }
    }

    void listsIgnoreSpacesAroundItems() {
        // "by=district, status" and "district= 310104 ,," name the same as without the spaces.
        const auto t =
            getJson("admin.city", "/v1/stats/inspections?by=district,%20status&district=%20310104%20,,");
        QCOMPARE(rows(t), (std::vector<std::string>{"310104|approved=1", "310104|draft=1"}));
    }

    void csvExport() {
        const auto r = m_server->get("admin.city", "/v1/stats/inspections?by=district&format=csv");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.contentType, std::string("text/csv; charset=utf-8"));
        QCOMPARE(r.body, std::string("\xEF\xBB\xBF"
                                     "district,inspections\r\n310104,2\r\n310115,3\r\ntotal,5\r\n"));
        const auto o = m_server->get("sup.pudong", "/v1/stats/overview?format=csv");
        QCOMPARE(o.status, 200);
        QCOMPARE(o.contentType, std::string("text/csv; charset=utf-8"));
        QVERIFY(o.body.rfind("\xEF\xBB\xBF", 0) == 0);
    }

    void overviewCounts() {
        auto o = getJson("admin.city", "/v1/stats/overview");
        QCOMPARE(o["certificate_checks"]["total"], nlohmann::json({{"checked", 3}, {"failed", 1}, {"unread", 1}}));
        QCOMPARE(o["certificate_checks"]["by_district"]["310115"],
                 nlohmann::json({{"checked", 2}, {"failed", 1}, {"unread", 0}}));
        QCOMPARE(o["certificate_checks"]["by_district"]["310104"],
                 nlohmann::json({{"checked", 1}, {"failed", 0}, {"unread", 1}}));
        QCOMPARE(o["ccc_exemptions"]["issued"].get<int>(), 1);
        QCOMPARE(o["ccc_exemptions"]["by_district_period"].size(), size_t(1));
        QCOMPARE(o["ccc_exemptions"]["by_district_period"][0]["district"], "310118");
        QCOMPARE(o["conflicts"], nlohmann::json({{"open", 0}, {"resolved", 0}}));

        // The supervisor's overview covers 310115 only: no exemption, the two checks there.
        o = getJson("sup.pudong", "/v1/stats/overview");
        QCOMPARE(o["certificate_checks"]["total"], nlohmann::json({{"checked", 2}, {"failed", 1}, {"unread", 0}}));
        QCOMPARE(o["ccc_exemptions"]["issued"].get<int>(), 0);
        // A period filter on the capture time: every check was recorded on 2026-11-12.
        o = getJson("admin.city", "/v1/stats/overview?from=2026-12-01");
        QCOMPARE(o["certificate_checks"]["total"]["checked"].get<int>(), 0);
    }
};

QTEST_APPLESS_MAIN(TestStatsRoutes)
#include "test_stats_routes.moc"
