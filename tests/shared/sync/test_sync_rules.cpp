// The sync rules of DESIGN.md one scenario at a time, on real SqliteStores: idempotency, order
// independence, last-writer-wins with its tie-break, tampering, the status machine, stale edits
// raised as conflicts (never applied, never lost), signatures made stale visibly, the clock bound.
#include "model/schema.h"
#include "store/sqlite_store.h"
#include "sync/replica.h"

#include <QtTest>
#include <algorithm>
#include <sstream>

using namespace fieldseal;

namespace {

using Fields = std::vector<std::pair<std::string, nlohmann::json>>;

std::uint64_t g_now = 1795000000000; // shared simulated wall clock (ms)

struct Device {
    std::unique_ptr<SqliteStore> store;
    std::unique_ptr<Replica> replica;

    explicit Device(const std::string& name, std::int64_t skewMs = 0) {
        store = std::move(SqliteStore::open(":memory:").value());
        if (!Replica::initialise(*store, {name, name + "-user", "310115"}).ok()) qFatal("init");
        auto wall = [skewMs] {
            return static_cast<std::uint64_t>(static_cast<std::int64_t>(g_now) + skewMs);
        };
        replica = std::move(
            Replica::open(*store, {HlcClock(wall), IdGenerator(wall, std::hash<std::string>{}(name))})
                .value());
    }

    std::vector<Op> put(const std::string& type, const std::string& id, const Fields& fields) {
        ++g_now;
        auto ops = replica->put(type, id, fields);
        if (!ops) qFatal("put refused: %s", ops.error().message.c_str());
        return *ops;
    }
    Error refusedPut(const std::string& type, const std::string& id, const Fields& fields) {
        ++g_now;
        auto ops = replica->put(type, id, fields);
        if (ops) qFatal("put should have been refused");
        return ops.error();
    }
    std::vector<Op> log() {
        std::vector<Op> out;
        store->forEachOpSince(0, [&](const StoredOp& s) {
            out.push_back(s.op);
            return true;
        });
        return out;
    }
    ApplyReport receive(const std::vector<Op>& ops) {
        auto r = replica->apply(ops);
        if (!r) qFatal("apply failed: %s", r.error().message.c_str());
        return *r;
    }
    void pull(Device& from) { receive(from.log()); }
    std::string dump() {
        std::ostringstream out;
        replica->writeCanonicalDump(out);
        return out.str();
    }
    nlohmann::json show(const std::string& id) { return replica->record(id).value(); }
};

const Fields kInspection = {
    {"organisation_id", "org-1"}, {"template_id", "ccc-toys"}, {"district", "310115"}};

nlohmann::json evidence(std::uint64_t size) {
    return {{"inspection_id", "insp-1"},
            {"sha256", std::string(64, 'b')},
            {"media_type", "image/jpeg"},
            {"size", size},
            {"captured_at", "2026-11-05T09:30:00+08:00"},
            {"device", "a"},
            {"inspector", "张伟"},
            {"district", "310115"}};
}

Fields asFields(const nlohmann::json& body) {
    Fields f;
    for (const auto& [k, v] : body.items())
        f.emplace_back(k, v);
    return f;
}

} // namespace

class TestSyncRules : public QObject {
    Q_OBJECT
private slots:
    void duplicatesAreAcknowledgedAndChangeNothing() {
        Device a("dev-a"), b("dev-b");
        a.put("inspection", "insp-1", kInspection);
        const auto ops = a.log();
        QCOMPARE(b.receive(ops).applied, ops.size());
        const auto before = b.dump();
        const auto again = b.receive(ops);
        QCOMPARE(again.duplicates, ops.size());
        QCOMPARE(again.applied, std::size_t(0));
        QCOMPARE(b.dump(), before);
        QCOMPARE(b.store->outboxSize(), std::int64_t(0)); // remote ops are not b's to push
        QCOMPARE(a.store->outboxSize(), static_cast<std::int64_t>(ops.size()));
    }

