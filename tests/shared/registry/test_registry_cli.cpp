// `fieldseal registry` end to end on the fixtures: import with the per-line report and exit 3
// for rejected rows, the rejected-rows CSV, dry runs, search with text and filters (plain and
// JSON), show, and the population of a draw plan that `fieldseal draw run` accepts.
#include "support/cli_process.h"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

using nlohmann::json;
using fieldseal::test::CliRun;
using fieldseal::test::runFieldsealCli;

namespace {

QString fixture(const char* name) {
    return QStringLiteral(FIELDSEAL_TEST_DATA_DIR "/registry/") + name;
}

std::string readText(const QString& path) {
    std::ifstream f(path.toStdString(), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
}

} // namespace

class TestRegistryCli : public QObject {
    Q_OBJECT
private slots:
    void importAndSearch();
    void populationFeedsADraw();
    void usageErrors();
};

void TestRegistryCli::importAndSearch() {
    QTemporaryDir dir;
    const QString db = dir.filePath("device.db");
    CliRun r = runFieldsealCli({"--db", db, "registry", "import", fixture("organisations.csv")});
    QVERIFY2(r.exitCode == 0, r.err.c_str());
    QVERIFY(r.out.find("organisations: 7 rows, 7 new, 0 updated, 0 unchanged, 0 removed, 0 rejected") !=
            std::string::npos);

    const QString dryDb = dir.filePath("dry.db");
    r = runFieldsealCli({"--db", dryDb, "registry", "import", fixture("organisations.csv"), "--dry-run"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.find("dry run, nothing stored") != std::string::npos);
    QCOMPARE(runFieldsealCli({"--db", dryDb, "registry", "search", "--count"}).out, std::string("0\n"));

    const QString report = dir.filePath("rejected.csv");
    r = runFieldsealCli(
        {"--db", db, "registry", "import", fixture("organisations_bad.csv"), "--rejected", report});
    QCOMPARE(r.exitCode, 3);
    QVERIFY(r.out.find("11 rows, 1 new, 1 updated, 0 unchanged, 0 removed, 9 rejected") != std::string::npos);
    QVERIFY(r.out.find("  line 4: district '999999' is not a known district") != std::string::npos);
    QVERIFY(r.out.find("  line 7: duplicate: 91310115000000007E already on line 2") != std::string::npos);
    const std::string csv = readText(report);
    QCOMPARE(std::count(csv.begin(), csv.end(), '\n'), 10L); // header + 9 rows

    r = runFieldsealCli({"--db", db, "registry", "import", fixture("scope.csv")});
    QVERIFY2(r.exitCode == 0, r.err.c_str());
    QVERIFY(r.out.find("CMA scope lines: 8 rows, 8 new") != std::string::npos);

    r = runFieldsealCli({"--db", db, "registry", "search", "水泥", "--district", "杨浦区"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, std::string("913101100000000089\t310110\ttesting_agency\t上海杨浦建材检测有限公司\n"));
    r = runFieldsealCli({"--db", db, "registry", "search", "--field", "食品", "--product", "大米", "--kind",
                      "检验检测机构", "--json"});
    QCOMPARE(r.exitCode, 0);
    const json hits = json::parse(r.out)["hits"];
    QCOMPARE(hits.size(), size_t{2});
    QCOMPARE(hits[0]["name"].get<std::string>(), std::string("上海浦江检测技术有限公司"));
    r = runFieldsealCli({"--db", db, "registry", "search", "testing", "--limit", "1"});
    QCOMPARE(r.out,
             std::string("91310115000000002Y\t310115\ttesting_agency\tShanghai Pudong Testing Co. Ltd\n"));
    QCOMPARE(runFieldsealCli({"--db", db, "registry", "search", "有限公司", "--count"}).out, std::string("7\n"));

    r = runFieldsealCli({"--db", db, "registry", "show", "91310115000000001U"});
    QCOMPARE(r.exitCode, 0);
    const json shown = json::parse(r.out);
    QCOMPARE(shown["scope"].size(), size_t{3});
    QCOMPARE(shown["scope"][0]["standard"].get<std::string>(), std::string("GB/T 17671-2021"));

    // A deregistered organisation (status 注销) leaves the registry, and the summary says so.
    const QString deregistered = dir.filePath("deregistered.csv");
    {
        QFile f(deregistered);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("uscc,name,kind,district,status\n"
                "913101100000000089,上海杨浦建材检测有限公司,testing_agency,310110,注销\n");
    }
    r = runFieldsealCli({"--db", db, "registry", "import", deregistered});
    QVERIFY2(r.exitCode == 0, r.err.c_str());
    QVERIFY2(r.out.find("organisations: 1 rows, 0 new, 0 updated, 0 unchanged, 1 removed, 0 rejected") !=
                 std::string::npos,
             r.out.c_str());
    QCOMPARE(runFieldsealCli({"--db", db, "registry", "search", "913101100000000089", "--count"}).out,
             std::string("0\n"));
}

void TestRegistryCli::populationFeedsADraw() {
    QTemporaryDir dir;
    const QString db = dir.filePath("registry.db");
    QCOMPARE(runFieldsealCli({"--db", db, "registry", "import", fixture("organisations.csv")}).exitCode, 0);
    const CliRun pop = runFieldsealCli({"--db", db, "registry", "population", "--district", "310115", "--district",
                                  "310110", "--kind", "testing_agency"});
    QVERIFY2(pop.exitCode == 0, pop.err.c_str());
    const json orgs = json::parse(pop.out);
    QCOMPARE(orgs.size(), size_t{3});
    json plan = {{"format", "fieldseal-draw-plan/1"},
                 {"plan_id", "P1"},
                 {"inspection_type", "testing_agency"},
                 {"template_id", "cma-agency-v1"},
                 {"due_date", "2026-12-31"},
                 {"districts", {"310115", "310110"}},
                 {"organisation_kind", "testing_agency"},
                 {"sample", {{"size", 2}}},
                 {"organisations", orgs},
                 {"inspectors",
                  {{{"id", "a"}, {"name", "甲"}, {"district", "310115"}},
                   {{"id", "b"}, {"name", "乙"}, {"district", "310115"}},
                   {{"id", "c"}, {"name", "丙"}, {"district", "310110"}}}}};
    const QString planPath = dir.filePath("plan.json");
    std::ofstream(planPath.toStdString()) << plan.dump();
    const CliRun draw = runFieldsealCli({"draw", "run", planPath, "00112233445566778899aabbccddeeff"});
    QVERIFY2(draw.exitCode == 0, draw.err.c_str());
    QCOMPARE(json::parse(draw.out)["tasks"].size(), size_t{2});
}

void TestRegistryCli::usageErrors() {
    QTemporaryDir dir;
    const QString db = dir.filePath("registry.db");
    QCOMPARE(runFieldsealCli({"registry", "search", "x"}).exitCode, 2); // no --db
    QCOMPARE(runFieldsealCli({"--db", db, "registry", "import"}).exitCode, 2);
    QCOMPARE(runFieldsealCli({"--db", db, "registry", "import", dir.filePath("missing.csv")}).exitCode, 1);
    const QString badHeader = dir.filePath("bad.csv");
    std::ofstream(badHeader.toStdString()) << "uscc,name,kind,distirct\n";
    const CliRun r = runFieldsealCli({"--db", db, "registry", "import", badHeader});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.find("unknown column 'distirct'") != std::string::npos);
    QCOMPARE(runFieldsealCli({"--db", db, "registry", "search", "--district", "火星"}).exitCode, 2);
    QCOMPARE(runFieldsealCli({"--db", db, "registry", "search", "--limit", "abc"}).exitCode, 2);
    QCOMPARE(runFieldsealCli({"--db", db, "registry", "frobnicate"}).exitCode, 2);
}

QTEST_APPLESS_MAIN(TestRegistryCli)
#include "test_registry_cli.moc"
