// Unit tests of the query-string helpers (api/query_params.h) and the expected-failure Errors
// (api/errors.h): values read, values refused with their exact messages, and the HTTP answer
// each refusal becomes through errorResponse().
#include "api/errors.h"
#include "api/json_body.h"
#include "api/query_params.h"

#include <QtTest>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using namespace fieldseal;
using namespace fieldseal::server;

namespace {

using Strings = std::vector<std::string>;

// The error's message, after checking that it is the 400 invalid_request every helper refuses with.
template <typename T> std::string refusal(const Result<T>& r) {
    if (r.ok()) return "(accepted)";
    const HttpResponse response = errorResponse(r.error());
    if (response.status != 400) return "(status " + std::to_string(response.status) + ")";
    const auto code = nlohmann::json::parse(response.body).at("error").at("code");
    if (code != "invalid_request") return "(code " + code.dump() + ")";
    return r.error().message;
}

} // namespace

class TestQueryParams : public QObject {
    Q_OBJECT

private slots:
    void valueOfOneParameter() {
        const QueryParams q{{"a", "1"}, {"empty", ""}};
        QCOMPARE(queryParam(q, "a"), std::optional<std::string>("1"));
        QCOMPARE(queryParam(q, "empty"), std::optional<std::string>(""));
        QVERIFY(!queryParam(q, "b"));
        QCOMPARE(queryValue(q, "a"), std::string("1"));
        QCOMPARE(queryValue(q, "b"), std::string());
    }

    void commaListsAreTrimmedAndSkipEmptyItems() {
        QCOMPARE(commaList("a,b , c"), (Strings{"a", "b", "c"}));
        QCOMPARE(commaList(" a , ,,b,"), (Strings{"a", "b"}));
        QCOMPARE(commaList("single"), (Strings{"single"}));
        QCOMPARE(commaList(""), Strings{});
        QCOMPARE(commaList(" , ,"), Strings{});
        // Only the spaces around an item go; inside it they stay, and so do other characters.
        QCOMPARE(commaList("new york ,x\ty"), (Strings{"new york", "x\ty"}));
    }

    void wholeNumbers() {
        QCOMPARE(parseWholeNumber("0"), std::optional<std::uint64_t>(0));
        QCOMPARE(parseWholeNumber("18446744073709551615"),
                 std::optional<std::uint64_t>(std::numeric_limits<std::uint64_t>::max()));
        for (const char* bad : {"", "-1", "+1", " 1", "1 ", "1.5", "ten", "0x10", "18446744073709551616"})
            QVERIFY2(!parseWholeNumber(bad), bad);

        QVERIFY(!wholeNumberParam({}, "offset").value());
        QCOMPARE(wholeNumberParam({{"offset", "30"}}, "offset").value(), std::optional<std::uint64_t>(30));
        QCOMPARE(refusal(wholeNumberParam({{"offset", "-3"}}, "offset")),
                 std::string("'offset' must be a whole number"));
        QCOMPARE(refusal(wholeNumberParam({{"offset", ""}}, "offset")),
                 std::string("'offset' must be a whole number"));
    }

    void booleansAreTrueOrFalseOnly() {
        QVERIFY(!boolParam({}, "count").value());
        QCOMPARE(boolParam({{"count", "true"}}, "count").value(), std::optional<bool>(true));
        QCOMPARE(boolParam({{"count", "false"}}, "count").value(), std::optional<bool>(false));
        for (const char* bad : {"", "1", "0", "yes", "TRUE", "True", " true"})
            QCOMPARE(refusal(boolParam({{"count", bad}}, "count")),
                     std::string("'count' must be true or false"));
    }

    void choices() {
        QVERIFY(!choiceParam({}, "format", {"json", "csv"}).value());
        QCOMPARE(choiceParam({{"format", "csv"}}, "format", {"json", "csv"}).value(),
                 std::optional<std::string>("csv"));
        QCOMPARE(refusal(choiceParam({{"format", "CSV"}}, "format", {"json", "csv"})),
                 std::string("'format' must be json or csv"));
        QCOMPARE(refusal(choiceParam({{"period", ""}}, "period", {"month", "quarter", "year"})),
                 std::string("'period' must be month, quarter or year"));
        QCOMPARE(refusal(choiceParam({{"status", "all"}}, "status", {"open"})),
                 std::string("'status' must be open"));
    }

    void unknownParametersAreRefused() {
        QVERIFY(onlyKnownParameters({}, {"a"}).ok());
        QVERIFY(onlyKnownParameters({{"a", "1"}, {"b", ""}}, {"a", "b", "c"}).ok());
        QCOMPARE(refusal(onlyKnownParameters({{"a", "1"}, {"limt", "5"}}, {"a", "limit"})),
                 std::string("unknown query parameter 'limt'"));
        // The first unknown one in name order.
        QCOMPARE(refusal(onlyKnownParameters({{"z", ""}, {"y", ""}}, {})),
                 std::string("unknown query parameter 'y'"));
    }

    void expectedFailuresMapToTheirAnswers() {
        struct Case {
            Error error;
            int status;
            const char* code;
        };
        const std::vector<Case> cases = {{badRequest("b"), 400, "invalid_request"},
                                         {forbidden("f"), 403, "forbidden"},
                                         {notFound("n"), 404, "not_found"},
                                         {invalidInput("i"), 422, "invalid_input"},
                                         {storeFailure("s"), 503, "storage_unavailable"}};
        for (const auto& c : cases) {
            const HttpResponse r = errorResponse(c.error);
            QCOMPARE(r.status, c.status);
            const auto error = nlohmann::json::parse(r.body).at("error");
            QCOMPARE(error.at("code").get<std::string>(), std::string(c.code));
            QCOMPARE(error.at("message").get<std::string>(), c.error.message);
        }
    }
};

QTEST_APPLESS_MAIN(TestQueryParams)
#include "test_query_params.moc"
