// Inspection statistics against figures counted by hand from tests/data/stats/inspections.json:
// the inspections are made through a Replica (status machine and all) in a real SqliteStore, then
// counted by district, type, outcome, status and period (months and quarters in Beijing time),
// with date, district and approved-only filters, and exported as CSV.
#include "stats/inspection_stats.h"
#include "store/sqlite_store.h"
#include "sync/replica.h"

#include <QtTest>
#include <fstream>
#include <map>

using namespace fieldseal;
using namespace fieldseal::stats;
using nlohmann::json;

namespace {

std::uint64_t g_now = 0; // the devices' wall clock, ms

UtcSeconds at(const char* rfc3339) {
    return *parseRfc3339(rfc3339);
}

using Counts = std::map<std::vector<std::string>, std::int64_t>;

StatsQuery by(std::vector<Dimension> dims, Period period = Period::Month) {
    StatsQuery q;
    q.groupBy = std::move(dims);
    q.period = period;
    return q;
}

Counts countsOf(const StatsTable& t) {
    Counts c;
    for (const auto& r : t.rows)
        c[r.key] = r.inspections;
    return c;
}

} // namespace

class TestStats : public QObject {
    Q_OBJECT
    std::unique_ptr<SqliteStore> m_store;

    StatsTable table(StatsQuery q) {
        auto t = inspectionStatistics(*m_store, q);
        if (!t) qFatal("statistics failed: %s", t.error().message.c_str());
        return std::move(t).value();
    }

private slots:
    void initTestCase();
    void totalAndOneDimension();
    void periodsInBeijingTime();
    void combinedAndFiltered();
    void csv();
};

void TestStats::initTestCase() {
    m_store = std::move(SqliteStore::open(":memory:").value());
    QVERIFY(Replica::initialise(*m_store, {"tab-1", "insp.wang", "310115"}).ok());
    g_now = static_cast<std::uint64_t>(at("2026-11-20T00:00:00Z").time_since_epoch().count()) * 1000;
    auto wall = [] { return g_now; };
    auto replica = std::move(Replica::open(*m_store, {HlcClock(wall), IdGenerator(wall, 1)}).value());
    std::ifstream f(FIELDSEAL_TEST_DATA_DIR "/stats/inspections.json");
    const json fixture = json::parse(f);
    auto put = [&](const std::string& id, const std::vector<std::pair<std::string, json>>& fields) {
        ++g_now;
        auto ops = replica->put("inspection", id, fields);
        if (!ops) qFatal("put %s: %s", id.c_str(), ops.error().message.c_str());
    };
    for (const auto& i : fixture["inspections"]) {
        const std::string id = i["id"];
        std::vector<std::pair<std::string, json>> fields = {{"organisation_id", "org-" + id},
                                                            {"template_id", "tpl"},
                                                            {"district", i["district"]},
                                                            {"inspection_type", i["inspection_type"]},
                                                            {"inspectors", {"insp.wang", "insp.li"}}};
        for (const char* optional : {"conclusion", "started_at"})
            if (i.contains(optional)) fields.emplace_back(optional, i[optional]);
        put(id, fields);
        const std::string status = i["status"];
        if (status != "draft") put(id, {{"status", "submitted"}});
        if (status == "approved") put(id, {{"status", "approved"}});
    }
    // Records of other types are not inspections.
    ++g_now;
    QVERIFY(replica
                ->put("organisation", "org-x",
                      {{"uscc", "91310115000000001U"},
                       {"name", "某公司"},
                       {"org_type", "manufacturer"},
                       {"district", "310115"}})
                .ok());
}

void TestStats::totalAndOneDimension() {
    QCOMPARE(table({}).total, std::int64_t{10});
    QCOMPARE(table({}).rows.size(), size_t{1});
    QCOMPARE(countsOf(table(by({Dimension::District}))),
             (Counts{{{"310104"}, 3}, {{"310110"}, 2}, {{"310115"}, 5}}));
    QCOMPARE(countsOf(table(by({Dimension::Outcome}))), (Counts{{{"conforming"}, 4},
                                                                {{"nonconforming"}, 2},
                                                                {{"rectify"}, 1},
                                                                {{"not_inspected"}, 1},
                                                                {{"pending"}, 2}}));
    QCOMPARE(countsOf(table(by({Dimension::Type}))), (Counts{{{"ccc_product"}, 5},
                                                             {{"testing_agency"}, 3},
                                                             {{"organic_product"}, 1},
                                                             {{"management_system"}, 1}}));
    QCOMPARE(countsOf(table(by({Dimension::Status}))),
             (Counts{{{"approved"}, 5}, {{"submitted"}, 3}, {{"draft"}, 2}}));
}