    void orderDoesNotMatter() {
        Device a("dev-a"), b("dev-b");
        a.put("inspection", "insp-1", kInspection);
        b.pull(a);
        a.put("inspection", "insp-1", {{"findings", "A 的发现"}, {"answers.1", {{"result", "pass"}}}});
        b.put("inspection", "insp-1", {{"findings", "B 的发现"}, {"answers.2", {{"result", "fail"}}}});
        a.put("inspection", "insp-1", {{"conclusion", "rectify"}, {"status", "submitted"}});
        b.put("inspection", "insp-1", {{"answers.1", {{"result", "not_applicable"}}}});
        std::vector<Op> all = a.log();
        for (const auto& op : b.log())
            if (std::none_of(all.begin(), all.end(), [&](const Op& o) { return o.opId == op.opId; }))
                all.push_back(op);
        std::string reference;
        std::mt19937 rng(5);
        for (int round = 0; round < 12; ++round) {
            std::shuffle(all.begin(), all.end(), rng);
            Device c("dev-c" + std::to_string(round));
            c.receive(all);
            std::string d = c.dump();
            if (round == 0) reference = d;
            QCOMPARE(d, reference);
        }
    }

    void lastWriterWinsTiesBrokenByDevice() {
        Device a("dev-a"), b("dev-b"), c("dev-c");
        a.put(
            "organisation", "org-1",
            {{"uscc", "91310115MA1H7PQR3M"}, {"name", "甲"}, {"org_type", "seller"}, {"district", "310115"}});
        b.pull(a);
        c.pull(a);
        // Same HLC on two devices (both clocks read the same millisecond): the greater device id wins.
        const Hlc h = makeHlc(g_now + 100, 0);
        const Op fromA{"op-a", "org-1", "organisation", "address", "A 路", h, 0, "dev-a", "u"};
        const Op fromB{"op-b", "org-1", "organisation", "address", "B 路", h, 0, "dev-b", "u"};
        g_now += 200;
        b.receive({fromA, fromB});
        c.receive({fromB, fromA});
        QCOMPARE(b.show("org-1")["address"].get<std::string>(), std::string("B 路"));
        QCOMPARE(c.dump(), b.dump());
        // A later write wins whoever made it.
        const Op later{"op-late", "org-1", "organisation", "address", "后来的地址", h + 1, 0, "dev-a", "u"};
        b.receive({later});
        QCOMPARE(b.show("org-1")["address"].get<std::string>(), std::string("后来的地址"));
    }

    void immutableRecordsRefuseASecondBody() {
        Device a("dev-a"), b("dev-b");
        a.put("evidence", "ev-1", asFields(evidence(1024)));
        b.pull(a);
        const auto before = b.dump();
        Op forged = a.log().front();
        forged.opId = "forged-1";
        forged.value["size"] = 1;
        auto report = b.replica->apply({forged});
        QVERIFY(report.ok());
        QCOMPARE(report->rejected.size(), std::size_t(1));
        QCOMPARE(report->rejected[0].second.code, ErrorCode::Tampered);
        QVERIFY(report->rejected[0].second.message.find("ev-1") != std::string::npos);
        QCOMPARE(b.dump(), before);
        QCOMPARE(b.replica->precheck({forged}).error().code, ErrorCode::Tampered);
        // The same body under a new op id is harmless; editing a field of it is refused as immutable.
        Op same = a.log().front();
        same.opId = "same-body";
        QCOMPARE(b.receive({same}).rejected.size(), std::size_t(0));
        QCOMPARE(b.refusedPut("evidence", "ev-1", {{"size", 2}}).code, ErrorCode::Immutable);
        // An op id reused for another change is refused.
        Op reused = a.log().front();
        reused.value["size"] = 3;
        reused.recordId = "ev-2";
        QCOMPARE(b.replica->apply({reused})->rejected.at(0).second.code, ErrorCode::Tampered);
    }

