// Unit tests of the model module: unified social credit codes, districts, dates and times, the
// record schema and its messages, the status machine, the hybrid logical clock and UUIDv7 ids.
#include "model/districts.h"
#include "model/hlc.h"
#include "model/ids.h"
#include "model/schema.h"
#include "model/uscc.h"

#include <QtTest>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

using namespace fieldseal;
using nlohmann::json;

namespace {

// GB 32100-2015 as DOMAIN.md states it, written independently of the code under test.
const std::string kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

char referenceCheckCharacter(const std::string& first17) {
    int sum = 0;
    int weight = 1; // 3^(i-1) mod 31
    for (size_t i = 0; i < 17; ++i) {
        sum += static_cast<int>(kUsccAlphabet.find(first17[i])) * weight;
        weight = weight * 3 % 31;
    }
    return kUsccAlphabet[static_cast<size_t>((31 - sum % 31) % 31)];
}

std::string withReferenceCheck(const std::string& first17) {
    if (first17.size() != 17) throw std::logic_error("a code body has 17 characters: " + first17);
    return first17 + referenceCheckCharacter(first17);
}

// Empty when the status is the expected error (code and every fragment in its message),
// otherwise a description of the difference for QVERIFY2.
std::string mismatch(const Status& s, ErrorCode code, std::initializer_list<std::string> fragments) {
    if (s.ok()) return "expected an error, got ok";
    if (s.error().code != code)
        return std::string("expected code ") + toString(code) + ", got " + toString(s.error().code) + ": " +
               s.error().message;
    for (const auto& f : fragments)
        if (s.error().message.find(f) == std::string::npos)
            return "message '" + s.error().message + "' lacks '" + f + "'";
    return {};
}

std::string describe(const Status& s) {
    return s.ok() ? "ok" : s.error().message;
}

#define VERIFY_OK(status)                                                                                    \
    do {                                                                                                     \
        const Status& s_ = (status);                                                                         \
        QVERIFY2(s_.ok(), describe(s_).c_str());                                                             \
    } while (false)

#define VERIFY_ERROR(status, code, ...)                                                                      \
    do {                                                                                                     \
        const std::string m_ = mismatch((status), (code), {__VA_ARGS__});                                    \
        QVERIFY2(m_.empty(), m_.c_str());                                                                    \
    } while (false)

const RecordType& type(const char* name) {
    const RecordType* t = findRecordType(name);
    if (!t) throw std::logic_error(std::string("schema lacks ") + name);
    return *t;
}

// A wall clock the test moves by hand.
struct ManualClock {
    std::shared_ptr<std::uint64_t> ms = std::make_shared<std::uint64_t>(1'795'636'110'123);
    std::function<std::uint64_t()> fn() const {
        return [ms = ms] { return *ms; };
    }
};

std::uint64_t uuidMillis(const std::string& id) {
    std::string hex = id.substr(0, 8) + id.substr(9, 4);
    return std::stoull(hex, nullptr, 16);
}

} // namespace

class TestModel : public QObject {
    Q_OBJECT

private slots:
    // --- unified social credit code -----------------------------------------------------------
    void usccValidCodes() {
        QCOMPARE(validateUscc("91310115MA1H7PQR3M").ok(), true);
        QCOMPARE(usccCheckCharacter("91310115MA1H7PQR3"), 'M');

        std::vector<std::string> codes = {
            withReferenceCheck("91310000132149237"), withReferenceCheck("92310104MA1KDE0X0"),
            withReferenceCheck("93310151000000000"), withReferenceCheck("YYYYYYYYYYYYYYYYY"),
            withReferenceCheck("00000000000000000")};
        // Random prefixes over the whole alphabet, so every symbol and weight takes part.
        std::mt19937_64 rng(20261125);
        for (int i = 0; i < 500; ++i) {
            std::string first17;
            for (int k = 0; k < 17; ++k)
                first17 += kUsccAlphabet[rng() % kUsccAlphabet.size()];
            codes.push_back(withReferenceCheck(first17));
        }
        for (const auto& code : codes) {
            QVERIFY2(validateUscc(code).ok(), (code + ": " + describe(validateUscc(code))).c_str());
            QCOMPARE(usccCheckCharacter(code.substr(0, 17)), code[17]);
        }
        // "00000000000000000" sums to 0, whose check value is 0 (not 31): the outer "mod 31" matters.
        QCOMPARE(codes[4], std::string("000000000000000000"));
    }

    void usccWrongLength() {
        for (const std::string code : {"", "91310115MA1H7PQR3", "91310115MA1H7PQR3MM", "9"}) {
            VERIFY_ERROR(validateUscc(code), ErrorCode::InvalidInput, "must have 18 characters",
                         "'" + code + "' has " + std::to_string(code.size()));
        }
    }

