// The overview statistics (certificate checks and failed verifications, CCC exemptions issued,
// conflicts) against figures counted by hand from tests/data/stats/overview.json. Records are made
// through a Replica in a real SqliteStore; the conflicts are real ones (an offline edit that missed
// a submission, received afterwards), one of them resolved by a conflict_resolution record.
#include "stats/overview_stats.h"
#include "store/sqlite_store.h"
#include "sync/merge_rules.h"
#include "sync/replica.h"

#include <QtTest>
#include <fstream>

using namespace fieldseal;
using namespace fieldseal::stats;
using nlohmann::json;

namespace {

std::uint64_t g_now = 0; // the devices' wall clock, ms

std::uint64_t msAt(const std::string& rfc3339) {
    return static_cast<std::uint64_t>(parseRfc3339(rfc3339)->time_since_epoch().count()) * 1000;
}

std::string sha(const std::string& shortName) {
    return std::string(64 - shortName.size(), '0') + shortName;
}

struct Device {
    std::unique_ptr<SqliteStore> store;
    std::unique_ptr<Replica> replica;
    explicit Device(const std::string& name) {
        store = std::move(SqliteStore::open(":memory:").value());
        if (!Replica::initialise(*store, {name, name + "-user", "310115"}).ok()) qFatal("init");
        auto wall = [] { return g_now; };
        replica = std::move(
            Replica::open(*store, {HlcClock(wall), IdGenerator(wall, std::hash<std::string>{}(name))}).value());
    }
    void put(const std::string& type, const std::string& id, const std::vector<std::pair<std::string, json>>& f) {
        ++g_now;
        auto ops = replica->put(type, id, f);
        if (!ops) qFatal("put %s: %s", id.c_str(), ops.error().message.c_str());
    }
    void pull(Device& from) {
        std::vector<Op> ops;
        from.store->forEachOpSince(0, [&](const StoredOp& s) {
            ops.push_back(s.op);
            return true;
        });
        if (!replica->apply(ops)) qFatal("apply");
    }
};

} // namespace

class TestOverview : public QObject {
    Q_OBJECT
    std::unique_ptr<Device> m_a, m_b;
    json m_fixture;
    BlobText m_blobs;

    Overview overview(const OverviewQuery& q, const BlobText& blobs) {
        auto o = overviewStatistics(*m_a->store, q, blobs);
        if (!o) qFatal("overview failed: %s", o.error().message.c_str());
        return std::move(o).value();
    }

private slots:
    void initTestCase();
    void certificateChecks();
    void exemptions();
    void conflicts();
    void filters();
    void csv();
};

void TestOverview::initTestCase() {
    std::ifstream f(FIELDSEAL_TEST_DATA_DIR "/stats/overview.json");
    m_fixture = json::parse(f);
    m_blobs = [this](const std::string& sha256) -> std::optional<std::string> {
        for (const auto& [name, text] : m_fixture["blobs"].items())
            if (sha(name) == sha256) return text.dump();
        return std::nullopt;
    };
    g_now = msAt("2026-11-20T00:00:00Z");
    m_a = std::make_unique<Device>("tab-a");
    m_b = std::make_unique<Device>("tab-b");
    for (const auto& e : m_fixture["evidence"])
        m_a->put("evidence", e["id"],
                 {{"inspection_id", "insp-1"}, {"sha256", sha(e["sha"])}, {"media_type", "application/json"},
                  {"size", 100}, {"captured_at", e["captured_at"]}, {"device", "tab-a"}, {"inspector", "insp.wang"},
                  {"file_name", e["file_name"]}, {"district", e["district"]}});
    for (const auto& x : m_fixture["exemptions"]) {
        const auto saved = g_now;
        if (x.contains("created")) g_now = msAt(x["created"]);
        std::vector<std::pair<std::string, json>> fields = {{"exhibition", "第九届进博会"},
                                                            {"applicant_name", "Example GmbH"},
                                                            {"exemption_status", x["exemption_status"]},
                                                            {"district", x["district"]}};
        if (x.value("counter_seal", false)) fields.emplace_back("counter_seal", json{{"alg", "SM2"}});
        m_a->put("ccc_exemption", x["id"], fields);
        g_now = std::max(saved, g_now);
    }
    // Two conflicts: B edits each inspection offline after A submitted it, without having seen that.
    const std::vector<std::pair<std::string, json>> inspection = {{"organisation_id", "org-1"},
                                                                  {"template_id", "tpl"},
                                                                  {"district", "310115"},
                                                                  {"inspectors", {"insp.wang", "insp.li"}}};
    for (const char* id : {"insp-1", "insp-2"}) {
        m_a->put("inspection", id, inspection);
        m_b->pull(*m_a);
        m_a->put("inspection", id, {{"conclusion", "conforming"}, {"status", "submitted"}});
        m_b->put("inspection", id, {{"findings", "离线修改"}});
        m_a->pull(*m_b);
    }
    const auto conflicts = m_a->replica->conflicts();
    QCOMPARE(conflicts.size(), size_t{2});
    const std::string first = conflicts[0]["id"];
    m_a->put("conflict_resolution", merge::resolutionRecordId(first),
             {{"conflict_id", first},
              {"record_id", conflicts[0]["record_id"]},
              {"choice", "keep_ours"},
              {"resolved_by", "sup.zhao"},
              {"resolved_at", "2026-11-21T09:00:00+08:00"},
              {"district", "310115"}});
}