    void statusMachineIsChecked() {
        Device a("dev-a");
        a.put("inspection", "insp-1", kInspection);
        QCOMPARE(a.refusedPut("inspection", "insp-1", {{"status", "approved"}}).code,
                 ErrorCode::IllegalTransition);
        QVERIFY(a.refusedPut("inspection", "insp-1", {{"status", "submitted"}}).message.find("conclusion") !=
                std::string::npos);
        a.put("inspection", "insp-1", {{"conclusion", "conforming"}, {"status", "submitted"}});
        QCOMPARE(a.show("insp-1")["status"].get<std::string>(), std::string("submitted"));
        const Error locked = a.refusedPut("inspection", "insp-1", {{"findings", "改"}});
        QCOMPARE(locked.code, ErrorCode::IllegalTransition);
        QVERIFY(locked.message.find("returns it") != std::string::npos);
        a.put("inspection", "insp-1", {{"status", "returned"}});
        a.put("inspection", "insp-1", {{"findings", "补充说明"}});
        a.put("inspection", "insp-1", {{"status", "submitted"}});
        a.put("inspection", "insp-1", {{"status", "approved"}});
        QCOMPARE(a.refusedPut("inspection", "insp-1", {{"status", "returned"}}).code,
                 ErrorCode::IllegalTransition);
        QCOMPARE(a.show("insp-1")["status"].get<std::string>(), std::string("approved"));
        QCOMPARE(a.replica->conflicts().size(), std::size_t(0));
    }

    void editAgainstOlderVersionBecomesConflict() {
        Device a("dev-a"), b("dev-b"), sup("supervisor");
        a.put("inspection", "insp-1", kInspection);
        b.pull(a);
        b.put("inspection", "insp-1", {{"answers.3", {{"result", "fail"}, {"note", "标志缺失"}}}});
        a.pull(b); // A sees B's edit before submitting: it is part of the submission
        a.put("inspection", "insp-1",
              {{"findings", "提交的版本"}, {"conclusion", "nonconforming"}, {"status", "submitted"}});
        b.put("inspection", "insp-1", {{"findings", "B 离线改的版本"}}); // B had not seen the submission
        sup.pull(b);
        sup.pull(a);
        a.pull(b);
        b.pull(a);
        for (Device* d : {&a, &b, &sup}) {
            const auto rec = d->show("insp-1");
            QCOMPARE(rec["findings"].get<std::string>(), std::string("提交的版本"));
            QCOMPARE(rec["answers"]["3"]["result"].get<std::string>(), std::string("fail"));
            const auto conflicts = d->replica->conflicts();
            QCOMPARE(conflicts.size(), std::size_t(1));
            QCOMPARE(conflicts[0]["kind"].get<std::string>(), std::string("stale_edit"));
            QCOMPARE(conflicts[0]["device"].get<std::string>(), std::string("dev-b"));
            QCOMPARE(conflicts[0]["theirs"]["findings"].get<std::string>(), std::string("B 离线改的版本"));
            QCOMPARE(conflicts[0]["ours"]["findings"].get<std::string>(), std::string("提交的版本"));
            QCOMPARE(conflicts[0]["missed"]["value"].get<std::string>(), std::string("submitted"));
        }
        QCOMPARE(a.dump(), sup.dump());
        QCOMPARE(b.dump(), sup.dump());
        // The stale op is still in every log: nothing is lost.
        const std::string staleOp = a.replica->conflicts()[0]["ops"][0];
        QVERIFY(sup.store->findOp(staleOp)->stale);
    }

    void concurrentStatusChangesNeverBothApply() {
        Device a("dev-a"), b("dev-b"), s1("sup-1"), s2("sup-2");
        a.put("inspection", "insp-1", kInspection);
        a.put("inspection", "insp-1", {{"conclusion", "conforming"}, {"status", "submitted"}});
        s1.pull(a);
        s2.pull(a);
        s1.put("inspection", "insp-1", {{"status", "approved"}});
        s2.put("inspection", "insp-1", {{"status", "returned"}, {"review_comment", "缺少现场照片"}});
        for (Device* d : {&s1, &s2}) {
            d->pull(s1);
            d->pull(s2);
        }
        QCOMPARE(s1.dump(), s2.dump());
        QCOMPARE(s1.show("insp-1")["status"].get<std::string>(), std::string("approved")); // the earlier one
        const auto conflicts = s1.replica->conflicts();
        QVERIFY(std::any_of(conflicts.begin(), conflicts.end(), [](const nlohmann::json& c) {
            return c["kind"] == "status_change" && c["theirs"]["status"] == "returned";
        }));
    }

