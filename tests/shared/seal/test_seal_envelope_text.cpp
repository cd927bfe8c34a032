// The text fast path of verifyText (readEnvelopeText) against the document path, the reference:
// whatever it accepts, viewEnvelope(parseJsonText(text)) accepts with the same members and the same
// signed bytes (it may give up on more, then the document path decides). Checked on hand-made
// cases (member order, UTF-16 order of names, escapes, numbers), the seed corpus and seeded
// mutations; and verifyText must give the report verify gives for the parsed document.
#include "json_mutation.h"
#include "seal/canonical_json.h"
#include "seal/envelope_text.h"
#include "seal_test_pki.h"

#include <QDir>
#include <QFile>
#include <QTest>
#include <random>

using namespace fieldseal;
using namespace fieldseal::seal;
using namespace fieldseal::seal::test;
using nlohmann::json;

class TestSealEnvelopeText : public QObject {
    Q_OBJECT
private slots:
    void takesRealEnvelopes();
    void payloadsCanonicalAsDocuments_data();
    void payloadsCanonicalAsDocuments();
    void givesUpOnWhatTheDocumentPathMustJudge();
    void seedCorpusAgrees();
    void mutationsAgree();
    void reportsAgreeWithDocumentPath();
};

namespace {

const std::string kKid(64, 'a');
const std::string kImage(64, 'b');

std::string envelopeWithPayload(const std::string& payloadText) {
    return R"({"alg":"ES256","chain":["MIIB","AAAA"],"format":"fieldseal-sealed/1","kid":")" + kKid +
           R"(","payload":)" + payloadText + R"(,"seal":{"id":"SEAL-1","image_sha256":")" + kImage +
           R"(","name":"专用章"},"signed_at":"2026-11-25T08:00:00Z","signature":"MEUCIQA="})";
}

// Empty when the fast path agrees with the document path on `text` (or gives up), else what differs.
std::string disagreement(const std::string& text) {
    const auto fast = readEnvelopeText(text);
    if (!fast) return {};
    const auto doc = parseJsonText(text);
    if (!doc) return "fast path accepted text the document path cannot parse";
    const auto view = viewEnvelope(*doc);
    if (!view) return "fast path accepted an envelope viewEnvelope refuses: " + view.error().message;
    if (fast->alg != view->alg || fast->kid != *view->kid || fast->seal.id != view->seal.id ||
        fast->seal.name != view->seal.name || fast->seal.imageSha256 != view->seal.imageSha256 ||
        fast->signedAtText != *view->signedAtText || fast->signedAt != view->signedAt ||
        fast->signature != view->signature)
        return "members differ";
    if (fast->chain.has_value() != (view->chain != nullptr)) return "chain presence differs";
    if (fast->chain && json(*fast->chain) != *view->chain) return "chain differs";
    std::string reference;
    try {
        reference = signedBytes(*view);
    } catch (const std::invalid_argument&) {
        return "fast path wrote signed bytes for a payload without canonical form";
    }
    if (fast->signedBytes != reference)
        return "signed bytes differ:\n" + fast->signedBytes + "\n" + reference;
    return {};
}

} // namespace

void TestSealEnvelopeText::takesRealEnvelopes() {
    TestPki pki(Algorithm::Es256);
    const auto env =
        must(pki.sealerFor(pki.signer).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
    auto noChain = env;
    noChain.erase("chain");
    for (const std::string& text : {env.dump(), env.dump(2), noChain.dump(), "\n " + env.dump() + " \n"}) {
        QVERIFY(readEnvelopeText(text).has_value());
        const auto why = disagreement(text);
        QVERIFY2(why.empty(), why.c_str());
    }
    QVERIFY(readEnvelopeText(env.dump())->chain.has_value());
    QVERIFY(!readEnvelopeText(noChain.dump())->chain.has_value());
}

void TestSealEnvelopeText::payloadsCanonicalAsDocuments_data() {
    QTest::addColumn<QString>("payload");
    const char* cases[] = {
        R"({})",
        R"({"b":1,"a":2})",                                  // out of order
        R"({"a":{"z":[],"y":{}},"a2":[{"d":1,"c":2}]})",     // nested, out of order inside
        R"({"\u00e9":1,"e":2,"\u0065\u0301":3})",            // escaped names
        R"({"\ue000":1,"\ud83d\ude00":2,"\uffff":3,"a":4})", // U+1F600 sorts before U+E000 in UTF-16
        "{\"\xf0\x9f\x98\x80\":1,\"\xee\x80\x80\":2}",       // the same unescaped
        "{\"\xf0\x9f\x98\x80\":1,\"\xf0\x9f\x98\x81\":2,\"\xf0\x9f\x98\x80x\":3}",
        R"({"n":[0,-0,1,-1,1.0,1e2,1E-7,123456789012345678,9007199254740993,18446744073709551615,-9223372036854775808,0.1,2.5e-3,1e21,1e-6,5e-324]})",
        R"({"s":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00\u0000\u001f\u007f"})",
        "{\"s\":\"\x7f\xc3\xa9\xe4\xb8\x93\"}",
        R"({"t":true,"f":false,"z":null,"e":"","arr":[[],[[]],{}]})",
        " { \"sp\" : [ 1 , 2 ] , \"a\" : \"x\" } ",
    };
    for (const char* c : cases)
        QTest::newRow(c) << QString::fromUtf8(c);
}

