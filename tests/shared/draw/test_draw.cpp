// The double-random draw: plan validation messages, reproducibility (and agreement with an
// independent Python implementation written from the README), uniformity of targets and
// inspectors over many fixed seeds (chi-square against fixed critical values), every avoidance
// rule, refusals of too-small populations and pools, seed commitments, tamper detection of a
// published result, the CSV listing, and the sealed result verifying against a trust list.
#include "draw/draw.h"
#include "draw/draw_listing.h"
#include "draw/draw_seal.h"
#include "draw/draw_stream.h"
#include "draw_fixture.h"
#include "seal/canonical_json.h"
#include "seal_test_pki.h"
#include "support/cli_process.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <functional>
#include <map>

using namespace fieldseal;
using namespace fieldseal::draw;
using namespace fieldseal::draw::test;
using nlohmann::json;

Q_DECLARE_METATYPE(fieldseal::seal::Algorithm)

namespace {

// The i-th seed of this file's fixed, reproducible series.
Seed seriesSeed(int i) {
    return draw::test::seriesSeed("fieldseal draw test seed", i);
}

DrawResult drawOf(const DrawPlan& plan, const Seed& seed) {
    auto r = runDraw(plan, seed);
    if (!r) throw std::runtime_error("draw refused: " + r.error().message);
    return std::move(r).value();
}

double chiSquare(const std::map<std::string, int>& counts, int categories, double expected) {
    double chi = 0;
    for (const auto& [k, c] : counts)
        chi += (c - expected) * (c - expected) / expected;
    chi += (categories - static_cast<int>(counts.size())) * expected; // categories never seen
    return chi;
}

} // namespace

class TestDraw : public QObject {
    Q_OBJECT
private slots:
    void planErrors_data();
    void planErrors();
    void reproducible();
    void agreesWithPythonReference();
    void streamIsUnbiased();
    void targetsUniform();
    void inspectorPairsUniform();
    void avoidsPreviousInspectors();
    void avoidsConflictsOfInterest();
    void sameDistrictOnly();
    void filtersByDistrictAndKind();
    void ratioSampleSize();
    void refusesSampleLargerThanPopulation();
    void refusesTooSmallPool();
    void seedCommitmentRevealed();
    void detectsTamperedResult();
    void listingCsv();
    void listingHtml();
    void sealedResultVerifies_data();
    void sealedResultVerifies();
};

void TestDraw::planErrors_data() {
    QTest::addColumn<int>("which");
    QTest::addColumn<QString>("expected");
    const std::vector<std::pair<const char*, const char*>> cases = {
        {"unknown member", "sample_szie: unknown member"},
        {"bad uscc", "organisations[1].uscc"},
        {"duplicate uscc", "already listed at organisations[0]"},
        {"one inspector per task", "at least two officers"},
        {"ratio precision", "at most 4 decimal places"},
        {"size and ratio", "exactly one of size and ratio"},
        {"bad district", "districts[0]"},
        {"bad inspection type", "inspection_type: 'spot' is not one of"},
        {"duplicate inspector", "inspectors[1].id"},
        {"bad commitment", "seed_commitment"},
        {"conflict uscc", "avoidance.conflicts[0].uscc"},
        {"wrong format", "format: must be"},
        {"cap in a /1 plan", "max_tasks_per_inspector: only in \"fieldseal-draw-plan/2\""},
        {"/2 plan without cap", "max_tasks_per_inspector: missing"},
        {"cap of zero", "max_tasks_per_inspector: must be a whole number from 1"},
    };
    for (size_t i = 0; i < cases.size(); ++i)
        QTest::newRow(cases[i].first) << static_cast<int>(i) << QString::fromUtf8(cases[i].second);
}

