// RFC 8785 (JSON canonicalisation) and RFC 9285 (Base45) published vectors, plus the other codecs.
#include "seal/base45.h"
#include "seal/canonical_json.h"
#include "seal/encoding.h"
#include "seal/qr_codec.h"
#include "seal/time_util.h"

#include <QTest>
#include <bit>
#include <cstdint>
#include <nlohmann/json.hpp>

using namespace fieldseal;
using namespace fieldseal::seal;

class TestSealCodecs : public QObject {
    Q_OBJECT
private slots:
    void jcsNumbers_data();
    void jcsNumbers();
    void jcsRejectsNonFinite();
    void jcsMainExample();
    void jcsSorting();
    void jcsStringEscapes();
    void base45Vectors_data();
    void base45Vectors();
    void base45Invalid_data();
    void base45Invalid();
    void base45RoundTrip();
    void base64Strict();
    void rfc3339();
    void qrRoundTrip();
    void qrMalformed_data();
    void qrMalformed();
};

// RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text.
void TestSealCodecs::jcsNumbers_data() {
    QTest::addColumn<quint64>("bits");
    QTest::addColumn<QString>("expected");
    const struct {
        std::uint64_t bits;
        const char* text;
    } vectors[] = {
        {0x0000000000000000, "0"},
        {0x8000000000000000, "0"},
        {0x0000000000000001, "5e-324"},
        {0x8000000000000001, "-5e-324"},
        {0x7fefffffffffffff, "1.7976931348623157e+308"},
        {0xffefffffffffffff, "-1.7976931348623157e+308"},
        {0x4340000000000000, "9007199254740992"},
        {0xc340000000000000, "-9007199254740992"},
        {0x4430000000000000, "295147905179352830000"},
        {0x44b52d02c7e14af5, "9.999999999999997e+22"},
        {0x44b52d02c7e14af6, "1e+23"},
        {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
        {0x444b1ae4d6e2ef4e, "999999999999999700000"},
        {0x444b1ae4d6e2ef4f, "999999999999999900000"},
        {0x444b1ae4d6e2ef50, "1e+21"},
        {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
        {0x3eb0c6f7a0b5ed8d, "0.000001"},
        {0x41b3de4355555553, "333333333.3333332"},
        {0x41b3de4355555554, "333333333.33333325"},
        {0x41b3de4355555555, "333333333.3333333"},
        {0x41b3de4355555556, "333333333.3333334"},
        {0x41b3de4355555557, "333333333.33333343"},
        {0xbecbf647612f3696, "-0.0000033333333333333333"},
        {0x43143ff3c1cb0959, "1424953923781206.2"},
    };
    for (const auto& v : vectors)
        QTest::newRow(QByteArray::number(quint64(v.bits), 16).constData())
            << quint64(v.bits) << QString(v.text);
}

void TestSealCodecs::jcsNumbers() {
    QFETCH(quint64, bits);
    QFETCH(QString, expected);
    const double d = std::bit_cast<double>(static_cast<std::uint64_t>(bits));
    QCOMPARE(QString::fromStdString(canonicalNumber(d)), expected);
    QCOMPARE(QString::fromStdString(canonicalJson(nlohmann::json(d))), expected);
}

void TestSealCodecs::jcsRejectsNonFinite() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             canonicalNumber(std::bit_cast<double>(std::uint64_t{0x7fffffffffffffff})));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             canonicalNumber(std::bit_cast<double>(std::uint64_t{0x7ff0000000000000})));
}

// RFC 8785 section 3.2.2.
void TestSealCodecs::jcsMainExample() {
    const char* input = R"({
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    })";
    const std::string expected =
        "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
        "\"string\":\"\xe2\x82\xac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
    QCOMPARE(canonicalJson(nlohmann::json::parse(input)), expected);
}

// RFC 8785 section 3.2.3: sorting by UTF-16 code units (the emoji sorts before U+FB33).
void TestSealCodecs::jcsSorting() {
    const char* input = R"({
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    })";
    const std::string expected =
        "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xc2\x80\":\"Control\","
        "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\",\"\xe2\x82\xac\":\"Euro Sign\","
        "\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\","
        "\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}";
    QCOMPARE(canonicalJson(nlohmann::json::parse(input)), expected);
}

void TestSealCodecs::jcsStringEscapes() {
    QCOMPARE(canonicalJson(nlohmann::json(std::string("\x01\x1f\x7f\b\t\n\f\r/"))),
             std::string("\"\\u0001\\u001f\x7f\\b\\t\\n\\f\\r/\""));
    QCOMPARE(canonicalJson(nlohmann::json::parse(R"({"b":[1,{"y":2,"x":-0.0}],"a":"中文"})")),
             std::string("{\"a\":\"中文\",\"b\":[1,{\"x\":0,\"y\":2}]}"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, canonicalJson(nlohmann::json(std::string("\xff"))));
}

// RFC 9285 section 4.
void TestSealCodecs::base45Vectors_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("AB") << QByteArray("AB") << QByteArray("BB8");
    QTest::newRow("Hello!!") << QByteArray("Hello!!") << QByteArray("%69 VD92EX0");
    QTest::newRow("base-45") << QByteArray("base-45") << QByteArray("UJCLQE7W581");
    QTest::newRow("ietf!") << QByteArray("ietf!") << QByteArray("QED8WEX0");
    QTest::newRow("empty") << QByteArray() << QByteArray();
}

