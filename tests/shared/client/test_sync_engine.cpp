// The sync engine against FakeSyncServer (the wire contract over a real Replica): the JSON of
// /v1/sync and auth; devices that edit offline converge with the server; paging; rejected ops
// leave the outbox and are recorded; a lost reply is re-pushed and acknowledged once; a round
// that fails to commit leaves no trace (cursor, outbox and pulled ops together); token renewal,
// sign-in required, disabled account; a clock too far behind; cancellation; progress.
#include "client/sync_engine.h"
#include "fake_sync_server.h"
#include "support/fault_proxy.h"

#include <QtTest>

using namespace fieldseal;
using namespace fieldseal::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

using Fields = std::vector<std::pair<std::string, json>>;
const Fields kInspection = {
    {"organisation_id", "org-1"}, {"template_id", "ccc-toys"}, {"district", "310115"}};

// A Store that forwards to a SqliteStore and can be told to fail (as a full disk would) when
// the sync cursor is written: the last step of a round, inside its transaction.
class FailingStore final : public Store {
public:
    explicit FailingStore(std::unique_ptr<SqliteStore> inner)
        : m(std::move(inner)) {}
    bool failCursorWrites = false;

    std::unique_ptr<Transaction> begin() override { return m->begin(); }
    std::optional<std::string> meta(const std::string& k) override { return m->meta(k); }
    void setMeta(const std::string& k, const std::string& v) override { m->setMeta(k, v); }
    using Store::appendOp;
    std::optional<std::int64_t> appendOp(const Op& op, bool local, std::string_view valueJson) override {
        return m->appendOp(op, local, valueJson);
    }
    std::vector<std::optional<std::int64_t>> appendOps(const std::vector<const Op*>& ops,
                                                       const std::vector<std::string_view>& values) override {
        return m->appendOps(ops, values);
    }
    void keepLoggedOp(const Op& op) override { m->keepLoggedOp(op); }
    void withdrawOp(std::int64_t seq) override { m->withdrawOp(seq); }
    std::optional<StoredOp> findOp(const std::string& id) override { return m->findOp(id); }
    void forEachOpSince(std::int64_t after, const std::function<bool(const StoredOp&)>& fn) override {
        m->forEachOpSince(after, fn);
    }
    std::vector<StoredOp> opsOfRecord(const std::string& id) override { return m->opsOfRecord(id); }
    void setStale(const std::string& id, bool stale) override { m->setStale(id, stale); }
    std::int64_t lastSeq() override { return m->lastSeq(); }
    std::int64_t opCount() override { return m->opCount(); }
    std::optional<RecordMeta> record(const std::string& id) override { return m->record(id); }
    void addRecord(const std::string& id, const std::string& type, Hlc hlc) override {
        m->addRecord(id, type, hlc);
    }
    void mergeField(const FieldState& f) override { m->mergeField(f); }
    void replaceFields(const std::string& id, const std::vector<FieldState>& f) override {
        m->replaceFields(id, f);
    }
    std::vector<FieldState> fields(const std::string& id) override { return m->fields(id); }
    void forEachRecord(const std::function<void(const RecordMeta&)>& fn) override { m->forEachRecord(fn); }
    bool addMilestone(const Milestone& ms) override { return m->addMilestone(ms); }
    std::vector<Milestone> milestones(const std::string& id) override { return m->milestones(id); }
    void replaceConflicts(const std::string& id, const std::vector<ConflictRow>& c) override {
        m->replaceConflicts(id, c);
    }
    std::vector<ConflictRow> conflicts() override { return m->conflicts(); }
    std::vector<StoredOp> outbox(std::size_t limit) override { return m->outbox(limit); }
    void acknowledge(const std::vector<std::string>& ids) override { m->acknowledge(ids); }
    std::int64_t outboxSize() override { return m->outboxSize(); }
    std::optional<std::int64_t> cursor(const std::string& name) override { return m->cursor(name); }
    void setCursor(const std::string& name, std::int64_t value) override {
        if (failCursorWrites) throw StoreFailure("disk full (simulated)");
        m->setCursor(name, value);
    }

private:
    std::unique_ptr<SqliteStore> m;
};

