// Unit tests of the strict JSON body helpers (api/json_body.h): what parses, what is refused and
// how, member checks with types and nested names, and the Error -> HTTP status mapping.
#include "api/json_body.h"

#include <QtTest>
#include <string>

using namespace fieldseal;
using namespace fieldseal::server;
using nlohmann::json;

namespace {

HttpRequest withBody(std::string body) {
    HttpRequest r;
    r.method = "POST";
    r.body = std::move(body);
    return r;
}

json errorBody(const HttpResponse& r) {
    return json::parse(r.body).at("error");
}

} // namespace

class TestJsonBody : public QObject {
    Q_OBJECT

private slots:
    void parsesObjects() {
        // (No raw strings in this file: moc 6.4 misreads them and then misses the test class.)
        auto ok = parseJsonObject(
            withBody(" {\"a\":1,\"b\":{\"a\":2},\"c\":[{\"a\":3},{\"a\":4}],\"s\":\"[[[{{{\"} "));
        QVERIFY(ok.ok());
        QCOMPARE(ok->at("b").at("a").get<int>(), 2);
        // Brackets inside strings do not count as nesting.
        auto strings = parseJsonObject(withBody("{\"s\":\"" + std::string(100, '[') + "\"}"), 2);
        QVERIFY(strings.ok());
        // Escaped quotes do not end a string early.
        auto escaped = parseJsonObject(withBody("{\"s\":\"\\\"[[[[\",\"t\":1}"), 1);
        QVERIFY(escaped.ok());
    }

    void refusesMalformedBodies_data() {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("depth");
        QTest::addColumn<QString>("says");
        QTest::newRow("empty") << QByteArray("") << 32 << "empty";
        QTest::newRow("blank") << QByteArray(" \r\n\t") << 32 << "empty";
        QTest::newRow("truncated") << QByteArray("{\"a\":") << 32 << "not valid JSON";
        QTest::newRow("trailing") << QByteArray("{\"a\":1} x") << 32 << "not valid JSON";
        QTest::newRow("single quotes") << QByteArray("{'a':1}") << 32 << "not valid JSON";
        QTest::newRow("comment") << QByteArray("{/*x*/\"a\":1}") << 32 << "not valid JSON";
        QTest::newRow("bad utf8") << QByteArray("{\"a\":\"\xc3\x28\"}") << 32 << "not valid JSON";
        QTest::newRow("duplicate") << QByteArray("{\"a\":1,\"a\":1}") << 32 << "'a' appears twice";
        QTest::newRow("nested duplicate")
            << QByteArray("{\"o\":{\"k\":1,\"k\":2}}") << 32 << "'k' appears twice";
        QTest::newRow("too deep") << QByteArray("{\"a\":{\"b\":{\"c\":1}}}") << 2 << "nested deeper than 2";
    }