    void usccForbiddenCharacter_data() {
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("position");
        QTest::addColumn<QString>("character");
        // The character is placed where it breaks only the alphabet rule (length stays 18).
        QTest::newRow("I") << "9I310115MA1H7PQR3M" << 2 << "I";
        QTest::newRow("O") << "91310115MA1H7PQO3M" << 16 << "O";
        QTest::newRow("S") << "S1310115MA1H7PQR3M" << 1 << "S";
        QTest::newRow("V") << "91310115MA1V7PQR3M" << 12 << "V";
        QTest::newRow("Z") << "91310115MA1H7PQR3Z" << 18 << "Z";
        QTest::newRow("lower case") << "91310115ma1h7pqr3m" << 9 << "m";
        QTest::newRow("space") << "91310115MA1H7 QR3M" << 14 << " ";
        QTest::newRow("dash") << "91310115-A1H7PQR3M" << 9 << "-";
    }
    void usccForbiddenCharacter() {
        QFETCH(QString, code);
        QFETCH(int, position);
        QFETCH(QString, character);
        const std::string c = code.toStdString();
        VERIFY_ERROR(validateUscc(c), ErrorCode::InvalidInput, "'" + character.toStdString() + "'",
                     "at position " + std::to_string(position) + ";", "I, O, S, V, Z");
        if (position <= 17) QCOMPARE(usccCheckCharacter(c.substr(0, 17)), '\0');
    }

    void usccWrongCheckCharacter() {
        const std::string good = withReferenceCheck("91310112MA1GBX1A0");
        VERIFY_OK(validateUscc(good));
        // Every other symbol in the check position is refused, naming the expected one.
        for (const char c : kUsccAlphabet) {
            if (c == good[17]) continue;
            const std::string bad = good.substr(0, 17) + c;
            VERIFY_ERROR(validateUscc(bad), ErrorCode::InvalidInput,
                         "check character '" + std::string(1, c) + "'",
                         "give '" + std::string(1, good[17]) + "'");
        }
        // A single changed body character is caught by the check character too.
        std::string typo = good;
        typo[10] = typo[10] == '1' ? '7' : '1';
        VERIFY_ERROR(validateUscc(typo), ErrorCode::InvalidInput,
                     "give '" + std::string(1, referenceCheckCharacter(typo.substr(0, 17))) + "'");
        QCOMPARE(usccCheckCharacter("9131011"), '\0'); // too short to have a check character
    }

    // --- districts ----------------------------------------------------------------------------
    void districtsFromAssets() {
        std::ifstream in(FIELDSEAL_TEST_DATA_DIR "/../../assets/districts.json");
        QVERIFY(in.good());
        const json doc = json::parse(in);
        const auto& list = doc.at("districts");
        QCOMPARE(districts().size(), list.size());
        for (const auto& d : list) {
            const std::string code = d.at("code").get<std::string>();
            const District* found = findDistrict(code);
            QVERIFY2(found, code.c_str());
            QCOMPARE(found->nameZh, d.at("name_zh").get<std::string>());
            QCOMPARE(found->nameEn, d.at("name_en").get<std::string>());
            VERIFY_OK(validateDistrict(code));
        }
        // DOMAIN.md's 16 districts of Shanghai are all there.
        for (const char* code :
             {"310101", "310104", "310105", "310106", "310107", "310109", "310110", "310112", "310113",
              "310114", "310115", "310116", "310117", "310118", "310120", "310151"})
            QVERIFY2(findDistrict(code), code);
        QCOMPARE(findDistrict("310115")->nameZh, std::string("浦东新区"));
    }

    void districtUnknown() {
        for (const std::string code : {"310102", "110101", "31011", "3101150", "", "pudong"}) {
            QVERIFY(!findDistrict(code));
            VERIFY_ERROR(validateDistrict(code), ErrorCode::InvalidInput, "'" + code + "'",
                         "not a known district code");
        }
    }

