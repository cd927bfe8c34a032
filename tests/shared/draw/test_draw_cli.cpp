// `fieldseal draw` end to end: seed and commitment, run with the JSON result, the CSV listing
// and a sealed envelope, verify printing the same result, verify accepting the published result
// (plain or sealed) and refusing a doctored one or a wrong seed with exit 3, and plan errors;
// capped fieldseal-draw/2 plans (run, verify, the capacity refusal) and the fixed /1 vector.
#include "draw_fixture.h"
#include "support/cli_process.h"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <map>

using namespace fieldseal::draw::test;
using nlohmann::json;
using fieldseal::test::CliRun;
using fieldseal::test::runFieldsealCli;

namespace {

void writeJson(const QString& path, const json& doc) {
    std::ofstream(path.toStdString()) << doc.dump(2);
}

std::string readText(const QString& path) {
    std::ifstream f(path.toStdString(), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
}

} // namespace

class TestDrawCli : public QObject {
    Q_OBJECT
private slots:
    void runAndVerify();
    void sealedResult();
    void refusals();
    void cappedDrawAndV1Vector();
};

void TestDrawCli::runAndVerify() {
    QTemporaryDir dir;
    const CliRun seed = runFieldsealCli({"draw", "seed"});
    QCOMPARE(seed.exitCode, 0);
    const json s = json::parse(seed.out);
    const QString seedHex = QString::fromStdString(s["seed"].get<std::string>());
    const CliRun commit = runFieldsealCli({"draw", "commit", seedHex});
    QCOMPARE(commit.exitCode, 0);
    QCOMPARE(commit.out, s["seed_sha256"].get<std::string>() + "\n");

    json plan = basicPlan(12, 5, 4);
    plan["seed_commitment"] = s["seed_sha256"];
    const QString planPath = dir.filePath("plan.json");
    writeJson(planPath, plan);
    const CliRun run = runFieldsealCli({"draw", "run", planPath, seedHex, "--csv", dir.filePath("listing.csv"),
                                  "--html", dir.filePath("listing.html")});
    QVERIFY2(run.exitCode == 0, run.err.c_str());
    const json result = json::parse(run.out);
    QCOMPARE(result["tasks"].size(), size_t{4});
    QVERIFY(run.err.find("4 of 12 organisations drawn") != std::string::npos);
    const std::string csv = readText(dir.filePath("listing.csv"));
    QCOMPARE(std::count(csv.begin(), csv.end(), '\n'), 5L);
    QVERIFY(readText(dir.filePath("listing.html")).find(result["seed_sha256"].get<std::string>()) !=
            std::string::npos);

    // verify without a result prints the same result, byte for byte.
    const CliRun again = runFieldsealCli({"draw", "verify", planPath, seedHex});
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(again.out, run.out);

    const QString resultPath = dir.filePath("result.json");
    writeJson(resultPath, result);
    const CliRun ok = runFieldsealCli({"draw", "verify", planPath, seedHex, resultPath});
    QVERIFY2(ok.exitCode == 0, ok.err.c_str());
    QVERIFY(ok.out.starts_with("ok: "));

    json doctored = result;
    std::swap(doctored["tasks"][0], doctored["tasks"][1]);
    writeJson(resultPath, doctored);
    const CliRun bad = runFieldsealCli({"draw", "verify", planPath, seedHex, resultPath});
    QCOMPARE(bad.exitCode, 3);
    QVERIFY2(bad.err.find("task 1") != std::string::npos, bad.err.c_str());

    // A seed other than the committed one is refused by run and verify alike.
    const QString otherSeed = QString::fromStdString(json::parse(runFieldsealCli({"draw", "seed"}).out)["seed"]);
    QCOMPARE(runFieldsealCli({"draw", "verify", planPath, otherSeed}).exitCode, 3);
    const CliRun wrong = runFieldsealCli({"draw", "run", planPath, otherSeed});
    QCOMPARE(wrong.exitCode, 3);
    QVERIFY(wrong.err.find("does not match the published commitment") != std::string::npos);
}

void TestDrawCli::sealedResult() {
    QTemporaryDir dir;
    const QString auth = dir.filePath("authority");
    const CliRun init = runFieldsealCli({"authority", "init", "--dir", auth, "--alg", "p256"});
    QVERIFY2(init.exitCode == 0, init.err.c_str());
    // authority.h: signer.{key,pem} is the authority's seal, chain.pem its intermediate.
    QDir a(auth);
    const QString key = a.filePath("signer.key"), cert = a.filePath("signer.pem");
    const QString planPath = dir.filePath("plan.json");
    writeJson(planPath, basicPlan(6, 4, 2));
    const QString envPath = dir.filePath("sealed.json");
    const CliRun run = runFieldsealCli({"draw", "run", planPath, kSeedHex, "--seal", key, cert, "--chain",
                                  a.filePath("chain.pem"), "--out", envPath});
    QVERIFY2(run.exitCode == 0, run.err.c_str());
    const json env = json::parse(readText(envPath));
    QCOMPARE(env["format"].get<std::string>(), std::string("fieldseal-sealed/1"));
    QCOMPARE(env["payload"]["format"].get<std::string>(), std::string("fieldseal-draw-result/1"));

    const CliRun verified = runFieldsealCli({"seal", "verify", "--trust", a.filePath("trust-list.json"), "--root",
                                       a.filePath("root.pem"), "--in", envPath});
    QVERIFY2(verified.exitCode == 0, (verified.out + verified.err).c_str());
    QCOMPARE(runFieldsealCli({"draw", "verify", planPath, kSeedHex, envPath}).exitCode, 0);
}

void TestDrawCli::refusals() {
    QTemporaryDir dir;
    const QString planPath = dir.filePath("plan.json");
    writeJson(planPath, basicPlan(3, 1, 2));
    const CliRun small = runFieldsealCli({"draw", "run", planPath, kSeedHex});
    QCOMPARE(small.exitCode, 1);
    QVERIFY2(small.err.find("inspector pool too small") != std::string::npos, small.err.c_str());
    QVERIFY(small.out.empty());

    json plan = basicPlan(3, 4, 2);
    plan["sample"] = {{"size", 0}};
    writeJson(planPath, plan);
    const CliRun zero = runFieldsealCli({"draw", "run", planPath, kSeedHex});
    QCOMPARE(zero.exitCode, 1);
    QVERIFY(zero.err.find("sample.size") != std::string::npos);

    writeJson(planPath, basicPlan(3, 4, 2));
    QCOMPARE(runFieldsealCli({"draw", "run", planPath, "xyz"}).exitCode, 2); // a seed must be hex
    QCOMPARE(runFieldsealCli({"draw", "frobnicate"}).exitCode, 2);
    QCOMPARE(runFieldsealCli({"draw", "run", dir.filePath("missing.json"), kSeedHex}).exitCode, 1);
}

void TestDrawCli::cappedDrawAndV1Vector() {
    QTemporaryDir dir;
    const QString planPath = dir.filePath("plan.json");
    json plan = basicPlan(12, 5, 5);
    plan["format"] = "fieldseal-draw-plan/2";
    plan["max_tasks_per_inspector"] = 2;
    writeJson(planPath, plan);
    const CliRun run = runFieldsealCli({"draw", "run", planPath, kSeedHex, "--html", dir.filePath("l.html")});
    QVERIFY2(run.exitCode == 0, run.err.c_str());
    const json result = json::parse(run.out);
    QCOMPARE(result["algorithm"].get<std::string>(), std::string("fieldseal-draw/2"));
    QCOMPARE(result["max_tasks_per_inspector"].get<int>(), 2);
    std::map<std::string, int> load;
    for (const auto& t : result["tasks"])
        for (const auto& p : t["inspectors"])
            QVERIFY(++load[p["id"].get<std::string>()] <= 2);
    QVERIFY(readText(dir.filePath("l.html")).find("fieldseal-draw/2") != std::string::npos);
    const QString resultPath = dir.filePath("result.json");
    writeJson(resultPath, result);
    QCOMPARE(runFieldsealCli({"draw", "verify", planPath, kSeedHex, resultPath}).exitCode, 0);
    json doctored = result;
    doctored["max_tasks_per_inspector"] = 3;
    writeJson(resultPath, doctored);
    QCOMPARE(runFieldsealCli({"draw", "verify", planPath, kSeedHex, resultPath}).exitCode, 3);

    // 6 tasks x 2 = 12 > 5 inspectors x 2: refused (exit 1), saying what to change.
    plan["sample"] = {{"size", 6}};
    writeJson(planPath, plan);
    const CliRun refused = runFieldsealCli({"draw", "run", planPath, kSeedHex});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.find("inspector capacity too small") != std::string::npos, refused.err.c_str());
    QVERIFY(refused.err.find("Raise max_tasks_per_inspector to 3") != std::string::npos);

    // A result published with fieldseal-draw/1 still verifies (exit 0), and a changed one does not.
    const QString vectors = QStringLiteral(FIELDSEAL_TEST_DATA_DIR "/../shared/draw/vectors/");
    const QString v1Seed = QStringLiteral("00112233445566778899aabbccddeeff0123456789abcdef0123456789abcdef");
    const CliRun v1 = runFieldsealCli({"draw", "verify", vectors + "v1_plan.json", v1Seed, vectors + "v1_result.json"});
    QVERIFY2(v1.exitCode == 0, v1.err.c_str());
    json v1Result = json::parse(readText(vectors + "v1_result.json"));
    v1Result["tasks"][0]["inspectors"][0]["id"] = "insp6";
    writeJson(resultPath, v1Result);
    QCOMPARE(runFieldsealCli({"draw", "verify", vectors + "v1_plan.json", v1Seed, resultPath}).exitCode, 3);
}

QTEST_APPLESS_MAIN(TestDrawCli)
#include "test_draw_cli.moc"
