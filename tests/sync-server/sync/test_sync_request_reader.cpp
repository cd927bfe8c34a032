// The one-pass reader of POST /v1/sync bodies (sync/sync_request_reader.h): for well-formed
// requests it yields exactly what parsing the JSON document and opFromJson yield; for anything
// else it declines (nullopt), so that the thorough parse can say what is wrong.
#include "sync/op_codec.h"
#include "sync/plain_request_scanner.h"
#include "sync/sync_request_reader.h"

#include <QtTest>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

using namespace fieldseal;
using namespace fieldseal::server;
using json = nlohmann::json;

namespace {

json op(const std::string& id, json value) {
    return {{"op_id", id},        {"record_id", "rec-1"}, {"type", "inspection"}, {"field", "findings"},
            {"value", value},     {"hlc", 1767225600000ull << 16},                {"base_version", 0},
            {"device", "tab-1"}, {"user", "insp.wang"}};
}

// What the thorough path makes of a well-formed body.
SyncRequest thorough(const json& body) {
    SyncRequest r;
    r.cursor = body.at("cursor").get<std::int64_t>();
    if (body.contains("limit")) r.limit = body.at("limit").get<std::size_t>();
    if (body.contains("ops"))
        for (const auto& j : body.at("ops")) {
            auto o = opFromJson(j);
            if (!o) throw std::runtime_error(o.error().message);
            r.ops.push_back(*o);
        }
    return r;
}

} // namespace

class TestSyncRequestReader : public QObject {
    Q_OBJECT

private slots:
    void wellFormedRequestsReadAsTheDocumentSays() {
        const json values[] = {"text 中文 \u00e9 \\\" quoted",
                               nullptr,
                               true,
                               -12,
                               18446744073709551615ull,
                               2.5,
                               json::array(),
                               json::object(),
                               {{"result", "fail"}, {"note", "说明"}, {"nested", {{"a", {1, {2, 3}, {{"b", nullptr}}}}}}},
                               {1, "two", {{"three", 3}}, json::array({json::array()})}};
        json ops = json::array();
        int n = 0;
        for (const auto& v : values)
            ops.push_back(op("op-" + std::to_string(n++), v));
        const json bodies[] = {{{"cursor", 0}},
                               {{"cursor", 42}, {"ops", json::array()}},
                               {{"cursor", 7}, {"ops", ops}, {"limit", 250}},
                               {{"limit", 1}, {"ops", ops}, {"cursor", 9223372036854775807ll}}};
        for (const auto& body : bodies) {
            for (const std::string& text : {body.dump(), body.dump(2)}) {
                auto fast = readSyncRequestFast(text, 5000);
                QVERIFY2(fast.has_value(), text.c_str());
                const SyncRequest want = thorough(json::parse(text));
                QCOMPARE(fast->cursor, want.cursor);
                QCOMPARE(fast->limit, want.limit);
                QCOMPARE(fast->ops.size(), want.ops.size());
                for (std::size_t i = 0; i < want.ops.size(); ++i) {
                    QVERIFY(fast->ops[i] == want.ops[i]);
                    QCOMPARE(fast->ops[i].value.dump(), want.ops[i].value.dump());
                }
            }
        }
        // Members in any order, a repeated key inside a value (the last one wins, as in a document).
        const std::string reordered =
            R"({"ops":[{"user":"u","value":{"k":1,"k":2},"base_version":0,"device":"d","hlc":5,)"
            R"("field":"f","type":"inspection","record_id":"r","op_id":"o"}],"cursor":3})";
        auto fast = readSyncRequestFast(reordered, 5000);
        QVERIFY(fast.has_value());
        QCOMPARE(fast->ops.at(0).value.dump(), json::parse(reordered)["ops"][0]["value"].dump());
        QCOMPARE(fast->ops.at(0).hlc, Hlc(5));
        QCOMPARE(fast->ops.at(0).user, std::string("u"));
    }

    void anythingUnusualIsLeftToTheThoroughParse() {
        const json good = op("op-1", "v");
        const auto with = [&](const std::function<void(json&)>& change) {
            json o = good;
            change(o);
            return json{{"cursor", 0}, {"ops", {o}}}.dump();
        };
        const std::string declined[] = {
            "",
            "not json",
            "[]",
            R"({"cursor":0)",
            R"({"cursor":0} trailing)",
            R"({})",
            R"({"ops":[]})",
            R"({"cursor":-1})",
            R"({"cursor":-0})",
            R"({"cursor":1.5})",
            R"({"cursor":"0"})",
            R"({"cursor":9223372036854775808})",
            R"({"cursor":0,"cursor":1})",
            R"({"cursor":0,"limit":0})",
            R"({"cursor":0,"limit":-3})",
            R"({"cursor":0,"limit":1,"limit":2})",
            R"({"cursor":0,"extra":1})",
            R"({"cursor":0,"ops":{}})",
            R"({"cursor":0,"ops":[1]})",
            R"({"cursor":0,"ops":[[]]})",
            R"({"cursor":0,"ops":[],"ops":[]})",
            "{\"cursor\":0,\"ops\":[{\"op_id\":\"\xff\"}]}",
            with([](json& o) { o.erase("value"); }),
            with([](json& o) { o.erase("hlc"); }),
            with([](json& o) { o.erase("user"); }),
            with([](json& o) { o["extra"] = 1; }),
            with([](json& o) { o["hlc"] = -1; }),
            with([](json& o) { o["hlc"] = 1.0; }),
            with([](json& o) { o["base_version"] = "0"; }),
            with([](json& o) { o["op_id"] = 5; }),
            with([](json& o) { o["type"] = nullptr; }),
            with([](json& o) { o["field"] = json::object(); }),
            with([](json& o) { o["device"] = json::array(); }),
            R"({"cursor":0,"ops":[{"op_id":"a","op_id":"b","record_id":"r","type":"t","field":"f",)"
            R"("device":"d","user":"u","hlc":1,"base_version":0,"value":1}]})",
            R"({"cursor":0,"ops":[{"op_id":"a","record_id":"r","type":"t","field":"f","device":"d",)"
            R"("user":"u","hlc":1,"base_version":0,"value":1,"value":2}]})",
        };
        for (const auto& text : declined)
            QVERIFY2(!readSyncRequestFast(text, 5000).has_value(), text.c_str());

        // More ops than allowed: declined (the thorough parse answers 413).
        const std::string three = json{{"cursor", 0}, {"ops", {good, good, good}}}.dump();
        QVERIFY(!readSyncRequestFast(three, 2).has_value());
        QCOMPARE(readSyncRequestFast(three, 3)->ops.size(), std::size_t(3));
        QVERIFY(!scanPlainSyncRequest(three, 2).has_value());
        QCOMPARE(scanPlainSyncRequest(three, 3)->ops.size(), std::size_t(3));
        for (const auto& text : declined)
            QVERIFY2(!scanPlainSyncRequest(text, 5000).has_value(), text.c_str());
    }

