// `fieldseal stats` end to end on a store file made through a Replica: inspections by district,
// by outcome and by period with --period and date filters, as JSON and CSV; the overview reading
// a certificate-check report from the device's evidence folder (<db>.blobs) and counting CCC
// exemptions; usage errors (no --db, bad --by, bad date, --to before --from) exit 2.
#include "client/blob_folder.h"
#include "model/rfc3339.h"
#include "store/sqlite_store.h"
#include "sync/replica.h"
#include "support/cli_process.h"

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>

using namespace fieldseal;
using nlohmann::json;
using fieldseal::test::CliRun;
using fieldseal::test::runFieldsealCli;

namespace {

std::uint64_t g_now = 0;

} // namespace

class TestStatsCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_db;

    CliRun stats(QStringList args) {
        return runFieldsealCli(QStringList{"--db", m_db, "stats"} + args);
    }

private slots:
    void initTestCase();
    void inspectionsJson();
    void inspectionsCsvAndFilters();
    void overview();
    void usageErrors();
};

void TestStatsCli::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_db = m_dir.filePath("device.db");
    const std::string db = m_db.toStdString();
    auto store = std::move(SqliteStore::open(db).value());
    QVERIFY(Replica::initialise(*store, {"tab-1", "insp.wang", "310115"}).ok());
    g_now = static_cast<std::uint64_t>(parseRfc3339("2026-11-20T00:00:00Z")->time_since_epoch().count()) * 1000;
    auto wall = [] { return g_now; };
    auto replica = std::move(Replica::open(*store, {HlcClock(wall), IdGenerator(wall, 1)}).value());
    auto put = [&](const std::string& type, const std::string& id, const std::vector<std::pair<std::string, json>>& f) {
        ++g_now;
        auto ops = replica->put(type, id, f);
        if (!ops) qFatal("put %s: %s", id.c_str(), ops.error().message.c_str());
    };
    // i1: 310115, conforming, October; i2: 310115, nonconforming, November; i3: 310104, pending,
    // 1 January 2027 00:30 Beijing time (31 December UTC).
    struct Insp {
        const char *id, *district, *conclusion, *startedAt;
    };
    for (const Insp& i : {Insp{"i1", "310115", "conforming", "2026-10-05T09:00:00+08:00"},
                          Insp{"i2", "310115", "nonconforming", "2026-11-10T09:00:00+08:00"},
                          Insp{"i3", "310104", nullptr, "2026-12-31T16:30:00Z"}}) {
        std::vector<std::pair<std::string, json>> f = {{"organisation_id", "org-1"},
                                                       {"template_id", "tpl"},
                                                       {"district", i.district},
                                                       {"inspection_type", "ccc_product"},
                                                       {"inspectors", {"insp.wang", "insp.li"}},
                                                       {"started_at", i.startedAt}};
        if (i.conclusion) f.emplace_back("conclusion", i.conclusion);
        put("inspection", i.id, f);
    }
    // Two certificate checks: one failed (its report is in the evidence folder), one unread.
    const std::string report = json{{"kind", "certificate_verification"},
                                    {"report", {{"indication", "failed"}}}}.dump();
    const std::string failedSha(64, 'a'), missingSha(64, 'b');
    std::filesystem::create_directories(blobFolderFor(db));
    std::ofstream(std::filesystem::path(blobFolderFor(db)) / failedSha, std::ios::binary) << report;
    for (const auto& [id, sha] : {std::pair{"e1", failedSha}, std::pair{"e2", missingSha}})
        put("evidence", id,
            {{"inspection_id", "i1"}, {"sha256", sha}, {"media_type", "application/json"}, {"size", 10},
             {"captured_at", "2026-11-02T10:00:00+08:00"}, {"device", "tab-1"}, {"inspector", "insp.wang"},
             {"file_name", "certificate-check.json"}, {"district", "310115"}});
    put("ccc_exemption", "x1",
        {{"exhibition", "进博会"}, {"applicant_name", "Example GmbH"}, {"exemption_status", "issued"},
         {"counter_seal", {{"alg", "SM2"}}}, {"district", "310115"}});
    put("ccc_exemption", "x2",
        {{"exhibition", "进博会"}, {"applicant_name", "Other SA"}, {"exemption_status", "draft"}, {"district", "310115"}});
}

