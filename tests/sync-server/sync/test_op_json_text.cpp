// The pull's op text (sync/op_json_text.h), written straight from the op log's columns, against
// what it stands in for: opToJson(op).dump(). Devices parse these bytes; a single escape written
// differently would make a pulled op differ from the one pushed (or the reply unreadable).
// Random ops and strings (support/random_json.h) from a fixed seed, so a failure repeats.
#include "sync/op_codec.h"
#include "sync/op_json_text.h"
#include "support/random_json.h"

#include <QtTest>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

using namespace fieldseal;
using namespace fieldseal::server;
using json = nlohmann::json;

namespace {

using test::randomUtf8Text;

// Each code point below 0x80, as UTF-8.
std::string everyAsciiCharacter() {
    std::string out;
    for (int c = 0; c < 0x80; ++c)
        out += static_cast<char>(c);
    return out;
}

} // namespace

class TestOpJsonText : public QObject {
    Q_OBJECT

private slots:
    void stringsAreEscapedAsNlohmannEscapesThem() {
        std::mt19937 rng(7);
        for (int i = 0; i < 20000; ++i) {
            const std::string text = randomUtf8Text(rng);
            std::string ours;
            appendJsonString(text, ours);
            const std::string theirs = json(text).dump();
            if (ours != theirs) QFAIL(("escaped differently: " + json(text).dump(-1, ' ', true)).c_str());
        }
        const std::string all = everyAsciiCharacter();
        std::string ours;
        appendJsonString(all, ours);
        QCOMPARE(ours, json(all).dump());
    }

    void anOpIsWrittenAsOpToJsonDumpsItAndReadsBackTheSame() {
        std::mt19937 rng(11);
        for (int i = 0; i < 5000; ++i) {
            Op op;
            op.opId = randomUtf8Text(rng);
            op.recordId = randomUtf8Text(rng);
            op.type = randomUtf8Text(rng);
            op.field = randomUtf8Text(rng);
            op.value = test::randomJsonValue(rng);
            op.hlc = std::uniform_int_distribution<Hlc>()(rng);
            op.baseVersion = i % 3 ? std::uniform_int_distribution<Hlc>()(rng) : 0;
            op.device = randomUtf8Text(rng);
            op.user = randomUtf8Text(rng);

            LoggedOpText logged;
            logged.seq = i + 1;
            logged.opId = op.opId;
            logged.recordId = op.recordId;
            logged.type = op.type;
            logged.field = op.field;
            logged.valueJson = op.value.dump(); // as the op log stores it
            logged.hlc = op.hlc;
            logged.baseVersion = op.baseVersion;
            logged.device = op.device;
            logged.user = op.user;
            std::string ours;
            appendOpJson(logged, ours);
            if (ours != opToJson(op).dump()) QFAIL(("written differently: " + opToJson(op).dump(-1, ' ', true)).c_str());
            // What a device makes of it: the op as it was pushed.
            auto back = opFromJson(json::parse(ours));
            QVERIFY2(back.ok(), ours.c_str());
            QVERIFY(*back == op);
        }
    }
};

QTEST_APPLESS_MAIN(TestOpJsonText)
#include "test_op_json_text.moc"