    void refusesMalformedBodies() {
        QFETCH(QByteArray, body);
        QFETCH(int, depth);
        QFETCH(QString, says);
        auto r = parseJsonObject(withBody(body.toStdString()), static_cast<std::size_t>(depth));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::MalformedInput);
        QVERIFY2(r.error().message.find(says.toStdString()) != std::string::npos, r.error().message.c_str());
        const auto response = errorResponse(r.error());
        QCOMPARE(response.status, 400);
        QCOMPARE(errorBody(response).at("code").get<std::string>(), std::string("malformed_json"));
    }

    void refusesNonObjects() {
        for (const char* body : {"[]", "1", "\"x\"", "null", "true"}) {
            auto r = parseJsonObject(withBody(body));
            QVERIFY(!r.ok());
            QCOMPARE(r.error().domain, ErrorDomain::Usage);
            QCOMPARE(errorBody(errorResponse(r.error())).at("code").get<std::string>(),
                     std::string("invalid_request"));
        }
    }

    void membersAndTypes() {
        const json body = {{"s", "x"},          {"i", 3}, {"n", 2.5}, {"b", true}, {"o", json::object()},
                           {"a", json::array()}};
        QVERIFY(requireMembers(body, {{"s", JsonType::String},
                                      {"i", JsonType::Integer},
                                      {"n", JsonType::Number},
                                      {"b", JsonType::Boolean},
                                      {"o", JsonType::Object},
                                      {"a", JsonType::Array},
                                      {"opt", JsonType::String, false}})
                    .ok());
        // An integer is a number; a fraction is not an integer.
        QVERIFY(requireMembers(json{{"n", 3}}, {{"n", JsonType::Number}}).ok());
        const auto notInt = requireMembers(json{{"i", 2.5}}, {{"i", JsonType::Integer}});
        QCOMPARE(notInt.error().message, std::string("member 'i' must be an integer, not number"));

        const auto unknown = requireMembers(json{{"s", "x"}, {"extra", 1}}, {{"s", JsonType::String}});
        QCOMPARE(unknown.error().code, ErrorCode::UnknownField);
        QCOMPARE(unknown.error().message, std::string("unknown member 'extra'"));
        const auto missing = requireMembers(json::object(), {{"s", JsonType::String}});
        QCOMPARE(missing.error().code, ErrorCode::MissingField);
        QCOMPARE(missing.error().message, std::string("missing member 's' (a string)"));
        const auto null = requireMembers(json{{"s", nullptr}}, {{"s", JsonType::String, false}});
        QCOMPARE(null.error().message, std::string("member 's' must be a string, not null"));
        const auto nested = requireMembers(json{{"k", 1}}, {{"name", JsonType::String}}, "exhibits[2]");
        QCOMPARE(nested.error().message, std::string("unknown member 'exhibits[2].k'"));
        const auto notObject = requireMembers(json::array(), {}, "user");
        QCOMPARE(notObject.error().message, std::string("'user' must be a JSON object"));
        for (const auto* s : {&unknown, &missing, &null, &nested, &notObject}) {
            QCOMPARE(s->error().domain, ErrorDomain::Usage);
            QCOMPARE(errorResponse(s->error()).status, 400);
            QCOMPARE(errorBody(errorResponse(s->error())).at("code").get<std::string>(),
                     std::string("invalid_request"));
        }
    }

    void errorMapping_data() {
        QTest::addColumn<int>("domain");
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("name");
        auto row = [](const char* tag, ErrorDomain d, ErrorCode c, int status, const char* name) {
            QTest::newRow(tag) << int(d) << int(c) << status << name;
        };
        row("validation", ErrorDomain::Validation, ErrorCode::InvalidInput, 422, "invalid_input");
        row("schema field", ErrorDomain::Validation, ErrorCode::UnknownField, 422, "unknown_field");
        row("clock", ErrorDomain::Clock, ErrorCode::ClockAhead, 422, "clock_ahead");
        row("seal", ErrorDomain::Seal, ErrorCode::InvalidInput, 422, "invalid_input");
        row("not found", ErrorDomain::Validation, ErrorCode::NotFound, 404, "not_found");
        row("conflict", ErrorDomain::Validation, ErrorCode::Conflict, 409, "conflict");
        row("tampered", ErrorDomain::Sync, ErrorCode::Tampered, 409, "tampered");
        row("transition", ErrorDomain::Sync, ErrorCode::IllegalTransition, 409, "illegal_transition");
        row("immutable", ErrorDomain::Sync, ErrorCode::Immutable, 409, "immutable");
        row("store", ErrorDomain::Store, ErrorCode::StoreFailure, 503, "storage_unavailable");
        row("schema too new", ErrorDomain::Store, ErrorCode::SchemaTooNew, 503, "storage_unavailable");
        row("network", ErrorDomain::Network, ErrorCode::InvalidInput, 503, "unavailable");
        row("usage", ErrorDomain::Usage, ErrorCode::InvalidInput, 400, "invalid_request");
        row("malformed", ErrorDomain::Usage, ErrorCode::MalformedInput, 400, "malformed_json");
    }

    void errorMapping() {
        QFETCH(int, domain);
        QFETCH(int, code);
        QFETCH(int, status);
        QFETCH(QString, name);
        const Error e{static_cast<ErrorDomain>(domain), static_cast<ErrorCode>(code), "what happened"};
        QCOMPARE(httpStatusFor(e), status);
        const auto r = errorResponse(e);
        QCOMPARE(r.status, status);
        QCOMPARE(r.contentType, std::string("application/json"));
        QCOMPARE(json::parse(r.body),
                 (json{{"error", {{"code", name.toStdString()}, {"message", "what happened"}}}}));
    }
};

QTEST_APPLESS_MAIN(TestJsonBody)
#include "test_json_body.moc"