void TestDraw::planErrors() {
    QFETCH(int, which);
    QFETCH(QString, expected);
    json plan = basicPlan(4, 4, 2);
    switch (which) {
    case 0:
        plan["sample_szie"] = 3;
        break;
    case 1:
        plan["organisations"][1]["uscc"] = "91310115000100001X";
        break;
    case 2:
        plan["organisations"][2]["uscc"] = plan["organisations"][0]["uscc"];
        break;
    case 3:
        plan["inspectors_per_task"] = 1;
        break;
    case 4:
        plan["sample"] = {{"ratio", 0.123456}};
        break;
    case 5:
        plan["sample"] = {{"ratio", 0.5}, {"size", 2}};
        break;
    case 6:
        plan["districts"] = {"999999"};
        break;
    case 7:
        plan["inspection_type"] = "spot";
        break;
    case 8:
        plan["inspectors"][1]["id"] = "insp0";
        break;
    case 9:
        plan["seed_commitment"] = "ABC";
        break;
    case 10:
        plan["avoidance"] = {{"conflicts", {{{"inspector", "insp0"}, {"uscc", "nope"}}}}};
        break;
    case 11:
        plan["format"] = "fieldseal-draw-plan/3";
        break;
    case 12:
        plan["max_tasks_per_inspector"] = 3;
        break;
    case 13:
        plan["format"] = "fieldseal-draw-plan/2";
        break;
    case 14:
        plan["format"] = "fieldseal-draw-plan/2";
        plan["max_tasks_per_inspector"] = 0;
        break;
    }
    const auto r = parseDrawPlan(plan);
    QVERIFY(!r);
    QVERIFY2(QString::fromStdString(r.error().message).contains(expected), r.error().message.c_str());
    QVERIFY(parseDrawPlan(basicPlan(4, 4, 2)).ok());
    QVERIFY(!parseDrawPlanText("{\"format\":"));
}

void TestDraw::reproducible() {
    const DrawPlan plan = planOf(basicPlan(30, 9, 6));
    const json a = drawResultToJson(plan, drawOf(plan, seedOf(kSeedHex)));
    // Same plan text parsed again, seed in upper case: the same bytes.
    const DrawPlan again = planOf(json::parse(basicPlan(30, 9, 6).dump(2)));
    const json b = drawResultToJson(again, drawOf(again, seedOf(QString(kSeedHex).toUpper().toStdString())));
    QCOMPARE(canonicalJson(a), canonicalJson(b));
    QCOMPARE(a["tasks"].size(), size_t{6});
    std::set<std::string> targets;
    for (const auto& t : a["tasks"]) {
        targets.insert(t["uscc"].get<std::string>());
        QCOMPARE(t["inspectors"].size(), size_t{2});
        QVERIFY(t["inspectors"][0]["id"] != t["inspectors"][1]["id"]);
    }
    QCOMPARE(targets.size(), size_t{6}); // without replacement
    // Another seed gives another draw (30 choose 6 orderings: a collision would be a bug).
    QVERIFY(canonicalJson(drawResultToJson(plan, drawOf(plan, seriesSeed(1)))) != canonicalJson(a));
    // Any change to the plan changes the stream, even one that does not change the population.
    json retitled = basicPlan(30, 9, 6);
    retitled["title"] = "另一个计划";
    const DrawPlan other = planOf(retitled);
    QVERIFY(drawOf(other, seedOf(kSeedHex)).planSha256 != drawOf(plan, seedOf(kSeedHex)).planSha256);
}

void TestDraw::agreesWithPythonReference() {
    const QString python = QStandardPaths::findExecutable("python3");
    if (python.isEmpty()) QSKIP("python3 not installed");
    fieldseal::test::CliOptions inOneMinute;
    inOneMinute.timeoutMs = 60000;
    QTemporaryDir dir;
    json doc = basicPlan(25, 7, 5);
    doc["organisations"].push_back(organisation(90, "310104")); // not in the plan's districts
    doc["organisations"].push_back(organisation(91, "310115", "manufacturer"));
    doc["inspectors"].push_back(inspector("王.wang", "310104"));
    doc["inspectors"].push_back(inspector("insp.外区", "310115"));
    doc["sample"] = {{"ratio", 0.2}};
    doc["inspectors_per_task"] = 3;
    doc["avoidance"] = {{"previous_inspectors", {{usccFor(3), {"insp1", "insp2"}}}},
                        {"conflicts", {{{"inspector", "insp4"}, {"uscc", usccFor(5)}, {"reason", "亲属"}}}},
                        {"same_district_only", true}};
    for (int i = 0; i < 5; ++i) {
        const Seed seed = seriesSeed(100 + i);
        doc["seed_commitment"] = seedCommitment(seed);
        const std::string path = dir.filePath("plan.json").toStdString();
        std::ofstream(path) << doc.dump();
        const DrawPlan plan = planOf(doc);
        const DrawResult result = drawOf(plan, seed);
        json mine = json::array();
        for (const auto& t : result.tasks) {
            json ids = json::array();
            for (const auto& p : t.inspectors)
                ids.push_back(p.id);
            mine.push_back({t.organisation.uscc, ids});
        }
        const auto reference = fieldseal::test::runProcess(
            python,
            {QStringLiteral(FIELDSEAL_TEST_DATA_DIR "/../shared/draw/reference_draw.py"),
             QString::fromStdString(path), QString::fromStdString(seed.hex)},
            inOneMinute);
        QVERIFY2(reference.exitCode == 0, reference.err.c_str());
        const json theirs = json::parse(reference.out);
        QCOMPARE(theirs.dump(), mine.dump());
    }
}

