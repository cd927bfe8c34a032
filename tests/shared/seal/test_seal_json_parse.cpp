// The fast JSON path of parseJsonText against nlohmann::json::parse, the reference: whatever the
// fast path accepts, nlohmann accepts with the same value (it may give up on more, then nlohmann
// decides). Checked on the fuzz seed corpus, hand-made edge cases and many seeded mutations of a
// real envelope; and the fast path must really take the envelopes a device receives.
#include "json_mutation.h"
#include "seal/envelope.h"
#include "seal/json_fast_parse.h"

#include <QDir>
#include <QFile>
#include <QTest>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

using namespace fieldseal::seal;
using fieldseal::seal::test::mutateJson;
using nlohmann::json;

// Declared before the test data: moc's tokenizer loses its way in some of the literals below.
class TestSealJsonParse : public QObject {
    Q_OBJECT
private slots:
    void takesRealEnvelopes();
    void edgeCasesAgree_data();
    void edgeCasesAgree();
    void seedCorpusAgrees();
    void mutationsAgree();
};

namespace {

// Same type and value, recursively (json's == treats 1 and 1u and 1.0 alike; the dump differs).
bool identical(const json& a, const json& b) {
    return a.type() == b.type() && a == b && a.dump() == b.dump();
}

// Returns an empty string when the fast path agrees with nlohmann on `text`, else what differs.
std::string disagreement(const std::string& text) {
    const auto fast = parseJsonFast(text, kMaxJsonDepth);
    if (!fast) return {};
    const json reference = json::parse(text, nullptr, false);
    if (reference.is_discarded()) return "fast path accepted what nlohmann rejects";
    if (!identical(*fast, reference)) return "values differ: " + fast->dump() + " vs " + reference.dump();
    return {};
}

const char* kEnvelope =
    R"({"alg":"ES256","chain":["MIIBszCCAVmgAwIBAgIUJ0s4j1xvR8y+/w==","MIIB"],"format":"fieldseal-sealed/1",)"
    R"("kid":"0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",)"
    R"("payload":{"holder":"上海某电器有限公司","items":[{"n":1,"ok":true,"v":-2.5e-3},null,false],)"
    R"("number":"CCC-2026-0001","esc":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00\u0000"},)"
    R"("seal":{"id":"SEAL-1","image_sha256":"ab","name":"专用章"},"signed_at":"2026-11-25T08:00:00Z",)"
    R"("signature":"MEUCIQD="})";

} // namespace

void TestSealJsonParse::takesRealEnvelopes() {
    const auto fast = parseJsonFast(kEnvelope, kMaxJsonDepth);
    QVERIFY(fast.has_value());
    QVERIFY(identical(*fast, json::parse(kEnvelope)));
    const auto viaText = parseJsonText(kEnvelope);
    QVERIFY(viaText.ok());
    QCOMPARE((*viaText)["payload"]["esc"].get<std::string>(),
             std::string("a\"b\\c/d\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80") + std::string(1, '\0'));
    // Types as nlohmann gives them.
    QVERIFY((*fast)["payload"]["items"][0]["n"].is_number_unsigned());
    QVERIFY((*fast)["payload"]["items"][0]["v"].is_number_float());
    QVERIFY(parseJsonFast("-3", kMaxJsonDepth)->is_number_integer());
    QVERIFY(parseJsonFast("-0", kMaxJsonDepth)->is_number_integer());
    QVERIFY(parseJsonFast("18446744073709551615", kMaxJsonDepth)->is_number_unsigned());
    // A repeated key keeps the last value, as in nlohmann.
    QVERIFY((*parseJsonFast(R"({"a":1,"a":{"b":2}})", kMaxJsonDepth))["a"] == (json{{"b", 2}}));
    // Nesting up to the limit is taken; one level more is left to parseJsonText's refusal.
    const std::string deepest = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
    QVERIFY(parseJsonFast(deepest, kMaxJsonDepth).has_value());
    const std::string tooDeep = "[" + deepest + "]";
    QVERIFY(!parseJsonFast(tooDeep, kMaxJsonDepth).has_value());
    const auto refused = parseJsonText(tooDeep);
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().message.find("nested deeper") != std::string::npos);
}