// A tablet: its store, replica, HTTP client, session and sync engine.
struct Device {
    std::unique_ptr<FailingStore> store;
    std::unique_ptr<Replica> replica;
    std::unique_ptr<HttpClient> http;
    std::unique_ptr<ApiSession> session;
    std::vector<std::chrono::milliseconds> waits; // what the retry loop would have slept

    Device(const std::string& name, const std::string& baseUrl, std::int64_t clockSkewMs = 0) {
        store = std::make_unique<FailingStore>(std::move(SqliteStore::open(":memory:").value()));
        if (!Replica::initialise(*store, {name, name + "-user", "310115"}).ok()) qFatal("init");
        const auto wall = [clockSkewMs] {
            return static_cast<std::uint64_t>(static_cast<std::int64_t>(HlcClock::systemWallClock()()) +
                                              clockSkewMs);
        };
        replica = std::move(
            Replica::open(*store, {HlcClock(wall), IdGenerator(wall, std::hash<std::string>{}(name))})
                .value());
        HttpClient::Options o;
        o.baseUrl = baseUrl;
        o.connectTimeout = 5s;
        o.requestTimeout = 20s;
        http = std::make_unique<HttpClient>(o);
        RetryPolicy policy;
        policy.maxAttempts = 3;
        RetryEnvironment env;
        env.seed = 1;
        env.sleep = [this](std::chrono::milliseconds d) {
            waits.push_back(d);
            return false;
        };
        session = std::make_unique<ApiSession>(*http, policy, env);
    }

    void login() {
        auto t = session->login(replica->identity().user, "secret", replica->identity().device);
        if (!t) qFatal("login: %s", t.error().describe().c_str());
    }
    std::vector<Op> put(const std::string& id, const Fields& fields) {
        auto ops = replica->put("inspection", id, fields);
        if (!ops) qFatal("put: %s", ops.error().message.c_str());
        return *ops;
    }
    SyncResult<SyncReport> sync(SyncEngine::Options options = {},
                                std::vector<SyncProgress>* progress = nullptr) {
        SyncEngine engine(*replica, *session, options);
        return engine.sync([progress](const SyncProgress& p) {
            if (progress) progress->push_back(p);
        });
    }
    std::string dump() {
        std::ostringstream out;
        replica->writeCanonicalDump(out);
        return out.str();
    }
    std::int64_t cursor() { return store->cursor("server").value_or(0); }
};

#define REQUIRE_SYNC(expr)                                                                                   \
    do {                                                                                                     \
        auto r_ = (expr);                                                                                    \
        QVERIFY2(r_.ok(), r_.ok() ? "" : r_.error().describe().c_str());                                     \
    } while (0)

} // namespace

class TestSyncEngine : public QObject {
    Q_OBJECT

private slots:
    void requestAndReplyJson() {
        const Op op{"0190a0b0-0000-7000-8000-000000000001",
                    "insp-1",
                    "inspection",
                    "findings",
                    "ok",
                    makeHlc(1795000000000, 1),
                    0,
                    "dev-a",
                    "zhang"};
        const auto body = json::parse(syncRequestBody(42, {op}, 300));
        QCOMPARE(body["cursor"].get<int>(), 42);
        QCOMPARE(body["limit"].get<int>(), 300);
        QCOMPARE(body["ops"].size(), std::size_t(1));
        QCOMPARE(body["ops"][0], opToJson(op));
        QCOMPARE(body.size(), std::size_t(3));

        const json reply{{"accepted", {op.opId}},
                         {"rejected", {{{"op_id", "x"}, {"code", "forbidden"}, {"message", "no"}}}},
                         {"ops", {opToJson(op)}},
                         {"cursor", 7},
                         {"more", true},
                         {"conflicts", json::array()},
                         {"server_added_later", 1}};
        auto parsed = parseSyncReply(reply.dump());
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->accepted, std::vector<std::string>{op.opId});
        QCOMPARE(parsed->rejected.size(), std::size_t(1));
        QCOMPARE(parsed->rejected[0].code, std::string("forbidden"));
        QVERIFY(parsed->ops.size() == 1 && parsed->ops[0] == op);
        QCOMPARE(parsed->cursor, std::int64_t(7));
        QVERIFY(parsed->more);