void TestSealCodecs::base45Vectors() {
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, text);
    QCOMPARE(QByteArray::fromStdString(base45Encode(bytes.toStdString())), text);
    const auto decoded = base45Decode(text.toStdString());
    QVERIFY(decoded);
    QCOMPARE(QByteArray::fromStdString(*decoded), bytes);
}

void TestSealCodecs::base45Invalid_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("dangling char") << QByteArray("BB8B");
    QTest::newRow("lower case") << QByteArray("bb8");
    QTest::newRow("triplet overflow") << QByteArray("GGW"); // 16 + 16*45 + 32*2025 = 65536
    QTest::newRow("pair overflow") << QByteArray("::");
    QTest::newRow("outside alphabet") << QByteArray("AB#");
}

void TestSealCodecs::base45Invalid() {
    QFETCH(QByteArray, text);
    QVERIFY(!base45Decode(text.toStdString()));
}

void TestSealCodecs::base45RoundTrip() {
    std::string all;
    for (int i = 0; i < 256; ++i)
        all += static_cast<char>(i);
    for (size_t len = 0; len <= all.size(); len += 37) {
        const auto back = base45Decode(base45Encode(all.substr(0, len)));
        QVERIFY(back);
        QCOMPARE(*back, all.substr(0, len));
    }
}

void TestSealCodecs::base64Strict() {
    QCOMPARE(base64Encode("foobar"), std::string("Zm9vYmFy"));
    QCOMPARE(base64Encode("fo"), std::string("Zm8="));
    QCOMPARE(*base64Decode("Zm8="), std::string("fo"));
    QCOMPARE(*base64Decode("Zg=="), std::string("f"));
    QVERIFY(!base64Decode("Zm8"));  // no padding
    QVERIFY(!base64Decode("Zm9=")); // non-zero bits under the padding
    QVERIFY(!base64Decode("Zm 8="));
    QVERIFY(!base64Decode("Z==="));
    QVERIFY(!base64Decode("Zg==Zg=="));
}

void TestSealCodecs::rfc3339() {
    const auto t = parseRfc3339("2026-11-25T19:52:36Z");
    QVERIFY(t);
    QCOMPARE(formatRfc3339(*t), std::string("2026-11-25T19:52:36Z"));
    QCOMPARE(formatRfc3339(*parseRfc3339("2026-11-26T03:52:36.123+08:00")),
             std::string("2026-11-25T19:52:36Z"));
    QVERIFY(!parseRfc3339("2026-02-30T00:00:00Z"));
    QVERIFY(!parseRfc3339("2026-11-25 19:52:36"));
    QVERIFY(!parseRfc3339("2026-11-25T19:52:36Zjunk"));
}

void TestSealCodecs::qrRoundTrip() {
    const auto env =
        nlohmann::json::parse(R"({"format":"fieldseal-sealed/1","payload":{"a":"中文"},"chain":["AA=="]})");
    auto text = encodeQr(env);
    QVERIFY(text);
    QVERIFY(text->starts_with("FS1:"));
    for (char c : text->substr(4))
        QVERIFY(std::string_view("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:").find(c) !=
                std::string_view::npos);
    auto back = decodeQr(*text);
    QVERIFY(back);
    auto expected = env;
    expected.erase("chain");
    QVERIFY(*back == expected);
}

void TestSealCodecs::qrMalformed_data() {
    QTest::addColumn<QByteArray>("text");
    const auto full = *encodeQr(nlohmann::json::parse(R"({"payload":{"x":"0123456789abcdef"}})"));
    QTest::newRow("no prefix") << QByteArray::fromStdString(full.substr(4));
    QTest::newRow("truncated") << QByteArray::fromStdString(full.substr(0, full.size() - 3));
    QTest::newRow("truncated by one") << QByteArray::fromStdString(full.substr(0, full.size() - 1));
    QTest::newRow("empty body") << QByteArray("FS1:");
    QTest::newRow("not zlib") << QByteArray::fromStdString("FS1:" + base45Encode("hello world"));
    QTest::newRow("oversized") << QByteArray::fromStdString("FS1:" + std::string(kMaxQrText, '0'));
    // A compression bomb: a megabyte of spaces inflates beyond the limit.
    std::string bomb = *encodeQr(nlohmann::json{{"p", std::string(1 << 20, ' ')}});
    QTest::newRow("bomb") << QByteArray::fromStdString(bomb);
}

void TestSealCodecs::qrMalformed() {
    QFETCH(QByteArray, text);
    const auto r = decodeQr(text.toStdString());
    QVERIFY(!r);
    QVERIFY(!r.error().message.empty());
}

QTEST_APPLESS_MAIN(TestSealCodecs)
#include "test_seal_codecs.moc"