void TestStats::periodsInBeijingTime() {
    StatsQuery months;
    months.groupBy = {Dimension::Period};
    QCOMPARE(
        countsOf(table(months)),
        (Counts{{{"2026-07"}, 1}, {{"2026-10"}, 2}, {{"2026-11"}, 4}, {{"2026-12"}, 2}, {{"2027-01"}, 1}}));
    StatsQuery quarters = by({Dimension::Period}, Period::Quarter);
    QCOMPARE(countsOf(table(quarters)), (Counts{{{"2026-Q3"}, 1}, {{"2026-Q4"}, 8}, {{"2027-Q1"}, 1}}));
    StatsQuery years = by({Dimension::Period}, Period::Year);
    QCOMPARE(countsOf(table(years)), (Counts{{{"2026"}, 9}, {{"2027"}, 1}}));
    QCOMPARE(periodKey(at("2026-06-30T15:59:59Z"), Period::Month), std::string("2026-06"));
    QCOMPARE(periodKey(at("2026-06-30T16:00:00Z"), Period::Quarter), std::string("2026-Q3"));
}

void TestStats::combinedAndFiltered() {
    StatsQuery q = by({Dimension::District, Dimension::Outcome});
    q.districts = {"310115"};
    QCOMPARE(countsOf(table(q)), (Counts{{{"310115", "conforming"}, 2},
                                         {{"310115", "nonconforming"}, 1},
                                         {{"310115", "rectify"}, 1},
                                         {{"310115", "pending"}, 1}}));
    StatsQuery approved = by({Dimension::District});
    approved.approvedOnly = true;
    QCOMPARE(countsOf(table(approved)), (Counts{{{"310104"}, 1}, {{"310110"}, 1}, {{"310115"}, 3}}));
    // November in Beijing time: i3, i4, i5 and i10 (dated by its first op); i8 (1 December,
    // 08:00 Beijing) is outside.
    StatsQuery november = by({Dimension::Type});
    november.from = at("2026-11-01T00:00:00+08:00");
    november.to = at("2026-12-01T00:00:00+08:00");
    const StatsTable t = table(november);
    QCOMPARE(t.total, std::int64_t{4});
    QCOMPARE(countsOf(t), (Counts{{{"testing_agency"}, 2}, {{"organic_product"}, 1}, {{"ccc_product"}, 1}}));
    StatsQuery typeByQuarter = by({Dimension::Type, Dimension::Period}, Period::Quarter);
    typeByQuarter.approvedOnly = true;
    QCOMPARE(countsOf(table(typeByQuarter)), (Counts{{{"ccc_product", "2026-Q4"}, 2},
                                                     {{"testing_agency", "2026-Q4"}, 2},
                                                     {{"management_system", "2026-Q3"}, 1}}));
}

void TestStats::csv() {
    StatsQuery q = by({Dimension::District, Dimension::Status});
    q.approvedOnly = true;
    const std::string csv = statisticsCsv(table(q));
    QCOMPARE(csv, std::string("\xEF\xBB\xBF"
                              "district,status,inspections\r\n"
                              "310104,approved,1\r\n"
                              "310110,approved,1\r\n"
                              "310115,approved,3\r\n"
                              "total,,5\r\n"));
    QCOMPARE(statisticsCsv(table({})), std::string("\xEF\xBB\xBFinspections\r\n10\r\n"));
    QCOMPARE(dimensionFromString("outcome"), std::optional<Dimension>(Dimension::Outcome));
    QVERIFY(!dimensionFromString("colour"));
}

QTEST_APPLESS_MAIN(TestStats)
#include "test_stats.moc"