        const auto broken = [&](const char* member, json value) {
            json r = reply;
            if (value.is_discarded())
                r.erase(member);
            else
                r[member] = value;
            auto p = parseSyncReply(r.dump());
            return !p.ok() && p.error().code == ErrorCode::MalformedInput;
        };
        QVERIFY(broken("accepted", json(json::value_t::discarded)));
        QVERIFY(broken("accepted", json{1, 2}));
        QVERIFY(broken("ops", json(json::value_t::discarded)));
        QVERIFY(broken("ops", json::array({{{"op_id", "half an op"}}})));
        QVERIFY(broken("cursor", -1));
        QVERIFY(broken("cursor", "7"));
        QVERIFY(broken("more", "yes"));
        QVERIFY(broken("rejected", json::array({{{"code", "no id"}}})));
        QVERIFY(!parseSyncReply("not json").ok());
        QVERIFY(!parseSyncReply("[]").ok());

        auto err = parseServerError(R"({"error":{"code":"hash_mismatch","message":"wrong bytes"}})");
        QVERIFY(err && err->code == "hash_mismatch" && err->message == "wrong bytes");
        QVERIFY(!parseServerError("{}"));
        QVERIFY(!parseServerError("<html>"));

        auto tokens = parseSessionReply(R"({"access_token":"a","expires_at":"t","refresh_token":"r",
                                            "refresh_expires_at":"u","user":{"username":"zhang"}})");
        QVERIFY(tokens.ok());
        QCOMPARE(tokens->accessToken, std::string("a"));
        QCOMPARE(tokens->user["username"].get<std::string>(), std::string("zhang"));
        QCOMPARE(sessionFromJson(toJson(*tokens))->refreshToken, std::string("r"));
        QVERIFY(!parseSessionReply(R"({"access_token":"a"})").ok());
        QCOMPARE(loginRequestJson("u", "p", "").size(), std::size_t(2));
        QCOMPARE(loginRequestJson("u", "p", "dev")["device_id"].get<std::string>(), std::string("dev"));
    }

    void devicesEditingOfflineConverge() {
        FakeSyncServer server;
        Device a("dev-a", server.baseUrl()), b("dev-b", server.baseUrl()), c("dev-c", server.baseUrl());
        a.put("insp-1", kInspection);
        a.put("insp-1", {{"findings", "A 的发现"}});
        b.put("insp-2", kInspection);
        Fields alsoB = kInspection; // B creates and edits the same record concurrently
        alsoB.emplace_back("findings", "B 的发现");
        b.put("insp-1", alsoB);
        c.put("insp-3", kInspection);
        const std::int64_t total = a.store->opCount() + b.store->opCount() + c.store->opCount();
        for (auto* d : {&a, &b, &c})
            d->login();
        for (int pass = 0; pass < 2; ++pass)
            for (auto* d : {&a, &b, &c})
                REQUIRE_SYNC(d->sync());
        QCOMPARE(server.opCount(), total);
        const std::string expected = server.dump();
        for (auto* d : {&a, &b, &c}) {
            QCOMPARE(d->dump(), expected);
            QCOMPARE(d->store->outboxSize(), std::int64_t(0));
            QCOMPARE(d->store->opCount(), total);
            QCOMPARE(d->cursor(), server.lastSeq());
        }
        // Nothing new: one round that changes nothing.
        const auto before = server.syncRequests();
        auto again = a.sync();
        QVERIFY(again.ok());
        QCOMPARE(again->rounds, 1);
        QCOMPARE(again->pulled, std::uint64_t(0));
        QCOMPARE(server.syncRequests(), before + 1);
        QCOMPARE(a.store->meta(SyncEngine::kLastErrorKey).value_or("?"), std::string());
        QVERIFY(!a.store->meta(SyncEngine::kLastSyncKey).value_or("").empty());
    }

    void pagesUntilCaughtUpWithProgress() {
        FakeSyncServer server;
        Device a("dev-a", server.baseUrl()), b("dev-b", server.baseUrl());
        for (int i = 0; i < 12; ++i)
            a.put("insp-" + std::to_string(i), kInspection); // 3 ops each
        for (int i = 0; i < 2; ++i)
            b.put("insp-b" + std::to_string(i), kInspection);
        a.login();
        b.login();
        REQUIRE_SYNC(a.sync());
        std::vector<SyncProgress> progress;
        SyncEngine::Options small;
        small.pushBatch = 4;
        small.pullLimit = 5;
        auto r = b.sync(small, &progress);
        QVERIFY(r.ok());
        QCOMPARE(r->accepted, std::uint64_t(6));
        QCOMPARE(r->pulled, std::uint64_t(36 + 6)); // A's ops and B's own come back
        QCOMPARE(r->applied, std::uint64_t(36));
        QCOMPARE(r->duplicates, std::uint64_t(6));
        QVERIFY(r->rounds >= 9);
        QCOMPARE(b.dump(), server.dump());
        QVERIFY(r->bytesSent > 0 && r->bytesReceived > 0);

        QVERIFY(!progress.empty());
        QCOMPARE(progress.front().pushTotal, std::uint64_t(6));
        for (std::size_t i = 1; i < progress.size(); ++i) {
            QVERIFY(progress[i].pushDone >= progress[i - 1].pushDone);
            QVERIFY(progress[i].pullDone >= progress[i - 1].pullDone);
            QVERIFY(progress[i].bytesSent >= progress[i - 1].bytesSent);
            QVERIFY(progress[i].bytesReceived >= progress[i - 1].bytesReceived);
        }
        QCOMPARE(progress.back().pushDone, std::uint64_t(6));
        QCOMPARE(progress.back().pullDone, std::uint64_t(42));
        QVERIFY(progress.back().caughtUp);
        QCOMPARE(progress.back().bytesSent, r->bytesSent);
        QVERIFY(std::none_of(progress.begin(), progress.end() - 1, [](const SyncProgress& p) {
            return p.caughtUp && p.pushDone == p.pushTotal && p.pullDone == 42 && p.round < 9;
        }));
    }

    // The server checks each op against the record it holds: a new record's ops split across two
    // pushes were refused for ever (missing_district). A push ends only between puts; a put larger
    // than the batch goes alone.
    void pushBatchesNeverEndInsideAPut() {
        FakeSyncServer server;
        Device a("dev-a", server.baseUrl());
        const auto ids = [](const std::vector<Op>& ops) {
            std::vector<std::string> out;
            for (const auto& op : ops)
                out.push_back(op.opId);
            return out;
        };
        const auto first = ids(a.put("insp-1", kInspection));              // 3 ops
        const auto second = ids(a.put("insp-2", kInspection));             // 3 ops
        const auto edit = ids(a.put("insp-1", {{"findings", "裂纹"}}));     // 1 op
        Fields large = kInspection;
        large.insert(large.end(), {{"task_id", "task-9"},
                                   {"findings", "none"},
                                   {"started_at", "2026-11-26T01:00:00Z"}});
        const auto big = ids(a.put("insp-3", large)); // 6 ops: more than a batch
        const auto last = ids(a.put("insp-4", kInspection));
        QCOMPARE(big.size(), std::size_t(6));
        a.login();
        SyncEngine::Options small;
        small.pushBatch = 4;
        auto r = a.sync(small);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().describe().c_str());
        QVERIFY(r->rejected.empty());
        QCOMPARE(r->accepted, std::uint64_t(16));
        QCOMPARE(a.store->outboxSize(), std::int64_t(0));
        auto secondAndEdit = second;
        secondAndEdit.insert(secondAndEdit.end(), edit.begin(), edit.end());
        const std::vector<std::vector<std::string>> expected{first, secondAndEdit, big, last};
        QCOMPARE(server.pushes(), expected);
        QCOMPARE(a.dump(), server.dump());
    }

    void rejectedOpsLeaveTheOutboxAndAreRecorded() {
        FakeSyncServer server;
        Device a("dev-a", server.baseUrl());
        const auto ops = a.put("insp-1", kInspection);
        server.rejectOp(ops[1].opId);
        a.login();
        auto r = a.sync();
        QVERIFY(r.ok());
        QCOMPARE(r->accepted, std::uint64_t(ops.size() - 1));
        QCOMPARE(r->rejected.size(), std::size_t(1));
        QCOMPARE(r->rejected[0].opId, ops[1].opId);
        QCOMPARE(a.store->outboxSize(), std::int64_t(0));
        const auto recorded = SyncEngine::rejectedOps(*a.store);
        QCOMPARE(recorded.size(), std::size_t(1));
        QCOMPARE(recorded[0].opId, ops[1].opId);
        QCOMPARE(recorded[0].code, std::string("forbidden"));
        QCOMPARE(server.opCount(), std::int64_t(ops.size() - 1));
    }

    void aLostReplyIsPushedAgainAndAcknowledgedOnce() {
        FakeSyncServer server;
        FaultProxy proxy("127.0.0.1", server.port(), 21);
        Device a("dev-a", proxy.url());
        a.put("insp-1", kInspection);
        a.put("insp-2", kInspection);
        a.login();
        const auto pending = a.store->outboxSize();
        // Every reply is cut after its first bytes: the server applies the push, the device never hears.
        proxy.setFaults(FaultProxy::Faults::drop(FaultProxy::Direction::ServerToClient, 0, 100));
        auto lost = a.sync();
        QVERIFY(!lost.ok());
        QCOMPARE(lost.error().kind, SyncErrorKind::Network);
        QVERIFY(lost.error().network.has_value());
        QCOMPARE(a.waits.size(), std::size_t(2)); // three attempts, backoff between them
        QCOMPARE(server.opCount(), pending);      // the server has them...
        QCOMPARE(a.store->outboxSize(), pending); // ...the device still owes them
        QCOMPARE(a.cursor(), std::int64_t(0));
        QVERIFY(a.store->meta(SyncEngine::kLastErrorKey).value_or("").starts_with("network"));

        proxy.setFaults(FaultProxy::Faults::passThrough());
        auto r = a.sync();
        QVERIFY(r.ok());
        QCOMPARE(r->accepted, std::uint64_t(pending)); // known ops are accepted again
        QCOMPARE(server.opCount(), pending);           // and not stored twice
        QCOMPARE(a.store->outboxSize(), std::int64_t(0));
        QCOMPARE(a.store->opCount(), pending);
        QCOMPARE(a.dump(), server.dump());
    }

    void aRoundThatCannotCommitLeavesNoTrace() {
        FakeSyncServer server;
        Device a("dev-a", server.baseUrl()), b("dev-b", server.baseUrl());
        a.put("insp-1", kInspection);
        a.login();
        REQUIRE_SYNC(a.sync());
        b.put("insp-2", kInspection);
        b.login();
        const auto bOps = b.store->opCount();
        const auto bOutbox = b.store->outboxSize();
        b.store->failCursorWrites = true;
        auto failed = b.sync();
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().kind, SyncErrorKind::Store);
        // Pulled ops, acknowledgements and cursor were one transaction: none of it stayed.
        QCOMPARE(b.store->opCount(), bOps);
        QCOMPARE(b.store->outboxSize(), bOutbox);
        QCOMPARE(b.cursor(), std::int64_t(0));
        QVERIFY(!b.replica->record("insp-1").ok());

        b.store->failCursorWrites = false;
        auto r = b.sync();
        QVERIFY(r.ok());
        QCOMPARE(b.store->outboxSize(), std::int64_t(0));
        QCOMPARE(b.dump(), server.dump());
        QCOMPARE(server.opCount(), a.store->opCount() + bOps);
    }

    void anExpiredTokenIsRenewedQuietly() {
        FakeSyncServer server;
        Device a("dev-a", server.baseUrl());
        a.put("insp-1", kInspection);
        int changes = 0;
        a.session->onTokensChanged = [&](const SessionTokens&) { ++changes; };
        a.login();
        const auto firstToken = a.session->tokens()->accessToken;
        server.expireAccessTokens();
        auto r = a.sync();
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().describe().c_str());
        QCOMPARE(server.refreshes(), 1);
        QCOMPARE(changes, 2);
        QVERIFY(a.session->tokens()->accessToken != firstToken);
        QCOMPARE(a.store->outboxSize(), std::int64_t(0));
    }

    void aRefusedRenewalAsksToSignInAndKeepsLocalData() {
        FakeSyncServer server;
        Device a("dev-a", server.baseUrl());
        a.put("insp-1", kInspection);
        a.login();
        server.expireAccessTokens();
        server.revokeRefreshTokens();
        auto r = a.sync();
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, SyncErrorKind::LoginRequired);
        QVERIFY(a.store->outboxSize() > 0);
        QVERIFY(a.replica->record("insp-1").ok());

        Device fresh("dev-b", server.baseUrl()); // never signed in
        auto none = fresh.sync();
        QVERIFY(!none.ok());
        QCOMPARE(none.error().kind, SyncErrorKind::LoginRequired);
        QCOMPARE(server.syncRequests(), 0);
    }

    void aDisabledAccountStopsWithAClearErrorAndKeepsLocalData() {
        FakeSyncServer server;
        Device a("dev-a", server.baseUrl());
        a.put("insp-1", kInspection);
        a.login();
        server.disableAccount(true);
        auto r = a.sync();
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, SyncErrorKind::Forbidden);
        QCOMPARE(r.error().httpStatus, 403L);
        QCOMPARE(r.error().serverCode, std::string("account_disabled"));
        QVERIFY(r.error().describe().find("this account is disabled") != std::string::npos);
        QVERIFY(a.store->outboxSize() > 0);
        QVERIFY(a.replica->record("insp-1").ok());
        QVERIFY(a.waits.empty()); // a final answer is not retried
    }

    void aClockFarBehindStopsBeforeSkippingAnything() {
        FakeSyncServer server;
        Device a("dev-a", server.baseUrl());
        Device late("dev-late", server.baseUrl(), -3'600'000); // an hour slow
        a.put("insp-1", kInspection);
        a.login();
        late.login();
        REQUIRE_SYNC(a.sync());
        auto r = late.sync();
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, SyncErrorKind::ClockBehind);
        QCOMPARE(late.cursor(), std::int64_t(0));
        QCOMPARE(late.store->opCount(), std::int64_t(0));
    }

    void cancelledBeforeItStarts() {
        FakeSyncServer server;
        Device a("dev-a", server.baseUrl());
        a.put("insp-1", kInspection);
        a.login();
        a.http->cancel();
        auto r = a.sync();
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, SyncErrorKind::Cancelled);
        QCOMPARE(server.syncRequests(), 0);
        QVERIFY(a.store->outboxSize() > 0);
    }
};

QTEST_APPLESS_MAIN(TestSyncEngine)
#include "test_sync_engine.moc"