void TestDraw::streamIsUnbiased() {
    DrawStream stream(std::string(32, '\x01'));
    // A bound just above 2^63 rejects almost half of all words; results stay below the bound.
    const std::uint64_t big = (std::uint64_t{1} << 63) + 1;
    for (int i = 0; i < 200; ++i)
        QVERIFY(stream.uniform(big) < big);
    QVERIFY(stream.wordsRead() > 250); // rejections happened (expected ~400 words)
    QCOMPARE(stream.uniform(1), std::uint64_t{0});
    // uniform(6) over 6000 draws: chi-square, 5 degrees of freedom, critical value 20.515 (p=0.001).
    std::map<std::string, int> counts;
    for (int i = 0; i < 6000; ++i)
        ++counts[std::to_string(stream.uniform(6))];
    const double chi = chiSquare(counts, 6, 1000.0);
    QVERIFY2(chi < 20.515, QByteArray::number(chi).constData());
    // Stream words come from SHA-256(key || counter): two keys give unrelated streams.
    DrawStream a(std::string(32, 'a')), b(std::string(32, 'b'));
    QVERIFY(a.next64() != b.next64());
}

void TestDraw::targetsUniform() {
    // 20 organisations, 5 drawn, 2000 fixed seeds. The first target is uniform over 20 (df 19,
    // critical value 43.820 at p = 0.001), and each organisation is drawn in 1/4 of the draws
    // (same critical value; the statistic is conservative for sampling without replacement).
    const DrawPlan plan = planOf(basicPlan(20, 6, 5));
    std::map<std::string, int> first, member;
    const int kDraws = 2000;
    for (int i = 0; i < kDraws; ++i) {
        const DrawResult r = drawOf(plan, seriesSeed(i));
        ++first[r.tasks[0].organisation.uscc];
        for (const auto& t : r.tasks)
            ++member[t.organisation.uscc];
    }
    const double chiFirst = chiSquare(first, 20, kDraws / 20.0);
    const double chiMember = chiSquare(member, 20, kDraws * 5 / 20.0);
    qInfo("chi-square first target %.2f, membership %.2f (critical 43.820)", chiFirst, chiMember);
    QVERIFY2(chiFirst < 43.820, QByteArray::number(chiFirst).constData());
    QVERIFY2(chiMember < 43.820, QByteArray::number(chiMember).constData());
}

void TestDraw::inspectorPairsUniform() {
    // 8 inspectors, 2 per task: the pair of task 1 is uniform over the 28 pairs (df 27, critical
    // value 55.476 at p = 0.001).
    const DrawPlan plan = planOf(basicPlan(10, 8, 1));
    std::map<std::string, int> pairs;
    const int kDraws = 2800;
    for (int i = 0; i < kDraws; ++i) {
        const DrawResult r = drawOf(plan, seriesSeed(i));
        auto a = r.tasks[0].inspectors[0].id, b = r.tasks[0].inspectors[1].id;
        QVERIFY(a != b);
        if (b < a) std::swap(a, b);
        ++pairs[a + "+" + b];
    }
    const double chi = chiSquare(pairs, 28, kDraws / 28.0);
    qInfo("chi-square inspector pairs %.2f (critical 55.476)", chi);
    QVERIFY2(chi < 55.476, QByteArray::number(chi).constData());
}

void TestDraw::avoidsPreviousInspectors() {
    json doc = basicPlan(3, 5, 3);
    const std::string target = usccFor(1);
    doc["avoidance"] = {{"previous_inspectors", {{target, {"insp0", "insp1", "insp2"}}}}};
    const DrawPlan plan = planOf(doc);
    std::set<std::string> seenForTarget;
    for (int i = 0; i < 200; ++i) {
        for (const auto& t : drawOf(plan, seriesSeed(i)).tasks) {
            if (t.organisation.uscc != target) continue;
            for (const auto& p : t.inspectors)
                seenForTarget.insert(p.id);
        }
    }
    // Only the two who did not inspect it last time remain, and both are always sent.
    QCOMPARE(seenForTarget, (std::set<std::string>{"insp3", "insp4"}));
}