void TestStatsCli::inspectionsJson() {
    const CliRun r = stats({"inspections", "--by", "district", "--by", "outcome"});
    QCOMPARE(r.exitCode, 0);
    const json j = json::parse(r.out);
    QCOMPARE(j["total"].get<int>(), 3);
    QCOMPARE(j["columns"], (json{"district", "outcome", "inspections"}));
    QCOMPARE(j["rows"], (json::parse(R"([{"district":"310104","outcome":"pending","inspections":1},
                                         {"district":"310115","outcome":"conforming","inspections":1},
                                         {"district":"310115","outcome":"nonconforming","inspections":1}])")));
    const CliRun total = stats({"inspections"});
    QCOMPARE(total.exitCode, 0);
    QCOMPARE(json::parse(total.out)["total"].get<int>(), 3);
}

void TestStatsCli::inspectionsCsvAndFilters() {
    const CliRun quarters = stats({"inspections", "--by", "period", "--period", "quarter", "--csv"});
    QCOMPARE(quarters.exitCode, 0);
    QCOMPARE(quarters.out, std::string("\xEF\xBB\xBF"
                                       "period,inspections\r\n2026-Q4,2\r\n2027-Q1,1\r\ntotal,3\r\n"));
    // November onwards (dates are midnight Beijing time), in 310115 only: i2.
    const CliRun filtered = stats({"inspections", "--by", "outcome", "--from", "2026-11-01", "--to", "2027-02-01",
                                "--district", "310115", "--csv"});
    QCOMPARE(filtered.exitCode, 0);
    QCOMPARE(filtered.out, std::string("\xEF\xBB\xBF"
                                       "outcome,inspections\r\nnonconforming,1\r\ntotal,1\r\n"));
    // 2027 only: i3, which starts on 31 December UTC but 1 January in Beijing.
    const CliRun year = stats({"inspections", "--by", "period", "--period", "year", "--from", "2027-01-01"});
    QCOMPARE(year.exitCode, 0);
    QCOMPARE(json::parse(year.out)["rows"], (json::parse(R"([{"period":"2027","inspections":1}])")));
}

void TestStatsCli::overview() {
    const CliRun r = stats({"overview"});
    QCOMPARE(r.exitCode, 0);
    const json j = json::parse(r.out);
    QCOMPARE(j["certificate_checks"]["total"], (json{{"checked", 2}, {"failed", 1}, {"unread", 1}}));
    QCOMPARE(j["ccc_exemptions"]["issued"].get<int>(), 1);
    QCOMPARE(j["ccc_exemptions"]["sealed"].get<int>(), 1);
    QCOMPARE(j["ccc_exemptions"]["by_district_period"],
             (json::parse(R"([{"district":"310115","period":"2026-11","issued":1,"sealed":1}])")));
    QCOMPARE(j["conflicts"], (json{{"open", 0}, {"resolved", 0}}));
    // Another (empty) evidence folder: the checks are counted but their reports are unread.
    const CliRun noBlobs = stats({"overview", "--blobs", m_dir.filePath("nowhere"), "--csv"});
    QCOMPARE(noBlobs.exitCode, 0);
    QVERIFY(noBlobs.out.find("certificate_checks,total,,unread,2\r\n") != std::string::npos);
    QVERIFY(noBlobs.out.find("certificate_checks,total,,failed,0\r\n") != std::string::npos);
}

void TestStatsCli::usageErrors() {
    QCOMPARE(runFieldsealCli({"stats", "inspections"}).exitCode, 2); // no --db
    const CliRun badBy = stats({"inspections", "--by", "colour"});
    QCOMPARE(badBy.exitCode, 2);
    QVERIFY(badBy.err.find("--by takes") != std::string::npos);
    QCOMPARE(stats({"inspections", "--from", "yesterday"}).exitCode, 2);
    QCOMPARE(stats({"inspections", "--from", "2026-12-01", "--to", "2026-11-01"}).exitCode, 2);
    QCOMPARE(stats({"overview", "--by", "district"}).exitCode, 2);
    QCOMPARE(stats({"charts"}).exitCode, 2);
    QCOMPARE(runFieldsealCli({"--db", m_dir.filePath("missing.db"), "stats", "overview"}).exitCode, 1);
}

QTEST_APPLESS_MAIN(TestStatsCli)
#include "test_stats_cli.moc"