    // The hand-written scanner (plain_request_scanner.h) reads what devices send itself, and leaves
    // what it does not handle (\u escapes, fractions, exponents, numbers beyond 64 bits, deep
    // nesting, malformed UTF-8) to the readers after it, which still read it as the document says.
    void thePlainScannerReadsDeviceBodiesAndLeavesTheRest() {
        const auto same = [](const SyncRequest& got, const std::string& text) {
            const SyncRequest want = thorough(json::parse(text));
            QCOMPARE(got.cursor, want.cursor);
            QCOMPARE(got.limit, want.limit);
            QCOMPARE(got.ops.size(), want.ops.size());
            for (std::size_t i = 0; i < want.ops.size(); ++i) {
                QVERIFY(got.ops[i] == want.ops[i]);
                QCOMPARE(got.ops[i].value.dump(), want.ops[i].value.dump());
                QCOMPARE(got.ops[i].value.type(), want.ops[i].value.type());
            }
        };
        const json plainValues[] = {"浦东新区 é 😀 \"q\" \\ / \n\t\r\b\f",
                                    nullptr,
                                    true,
                                    false,
                                    0,
                                    -0,
                                    -12,
                                    9223372036854775807ll,
                                    -9223372036854775807ll,
                                    18446744073709551615ull,
                                    json::array(),
                                    json::object(),
                                    {{"result", "fail"}, {"note", "说明"}, {"n", {{"a", {1, {2, 3}, {{"b", nullptr}}}}}}}};
        json ops = json::array();
        int n = 0;
        for (const auto& v : plainValues)
            ops.push_back(op("op-" + std::to_string(n++), v));
        const json body = {{"cursor", 7}, {"ops", ops}, {"limit", 250}};
        for (const std::string& text : {body.dump(), body.dump(2)}) {
            auto plain = scanPlainSyncRequest(text, 5000);
            QVERIFY2(plain.has_value(), text.c_str());
            same(*plain, text);
        }
        const std::string asciiOnly = body.dump(-1, ' ', true); // \u escapes: left to the SAX reader
        QVERIFY(!scanPlainSyncRequest(asciiOnly, 5000).has_value());
        same(readSyncRequestFast(asciiOnly, 5000).value(), asciiOnly);
        const std::string reordered =
            R"( { "ops" : [ {"user":"u","value":{"k":1,"k":[true,false,null]},"base_version":0,"device":"d",)"
            R"("hlc":5,"field":"f","type":"inspection","record_id":"r","op_id":"o"} ] , "cursor":3 } )";
        auto plain = scanPlainSyncRequest(reordered, 5000);
        QVERIFY(plain.has_value());
        same(*plain, reordered);

        const auto bodyWith = [](const std::string& valueText) {
            return R"({"cursor":0,"ops":[{"op_id":"o","record_id":"r","type":"inspection","field":"f",)"
                   R"("device":"d","user":"u","hlc":1,"base_version":0,"value":)" +
                   valueText + "}]}";
        };
        std::string deep = "1";
        for (int i = 0; i < 100; ++i)
            deep = "[" + deep + "]";
        const std::string leftToTheOthers[] = {bodyWith(R"("\u00e9")"), bodyWith("2.5"), bodyWith("1e3"),
                                               bodyWith("-9223372036854775808"), bodyWith("18446744073709551616"),
                                               bodyWith(deep)};
        for (const auto& text : leftToTheOthers) {
            QVERIFY2(!scanPlainSyncRequest(text, 5000).has_value(), text.c_str());
            auto read = readSyncRequestFast(text, 5000);
            QVERIFY2(read.has_value(), text.c_str());
            same(*read, text);
        }
        // Malformed: nobody accepts it (the thorough parse says what is wrong).
        const std::string malformed[] = {bodyWith("01"), bodyWith("-"), bodyWith("tru"), bodyWith("[1,]"),
                                         bodyWith("{\"a\":1,}"), bodyWith("\"\xed\xa0\x80\""),
                                         bodyWith("\"\xc0\xaf\""), bodyWith("\"\xf4\x90\x80\x80\""),
                                         bodyWith("\"a\tb\""), bodyWith("\"\\x\"")};
        for (const auto& text : malformed) {
            QVERIFY2(!scanPlainSyncRequest(text, 5000).has_value(), text.c_str());
            QVERIFY2(!readSyncRequestFast(text, 5000).has_value(), text.c_str());
        }
    }
};

QTEST_APPLESS_MAIN(TestSyncRequestReader)
#include "test_sync_request_reader.moc"