    void signaturesGoStaleVisiblyAndProtectWhatWasSigned() {
        Device a("dev-a"), b("dev-b");
        a.put("inspection", "insp-1", kInspection);
        a.put("inspection", "insp-1", {{"findings", "签字前的版本"}});
        b.pull(a);
        a.put("signature", "sig-1",
              {{"inspection_id", "insp-1"},
               {"signer_name", "王经理"},
               {"signer_role", "party"},
               {"content_sha256", std::string(64, 'c')},
               {"signed_at", "2026-11-05T10:00:00+08:00"},
               {"district", "310115"}});
        QCOMPARE(a.show("insp-1")["signatures"][0]["stale"].get<bool>(), false);
        b.put("inspection", "insp-1", {{"findings", "B 没看到签字就改了"}}); // concurrent with the signature
        a.pull(b);
        b.pull(a);
        QCOMPARE(a.show("insp-1")["findings"].get<std::string>(), std::string("签字前的版本"));
        QCOMPARE(a.show("insp-1")["signatures"][0]["stale"].get<bool>(), false);
        QCOMPARE(a.replica->conflicts().size(), std::size_t(1));
        QCOMPARE(a.dump(), b.dump());
        // An edit made after seeing the signature applies, and the signature shows it is stale.
        a.put("inspection", "insp-1", {{"findings", "签字后又改了"}});
        QCOMPARE(a.show("insp-1")["signatures"][0]["stale"].get<bool>(), true);
    }

    void remoteClockTooFarAheadIsRefused() {
        Device a("dev-a"), far("dev-far", 3 * 3600 * 1000);
        far.put("inspection", "insp-1", kInspection);
        const auto before = a.dump();
        auto report = a.replica->apply(far.log());
        QVERIFY(report.ok());
        QCOMPARE(report->rejected.size(), far.log().size());
        QCOMPARE(report->rejected[0].second.code, ErrorCode::ClockAhead);
        QVERIFY(report->rejected[0].second.message.find("ahead") != std::string::npos);
        QCOMPARE(a.dump(), before);
        QVERIFY(a.replica->clock().last() < far.log().front().hlc);
    }

    // A server prepares a push before its lock: merging prepared ops gives the same replica as
    // merging them plainly, logs the prepared value text, and refuses an op prepared as invalid.
    void preparedOpsMergeAsPlainOnes() {
        Device a("dev-a"), plain("dev-p"), prepared("dev-q");
        auto ops = a.put("inspection", "insp-1", kInspection);
        auto more = a.put("inspection", "insp-1", {{"findings", "标志缺失"}, {"conclusion", "rectify"}});
        ops.insert(ops.end(), more.begin(), more.end());
        Op bad = ops.front();
        bad.opId = "op-bad";
        bad.field = "no_such_field";
        ops.push_back(bad);

        const auto report = prepared.replica->applyPrepared(ops, Replica::prepare(ops));
        QVERIFY(report.ok());
        const auto plainReport = plain.receive(ops);
        QCOMPARE(report->applied, plainReport.applied);
        QCOMPARE(report->applied, ops.size() - 1);
        QCOMPARE(report->rejected.size(), std::size_t(1));
        QCOMPARE(report->rejected[0].first, std::string("op-bad"));
        QCOMPARE(report->rejected[0].second.code, plainReport.rejected.at(0).second.code);
        QCOMPARE(prepared.dump(), plain.dump());
        QCOMPARE(prepared.show("insp-1")["findings"].get<std::string>(), std::string("标志缺失"));
        const auto logged = prepared.store->findOp(ops[3].opId);
        QVERIFY(logged.has_value());
        QCOMPARE(logged->op, ops[3]);

        // Again: every op is a duplicate, acknowledged and changing nothing.
        const auto before = prepared.dump();
        const auto again = prepared.replica->applyPrepared(ops, Replica::prepare(ops));
        QVERIFY(again.ok());
        QCOMPARE(again->duplicates, ops.size() - 1);
        QCOMPARE(prepared.dump(), before);
    }

