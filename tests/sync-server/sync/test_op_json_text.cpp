// The pull's op text (sync/op_json_text.h), written straight from the op log's columns, against
// what it stands in for: opToJson(op).dump(). Devices parse these bytes; a single escape written
// differently would make a pulled op differ from the one pushed (or the reply unreadable).
// Random ops and strings from a fixed seed, so a failure repeats.
#include "sync/op_codec.h"
#include "sync/op_json_text.h"

#include <QtTest>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

using namespace fieldseal;
using namespace fieldseal::server;
using json = nlohmann::json;

namespace {

// One code point as UTF-8.
void appendUtf8(char32_t c, std::string& out) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xc0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xe0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (c & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (c & 0x3f));
    }
}

// Well-formed UTF-8 of up to 24 code points, weighted towards what needs escaping (control
// characters, quote, backslash, DEL) and towards Chinese text, with the rest of Unicode between.
std::string randomText(std::mt19937& rng) {
    const auto pick = [&rng](std::uint32_t lo, std::uint32_t hi) {
        return std::uniform_int_distribution<std::uint32_t>(lo, hi)(rng);
    };
    std::string out;
    for (std::uint32_t n = pick(0, 24); n > 0; --n) {
        switch (pick(0, 5)) {
        case 0: appendUtf8(pick(0, 0x1f), out); break;
        case 1: appendUtf8(U"\"\\/\x7f"[pick(0, 3)], out); break;
        case 2: appendUtf8(pick(0x20, 0x7e), out); break;
        case 3: appendUtf8(pick(0x4e00, 0x9fff), out); break;
        case 4: appendUtf8(pick(0x80, 0xd7ff), out); break;
        default: appendUtf8(pick(0, 1) ? pick(0xe000, 0xffff) : pick(0x10000, 0x10ffff), out); break;
        }
    }
    return out;
}

json randomValue(std::mt19937& rng, int depth = 0) {
    const auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    switch (pick(0, depth < 3 ? 6 : 4)) {
    case 0: return nullptr;
    case 1: return pick(0, 1) == 1;
    case 2: return std::uniform_int_distribution<std::int64_t>()(rng);
    case 3: return std::uniform_int_distribution<std::uint64_t>()(rng);
    case 4: return randomText(rng);
    case 5: {
        json a = json::array();
        for (int n = pick(0, 4); n > 0; --n)
            a.push_back(randomValue(rng, depth + 1));
        return a;
    }
    default: {
        json o = json::object();
        for (int n = pick(0, 4); n > 0; --n)
            o[randomText(rng)] = randomValue(rng, depth + 1);
        return o;
    }
    }
}

} // namespace

class TestOpJsonText : public QObject {
    Q_OBJECT

private slots:
    void stringsAreEscapedAsNlohmannEscapesThem() {
        std::mt19937 rng(7);
        for (int i = 0; i < 20000; ++i) {
            const std::string text = randomText(rng);
            std::string ours;
            appendJsonString(text, ours);
            const std::string theirs = json(text).dump();
            if (ours != theirs) QFAIL(("escaped differently: " + json(text).dump(-1, ' ', true)).c_str());
        }
        std::string all;
        for (char32_t c = 0; c < 0x80; ++c)
            appendUtf8(c, all);
        std::string ours;
        appendJsonString(all, ours);
        QCOMPARE(ours, json(all).dump());
    }

    void anOpIsWrittenAsOpToJsonDumpsItAndReadsBackTheSame() {
        std::mt19937 rng(11);
        for (int i = 0; i < 5000; ++i) {
            Op op;
            op.opId = randomText(rng);
            op.recordId = randomText(rng);
            op.type = randomText(rng);
            op.field = randomText(rng);
            op.value = randomValue(rng);
            op.hlc = std::uniform_int_distribution<Hlc>()(rng);
            op.baseVersion = i % 3 ? std::uniform_int_distribution<Hlc>()(rng) : 0;
            op.device = randomText(rng);
            op.user = randomText(rng);

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