void TestDraw::avoidsConflictsOfInterest() {
    json doc = basicPlan(4, 4, 4);
    doc["avoidance"] = {{"conflicts",
                         {{{"inspector", "insp2"}, {"uscc", usccFor(0)}, {"reason", "曾在该机构任职"}},
                          {{"inspector", "insp3"}, {"uscc", usccFor(0)}, {"reason", "亲属任职"}},
                          {{"inspector", "insp0"}, {"uscc", usccFor(2)}}}}};
    const DrawPlan plan = planOf(doc);
    QCOMPARE(eligibleInspectors(plan, plan.organisations[0]).size(), size_t{2});
    for (int i = 0; i < 200; ++i) {
        for (const auto& t : drawOf(plan, seriesSeed(i)).tasks) {
            for (const auto& p : t.inspectors) {
                QVERIFY(!(t.organisation.uscc == usccFor(0) && (p.id == "insp2" || p.id == "insp3")));
                QVERIFY(!(t.organisation.uscc == usccFor(2) && p.id == "insp0"));
            }
        }
    }
}

void TestDraw::sameDistrictOnly() {
    json doc = basicPlan(0, 0, 4);
    doc["districts"] = {"310115", "310104"};
    for (int i = 0; i < 3; ++i) {
        doc["organisations"].push_back(organisation(i, "310115"));
        doc["organisations"].push_back(organisation(10 + i, "310104"));
        doc["inspectors"].push_back(inspector("pd" + std::to_string(i), "310115"));
        doc["inspectors"].push_back(inspector("xh" + std::to_string(i), "310104"));
    }
    doc["avoidance"] = {{"same_district_only", true}};
    const DrawPlan plan = planOf(doc);
    for (int i = 0; i < 100; ++i) {
        for (const auto& t : drawOf(plan, seriesSeed(i)).tasks)
            for (const auto& p : t.inspectors)
                QCOMPARE(p.district, t.organisation.district);
    }
    // Without the rule, inspectors cross districts in some draw.
    doc["avoidance"]["same_district_only"] = false;
    const DrawPlan open = planOf(doc);
    bool crossed = false;
    for (int i = 0; i < 100 && !crossed; ++i)
        for (const auto& t : drawOf(open, seriesSeed(i)).tasks)
            for (const auto& p : t.inspectors)
                crossed = crossed || p.district != t.organisation.district;
    QVERIFY(crossed);
}

void TestDraw::filtersByDistrictAndKind() {
    json doc = basicPlan(3, 4, 3);
    doc["organisations"].push_back(organisation(50, "310104"));
    doc["organisations"].push_back(organisation(51, "310115", "manufacturer"));
    const DrawPlan plan = planOf(doc);
    QCOMPARE(eligibleOrganisations(plan).size(), size_t{3});
    const DrawResult r = drawOf(plan, seedOf(kSeedHex));
    QCOMPARE(r.eligibleCount, std::uint64_t{3});
    for (const auto& t : r.tasks) {
        QCOMPARE(t.organisation.district, std::string("310115"));
        QCOMPARE(t.organisation.kind, std::string("testing_agency"));
    }
}

void TestDraw::ratioSampleSize() {
    json doc = basicPlan(41, 4, 1);
    doc["sample"] = {{"ratio", 0.05}}; // 41 * 5% = 2.05 -> 3 (rounded up)
    QCOMPARE(drawOf(planOf(doc), seedOf(kSeedHex)).sampleSize, std::uint64_t{3});
    doc["sample"] = {{"ratio", 0.0525}}; // 41 * 525 / 10000 = 2.1525 -> 3
    QCOMPARE(sampleSizeFor(planOf(doc), 41), std::uint64_t{3});
    doc["sample"] = {{"ratio", 1}};
    QCOMPARE(drawOf(planOf(doc), seedOf(kSeedHex)).sampleSize, std::uint64_t{41});
    doc["sample"] = {{"ratio", 0.1}}; // 40 * 10% = exactly 4
    QCOMPARE(sampleSizeFor(planOf(doc), 40), std::uint64_t{4});
}

