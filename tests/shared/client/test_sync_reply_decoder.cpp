// decodeSyncReply (the streaming decoder of POST /v1/sync replies) against the reference: the
// reply parsed as a JSON document with every op read by opFromJson. Same ops, same verdicts on
// malformed replies (wrong member types, missing and unknown members, truncated bodies at every
// cut point), ops' values of every JSON shape.
#include "client/sync_reply_decoder.h"
#include "model/ids.h"
#include "sync/op_codec.h"
#include "support/random_json.h"

#include <QtTest>
#include <random>

using namespace fieldseal;
using nlohmann::json;

namespace {

// The decoding as it was done before the streaming decoder, from a whole document.
std::optional<SyncReply> reference(const std::string& body) {
    const auto j = json::parse(body, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    SyncReply r;
    if (!j.contains("accepted") || !j["accepted"].is_array()) return std::nullopt;
    for (const auto& id : j["accepted"]) {
        if (!id.is_string()) return std::nullopt;
        r.accepted.push_back(id);
    }
    if (!j.contains("ops") || !j["ops"].is_array()) return std::nullopt;
    for (const auto& o : j["ops"]) {
        auto op = opFromJson(o);
        if (!op) return std::nullopt;
        r.ops.push_back(*op);
    }
    if (!j.contains("cursor") || !j["cursor"].is_number_integer() || j["cursor"].get<std::int64_t>() < 0)
        return std::nullopt;
    r.cursor = j["cursor"];
    if (j.contains("more")) {
        if (!j["more"].is_boolean()) return std::nullopt;
        r.more = j["more"];
    }
    if (j.contains("rejected")) {
        if (!j["rejected"].is_array()) return std::nullopt;
        for (const auto& x : j["rejected"]) {
            if (!x.is_object() || !x.contains("op_id") || !x["op_id"].is_string()) return std::nullopt;
            r.rejected.push_back({x["op_id"], x.value("code", ""), x.value("message", "")});
        }
    }
    if (j.contains("conflicts")) {
        if (!j["conflicts"].is_array()) return std::nullopt;
        r.conflicts = j["conflicts"];
    }
    return r;
}

bool same(const SyncReply& a, const SyncReply& b) {
    if (a.accepted != b.accepted || a.ops != b.ops || a.cursor != b.cursor || a.more != b.more ||
        a.conflicts != b.conflicts || a.rejected.size() != b.rejected.size())
        return false;
    for (std::size_t i = 0; i < a.rejected.size(); ++i)
        if (a.rejected[i].opId != b.rejected[i].opId || a.rejected[i].code != b.rejected[i].code ||
            a.rejected[i].message != b.rejected[i].message)
            return false;
    return true;
}

json randomReply(std::mt19937& rng, std::size_t ops) {
    IdGenerator ids([] { return 1795000000000ull; }, rng());
    json list = json::array();
    for (std::size_t i = 0; i < ops; ++i)
        list.push_back(opToJson(Op{ids.next(), "rec-" + std::to_string(rng() % 50), "inspection",
                                   "answers.item-" + std::to_string(i), test::randomJsonValue(rng),
                                   makeHlc(1795000000000ull + i, rng() % 5), rng() % 3,
                                   "dev-" + std::to_string(rng() % 3), "insp.wang"}));
    json accepted = json::array();
    for (unsigned i = rng() % 3; i > 0; --i)
        accepted.push_back(ids.next());
    return json{
        {"accepted", accepted},
        {"rejected", json::array({{{"op_id", ids.next()}, {"code", "forbidden"}, {"message", "不行"}}})},
        {"ops", list},
        {"cursor", rng() % 100000},
        {"more", rng() % 2 == 0},
        {"conflicts", json::array({test::randomJsonValue(rng)})}};
}

} // namespace

class TestSyncReplyDecoder : public QObject {
    Q_OBJECT

private slots:
    void decodesLikeTheReference() {
        std::mt19937 rng(1);
        for (int i = 0; i < 200; ++i) {
            const std::string body = randomReply(rng, rng() % 30).dump();
            const auto expected = reference(body);
            QVERIFY(expected.has_value());
            auto got = decodeSyncReply(body);
            QVERIFY2(got.ok(), got.ok() ? "" : got.error().message.c_str());
            QVERIFY(same(*got, *expected));
        }
        // Members in any order, unknown members ignored, optional ones absent.
        const auto op = randomReply(rng, 1)["ops"][0];
        const std::string reordered = R"({"server_added_later":{"x":[1,{"y":2}]},"cursor":3,"ops":[)" +
                                      op.dump() + R"(],"accepted":[]})";
        auto got = decodeSyncReply(reordered);
        QVERIFY(got.ok());
        QVERIFY(same(*got, *reference(reordered)));
        QVERIFY(!got->more);
        QVERIFY(got->rejected.empty());
    }