void TestSealEnvelopeText::payloadsCanonicalAsDocuments() {
    QFETCH(QString, payload);
    const std::string text = envelopeWithPayload(payload.toStdString());
    QVERIFY2(readEnvelopeText(text).has_value(), text.c_str());
    const auto why = disagreement(text);
    QVERIFY2(why.empty(), why.c_str());
}

void TestSealEnvelopeText::givesUpOnWhatTheDocumentPathMustJudge() {
    const std::string good = envelopeWithPayload(R"({"a":1})");
    QVERIFY(readEnvelopeText(good).has_value());
    const std::string cases[] = {
        envelopeWithPayload(R"({"a":1,"a":2})"),       // repeated name: nlohmann keeps the last
        envelopeWithPayload(R"({"b":1,"a":2,"b":3})"), // the same, out of order
        envelopeWithPayload(R"({"a":1e400})"),         // out of double range
        envelopeWithPayload(R"({"a":-9223372036854775809})"),
        envelopeWithPayload(R"([1])"),                                    // payload not an object
        envelopeWithPayload(std::string(70, '[') + std::string(70, ']')), // nesting past the limit
        good.substr(0, good.size() - 1) + R"(,"extra":1})",
        good.substr(0, good.size() - 1) + R"(,"alg":"ES256"})",
        good + "x",
        std::string(R"({"format":"fieldseal-sealed/1"})"),
    };
    for (const auto& text : cases) {
        QVERIFY2(!readEnvelopeText(text).has_value(), text.c_str());
        QVERIFY(disagreement(text).empty());
    }
}

void TestSealEnvelopeText::seedCorpusAgrees() {
    int files = 0;
    QDir d(QString(FIELDSEAL_TEST_DATA_DIR) + "/seal-corpus/envelope");
    for (const auto& name : d.entryList(QDir::Files)) {
        QFile f(d.filePath(name));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        const auto why = disagreement(std::string(bytes.constData(), static_cast<std::size_t>(bytes.size())));
        QVERIFY2(why.empty(), (name.toStdString() + ": " + why).c_str());
        ++files;
    }
    QVERIFY(files > 2);
}

// Seeded mutations of an envelope with an unsorted, escaped, non-ASCII payload: byte changes to
// JSON's special characters, deletions, insertions and truncations. The seed is printed on failure.
void TestSealEnvelopeText::mutationsAgree() {
    const std::string base = envelopeWithPayload(
        R"({"z":{"b":[1,-2.5e-3,true,null],"a":"x\u00e9"},"\ue000":"\ud83d\ude00","m":"上海","a":0})");
    const char special[] = {'"', '\\', '{', '}', '[',    ']',    ',',    ':',    ' ',    '0', '-',
                            '.', 'e',  'u', 'n', '\x01', '\xc3', '\xa9', '\xed', '\xff', '/', 'a'};
    std::mt19937 rng(20261126);
    int accepted = 0;
    for (int round = 0; round < 20000; ++round) {
        const std::string s = mutateJson(base, rng, special);
        const auto why = disagreement(s);
        QVERIFY2(why.empty(),
                 ("round " + std::to_string(round) + " (seed 20261126): " + why + "\n" + s).c_str());
        if (readEnvelopeText(s)) ++accepted;
    }
    QVERIFY(accepted > 100); // the mutations reach the accepting side too
}

// Through the trust store: the report from the text is the report from the parsed document, for a
// valid envelope, tampered ones (every 7th byte of the text changed), and without a trust list.
void TestSealEnvelopeText::reportsAgreeWithDocumentPath() {
    for (const Algorithm alg : {Algorithm::Es256, Algorithm::Sm2Sm3}) {
        TestPki pki(alg);
        auto store = pki.store();
        const auto env =
            must(pki.sealerFor(pki.signer).seal(TestPki::samplePayload(), TestPki::sampleSeal(), pki.t0));
        const std::string text = env.dump();
        QVERIFY(store->verifyText(text, pki.t0).passed());
        int compared = 0;
        for (std::size_t at = 0; at < text.size(); at += 7) {
            std::string s = text;
            s[at] = s[at] == 'A' ? 'B' : 'A';
            const auto doc = parseJsonText(s);
            if (!doc) continue;
            QCOMPARE(QString::fromStdString(store->verifyText(s, pki.t0).toJson().dump()),
                     QString::fromStdString(store->verify(*doc, pki.t0).toJson().dump()));
            ++compared;
        }
        QVERIFY(compared > 100);
        TrustStore empty;
        QCOMPARE(QString::fromStdString(empty.verifyText(text, pki.t0).toJson().dump()),
                 QString::fromStdString(empty.verify(env, pki.t0).toJson().dump()));
    }
}

QTEST_APPLESS_MAIN(TestSealEnvelopeText)
#include "test_seal_envelope_text.moc"
