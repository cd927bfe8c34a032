// The server side of sync, review and conflicts, driven in-process: the server is a ServerApp
// on a data directory made by the real `init --demo`; tablets are device Replicas whose outbox
// is pushed and whose pulls are applied exactly as the sync client does.
#include "app/server_app.h"
#include "app/server_commands.h"
#include "audit/audit_log.h"
#include "review/conflict_service.h"
#include "review/review_service.h"
#include "seal/encoding.h"
#include "storage/server_database.h"
#include "store/sqlite_db.h"
#include "store/sqlite_store.h"
#include "sync/merge_rules.h"
#include "sync/op_codec.h"
#include "sync/replica.h"
#include "sync/sync_service.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cstdlib>
#include <sstream>

using namespace fieldseal;
using namespace fieldseal::server;

namespace {

const Caller kWang{"u-wang", "insp.wang", Role::Inspector, "310115", "tab-wang"};
const Caller kLi{"u-li", "insp.li", Role::Inspector, "310115", "tab-li"};
const Caller kZhao{"u-zhao", "insp.zhao", Role::Inspector, "310104", "tab-zhao"};
const Caller kSupPudong{"u-sp", "sup.pudong", Role::Supervisor, "310115", "tab-sp"};
const Caller kSupXuhui{"u-sx", "sup.xuhui", Role::Supervisor, "310104", "tab-sx"};
const Caller kExpo{"u-expo", "expo.chen", Role::ExhibitionStaff, "310118", "tab-expo"};
const Caller kAdmin{"u-admin", "admin.city", Role::Admin, "", "desk-admin"};

// A tablet: its own store and replica, and a cursor on the server.
struct Device {
    std::unique_ptr<SqliteStore> store;
    std::unique_ptr<Replica> replica;
    Caller caller;
    std::int64_t cursor = 0;

    Device(const QString& dir, const Caller& c)
        : caller(c) {
        store = SqliteStore::open((dir + "/" + QString::fromStdString(c.deviceId) + ".db").toStdString()).value();
        QVERIFY(Replica::initialise(*store, {c.deviceId, c.username, c.district}).ok());
        replica = Replica::open(*store).value();
    }

    // Push the outbox, apply what comes back, until caught up. Returns the last push's result.
    SyncResult sync(SyncService& server) {
        SyncResult first;
        bool pushed = false;
        for (int round = 0; round < 100; ++round) {
            SyncRequest req;
            req.cursor = cursor;
            if (!pushed)
                for (auto& s : store->outbox(5000))
                    req.ops.push_back(s.op);
            auto r = server.sync(caller, req);
            if (!r) qFatal("sync failed: %s", r.error().message.c_str());
            std::vector<std::string> done = r->accepted;
            for (const auto& x : r->rejected)
                done.push_back(x.opId);
            store->acknowledge(done);
            std::vector<Op> pulled;
            for (const auto& j : nlohmann::json::parse(r->pulledJson))
                pulled.push_back(opFromJson(j).value());
            if (pulled.size() != r->pulledCount) qFatal("pulledCount does not match the pulled ops");
            auto applied = replica->apply(pulled);
            if (!applied || !applied->rejected.empty()) qFatal("a pulled op was refused by the device");
            cursor = r->cursor;
            if (!pushed) first = *r;
            pushed = true;
            if (!r->more) break;
        }
        return first;
    }

    std::vector<nlohmann::json> recordsOfType(const std::string& type) {
        std::vector<nlohmann::json> out;
        std::stringstream dump;
        replica->writeCanonicalDump(dump);
        std::string line;
        while (std::getline(dump, line)) {
            auto j = nlohmann::json::parse(line);
            if (j.contains("record") && j["record"]["type"] == type) out.push_back(j["record"]);
        }
        return out;
    }
};

std::string codeOf(const SyncResult& r, const std::string& opId) {
    for (const auto& x : r.rejected)
        if (x.opId == opId) return x.code;
    return "accepted";
}

} // namespace

