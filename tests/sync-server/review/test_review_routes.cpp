// The review routes through the real router: the supervisor's queue, the checks of a decision's
// and a resolution's body, and the query string of the conflict list (status=open or nothing;
// any other status is a 400, never the whole list as if it had been left out).
#include "server_fixture.h"

#include <QtTest>

using namespace fieldseal;
using namespace fieldseal::server;
using namespace fieldseal::server::test;

namespace {

nlohmann::json bodyOf(const HttpResponse& r) {
    return nlohmann::json::parse(r.body, nullptr, false);
}

// A 400 invalid_request with exactly `message`.
void expectBadRequest(const HttpResponse& r, const std::string& message) {
    if (r.status != 400) qWarning("-> %d %s", r.status, r.body.c_str());
    QCOMPARE(r.status, 400);
    const auto error = bodyOf(r).at("error");
    QCOMPARE(error.at("code").get<std::string>(), std::string("invalid_request"));
    QCOMPARE(error.at("message").get<std::string>(), message);
}

} // namespace

class TestReviewRoutes : public QObject {
    Q_OBJECT

    std::unique_ptr<ServerFixture> m_server;
    std::string m_submitted; // a submitted inspection of 310115 (Pudong)

    bool queueHas(const std::string& user, const std::string& target, const std::string& id) {
        const auto r = m_server->get(user, target);
        if (r.status != 200)
            qWarning("%s as %s -> %d %s", target.c_str(), user.c_str(), r.status, r.body.c_str());
        if (r.status != 200) return false;
        const auto body = bodyOf(r); // kept: a range-for over a member of a temporary would dangle
        for (const auto& i : body.at("inspections"))
            if (i.value("id", "") == id) return true;
        return false;
    }

private slots:
    void initTestCase() {
        m_server = std::make_unique<ServerFixture>();
        const Caller admin = m_server->caller("admin.city");
        m_submitted = m_server->put(admin, "inspection", "",
                                    {{"organisation_id", "org-310115"},
                                     {"template_id", "tpl-1"},
                                     {"district", "310115"},
                                     {"inspection_type", "ccc_product"},
                                     {"inspectors", {"insp.a", "insp.b"}},
                                     {"started_at", "2026-11-10T09:00:00+08:00"},
                                     {"conclusion", "conforming"}});
        m_server->put(admin, "inspection", m_submitted, {{"status", "submitted"}});
    }

    void queueListsTheSupervisorsDistrict() {
        QVERIFY(queueHas("sup.pudong", "/v1/review/queue", m_submitted));
        QVERIFY(!queueHas("sup.xuhui", "/v1/review/queue", m_submitted));
        QVERIFY(queueHas("admin.city", "/v1/review/queue?district=310115", m_submitted));
        QVERIFY(!queueHas("admin.city", "/v1/review/queue?district=310104", m_submitted));
    }

    void conflictStatusIsOpenOrAbsent() {
        for (const char* target : {"/v1/conflicts", "/v1/conflicts?status=open"}) {
            const auto r = m_server->get("sup.pudong", target);
            QCOMPARE(r.status, 200);
            QVERIFY(bodyOf(r).at("conflicts").is_array());
        }
        const std::string message = "'status' must be open (or left out to list every conflict)";
        expectBadRequest(m_server->get("sup.pudong", "/v1/conflicts?status=bogus"), message);
        expectBadRequest(m_server->get("sup.pudong", "/v1/conflicts?status=all"), message);
        expectBadRequest(m_server->get("sup.pudong", "/v1/conflicts?status="), message);
        expectBadRequest(m_server->get("admin.city", "/v1/conflicts?status=OPEN"), message);
    }

    void decisionsAndResolutionsCheckTheirBodies() {
        const std::string decision = "/v1/review/inspections/" + m_submitted + "/decision";
        expectBadRequest(
            m_server->request("sup.pudong", "POST", decision, nlohmann::json{{"decision", "maybe"}}.dump()),
            "'decision' must be \"approve\" or \"return\"");
        // Refused before anything is written: the inspection is still waiting for review.
        QCOMPARE(m_server->record(m_submitted).value("status", ""), std::string("submitted"));
        QVERIFY(queueHas("sup.pudong", "/v1/review/queue", m_submitted));

        const std::string resolve = "/v1/conflicts/no-such-conflict/resolve";
        expectBadRequest(
            m_server->request("sup.pudong", "POST", resolve, nlohmann::json{{"choice", "both"}}.dump()),
            "'choice' must be \"keep_ours\" or \"take_theirs\"");
        expectBadRequest(
            m_server->request("sup.pudong", "POST", resolve,
                              nlohmann::json{{"choice", "keep_ours"}, {"fields", {"a", 1}}}.dump()),
            "'fields' must list field names");
        // A well-formed resolution of a conflict that does not exist is the service's 404.
        const auto missing =
            m_server->request("sup.pudong", "POST", resolve, nlohmann::json{{"choice", "keep_ours"}}.dump());
        QCOMPARE(missing.status, 404);
        QCOMPARE(bodyOf(missing).at("error").at("code").get<std::string>(), std::string("not_found"));
    }

    void cleanupTestCase() { m_server.reset(); }
};

QTEST_APPLESS_MAIN(TestReviewRoutes)
#include "test_review_routes.moc"