void TestOverview::certificateChecks() {
    // e1..e4 are checks (e5 is a photo); e2 failed, e4 indeterminate (not passed: failed), e3 unread.
    const Overview o = overview({}, m_blobs);
    QCOMPARE(o.certificateChecks.checked, std::int64_t{4});
    QCOMPARE(o.certificateChecks.failed, std::int64_t{2});
    QCOMPARE(o.certificateChecks.unread, std::int64_t{1});
    QCOMPARE(o.certificateChecksByDistrict.at("310115").checked, std::int64_t{2});
    QCOMPARE(o.certificateChecksByDistrict.at("310115").failed, std::int64_t{1});
    QCOMPARE(o.certificateChecksByDistrict.at("310104").failed, std::int64_t{1});
    QCOMPARE(o.certificateChecksByDistrict.at("310104").unread, std::int64_t{1});
    // Without blobs every check is counted, none is known to have failed.
    const Overview noBlobs = overview({}, {});
    QCOMPARE(noBlobs.certificateChecks.checked, std::int64_t{4});
    QCOMPARE(noBlobs.certificateChecks.failed, std::int64_t{0});
    QCOMPARE(noBlobs.certificateChecks.unread, std::int64_t{4});
}

void TestOverview::exemptions() {
    // Issued: x1, x2 (310115, 2026-11), x4 (310104, 2027-01); sealed: x2, x4. x3 draft, x5 cancelled.
    const Overview o = overview({}, m_blobs);
    QCOMPARE(o.exemptions.issued, std::int64_t{3});
    QCOMPARE(o.exemptions.sealed, std::int64_t{2});
    using Key = std::pair<std::string, std::string>;
    QCOMPARE(o.exemptionsByDistrictPeriod.size(), size_t{2});
    QCOMPARE(o.exemptionsByDistrictPeriod.at(Key("310115", "2026-11")).issued, std::int64_t{2});
    QCOMPARE(o.exemptionsByDistrictPeriod.at(Key("310115", "2026-11")).sealed, std::int64_t{1});
    QCOMPARE(o.exemptionsByDistrictPeriod.at(Key("310104", "2027-01")).issued, std::int64_t{1});
    QCOMPARE(o.exemptionsByDistrictPeriod.at(Key("310104", "2027-01")).sealed, std::int64_t{1});
    OverviewQuery years;
    years.period = Period::Year;
    QCOMPARE(overview(years, m_blobs).exemptionsByDistrictPeriod.at(Key("310104", "2027")).issued, std::int64_t{1});
}

void TestOverview::conflicts() {
    const Overview o = overview({}, m_blobs);
    QCOMPARE(o.conflictsOpen, std::int64_t{1});
    QCOMPARE(o.conflictsResolved, std::int64_t{1});
}

void TestOverview::filters() {
    OverviewQuery november;
    november.from = parseRfc3339("2026-11-01T00:00:00+08:00");
    november.to = parseRfc3339("2026-12-01T00:00:00+08:00");
    const Overview o = overview(november, m_blobs);
    QCOMPARE(o.certificateChecks.checked, std::int64_t{3}); // e4 is in December
    QCOMPARE(o.exemptions.issued, std::int64_t{2});         // x4 is in January
    OverviewQuery district;
    district.districts = {"310104"};
    const Overview d = overview(district, m_blobs);
    QCOMPARE(d.certificateChecks.checked, std::int64_t{2});
    QCOMPARE(d.exemptions.issued, std::int64_t{1});
    QCOMPARE(d.conflictsOpen + d.conflictsResolved, std::int64_t{0}); // both conflicts are on 310115 inspections
    OverviewQuery home;
    home.districts = {"310115"};
    QCOMPARE(overview(home, m_blobs).conflictsOpen, std::int64_t{1});
}

void TestOverview::csv() {
    OverviewQuery district;
    district.districts = {"310104"};
    QCOMPARE(overviewCsv(overview(district, m_blobs)), std::string("\xEF\xBB\xBF"
                                                                   "section,district,period,measure,count\r\n"
                                                                   "certificate_checks,310104,,checked,2\r\n"
                                                                   "certificate_checks,310104,,failed,1\r\n"
                                                                   "certificate_checks,310104,,unread,1\r\n"
                                                                   "certificate_checks,total,,checked,2\r\n"
                                                                   "certificate_checks,total,,failed,1\r\n"
                                                                   "certificate_checks,total,,unread,1\r\n"
                                                                   "ccc_exemptions,310104,2027-01,issued,1\r\n"
                                                                   "ccc_exemptions,310104,2027-01,sealed,1\r\n"
                                                                   "ccc_exemptions,total,,issued,1\r\n"
                                                                   "ccc_exemptions,total,,sealed,1\r\n"
                                                                   "conflicts,total,,open,0\r\n"
                                                                   "conflicts,total,,resolved,0\r\n"));
}

QTEST_APPLESS_MAIN(TestOverview)
#include "test_overview.moc"