class TestSyncService : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<ServerApp> m_app;
    std::string m_taskId, m_orgId; // the demo toy-factory task of insp.wang and insp.li

    SyncService& server() { return m_app->sync(); }

    struct AuditEntry {
        std::int64_t seq = 0;
        std::string actor, recordId;
        nlohmann::json detail;
    };
    // The newest "ops.accepted" audit entry.
    AuditEntry lastOpsAccepted() {
        auto lock = m_app->database().lock();
        auto q = m_app->database().db().query(
            "SELECT seq, actor, record_id, detail FROM audit WHERE action = 'ops.accepted' ORDER BY seq DESC LIMIT 1");
        if (!q.step()) return {};
        return {q.int64(0), q.text(1), q.text(2), nlohmann::json::parse(q.text(3))};
    }
    // ops_sha256 recomputed from the op log for the entry's seq range, spelled out as
    // accepted_ops_audit.h defines it (not through AcceptedOpsAudit, so that a mistake there
    // shows): per op "<seq>|<hex SHA-256 of its length-prefixed content>\n".
    std::string digestFromLog(const nlohmann::json& detail) {
        std::string input;
        const std::int64_t last = detail["last_seq"];
        server().replicaLocked().store().forEachOpSince(
            detail["first_seq"].get<std::int64_t>() - 1, [&](const StoredOp& s) {
                if (s.seq > last) return false;
                std::string content;
                for (const std::string& part : {s.op.opId, s.op.recordId, s.op.type, s.op.field, s.op.device,
                                                s.op.user, s.op.value.dump()})
                    content += std::to_string(part.size()) + ":" + part;
                content += std::to_string(s.op.hlc) + "|" + std::to_string(s.op.baseVersion);
                input += std::to_string(s.seq) + "|" + seal::sha256Hex(content) + "\n";
                return true;
            });
        return seal::sha256Hex(input);
    }

    std::unique_ptr<Device> device(const Caller& c) {
        static int n = 0;
        Caller unique = c;
        unique.deviceId += "-" + std::to_string(++n);
        return std::make_unique<Device>(m_dir.path(), unique);
    }

    // A new draft inspection of the shared Pudong task, made offline on `d`.
    std::string newInspection(Device& d) {
        const std::string id = d.replica->put("inspection", IdGenerator().next(),
                                              {{"task_id", m_taskId},
                                               {"organisation_id", m_orgId},
                                               {"template_id", "ccc-toys-v1"},
                                               {"district", "310115"},
                                               {"inspectors", {"insp.wang", "insp.li"}},
                                               {"answers.1.1", {{"result", "pass"}}}})
                                   .value()
                                   .front()
                                   .recordId;
        return id;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const std::string data = (m_dir.path() + "/data").toStdString();
        setenv("FIELDSEAL_DEMO_PASSWORD", "demo-password-2026", 1);
        setenv("FIELDSEAL_ADMIN_PASSWORD", "admin-password-2026", 1);
        std::stringstream out, err;
        QCOMPARE(runServerCommand({"init", "--data-dir", data, "--alg", "p256", "--demo"}, out, err), 0);
        auto app = ServerApp::open(data);
        QVERIFY2(app.ok(), app ? "" : app.error().message.c_str());
        m_app = std::move(*app);

        auto wang = device(kWang);
        wang->sync(server());
        for (const auto& t : wang->recordsOfType("task"))
            if (t["template_id"] == "ccc-toys-v1") {
                m_taskId = t["id"];
                m_orgId = t["organisation_id"];
            }
        QVERIFY(!m_taskId.empty());
    }

    void pullsAreScopedByDistrictAndRole() {
        auto wang = device(kWang);
        wang->sync(server());
        for (const char* type : {"task", "organisation", "certificate"}) {
            QVERIFY(!wang->recordsOfType(type).empty());
            for (const auto& r : wang->recordsOfType(type))
                QCOMPARE(r["district"].get<std::string>(), std::string("310115"));
        }
        auto zhao = device(kZhao);
        zhao->sync(server());
        QVERIFY(!zhao->recordsOfType("task").empty());
        for (const auto& r : zhao->recordsOfType("task"))
            QCOMPARE(r["district"].get<std::string>(), std::string("310104"));

        auto expo = device(kExpo);
        expo->sync(server());
        QVERIFY(expo->recordsOfType("task").empty()); // exhibition staff do not see inspection tasks
        QVERIFY(!expo->recordsOfType("organisation").empty());

        auto admin = device(kAdmin);
        admin->sync(server());
        QVERIFY(admin->recordsOfType("organisation").size() > wang->recordsOfType("organisation").size());
    }

    void writesFollowTheAccessRules() {
        auto wang = device(kWang);
        wang->sync(server());
        const std::string id = newInspection(*wang);
        auto r = wang->sync(server());
        QVERIFY(r.rejected.empty());
        QVERIFY(!r.accepted.empty());

        // A Xuhui inspector editing it, a supervisor editing answers, an inspector approving or
        // writing the reviewer's comment, and an op made by someone else: each refused alone.
        auto zhaoOp = wang->replica->put("inspection", id, {{"findings", "zhao was here"}}).value().front();
        zhaoOp.user = "insp.zhao";
        auto bySupervisor = zhaoOp;
        bySupervisor.opId = IdGenerator().next();
        bySupervisor.user = "sup.pudong";
        SyncRequest req;
        req.cursor = server().replicaLocked().store().lastSeq();
        req.ops = {zhaoOp};
        QCOMPARE(codeOf(*server().sync(kZhao, req), zhaoOp.opId), std::string("forbidden"));
        req.ops = {bySupervisor};
        QCOMPARE(codeOf(*server().sync(kSupPudong, req), bySupervisor.opId), std::string("forbidden"));
        req.ops = {zhaoOp};
        QCOMPARE(codeOf(*server().sync(kWang, req), zhaoOp.opId), std::string("forbidden")); // not wang's op

        auto comment = wang->replica->put("inspection", id, {{"review_comment", "looks fine"}}).value().front();
        req.ops = {comment};
        QCOMPARE(codeOf(*server().sync(kWang, req), comment.opId), std::string("forbidden"));

        // A new record whose district is not in the push cannot be scoped.
        auto lone = wang->replica->put("inspection", IdGenerator().next(),
                                       {{"organisation_id", m_orgId}, {"template_id", "x"}, {"district", "310115"}})
                        .value();
        std::vector<Op> withoutDistrict;
        for (const auto& op : lone)
            if (op.field != "district") withoutDistrict.push_back(op);
        req.ops = withoutDistrict;
        auto refused = server().sync(kWang, req);
        QCOMPARE(codeOf(*refused, withoutDistrict.front().opId), std::string("missing_district"));

        // Exhibition staff may not touch inspections at all.
        auto expoOp = zhaoOp;
        expoOp.opId = IdGenerator().next();
        expoOp.user = "expo.chen";
        req.ops = {expoOp};
        QCOMPARE(codeOf(*server().sync(kExpo, req), expoOp.opId), std::string("forbidden"));
    }

    void rePushIsAcknowledgedAndChangesNothing() {
        auto wang = device(kWang);
        wang->sync(server());
        newInspection(*wang);
        SyncRequest req;
        for (auto& s : wang->store->outbox(100))
            req.ops.push_back(s.op);
        auto first = server().sync(kWang, req);
        QCOMPARE(first->accepted.size(), req.ops.size());
        const auto count = server().replicaLocked().store().opCount();
        // The push is one audit entry that names each op and commits to what was logged.
        const auto entry = lastOpsAccepted();
        QCOMPARE(entry.actor, std::string("insp.wang"));
        QCOMPARE(entry.detail["count"].get<std::size_t>(), req.ops.size());
        QCOMPARE(entry.detail["op_ids"].get<std::vector<std::string>>(), first->accepted);
        QCOMPARE(entry.detail["last_seq"].get<std::int64_t>() - entry.detail["first_seq"].get<std::int64_t>() + 1,
                 static_cast<std::int64_t>(req.ops.size()));
        QCOMPARE(entry.detail["ops_sha256"].get<std::string>(), digestFromLog(entry.detail));
        QCOMPARE(entry.recordId, req.ops.front().recordId); // all ops of one inspection
        // The pull in the same round trip does not send the pushed ops back (the device has them).
        QVERIFY(first->pulledCount > 0);
        for (const auto& op : nlohmann::json::parse(first->pulledJson))
            QVERIFY(std::find(first->accepted.begin(), first->accepted.end(), op["op_id"]) == first->accepted.end());

        auto again = server().sync(kWang, req);
        QCOMPARE(again->accepted.size(), req.ops.size());
        QVERIFY(again->rejected.empty());
        QCOMPARE(server().replicaLocked().store().opCount(), count);
        QCOMPARE(lastOpsAccepted().seq, entry.seq); // nothing new to audit
        auto verified = m_app->audit().verify();
        QVERIFY(verified.ok() && verified->ok());
    }

    void reviewReturnsAndApproves() {
        auto wang = device(kWang);
        wang->sync(server());
        const std::string id = newInspection(*wang);
        QVERIFY(wang->replica->put("inspection", id, {{"conclusion", "conforming"}}).ok());
        QVERIFY(wang->replica->put("inspection", id, {{"status", "submitted"}}).ok());
        QVERIFY(wang->sync(server()).rejected.empty());

        ReviewService& review = m_app->review();
        auto queue = review.queue(kSupPudong, "");
        QVERIFY(queue.ok());
        bool listed = false;
        for (const auto& i : (*queue)["inspections"])
            listed = listed || i["id"] == id;
        QVERIFY(listed);
        QCOMPARE(review.detail(kSupXuhui, id).error().code, ErrorCode::Forbidden);
        QCOMPARE(review.decide(kSupPudong, id, ReviewDecision::Return, "").error().code, ErrorCode::MissingField);
        QVERIFY(review.decide(kSupPudong, id, ReviewDecision::Return, "请补充现场照片 Add site photos").ok());
        const auto decision = lastOpsAccepted();
        QCOMPARE(decision.actor, std::string("sup.pudong"));
        QCOMPARE(decision.detail["status_changes"],
                 nlohmann::json::parse(R"([{"record_id":")" + id + R"(","status":"returned"}])"));
        const auto inQueue = [&](const Caller& who) {
            const auto listing = review.queue(who, "");
            bool found = false;
            for (const auto& i : listing->at("inspections"))
                found = found || i["id"] == id;
            return found;
        };
        QVERIFY(!inQueue(kSupPudong)); // returned: off the queue

        wang->sync(server());
        auto back = *wang->replica->record(id);
        QCOMPARE(back["status"].get<std::string>(), std::string("returned"));
        QCOMPARE(back["review_comment"].get<std::string>(), std::string("请补充现场照片 Add site photos"));
        // Approving a returned inspection is refused until it is submitted again.
        QCOMPARE(review.decide(kSupPudong, id, ReviewDecision::Approve, "").error().code, ErrorCode::IllegalTransition);
        QVERIFY(wang->replica->put("inspection", id, {{"findings", "照片已补充 photos added"}}).ok());
        QVERIFY(wang->replica->put("inspection", id, {{"status", "submitted"}}).ok());
        QVERIFY(wang->sync(server()).rejected.empty());
        QVERIFY(inQueue(kSupPudong)); // submitted again
        QVERIFY(!inQueue(kSupXuhui)); // another district's supervisor
        auto approved = review.decide(kSupPudong, id, ReviewDecision::Approve, "");
        QVERIFY2(approved.ok(), approved ? "" : approved.error().message.c_str());
        QCOMPARE((*approved)["status"].get<std::string>(), std::string("approved"));
        wang->sync(server());
        QCOMPARE((*wang->replica->record(id))["status"].get<std::string>(), std::string("approved"));
        // A return and resubmission is the normal review cycle, not a conflict.
        for (const auto& c : server().replicaLocked().conflicts())
            QVERIFY2(c["record_id"] != id, c.dump().c_str());
    }

    void conflictIsKeptAndResolvedEverywhere() {
        auto wang = device(kWang);
        auto li = device(kLi);
        wang->sync(server());
        const std::string id = newInspection(*wang);
        wang->sync(server());
        li->sync(server()); // li has the draft
        QVERIFY(wang->replica->put("inspection", id, {{"conclusion", "conforming"}}).ok());
        QVERIFY(wang->replica->put("inspection", id, {{"status", "submitted"}}).ok());
        wang->sync(server());
        // li, still offline, edits the findings of the draft she holds: a stale edit.
        QVERIFY(li->replica->put("inspection", id, {{"findings", "发现标识不规范 CCC mark misused"}}).ok());
        auto r = li->sync(server());
        QVERIFY(r.rejected.empty());
        QCOMPARE(r.conflicts.size(), std::size_t(1));
        const std::string conflictId = r.conflicts[0]["id"];
        for (const auto& c : server().replicaLocked().conflicts()) // the same view as the full list's
            if (c["id"] == conflictId) QCOMPARE(r.conflicts[0].dump(), c.dump());
        QCOMPARE((*server().replicaLocked().record(id)).value("findings", ""), std::string()); // not overwritten
        // A push answers with the conflicts on the records it touched only.
        newInspection(*li);
        QCOMPARE(li->sync(server()).conflicts.size(), std::size_t(0));

        auto listed = m_app->conflicts().list(kSupPudong, true);
        QVERIFY(listed.ok());
        bool found = false;
        for (const auto& c : (*listed)["conflicts"])
            found = found || c["id"] == conflictId;
        QVERIFY(found);
        QCOMPARE(m_app->conflicts().list(kSupXuhui, true)->at("conflicts").size(), std::size_t(0));
        QCOMPARE(m_app->conflicts().resolve(kWang, conflictId, ConflictChoice::KeepOurs, {}, "").error().code,
                 ErrorCode::Forbidden);

        auto resolved = m_app->conflicts().resolve(kSupPudong, conflictId, ConflictChoice::TakeTheirs, {}, "采纳");
        QVERIFY2(resolved.ok(), resolved ? "" : resolved.error().message.c_str());
        QCOMPARE((*resolved)["status"].get<std::string>(), std::string("resolved"));
        QCOMPARE((*resolved)["resolution"]["resolved_by"].get<std::string>(), std::string("sup.pudong"));
        auto record = *server().replicaLocked().record(id);
        QCOMPARE(record["status"].get<std::string>(), std::string("returned"));
        QCOMPARE(record["findings"].get<std::string>(), std::string("发现标识不规范 CCC mark misused"));
        // The return, the value taken over and the resolution were written in one transaction:
        // one audit entry holds them all.
        const auto entry = lastOpsAccepted();
        QCOMPARE(entry.actor, std::string("sup.pudong"));
        QCOMPARE(entry.recordId, std::string()); // the inspection and the resolution record
        QCOMPARE(entry.detail["count"].get<int>(), 4); // review comment, status, findings, resolution
        QCOMPARE(entry.detail["status_changes"][0]["status"].get<std::string>(), std::string("returned"));
        QCOMPARE(entry.detail["ops_sha256"].get<std::string>(), digestFromLog(entry.detail));
        QCOMPARE(m_app->conflicts().resolve(kSupPudong, conflictId, ConflictChoice::KeepOurs, {}, "").error().code,
                 ErrorCode::Conflict);

        // Both tablets converge on the record and on the resolved conflict.
        wang->sync(server());
        li->sync(server());
        auto view = [&id](Device& d) {
            auto cs = nlohmann::json::array();
            for (auto& c : d.replica->conflicts())
                if (c["record_id"] == id) {
                    c.erase("ours");
                    cs.push_back(c);
                }
            return cs;
        };
        QCOMPARE(view(*wang).dump(), view(*li).dump());
        QCOMPARE(view(*wang).size(), std::size_t(1));
        QCOMPARE(view(*wang)[0]["status"].get<std::string>(), std::string("resolved"));
        QCOMPARE(wang->replica->record(id)->dump(), li->replica->record(id)->dump());
    }
};

QTEST_APPLESS_MAIN(TestSyncService)
#include "test_sync_service.moc"