void TestDraw::refusesSampleLargerThanPopulation() {
    json doc = basicPlan(3, 4, 5);
    doc["organisations"].push_back(organisation(50, "310104")); // another district does not count
    const auto r = runDraw(planOf(doc), seedOf(kSeedHex));
    QVERIFY(!r);
    QVERIFY2(r.error().message.find("asks for 5 organisations but only 3") != std::string::npos,
             r.error().message.c_str());
    QVERIFY(r.error().message.find("浦东新区 310115") != std::string::npos);
    const auto none = runDraw(planOf(basicPlan(0, 4, 1)), seedOf(kSeedHex));
    QVERIFY(!none);
    QVERIFY(none.error().message.find("no organisation of kind 'testing_agency'") != std::string::npos);
}

void TestDraw::refusesTooSmallPool() {
    // One inspector cannot staff a two-person inspection.
    auto r = runDraw(planOf(basicPlan(5, 1, 2)), seedOf(kSeedHex));
    QVERIFY(!r);
    QVERIFY2(r.error().message.find("inspector pool too small: each task needs 2") != std::string::npos,
             r.error().message.c_str());
    QVERIFY(r.error().message.find("5 eligible organisation(s) have fewer") != std::string::npos);
    // Avoidance shrinks one organisation's pool below two: refused whatever the seed, even for
    // seeds that would not have drawn that organisation, and the message names it.
    json doc = basicPlan(10, 3, 1);
    doc["avoidance"] = {{"conflicts", {{{"inspector", "insp1"}, {"uscc", usccFor(7)}}}},
                        {"previous_inspectors", {{usccFor(7), {"insp2"}}}}};
    const DrawPlan plan = planOf(doc);
    for (int i = 0; i < 20; ++i) {
        r = runDraw(plan, seriesSeed(i));
        QVERIFY(!r);
        QVERIFY(r.error().message.find(usccFor(7)) != std::string::npos);
        QVERIFY(r.error().message.find("has 1") != std::string::npos);
    }
    // checkDrawable (what a server asks before it commits a seed) gives the same refusal, and
    // passes the plans runDraw draws.
    const auto checked = checkDrawable(plan);
    QVERIFY(!checked);
    QCOMPARE(checked.error().message, r.error().message);
    QVERIFY(checkDrawable(planOf(basicPlan(5, 2, 2))).ok());
    // Three per task from a pool of three works; four does not.
    doc = basicPlan(4, 3, 2);
    doc["inspectors_per_task"] = 3;
    QVERIFY(runDraw(planOf(doc), seedOf(kSeedHex)).ok());
    doc["inspectors_per_task"] = 4;
    QVERIFY(!runDraw(planOf(doc), seedOf(kSeedHex)));
}

void TestDraw::seedCommitmentRevealed() {
    const Seed seed = seedOf(kSeedHex);
    QCOMPARE(seedCommitment(seed), seal::sha256Hex(*seal::hexDecode(kSeedHex)));
    QVERIFY(verifySeedReveal(seed, seedCommitment(seed)).ok());
    QVERIFY(!verifySeedReveal(seriesSeed(1), seedCommitment(seed)));
    QVERIFY(!parseSeed("abc"));                 // too short
    QVERIFY(!parseSeed(std::string(32, 'g')));  // not hex
    QVERIFY(!parseSeed(std::string(130, 'a'))); // too long
    QCOMPARE(generateSeed().hex.size(), size_t{64});
    QVERIFY(generateSeed().hex != generateSeed().hex);

    json doc = basicPlan(5, 4, 2);
    doc["seed_commitment"] = seedCommitment(seed);
    const DrawPlan plan = planOf(doc);
    QVERIFY(runDraw(plan, seed).ok());
    const auto wrong = runDraw(plan, seriesSeed(3));
    QVERIFY(!wrong);
    QCOMPARE(wrong.error().code, ErrorCode::Tampered);
    QVERIFY(wrong.error().message.find("does not match the published commitment") != std::string::npos);
}

void TestDraw::detectsTamperedResult() {
    const DrawPlan plan = planOf(basicPlan(12, 6, 3));
    const json result = drawResultToJson(plan, drawOf(plan, seedOf(kSeedHex)));
    QVERIFY(compareDrawResult(result, result).ok());
    QVERIFY(compareDrawResult(json::parse(result.dump(4)), result).ok());

    json swapped = result;
    swapped["tasks"][1]["inspectors"][0]["id"] = "insp-friend";
    auto s = compareDrawResult(swapped, result);
    QVERIFY(!s);
    QVERIFY2(s.error().message.find("task 2") != std::string::npos, s.error().message.c_str());

    json dropped = result;
    dropped["tasks"].erase(dropped["tasks"].begin() + 2);
    QVERIFY(!compareDrawResult(dropped, result));

    json otherSeed = result;
    otherSeed["seed"] = seriesSeed(9).hex;
    s = compareDrawResult(otherSeed, result);
    QVERIFY(!s);
    QVERIFY(s.error().message.find("seed is") != std::string::npos);
}