    void refusesWhatTheReferenceRefuses() {
        std::mt19937 rng(2);
        const json good = randomReply(rng, 3);
        std::vector<json> bad;
        for (const char* member : {"accepted", "ops", "cursor", "more", "rejected", "conflicts"}) {
            for (const json& v :
                 {json(nullptr), json("text"), json(-1), json(1.5), json::object(), json::array({1})}) {
                json r = good;
                r[member] = v;
                bad.push_back(r);
            }
        }
        for (const char* member :
             {"op_id", "record_id", "type", "field", "device", "user", "hlc", "base_version", "value"}) {
            json r = good;
            r["ops"][1].erase(member);
            bad.push_back(r);
            for (const json& v : {json(nullptr), json("text"), json(-1), json::object(), json::array()}) {
                json w = good;
                w["ops"][1][member] = v;
                bad.push_back(w);
            }
        }
        json extra = good;
        extra["ops"][2]["seq"] = 5;
        bad.push_back(extra);
        json notAnOp = good;
        notAnOp["ops"][0] = "op";
        bad.push_back(notAnOp);
        for (const char* member : {"accepted", "ops", "cursor"}) {
            json r = good;
            r.erase(member);
            bad.push_back(r);
        }
        bad.push_back(json::array());
        bad.push_back(json("reply"));
        int refused = 0;
        for (const auto& r : bad) {
            const std::string body = r.dump();
            const bool referenceAccepts = reference(body).has_value();
            auto got = decodeSyncReply(body);
            QVERIFY2(got.ok() == referenceAccepts, body.substr(0, 300).c_str());
            if (!got.ok()) {
                ++refused;
                QCOMPARE(got.error().code, ErrorCode::MalformedInput);
                QVERIFY(!got.error().message.empty());
            } else {
                QVERIFY(same(*got, *reference(body)));
            }
        }
        QVERIFY(refused > 60);
    }

    void aBodyCutAnywhereIsRefused() {
        std::mt19937 rng(3);
        const std::string body = randomReply(rng, 4).dump();
        for (std::size_t cut = 0; cut < body.size(); ++cut)
            QVERIFY(!decodeSyncReply(std::string_view(body).substr(0, cut)).ok());
        QVERIFY(decodeSyncReply(body).ok());
    }

    void messagesNameTheOp() {
        std::mt19937 rng(4);
        json r = randomReply(rng, 3);
        r["ops"][2].erase("hlc");
        auto got = decodeSyncReply(r.dump());
        QVERIFY(!got.ok());
        QCOMPARE(got.error().message, std::string("ops[2]: op is missing \"hlc\""));
        r = randomReply(rng, 3);
        r["ops"][1]["device"] = 7;
        got = decodeSyncReply(r.dump());
        QCOMPARE(got.error().message, std::string("ops[1]: op member \"device\" must be a string"));
    }
};

QTEST_APPLESS_MAIN(TestSyncReplyDecoder)
#include "test_sync_reply_decoder.moc"