void TestSealJsonParse::edgeCasesAgree_data() {
    QTest::addColumn<QByteArray>("text");
    const char* cases[] = {
        "",
        " ",
        "{",
        "}",
        "[",
        "[1,]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{a:1}",
        "[1 2]",
        "01",
        "-",
        "-01",
        "1.",
        ".5",
        "1e",
        "1e+",
        "1E-2",
        "+1",
        "0x10",
        "NaN",
        "Infinity",
        "-Infinity",
        "1e999",
        "-1e999",
        "1e-400",
        "123456789012345678901234567890",
        "-9223372036854775808",
        "-9223372036854775809",
        "18446744073709551616",
        "3.141592653589793238462643383279",
        "tru",
        "truee",
        "nul",
        "null x",
        "\"abc",
        "\"a\\x\"",
        "\"a\\u12\"",
        "\"a\\u12G4\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\\ud800\\u0041\"",
        "\"\\ud83d\\ude00\"",
        "\"\t\"",
        "\"\x01\"",
        "\"\x7f\"",
        "\"\xc3\xa9\"",
        "\"\xc3\"",
        "\"\xc0\xaf\"",
        "\"\xe0\x80\xaf\"",
        "\"\xed\xa0\x80\"",
        "\"\xf4\x90\x80\x80\"",
        "\"\xf0\x9f\x98\x80\"",
        "\"\xff\"",
        "\xef\xbb\xbf{}",
        "{}\x00",
        " [ ] ",
        "[[[]]]",
        "{\"\":\"\"}",
        "\"\\/\"",
        "[-0.0]",
        "[1E400]",
    };
    for (const char* c : cases)
        QTest::newRow(QByteArray(c).toHex().left(40).constData())
            << QByteArray(c, static_cast<int>(strlen(c)));
    QTest::newRow("nul-inside") << QByteArray("\"a\0b\"", 5);
    QTest::newRow("nul-after") << QByteArray("{}\0", 3);
}
void TestSealJsonParse::edgeCasesAgree() {
    QFETCH(QByteArray, text);
    const std::string s(text.constData(), static_cast<std::size_t>(text.size()));
    const auto why = disagreement(s);
    QVERIFY2(why.empty(), why.c_str());
}

void TestSealJsonParse::seedCorpusAgrees() {
    int files = 0;
    for (const char* dir : {"/seal-corpus/envelope", "/seal-corpus/qr"}) {
        QDir d(QString(FIELDSEAL_TEST_DATA_DIR) + dir);
        for (const auto& name : d.entryList(QDir::Files)) {
            QFile f(d.filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            const auto why =
                disagreement(std::string(bytes.constData(), static_cast<std::size_t>(bytes.size())));
            QVERIFY2(why.empty(), (name.toStdString() + ": " + why).c_str());
            ++files;
        }
    }
    QVERIFY(files > 5);
}

// Seeded mutations of a real envelope: byte changes to JSON's special characters, deletions,
// insertions and truncations. The seed is printed on failure.
void TestSealJsonParse::mutationsAgree() {
    const std::string base = kEnvelope;
    const char special[] = {'"', '\\', '{', '}', '[',    ']',    ',',    ':',    ' ',    '0', '-',
                            '.', 'e',  'u', 'n', '\x01', '\xc3', '\xa9', '\xed', '\xff', '/', 't'};
    std::mt19937 rng(20261126);
    int accepted = 0;
    for (int round = 0; round < 20000; ++round) {
        const std::string s = mutateJson(base, rng, special);
        const auto why = disagreement(s);
        QVERIFY2(why.empty(),
                 ("round " + std::to_string(round) + " (seed 20261126): " + why + "\n" + s).c_str());
        if (parseJsonFast(s, kMaxJsonDepth)) ++accepted;
    }
    QVERIFY(accepted > 100); // the mutations reach the accepting side too
}

QTEST_APPLESS_MAIN(TestSealJsonParse)
#include "test_seal_json_parse.moc"