    // A batch is logged ahead of the rules (many ops per statement): whatever the rules refuse in
    // it leaves the log again, a refused op sent twice is refused twice, an op sent twice is
    // logged once, and the rest converges with ops merged one at a time.
    void refusedOpsOfABatchLeaveTheLog() {
        Device a("dev-a"), far("dev-far", 3 * 3600 * 1000), batched("dev-b"), single("dev-s");
        auto ops = a.put("inspection", "insp-1", kInspection);
        batched.receive(ops);
        single.receive(ops);
        const auto edits =
            a.put("inspection", "insp-1", {{"findings", "标志缺失"}, {"conclusion", "rectify"}});
        const Op ahead = far.put("inspection", "insp-9", kInspection).front();
        Op reused = edits[0]; // an op id already logged, with other content
        reused.value = "篡改的内容";

        const std::vector<Op> batch{edits[0], ahead, reused, edits[1], ahead, edits[1]};
        const auto report = batched.replica->apply(batch);
        QVERIFY(report.ok());
        QCOMPARE(report->applied, std::size_t(2));
        QCOMPARE(report->duplicates, std::size_t(1));
        QCOMPARE(report->rejected.size(), std::size_t(3));
        QCOMPARE(report->rejected[0].first, ahead.opId);
        QCOMPARE(report->rejected[0].second.code, ErrorCode::ClockAhead);
        QCOMPARE(report->rejected[1].first, reused.opId);
        QCOMPARE(report->rejected[1].second.code, ErrorCode::Tampered);
        QCOMPARE(report->rejected[2].first, ahead.opId);
        QCOMPARE(report->rejected[2].second.code, ErrorCode::ClockAhead);

        QVERIFY(!batched.store->findOp(ahead.opId));
        QCOMPARE(batched.store->findOp(edits[0].opId)->op, edits[0]);
        QCOMPARE(batched.store->opCount(), static_cast<std::int64_t>(ops.size() + 2));
        std::vector<std::int64_t> seqs;
        batched.store->forEachOpSince(0, [&](const StoredOp& s) {
            seqs.push_back(s.seq);
            return true;
        });
        QVERIFY(std::is_sorted(seqs.begin(), seqs.end()));
        for (const Op& op : edits)
            single.receive({op});
        QCOMPARE(batched.dump(), single.dump());
        QCOMPARE(batched.show("insp-1")["findings"].get<std::string>(), std::string("标志缺失"));
    }

    // Ops logged ahead are applied once each, also to a record the batch first loads from the
    // store with its milestones and ops (a replica opened afresh has none cached).
    void aBatchAppliesEachOpOnceToRecordsLoadedMidway() {
        Device a("dev-a"), b("dev-b"), batched("dev-x"), single("dev-y");
        const auto created = a.put("inspection", "insp-1", kInspection);
        b.pull(a);
        a.put("inspection", "insp-1", {{"conclusion", "nonconforming"}, {"status", "submitted"}});
        b.put("inspection", "insp-1", {{"findings", "B 离线改的版本"}, {"answers.3", {{"result", "fail"}}}});
        b.put("inspection", "insp-1", {{"findings", "B 又改了一次"}});
        batched.pull(a);
        single.pull(a);
        batched.replica = std::move(Replica::open(*batched.store).value()); // nothing cached

        const auto fromB = b.log();
        const auto report = batched.receive(fromB);
        QCOMPARE(report.duplicates, created.size()); // what b had pulled from a
        for (const Op& op : fromB)
            single.receive({op});
        QCOMPARE(batched.dump(), single.dump());
        const auto conflicts = batched.replica->conflicts();
        QCOMPARE(conflicts.size(), std::size_t(1));
        std::vector<std::string> staleOps = conflicts[0]["ops"];
        QCOMPARE(staleOps.size(), std::size_t(3));
        std::sort(staleOps.begin(), staleOps.end());
        QVERIFY(std::adjacent_find(staleOps.begin(), staleOps.end()) == staleOps.end());
    }
};

QTEST_APPLESS_MAIN(TestSyncRules)
#include "test_sync_rules.moc"