    // --- dates and times ----------------------------------------------------------------------
    void validateDate_data() {
        QTest::addColumn<QString>("date");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("rule");
        QTest::newRow("ordinary") << "2026-11-05" << true << "";
        QTest::newRow("leap 2024") << "2024-02-29" << true << "";
        QTest::newRow("leap 2000 (div 400)") << "2000-02-29" << true << "";
        QTest::newRow("not leap 2026") << "2026-02-29" << false << "real calendar date";
        QTest::newRow("not leap 2100 (div 100)") << "2100-02-29" << false << "real calendar date";
        QTest::newRow("Feb 28") << "2026-02-28" << true << "";
        QTest::newRow("Dec 31") << "2026-12-31" << true << "";
        QTest::newRow("Apr 31") << "2026-04-31" << false << "real calendar date";
        QTest::newRow("day 0") << "2026-01-00" << false << "real calendar date";
        QTest::newRow("day 32") << "2026-01-32" << false << "real calendar date";
        QTest::newRow("month 13") << "2026-13-01" << false << "real calendar date";
        QTest::newRow("month 0") << "2026-00-10" << false << "real calendar date";
        QTest::newRow("slashes") << "2026/11/05" << false << "YYYY-MM-DD";
        QTest::newRow("short month") << "2026-1-05" << false << "YYYY-MM-DD";
        QTest::newRow("day first") << "05-11-2026" << false << "YYYY-MM-DD";
        QTest::newRow("with time") << "2026-11-05T00:00" << false << "YYYY-MM-DD";
        QTest::newRow("letters") << "2026-1a-05" << false << "YYYY-MM-DD";
        QTest::newRow("sign") << "+026-11-05" << false << "YYYY-MM-DD";
        QTest::newRow("empty") << "" << false << "YYYY-MM-DD";
    }
    void validateDate() {
        QFETCH(QString, date);
        QFETCH(bool, valid);
        QFETCH(QString, rule);
        const Status s = fieldseal::validateDate(date.toStdString());
        if (valid)
            VERIFY_OK(s);
        else
            VERIFY_ERROR(s, ErrorCode::InvalidInput, "'" + date.toStdString() + "'", rule.toStdString());
    }

    void validateDateTime_data() {
        QTest::addColumn<QString>("time");
        QTest::addColumn<bool>("valid");
        QTest::newRow("Z") << "2026-11-05T09:30:00Z" << true;
        QTest::newRow("lower-case t and z") << "2026-11-05t09:30:00z" << true;
        QTest::newRow("+08:00") << "2026-11-05T09:30:00+08:00" << true;
        QTest::newRow("-05:30") << "2026-11-05T09:30:00-05:30" << true;
        QTest::newRow("fraction ms") << "2026-11-05T09:30:00.123Z" << true;
        QTest::newRow("fraction ns with offset") << "2026-11-05T09:30:00.123456789+08:00" << true;
        QTest::newRow("leap second") << "2016-12-31T23:59:60Z" << true;
        QTest::newRow("leap day") << "2024-02-29T00:00:00Z" << true;
        QTest::newRow("no zone") << "2026-11-05T09:30:00" << false;
        QTest::newRow("space separator") << "2026-11-05 09:30:00Z" << false;
        QTest::newRow("hour 24") << "2026-11-05T24:00:00Z" << false;
        QTest::newRow("minute 60") << "2026-11-05T09:60:00Z" << false;
        QTest::newRow("second 61") << "2026-11-05T09:30:61Z" << false;
        QTest::newRow("offset hour 24") << "2026-11-05T09:30:00+24:00" << false;
        QTest::newRow("offset minute 60") << "2026-11-05T09:30:00+08:60" << false;
        QTest::newRow("offset without colon") << "2026-11-05T09:30:00+0800" << false;
        QTest::newRow("offset hour only") << "2026-11-05T09:30:00+08" << false;
        QTest::newRow("empty fraction") << "2026-11-05T09:30:00.Z" << false;
        QTest::newRow("text after Z") << "2026-11-05T09:30:00Zx" << false;
        QTest::newRow("bad date") << "2026-02-29T09:30:00Z" << false;
        QTest::newRow("no seconds") << "2026-11-05T09:30Z" << false;
        QTest::newRow("empty") << "" << false;
    }
    void validateDateTime() {
        QFETCH(QString, time);
        QFETCH(bool, valid);
        const Status s = fieldseal::validateDateTime(time.toStdString());
        if (valid)
            VERIFY_OK(s);
        else
            VERIFY_ERROR(s, ErrorCode::InvalidInput, "'" + time.toStdString() + "'", "RFC 3339");
    }