void TestDraw::listingCsv() {
    json doc = basicPlan(4, 4, 2);
    doc["organisations"][0]["name"] = "上海\"新\"检测, 有限公司";
    doc["sample"] = {{"size", 4}};
    const DrawPlan plan = planOf(doc);
    const DrawResult r = drawOf(plan, seedOf(kSeedHex));
    const std::string csv = drawListingCsv(plan, r);
    QVERIFY(csv.starts_with("\xEF\xBB\xBF序号 number,"));
    QCOMPARE(std::count(csv.begin(), csv.end(), '\n'), 5L);
    QVERIFY(csv.find("\"上海\"\"新\"\"检测, 有限公司\"") != std::string::npos);
    const std::string row1 = "\r\n1," + r.tasks[0].organisation.uscc + ",";
    QVERIFY(csv.find(row1) != std::string::npos);
    QVERIFY(csv.find(r.tasks[0].inspectors[0].name + "、" + r.tasks[0].inspectors[1].name) !=
            std::string::npos);
    QVERIFY(csv.find(",浦东新区,testing_agency,") != std::string::npos);
}

void TestDraw::listingHtml() {
    json doc = basicPlan(3, 4, 3);
    doc["organisations"][1]["name"] = "<script>alert('x')</script> & 公司";
    doc["title"] = "抽查 <b>";
    const DrawPlan plan = planOf(doc);
    const DrawResult r = drawOf(plan, seedOf(kSeedHex));
    const std::string page = drawListingHtml(plan, r);
    QVERIFY(page.starts_with("<!DOCTYPE html>"));
    QVERIFY(page.find("<script>") == std::string::npos); // every text escaped
    QVERIFY(page.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; 公司") != std::string::npos);
    QVERIFY(page.find("<title>抽查 &lt;b&gt;</title>") != std::string::npos);
    QVERIFY(page.find(r.seedSha256) != std::string::npos);
    QVERIFY(page.find(r.planSha256) != std::string::npos);
    size_t rows = 0;
    for (size_t pos = 0; (pos = page.find("<tr><td>", pos)) != std::string::npos; ++pos)
        ++rows;
    QCOMPARE(rows, size_t{3});
    QVERIFY(page.find("<tr><td>1</td><td>" + r.tasks[0].organisation.uscc + "</td>") != std::string::npos);
}

void TestDraw::sealedResultVerifies_data() {
    QTest::addColumn<seal::Algorithm>("alg");
    QTest::newRow("ES256") << seal::Algorithm::Es256;
    QTest::newRow("SM2-SM3") << seal::Algorithm::Sm2Sm3;
}

void TestDraw::sealedResultVerifies() {
    QFETCH(seal::Algorithm, alg);
    seal::test::TestPki pki(alg);
    auto store = pki.store();
    const DrawPlan plan = planOf(basicPlan(8, 5, 3));
    const json result = drawResultToJson(plan, drawOf(plan, seedOf(kSeedHex)));
    auto env = sealDrawResult(pki.sealerFor(pki.signer), result, pki.t0);
    QVERIFY(env.ok());
    const auto report = store->verify(*env, pki.t0);
    QCOMPARE(report.indication, seal::Indication::Passed);
    QCOMPARE(report.seal->id, std::string("fieldseal-draw-result"));
    // The envelope's payload is the result: re-running the draw checks it as it stands.
    QVERIFY(compareDrawResult(*env, result).ok());
    // A changed assignment breaks the seal, and the re-run names the task.
    json forged = *env;
    forged["payload"]["tasks"][0]["inspectors"][0]["id"] = "insp-friend";
    QCOMPARE(store->verify(forged, pki.t0).indication, seal::Indication::Failed);
    QVERIFY(!compareDrawResult(forged, result));
    // Only draw results are sealed as draw results.
    QVERIFY(!sealDrawResult(pki.sealerFor(pki.signer), json{{"format", "other"}}, pki.t0));
}

QTEST_APPLESS_MAIN(TestDraw)
#include "test_draw.moc"