    // --- schema -------------------------------------------------------------------------------
    void fieldKinds_data() {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value"); // JSON
        QTest::addColumn<QString>("rule");  // "" = accepted; else a fragment of the message
        const std::string uscc = withReferenceCheck("91310115MA1H7PQR3");
        const QString hex(64, 'a');

        QTest::newRow("text ok") << "organisation"
                                 << "name"
                                 << R"("上海某某电器有限公司")"
                                 << "";
        QTest::newRow("text empty") << "organisation"
                                    << "name"
                                    << R"("")"
                                    << "must be non-empty text";
        QTest::newRow("text number") << "organisation"
                                     << "name"
                                     << "42"
                                     << "must be non-empty text";
        QTest::newRow("text too long")
            << "organisation"
            << "name" << QString::fromStdString(json(std::string(100001, 'x')).dump())
            << "longer than 100000 bytes";

        QTest::newRow("enum ok") << "organisation"
                                 << "org_type"
                                 << R"("manufacturer")"
                                 << "";
        QTest::newRow("enum other") << "organisation"
                                    << "org_type"
                                    << R"("factory")"
                                    << "must be one of manufacturer, certification_body";
        QTest::newRow("enum case") << "organisation"
                                   << "org_type"
                                   << R"("Manufacturer")"
                                   << R"(not "Manufacturer")";
        QTest::newRow("enum number") << "inspection"
                                     << "conclusion"
                                     << "1"
                                     << "not 1";

        QTest::newRow("date ok") << "task"
                                 << "due_date"
                                 << R"("2026-12-01")"
                                 << "";
        QTest::newRow("date impossible") << "task"
                                         << "due_date"
                                         << R"("2026-02-30")"
                                         << "real calendar date";
        QTest::newRow("date number") << "task"
                                     << "due_date"
                                     << "20261201"
                                     << "must be a date YYYY-MM-DD";

        QTest::newRow("datetime ok") << "inspection"
                                     << "started_at"
                                     << R"("2026-11-05T09:30:00+08:00")"
                                     << "";
        QTest::newRow("datetime no zone") << "inspection"
                                          << "started_at"
                                          << R"("2026-11-05T09:30:00")"
                                          << "RFC 3339";
        QTest::newRow("datetime number") << "inspection"
                                         << "started_at"
                                         << "1762306200"
                                         << "must be an RFC 3339 time";

        QTest::newRow("uscc ok") << "organisation"
                                 << "uscc" << QString::fromStdString(json(uscc).dump()) << "";
        QTest::newRow("uscc check") << "organisation"
                                    << "uscc"
                                    << R"("91310115MA1H7PQR3N")"
                                    << "check character 'N'";
        QTest::newRow("uscc object") << "organisation"
                                     << "uscc"
                                     << "{}"
                                     << "must be a unified social credit code";

        QTest::newRow("district ok") << "organisation"
                                     << "district"
                                     << R"("310199")"
                                     << "";
        QTest::newRow("district unknown") << "organisation"
                                          << "district"
                                          << R"("310102")"
                                          << "'310102' is not a known district code";
        QTest::newRow("district number") << "organisation"
                                         << "district"
                                         << "310115"
                                         << "must be a district code";

        QTest::newRow("integer ok") << "evidence"
                                    << "size"
                                    << "1048576"
                                    << "";
        QTest::newRow("integer zero") << "evidence"
                                      << "size"
                                      << "0"
                                      << "";
        QTest::newRow("integer negative") << "evidence"
                                          << "size"
                                          << "-1"
                                          << "whole number of at least 0";
        QTest::newRow("integer fraction") << "evidence"
                                          << "size"
                                          << "1.5"
                                          << "whole number of at least 0";
        QTest::newRow("integer string") << "evidence"
                                        << "size"
                                        << R"("12")"
                                        << "whole number of at least 0";

        QTest::newRow("boolean ok") << "signature"
                                    << "refused"
                                    << "true"
                                    << "";
        QTest::newRow("boolean string") << "signature"
                                        << "refused"
                                        << R"("true")"
                                        << "must be true or false";
        QTest::newRow("boolean number") << "signature"
                                        << "refused"
                                        << "1"
                                        << "must be true or false";

        QTest::newRow("hex64 ok") << "evidence"
                                  << "sha256"
                                  << "\"" + hex + "\""
                                  << "";
        QTest::newRow("hex64 upper") << "evidence"
                                     << "sha256"
                                     << "\"" + hex.toUpper() + "\""
                                     << "lower-case hex (64";
        QTest::newRow("hex64 short") << "evidence"
                                     << "sha256"
                                     << "\"" + hex.left(63) + "\""
                                     << "lower-case hex (64";
        QTest::newRow("hex64 non-hex") << "evidence"
                                       << "sha256"
                                       << "\"" + hex.left(63) + "g\""
                                       << "lower-case hex (64";
        QTest::newRow("hex64 number") << "evidence"
                                      << "sha256"
                                      << "12"
                                      << "must be a SHA-256";

        QTest::newRow("location ok") << "inspection"
                                     << "location"
                                     << R"({"lat": 31.23, "lon": 121.47})"
                                     << "";
        QTest::newRow("location accuracy") << "inspection"
                                           << "location"
                                           << R"({"lat": -90, "lon": 180, "accuracy_m": 0})"
                                           << "";
        QTest::newRow("location lat 91") << "inspection"
                                         << "location"
                                         << R"({"lat": 91, "lon": 121})"
                                         << "-90..90";
        QTest::newRow("location lon -181") << "inspection"
                                           << "location"
                                           << R"({"lat": 31, "lon": -181})"
                                           << "-180..180";
        QTest::newRow("location no lon") << "inspection"
                                         << "location"
                                         << R"({"lat": 31})"
                                         << "-180..180";
        QTest::newRow("location string lat") << "inspection"
                                             << "location"
                                             << R"({"lat": "31", "lon": 121})"
                                             << "-90..90";
        QTest::newRow("location array") << "inspection"
                                        << "location"
                                        << "[31, 121]"
                                        << "-90..90";
        QTest::newRow("location negative accuracy") << "inspection"
                                                    << "location"
                                                    << R"({"lat": 31, "lon": 121, "accuracy_m": -1})"
                                                    << "accuracy_m must be a number of metres >= 0";

        QTest::newRow("text list ok") << "task"
                                      << "inspectors"
                                      << R"(["王敏", "李强"])"
                                      << "";
        QTest::newRow("text list one") << "task"
                                       << "inspectors"
                                       << R"(["王敏"])"
                                       << "needs at least 2 entries, has 1";
        QTest::newRow("text list empty") << "inspection"
                                         << "inspectors"
                                         << "[]"
                                         << "needs at least 2 entries, has 0";
        QTest::newRow("text list empty name") << "task"
                                              << "inspectors"
                                              << R"(["王敏", ""])"
                                              << "must hold only non-empty text";
        QTest::newRow("text list number") << "task"
                                          << "inspectors"
                                          << R"(["王敏", 7])"
                                          << "must hold only non-empty text";
        QTest::newRow("text list string") << "task"
                                          << "inspectors"
                                          << R"("王敏, 李强")"
                                          << "must be a list";

        QTest::newRow("object ok") << "signature"
                                   << "signed_versions"
                                   << R"({"findings": [1, "dev"]})"
                                   << "";
        QTest::newRow("object array") << "signature"
                                      << "signed_versions"
                                      << "[]"
                                      << "must be a JSON object";

        QTest::newRow("array ok") << "signature"
                                  << "strokes"
                                  << R"([[0, 0], [1, 1]])"
                                  << "";
        QTest::newRow("array object") << "signature"
                                      << "strokes"
                                      << "{}"
                                      << "must be a JSON array";

        QTest::newRow("answer ok") << "inspection"
                                   << "answers.ccc-1.2"
                                   << R"({"result": "fail", "note": "标志缺失", "deadline": "2026-12-31"})"
                                   << "";
        QTest::newRow("answer not applicable") << "inspection"
                                               << "answers.q1"
                                               << R"({"result": "not_applicable"})"
                                               << "";
        QTest::newRow("answer unanswered") << "inspection"
                                           << "answers.q1"
                                           << R"({"result": "unanswered"})"
                                           << "";
        QTest::newRow("answer string") << "inspection"
                                       << "answers.q1"
                                       << R"("pass")"
                                       << "must be an object";
        QTest::newRow("answer no result") << "inspection"
                                          << "answers.q1"
                                          << R"({"note": "x"})"
                                          << "result must be one of pass, fail, not_applicable, unanswered";
        QTest::newRow("answer bad result") << "inspection"
                                           << "answers.q1"
                                           << R"({"result": "ok"})"
                                           << "result must be one of";
        QTest::newRow("answer note number") << "inspection"
                                            << "answers.q1"
                                            << R"({"result": "pass", "note": 3})"
                                            << "note must be text";
        QTest::newRow("answer bad deadline") << "inspection"
                                             << "answers.q1"
                                             << R"({"result": "fail", "deadline": "2026-02-30"})"
                                             << "deadline must be a date";

        QTest::newRow("status ok") << "inspection"
                                   << "status"
                                   << R"("submitted")"
                                   << "";
        QTest::newRow("status unknown") << "inspection"
                                        << "status"
                                        << R"("signed")"
                                        << "must be one of draft, submitted, approved, returned";
    }
    void fieldKinds() {
        QFETCH(QString, type);
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, rule);
        const RecordType& t = ::type(type.toUtf8().constData());
        QVERIFY(t.findField(field.toStdString()));
        const Status s = validateField(t, field.toStdString(), json::parse(value.toStdString()));
        if (rule.isEmpty())
            VERIFY_OK(s);
        else
            VERIFY_ERROR(s, ErrorCode::InvalidInput, type.toStdString() + "." + field.toStdString() + ": ",
                         rule.toStdString());
    }

    void unknownType() {
        QVERIFY(!findRecordType("inspektion"));
        const auto r = requireRecordType("inspektion");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::UnknownType);
        for (const char* fragment : {"'inspektion'", "organisation", "task", "inspection", "evidence",
                                     "signature", "certificate", "ccc_exemption", "audit_event"})
            QVERIFY2(r.error().message.find(fragment) != std::string::npos, r.error().message.c_str());
        const auto known = requireRecordType("inspection");
        QVERIFY(known.ok());
        QCOMPARE((*known)->name, std::string("inspection"));
    }

    void unknownField() {
        const RecordType& org = type("organisation");
        VERIFY_ERROR(validateField(org, "colour", "red"), ErrorCode::UnknownField, "'organisation'",
                     "'colour'", "fields: uscc, name, org_type, district, address, contact, phone");
        // Map fields are listed as NAME.KEY.
        VERIFY_ERROR(validateField(type("inspection"), "answer.q1", json{{"result", "pass"}}),
                     ErrorCode::UnknownField, "'answer.q1'", "answers.KEY", "conclusion");
    }

    void mapFields() {
        const RecordType& insp = type("inspection");
        const json pass = {{"result", "pass"}};
        VERIFY_OK(validateField(insp, "answers.q1", pass));
        VERIFY_OK(validateField(insp, "answers.ccc.1.2", pass)); // the key may itself hold dots
        QCOMPARE(insp.findField("answers.q1")->name, std::string("answers"));
        QVERIFY(insp.findField("answers.q1")->isMap);
        // The whole map cannot be set at once, nor an empty key; a plain field takes no key.
        VERIFY_ERROR(validateField(insp, "answers", json{{"q1", pass}}), ErrorCode::UnknownField,
                     "'answers'");
        VERIFY_ERROR(validateField(insp, "answers.", pass), ErrorCode::UnknownField, "'answers.'");
        VERIFY_ERROR(validateField(insp, "conclusion.x", "conforming"), ErrorCode::UnknownField,
                     "'conclusion.x'");
        // A map entry may be cleared (null), since map entries are optional.
        VERIFY_OK(validateField(insp, "answers.q1", nullptr));
    }

    void requiredFields() {
        const RecordType& org = type("organisation");
        VERIFY_OK(validateRequired(org, {"uscc", "name", "org_type", "district"}));
        VERIFY_OK(validateRequired(org, {"district", "phone", "uscc", "org_type", "name"}));
        VERIFY_ERROR(validateRequired(org, {"uscc", "name", "org_type"}), ErrorCode::MissingField,
                     "organisation.district: is required");
        VERIFY_ERROR(validateRequired(org, {}), ErrorCode::MissingField, "organisation.uscc: is required");
        // The inspection's answers map and status are optional.
        VERIFY_OK(validateRequired(type("inspection"), {"organisation_id", "template_id", "district"}));

        // Clearing: a required field cannot be set to null, an optional one can.
        VERIFY_ERROR(validateField(org, "name", nullptr), ErrorCode::InvalidInput,
                     "organisation.name: is required and cannot be cleared");
        VERIFY_ERROR(validateField(type("task"), "inspectors", nullptr), ErrorCode::InvalidInput,
                     "task.inspectors: is required and cannot be cleared");
        VERIFY_OK(validateField(org, "address", nullptr));
        VERIFY_OK(validateField(type("inspection"), "inspectors", nullptr)); // optional there
    }

    void validateBody() {
        const RecordType& ev = type("evidence");
        QVERIFY(ev.immutable);
        const json body = {{"inspection_id", "0193a1b2-0000-7000-8000-000000000001"},
                           {"sha256", std::string(64, '0')},
                           {"media_type", "image/jpeg"},
                           {"size", 2048},
                           {"captured_at", "2026-11-05T09:31:12.5+08:00"},
                           {"location", {{"lat", 31.2}, {"lon", 121.5}, {"accuracy_m", 8}}},
                           {"device", "tablet-07"},
                           {"inspector", "王敏"},
                           {"district", "310115"}};
        VERIFY_OK(fieldseal::validateBody(ev, body));

        json missing = body;
        missing.erase("captured_at");
        VERIFY_ERROR(fieldseal::validateBody(ev, missing), ErrorCode::MissingField,
                     "evidence.captured_at: is required");

        json nulled = body;
        nulled["device"] = nullptr; // present but null does not satisfy "required"
        VERIFY_ERROR(fieldseal::validateBody(ev, nulled), ErrorCode::InvalidInput,
                     "evidence.device: is required and cannot be cleared");

        json invalid = body;
        invalid["size"] = -5;
        VERIFY_ERROR(fieldseal::validateBody(ev, invalid), ErrorCode::InvalidInput,
                     "evidence.size:", "at least 0");

        json extra = body;
        extra["colour"] = "red";
        VERIFY_ERROR(fieldseal::validateBody(ev, extra), ErrorCode::UnknownField, "'colour'");

        VERIFY_ERROR(fieldseal::validateBody(ev, json::array()), ErrorCode::InvalidInput,
                     "evidence: body must be a JSON object");
    }

    void schemaShape() {
        for (const char* immutable : {"evidence", "signature", "certificate", "audit_event"})
            QVERIFY2(type(immutable).immutable, immutable);
        for (const char* mutableType : {"organisation", "task", "inspection", "ccc_exemption"})
            QVERIFY2(!type(mutableType).immutable, mutableType);
        QVERIFY(type("inspection").hasStatus);
        QVERIFY(!type("task").hasStatus);
        // Every type is scoped by district, and requires it.
        for (const auto& t : recordTypes()) {
            const FieldSpec* d = t.findField("district");
            QVERIFY2(d && d->kind == FieldKind::District && d->required, t.name.c_str());
        }
    }

    // --- status machine -----------------------------------------------------------------------
    void statusMachine() {
        const std::vector<std::string> all = {status::kDraft, status::kSubmitted, status::kApproved,
                                              status::kReturned};
        const std::set<std::pair<std::string, std::string>> allowed = {{"draft", "submitted"},
                                                                       {"submitted", "approved"},
                                                                       {"submitted", "returned"},
                                                                       {"returned", "submitted"}};
        int allowedCount = 0;
        for (const auto& from : all) {
            for (const auto& to : all) {
                const bool expected = allowed.count({from, to}) > 0;
                const std::string pair = from + " -> " + to;
                QVERIFY2(statusTransitionAllowed(from, to) == expected, pair.c_str());
                if (expected) {
                    ++allowedCount;
                    VERIFY_OK(checkStatusTransition(from, to));
                } else {
                    VERIFY_ERROR(checkStatusTransition(from, to), ErrorCode::IllegalTransition,
                                 "from " + from + " to " + to, "allowed: draft -> submitted");
                }
            }
        }
        QCOMPARE(allowedCount, 4);
        VERIFY_ERROR(checkStatusTransition("draft", "signed"), ErrorCode::IllegalTransition, "to signed");
        QVERIFY(!statusTransitionAllowed("", "draft"));

        QVERIFY(statusIsLocked(status::kSubmitted));
        QVERIFY(statusIsLocked(status::kApproved));
        QVERIFY(!statusIsLocked(status::kDraft));
        QVERIFY(!statusIsLocked(status::kReturned));
    }

    // --- hybrid logical clock -----------------------------------------------------------------
    void hlcPacking() {
        const Hlc h = makeHlc(1'795'636'110'123, 7);
        QCOMPARE(hlcMillis(h), std::uint64_t{1'795'636'110'123});
        QCOMPARE(hlcCounter(h), std::uint64_t{7});
        QCOMPARE(makeHlc(5, 0x1ffff), makeHlc(5, 0xffff)); // the counter is masked, never carries
        QVERIFY(makeHlc(5, 0xffff) < makeHlc(6, 0));       // milliseconds dominate
        QVERIFY(makeHlc(5, 1) > makeHlc(5, 0));
        const Hlc top = makeHlc((std::uint64_t{1} << 48) - 1, 0xffff);
        QCOMPARE(top, ~Hlc{0});
        QCOMPARE(hlcMillis(top), (std::uint64_t{1} << 48) - 1);
    }

    void hlcToStringFormat() {
        QCOMPARE(hlcToString(makeHlc(1'795'636'110'123, 2)), std::string("2026-11-25T19:48:30.123Z#2"));
        QCOMPARE(hlcToString(0), std::string("1970-01-01T00:00:00.000Z#0"));
        QCOMPARE(hlcToString(makeHlc(951'782'400'007, 65535)), std::string("2000-02-29T00:00:00.007Z#65535"));
    }

    void hlcMonotonicStandingClock() {
        ManualClock wall;
        HlcClock clock(wall.fn());
        Hlc prev = clock.now();
        QCOMPARE(prev, makeHlc(*wall.ms, 0));
        // More than 2^16 events in one millisecond: the counter overflows into the milliseconds
        // and the clock still never repeats or goes back.
        for (int i = 0; i < 70000; ++i) {
            const Hlc h = clock.now();
            QVERIFY(h > prev);
            prev = h;
        }
        QCOMPARE(clock.last(), prev);
        QCOMPARE(prev, makeHlc(*wall.ms, 0) + 70000);
    }

    void hlcMonotonicBackwardsClock() {
        ManualClock wall;
        HlcClock clock(wall.fn());
        const Hlc a = clock.now();
        *wall.ms -= 60'000; // NTP correction a minute back
        const Hlc b = clock.now();
        QVERIFY(b > a);
        QCOMPARE(hlcMillis(b), hlcMillis(a)); // stays on the last millisecond and counts
        *wall.ms += 60'000 + 5;
        const Hlc c = clock.now();
        QCOMPARE(c, makeHlc(hlcMillis(a) + 5, 0)); // back to real time once the wall passes it
    }

    void hlcObserveWithinDrift() {
        ManualClock wall;
        HlcClock clock(wall.fn(), 10'000);
        const Hlc local = clock.now();
        const Hlc remote = makeHlc(*wall.ms + 9'000, 42);
        VERIFY_OK(clock.check(remote));
        QCOMPARE(clock.last(), local); // check() does not merge
        VERIFY_OK(clock.observe(remote));
        QCOMPARE(clock.last(), remote);
        const Hlc next = clock.now();
        QVERIFY(next > remote);
        QCOMPARE(next, remote + 1);
        // Exactly at the bound is still accepted.
        VERIFY_OK(clock.observe(makeHlc(*wall.ms + 10'000, 0)));
        // A remote behind the clock never moves it back.
        const Hlc before = clock.last();
        VERIFY_OK(clock.observe(makeHlc(*wall.ms - 50'000, 0)));
        QCOMPARE(clock.last(), before);
    }

    void hlcObserveBeyondDrift() {
        ManualClock wall;
        HlcClock clock(wall.fn()); // default bound: ten minutes
        const Hlc local = clock.now();
        const Hlc remote = makeHlc(*wall.ms + HlcClock::kDefaultMaxDriftMillis + 1, 0);
        const Status checked = clock.check(remote);
        const Status observed = clock.observe(remote);
        for (const Status* s : {&checked, &observed}) {
            VERIFY_ERROR(*s, ErrorCode::ClockAhead, hlcToString(remote), "600 s ahead",
                         hlcToString(makeHlc(*wall.ms, 0)));
            QCOMPARE(s->error().domain, ErrorDomain::Clock);
        }
        QCOMPARE(clock.last(), local); // refused: the clock did not move
        const Hlc next = clock.now();
        QVERIFY(next < remote);
        QCOMPARE(next, local + 1);
        // Once the local wall clock has caught up, the same timestamp is accepted.
        *wall.ms += 2;
        VERIFY_OK(clock.check(remote));
        VERIFY_OK(clock.observe(remote));
        QVERIFY(clock.now() > remote);
    }

    void hlcRestore() {
        ManualClock wall;
        HlcClock clock(wall.fn());
        // A restart after the wall clock was set back: the persisted value keeps order.
        const Hlc persisted = makeHlc(*wall.ms + 3'600'000, 9);
        clock.restore(persisted);
        QCOMPARE(clock.last(), persisted);
        QCOMPARE(clock.now(), persisted + 1);
        clock.restore(makeHlc(1, 0)); // an older value never moves the clock back
        QCOMPARE(clock.last(), persisted + 1);
        // restore() is not bounded by the drift (it is this device's own history).
        HlcClock fresh(wall.fn(), 1);
        fresh.restore(persisted);
        QVERIFY(fresh.now() > persisted);
    }

    void hlcSystemClock() {
        HlcClock clock;
        const auto before = HlcClock::systemWallClock()();
        const Hlc h = clock.now();
        QVERIFY(hlcMillis(h) >= before);
        QVERIFY(hlcMillis(h) < before + 60'000);
        QVERIFY(clock.now() > h);
    }

    // --- ids ----------------------------------------------------------------------------------
    void uuidFormat() {
        ManualClock wall;
        IdGenerator gen(wall.fn(), 1);
        for (int i = 0; i < 1000; ++i) {
            const std::string id = gen.next();
            QVERIFY2(isUuid(id), id.c_str());
            QCOMPARE(id.size(), size_t{36});
            QCOMPARE(id[14], '7');                                                       // version
            QVERIFY2(std::string("89ab").find(id[19]) != std::string::npos, id.c_str()); // variant 10
            QVERIFY(uuidMillis(id) >= *wall.ms);
            if (i % 100 == 99) *wall.ms += 1;
        }
        IdGenerator system;
        const std::string id = system.next();
        QVERIFY2(isUuid(id) && id[14] == '7', id.c_str());
    }

    void isUuidRejects() {
        QVERIFY(isUuid("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"));
        for (const char* bad : {"", "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5", // short
                                "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b0",   // long
                                "0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B",    // upper case
                                "0193a1b2c-3d4-7e5f-8a9b-0c1d2e3f4a5b",    // dash misplaced
                                "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5g",    // not hex
                                "{193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5}"})
            QVERIFY2(!isUuid(bad), bad);
    }

    void uuidStrictlyIncreasing() {
        ManualClock wall;
        IdGenerator gen(wall.fn(), 7);
        std::string prev = gen.next();
        for (int i = 0; i < 10000; ++i) {
            const std::string id = gen.next();
            QVERIFY2(id > prev, (prev + " then " + id).c_str());
            prev = id;
        }
        // The clock stood still, yet ids stay close to it (the counter borrows few milliseconds).
        QVERIFY(uuidMillis(prev) <= *wall.ms + 10);
        // And across a clock going backwards.
        *wall.ms -= 5000;
        for (int i = 0; i < 100; ++i) {
            const std::string id = gen.next();
            QVERIFY(id > prev);
            prev = id;
        }
        // A later millisecond sorts later.
        *wall.ms += 60'000;
        const std::string later = gen.next();
        QVERIFY(later > prev);
        QCOMPARE(uuidMillis(later), *wall.ms);
    }

    void uuidDeterministic() {
        ManualClock wall;
        IdGenerator a(wall.fn(), 99);
        IdGenerator b(wall.fn(), 99);
        IdGenerator c(wall.fn(), 100);
        bool differs = false;
        for (int i = 0; i < 200; ++i) {
            const std::string ia = a.next();
            QCOMPARE(ia, b.next());
            differs = differs || ia != c.next();
            if (i % 50 == 49) *wall.ms += 1;
        }
        QVERIFY(differs);
    }
};

QTEST_APPLESS_MAIN(TestModel)
#include "test_model.moc"
