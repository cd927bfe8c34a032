// Unit tests of SqliteStore on a temporary file: WAL and integrity, migrations by version, the
// op log, per-field last-writer-wins, the outbox, cursors, meta, milestones, conflicts and
// transactions. SQLite is used directly only to look at (or doctor) the file from outside.
#include "store/migrations.h"
#include "store/sqlite_store.h"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <limits>
#include <sqlite3.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace fieldseal;
using nlohmann::json;

namespace {

// A second, independent connection to the file.
class RawDb {
public:
    explicit RawDb(const std::string& path) {
        if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
            throw std::runtime_error("raw open failed: " + path);
    }
    ~RawDb() { sqlite3_close(m_db); }
    RawDb(const RawDb&) = delete;
    RawDb& operator=(const RawDb&) = delete;

    std::string scalar(const std::string& sql) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string("raw prepare failed: ") + sqlite3_errmsg(m_db));
        std::string out;
        if (sqlite3_step(st) == SQLITE_ROW) {
            const auto* p = sqlite3_column_text(st, 0);
            out = p ? reinterpret_cast<const char*>(p) : "";
        }
        sqlite3_finalize(st);
        return out;
    }
    void exec(const std::string& sql) {
        if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string("raw exec failed: ") + sqlite3_errmsg(m_db));
    }

private:
    sqlite3* m_db = nullptr;
};

Op makeOp(const std::string& opId, const std::string& recordId, const std::string& field, json value, Hlc hlc,
          const std::string& device = "dev-a") {
    return Op{opId,   recordId,        "inspection", field, std::move(value), hlc, hlc > 0 ? hlc - 1 : 0,
              device, "user-" + device};
}

// A field write backed by its op in the log (fields reference their op by seq).
FieldState fieldState(Store& store, const std::string& recordId, const std::string& field, json value,
                      Hlc hlc, const std::string& device, const std::string& opId) {
    const Op op{opId, recordId, "inspection", field, value, hlc, 0, device, "user-" + device};
    auto seq = store.appendOp(op, false);
    if (!seq) seq = store.findOp(opId)->seq;
    return FieldState{recordId, field, std::move(value), FieldClock{hlc, device}, opId, *seq};
}

std::vector<std::string> opIds(const std::vector<StoredOp>& ops) {
    std::vector<std::string> out;
    for (const auto& s : ops)
        out.push_back(s.op.opId);
    return out;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

using Strings = std::vector<std::string>;

} // namespace

class TestStore : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;

    // A fresh path in the temporary directory for each use.
    std::string freshPath() { return (m_dir.path() + QString("/s%1.db").arg(++m_files)).toStdString(); }

    std::unique_ptr<SqliteStore> openStore(const std::string& path, SqliteStore::Options options = {}) {
        auto r = SqliteStore::open(path, options);
        if (!r.ok()) throw std::runtime_error("open " + path + ": " + r.error().message);
        return std::move(r).value();
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void walAndIntegrity() {
        const std::string path = freshPath();
        auto store = openStore(path);
        QCOMPARE(store->integrityCheck(), std::string("ok"));
        QCOMPARE(store->schemaVersion(), sqlite::latestSchemaVersion());
        // Journal mode is persistent in the file: another connection sees WAL.
        RawDb raw(path);
        QCOMPARE(raw.scalar("PRAGMA journal_mode"), std::string("wal"));
        QVERIFY(QFile::exists(QString::fromStdString(path + "-wal")));
    }

    // A new database takes the page size asked for (the server's 16 KiB); an existing one keeps
    // the page size it was made with.
    void newPageSizeOnlyForANewDatabase() {
        const std::string path = freshPath();
        SqliteStore::Options options;
        options.newPageSize = 16384;
        {
            auto store = openStore(path, options);
            QVERIFY(store->appendOp(makeOp("op-1", "r1", "findings", "x", makeHlc(1000, 0)), false));
        }
        QCOMPARE(RawDb(path).scalar("PRAGMA page_size"), std::string("16384"));
        options.newPageSize = 8192;
        auto reopened = openStore(path, options);
        QCOMPARE(RawDb(path).scalar("PRAGMA page_size"), std::string("16384"));
        QVERIFY(reopened->findOp("op-1").has_value());
        QCOMPARE(reopened->integrityCheck(), std::string("ok"));
        const std::string plain = freshPath();
        openStore(plain);
        QCOMPARE(RawDb(plain).scalar("PRAGMA page_size"), std::string("4096"));
    }

    void migrationsFromVersion1() {
        const std::string path = freshPath();
        {
            auto store = openStore(path, {.create = true, .schemaVersion = 1});
            QCOMPARE(store->schemaVersion(), 1);
            // Version 1 has no milestones yet: the pin really stopped there.
            QVERIFY_THROWS_EXCEPTION(StoreFailure, store->milestones("r1"));
            store->setMeta("device", "tablet-07");
            QVERIFY(store->appendOp(makeOp("op-1", "r1", "findings", "标志缺失", makeHlc(1000, 0)), true));
            QVERIFY(store->appendOp(makeOp("op-2", "r1", "conclusion", "rectify", makeHlc(1001, 0), "dev-b"),
                                    false));
            store->addRecord("r1", "inspection", makeHlc(1, 0));
            store->mergeField(
                fieldState(*store, "r1", "findings", "标志缺失", makeHlc(1000, 0), "dev-a", "op-1"));
            store->setCursor("pull", 17);
            QCOMPARE(store->integrityCheck(), std::string("ok"));
        }
        {
            auto store = openStore(path);
            QCOMPARE(store->schemaVersion(), sqlite::latestSchemaVersion());
            QVERIFY(sqlite::latestSchemaVersion() >= 2);
            // Data written at version 1 survives the upgrade.
            QCOMPARE(store->meta("device"), std::optional<std::string>("tablet-07"));
            QCOMPARE(store->opCount(), std::int64_t{2});
            QCOMPARE(store->findOp("op-2")->op.value, json("rectify"));
            QCOMPARE(opIds(store->outbox(10)), Strings{"op-1"});
            QCOMPARE(store->fields("r1").size(), size_t{1});
            QCOMPARE(store->fields("r1")[0].value, json("标志缺失"));
            QCOMPARE(store->record("r1")->type, std::string("inspection"));
            QCOMPARE(store->cursor("pull"), std::optional<std::int64_t>(17));
            // The tables of version 2 are usable.
            QVERIFY(store->addMilestone(Milestone{"op-3", "r1", "status", "submitted", makeHlc(1002, 0),
                                                  makeHlc(1001, 0), "dev-a", json::object(), ""}));
            QCOMPARE(store->milestones("r1").size(), size_t{1});
            store->replaceConflicts("r1", {ConflictRow{"c1", "r1", json{{"field", "findings"}}}});
            QCOMPARE(store->conflicts().size(), size_t{1});
            QCOMPARE(store->integrityCheck(), std::string("ok"));
        }
        std::string schemaCookie;
        {
            RawDb raw(path);
            schemaCookie = raw.scalar("PRAGMA schema_version");
            QCOMPARE(raw.scalar("PRAGMA user_version"), std::to_string(sqlite::latestSchemaVersion()));
        }
        {
            // Reopening is a no-op: the schema is not touched (SQLite's schema cookie is unchanged).
            auto store = openStore(path);
            QCOMPARE(store->schemaVersion(), sqlite::latestSchemaVersion());
            QCOMPARE(store->milestones("r1").size(), size_t{1});
            QCOMPARE(store->conflicts().size(), size_t{1});
            QCOMPARE(store->opCount(), std::int64_t{2});
        }
        {
            // Pinning an older version does not downgrade a newer file.
            auto store = openStore(path, {.create = false, .schemaVersion = 1});
            QCOMPARE(store->schemaVersion(), sqlite::latestSchemaVersion());
        }
        RawDb raw(path);
        QCOMPARE(raw.scalar("PRAGMA schema_version"), schemaCookie);
    }

    void migrationTargetUnknown() {
        const std::string path = freshPath();
        const int beyond = sqlite::latestSchemaVersion() + 1;
        auto r = SqliteStore::open(path, {.create = true, .schemaVersion = beyond});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::InvalidInput);
        QVERIFY2(r.error().message.find("schema version " + std::to_string(beyond)) != std::string::npos,
                 r.error().message.c_str());
    }

    void schemaTooNew() {
        const std::string path = freshPath();
        openStore(path).reset();
        constexpr int kFuture = 57;
        RawDb(path).exec("PRAGMA user_version = " + std::to_string(kFuture));

        auto r = SqliteStore::open(path);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::SchemaTooNew);
        QCOMPARE(r.error().domain, ErrorDomain::Store);
        // The message names both versions: the file's and this program's.
        std::string message = r.error().message;
        const auto at = message.find(std::to_string(kFuture));
        QVERIFY2(at != std::string::npos, message.c_str());
        message.erase(at, 2);
        QVERIFY2(message.find(std::to_string(sqlite::latestSchemaVersion())) != std::string::npos,
                 r.error().message.c_str());
        // The refused file is left as it was.
        QCOMPARE(RawDb(path).scalar("PRAGMA user_version"), std::to_string(kFuture));
    }

    void openMissingWithoutCreate() {
        const std::string path = freshPath();
        auto r = SqliteStore::open(path, {.create = false});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::StoreFailure);
        QVERIFY2(r.error().message.find("cannot open database '" + path + "'") != std::string::npos,
                 r.error().message.c_str());
        QVERIFY(!QFile::exists(QString::fromStdString(path)));
    }

    void openNonDatabase() {
        const std::string path = freshPath();
        std::string junk;
        for (int i = 0; i < 200; ++i)
            junk += "this is an inspection photo, not a database\n";
        std::ofstream(path, std::ios::binary) << junk;

        auto r = SqliteStore::open(path);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::StoreFailure);
        QVERIFY2(r.error().message.find("not a database") != std::string::npos, r.error().message.c_str());
        QCOMPARE(readFile(path), junk);
    }

    void appendOpOnce() {
        auto store = openStore(freshPath());
        QCOMPARE(store->lastSeq(), std::int64_t{0});
        QCOMPARE(store->opCount(), std::int64_t{0});
        const Op first = makeOp("op-1", "r1", "findings", "a", makeHlc(10, 0));
        QVERIFY(store->appendOp(first, false));
        // Same id, different body, now claimed local: refused, and nothing changes.
        Op again = makeOp("op-1", "r2", "conclusion", "b", makeHlc(99, 0), "dev-z");
        QVERIFY(!store->appendOp(again, true));
        QVERIFY(!store->appendOp(first, false));
        QCOMPARE(store->opCount(), std::int64_t{1});
        QCOMPARE(store->lastSeq(), std::int64_t{1});
        QCOMPARE(store->outboxSize(), std::int64_t{0});
        QVERIFY(store->findOp("op-1")->op == first);
        QVERIFY(store->opsOfRecord("r2").empty());
    }

    // A batch logged many rows per statement (more than one statement's worth here): each new op
    // gets the next seq in batch order; an op id logged before, or earlier in the batch, gets none.
    void appendOpsLogsABatchInOrder() {
        auto store = openStore(freshPath());
        QVERIFY(store->appendOp(makeOp("op-old", "r0", "findings", "x", makeHlc(1, 0)), false));
        std::vector<Op> ops;
        for (int i = 0; i < 150; ++i)
            ops.push_back(makeOp("op-" + std::to_string(i), "r" + std::to_string(i / 10), "findings",
                                 "第 " + std::to_string(i) + " 条", makeHlc(10 + i, 0)));
        ops[70] = makeOp("op-old", "r0", "findings", "x", makeHlc(1, 0));       // already logged
        ops[100] = makeOp("op-5", "r9", "conclusion", "other", makeHlc(99, 0)); // id used at 5
        std::vector<const Op*> batch;
        std::vector<std::string> dumped;
        for (const Op& op : ops) {
            batch.push_back(&op);
            dumped.push_back(op.value.dump());
        }
        const std::vector<std::string_view> values(dumped.begin(), dumped.end());
        std::vector<std::optional<std::int64_t>> seqs;
        {
            auto tx = store->begin();
            seqs = store->appendOps(batch, values);
            tx->commit();
        }
        QCOMPARE(seqs.size(), ops.size());
        QVERIFY(!seqs[70]);
        QVERIFY(!seqs[100]);
        std::int64_t expected = 2;
        for (std::size_t i = 0; i < ops.size(); ++i) {
            if (i == 70 || i == 100) continue;
            QCOMPARE(seqs[i], std::optional<std::int64_t>(expected++));
            const auto found = store->findOp(ops[i].opId);
            QCOMPARE(found->seq, *seqs[i]);
            QVERIFY(found->op == ops[i]);
        }
        QCOMPARE(store->opCount(), std::int64_t{149});
        QCOMPARE(store->findOp("op-5")->op.field, std::string("findings"));
        QCOMPARE(opIds(store->opsOfRecord("r3")).size(), std::size_t{10}); // indexed by record
        QCOMPARE(store->outboxSize(), std::int64_t{0});                    // merged, never local

        // All new again: the seqs follow on; one withdrawn op leaves the log, its neighbours stay.
        const Op a = makeOp("op-a", "r20", "findings", "a", makeHlc(500, 0));
        const Op b = makeOp("op-b", "r20", "findings", "b", makeHlc(501, 0));
        {
            auto tx = store->begin();
            const auto more = store->appendOps({&a, &b}, {"\"a\"", "\"b\""});
            QCOMPARE(more, (std::vector<std::optional<std::int64_t>>{150, 151}));
            store->withdrawOp(150);
            tx->commit();
        }
        QVERIFY(!store->findOp("op-a"));
        QCOMPARE(store->findOp("op-b")->seq, std::int64_t{151});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, store->appendOps({&a}, {}));
    }

    // A body logged by appendOps is indexed by what it refers to only once it is kept.
    void appendOpsIndexesKeptBodies() {
        auto store = openStore(freshPath());
        const Op body{"op-e1",        "ev-1", "evidence", kBodyField, json{{"inspection_id", "insp-1"}},
                      makeHlc(10, 0), 0,      "dev-a",    "u"};
        const std::string value = body.value.dump();
        auto tx = store->begin();
        const auto seqs = store->appendOps({&body}, {value});
        QVERIFY(seqs[0]);
        store->addRecord("ev-1", "evidence", body.hlc);
        QVERIFY(store->recordsReferringTo("insp-1", "inspection_id").empty());
        store->keepLoggedOp(body);
        QCOMPARE(store->recordsReferringTo("insp-1", "inspection_id").size(), std::size_t{1});
        tx->commit();
    }

    void findOpRoundTrip() {
        auto store = openStore(freshPath());
        const json value = {
            {"result", "fail"},
            {"note", "铭牌与型式试验报告不符 ✓ \"引号\" \\ back\nslash\ttab \u00e9 \U0001F50C"},
            {"deadline", "2026-12-31"},
            {"numbers",
             {0, -1, 42, std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::uint64_t>::max(),
              0.1, -2.5e-300, 1e300}},
            {"flags", {true, false, nullptr}},
            {"nested", {{"empty_object", json::object()}, {"empty_array", json::array()}, {"", "empty key"}}},
        };
        const Op op{"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
                    "记录-0193a1b2",
                    "inspection",
                    "answers.ccc-1.2",
                    value,
                    static_cast<Hlc>(std::numeric_limits<std::int64_t>::max()), // largest HLC SQLite orders
                    makeHlc(1'795'636'110'123, 65535),
                    "平板-07",
                    "王敏"};
        QVERIFY(store->appendOp(op, true));
        const auto found = store->findOp(op.opId);
        QVERIFY(found);
        QVERIFY(found->op == op);
        QCOMPARE(found->op.value.dump(), value.dump());
        QCOMPARE(found->op.hlc, op.hlc);
        QCOMPARE(found->op.baseVersion, op.baseVersion);
        QCOMPARE(found->seq, std::int64_t{1});
        QVERIFY(!found->stale);

        // Null (a cleared field), bare scalars and an immutable body round-trip too.
        for (const json& v : {json(nullptr), json("text"), json(7), json(false), json::array()}) {
            const Op o = makeOp("op-" + v.dump(), "r9", "findings", v, makeHlc(5, 1));
            QVERIFY(store->appendOp(o, false));
            QVERIFY(store->findOp(o.opId)->op == o);
            QCOMPARE(store->findOp(o.opId)->op.value.dump(), v.dump()); // null stays null, not "null"
        }
        Op body =
            makeOp("op-body", "ev-1", kBodyField, json{{"sha256", std::string(64, 'a')}}, makeHlc(6, 0));
        body.type = "evidence";
        QVERIFY(store->appendOp(body, false));
        QVERIFY(store->findOp("op-body")->op.isBody());
        QVERIFY(store->findOp("op-body")->op == body);

        QVERIFY(!store->findOp("no-such-op"));
    }

    void forEachOpSince() {
        auto store = openStore(freshPath());
        for (int i = 1; i <= 5; ++i)
            QVERIFY(store->appendOp(
                makeOp("op-" + std::to_string(i), "r1", "findings", i, makeHlc(100 - i, 0)), i % 2 == 0));
        Strings seen;
        std::vector<std::int64_t> seqs;
        store->forEachOpSince(0, [&](const StoredOp& s) {
            seen.push_back(s.op.opId);
            seqs.push_back(s.seq);
            return true;
        });
        // Arrival order, not HLC order (the HLCs here decrease).
        QCOMPARE(seen, (Strings{"op-1", "op-2", "op-3", "op-4", "op-5"}));
        for (size_t i = 1; i < seqs.size(); ++i)
            QVERIFY(seqs[i] > seqs[i - 1]);
        QCOMPARE(store->lastSeq(), seqs.back());

        seen.clear();
        store->forEachOpSince(seqs[1], [&](const StoredOp& s) {
            seen.push_back(s.op.opId);
            return true;
        });
        QCOMPARE(seen, (Strings{"op-3", "op-4", "op-5"}));

        int calls = 0;
        store->forEachOpSince(0, [&](const StoredOp&) { return ++calls < 2; });
        QCOMPARE(calls, 2);
        // After an early stop the cached statement is reset: the next walk starts again.
        calls = 0;
        store->forEachOpSince(0, [&](const StoredOp&) { return ++calls > 0; });
        QCOMPARE(calls, 5);

        calls = 0;
        store->forEachOpSince(store->lastSeq(), [&](const StoredOp&) { return ++calls > 0; });
        QCOMPARE(calls, 0);
    }

    void opsOfRecordAndStale() {
        auto store = openStore(freshPath());
        QVERIFY(store->appendOp(makeOp("a1", "A", "findings", "x", makeHlc(30, 0)), true));
        QVERIFY(store->appendOp(makeOp("b1", "B", "findings", "y", makeHlc(10, 0)), false));
        QVERIFY(store->appendOp(makeOp("a2", "A", "conclusion", "rectify", makeHlc(20, 0)), false));
        QVERIFY(store->appendOp(makeOp("b2", "B", "findings", "z", makeHlc(40, 0)), true));
        QCOMPARE(opIds(store->opsOfRecord("A")), (Strings{"a1", "a2"}));
        QCOMPARE(opIds(store->opsOfRecord("B")), (Strings{"b1", "b2"}));
        QVERIFY(store->opsOfRecord("C").empty());

        store->setStale("a2", true);
        QVERIFY(store->findOp("a2")->stale);
        QVERIFY(!store->findOp("a1")->stale);
        const auto ofA = store->opsOfRecord("A");
        QVERIFY(!ofA[0].stale);
        QVERIFY(ofA[1].stale);
        store->setStale("a2", true); // idempotent
        QVERIFY(store->findOp("a2")->stale);
        store->setStale("no-such-op", true);
        store->setStale("a2", false);
        QVERIFY(!store->findOp("a2")->stale);
        QCOMPARE(store->opCount(), std::int64_t{4});
        QCOMPARE(store->lastSeq(), std::int64_t{4});
    }

    void mergeFieldLastWriterWins() {
        auto store = openStore(freshPath());
        const auto older = fieldState(*store, "r", "findings", "older", makeHlc(100, 0), "dev-z", "op-old");
        const auto newer = fieldState(*store, "r", "findings", "newer", makeHlc(100, 1), "dev-a", "op-new");
        // Both orders give the higher HLC, even though the older write has the greater device.
        for (const auto& order :
             {std::vector<FieldState>{older, newer}, std::vector<FieldState>{newer, older}}) {
            store->replaceFields("r", {});
            for (const auto& f : order)
                store->mergeField(f);
            const auto fs = store->fields("r");
            QCOMPARE(fs.size(), size_t{1});
            QCOMPARE(fs[0].value, json("newer"));
            QCOMPARE(fs[0].clock, (FieldClock{makeHlc(100, 1), "dev-a"}));
            QCOMPARE(fs[0].opId, std::string("op-new"));
            QCOMPARE(fs[0].recordId, std::string("r"));
        }
        // Equal HLC: the greater device id wins, in either order.
        const auto fromA =
            fieldState(*store, "r", "conclusion", "conforming", makeHlc(200, 0), "dev-a", "op-a");
        const auto fromB = fieldState(*store, "r", "conclusion", "rectify", makeHlc(200, 0), "dev-b", "op-b");
        for (const auto& order :
             {std::vector<FieldState>{fromA, fromB}, std::vector<FieldState>{fromB, fromA}}) {
            store->replaceFields("r", {});
            for (const auto& f : order)
                store->mergeField(f);
            QCOMPARE(store->fields("r")[0].value, json("rectify"));
            QCOMPARE(store->fields("r")[0].opId, std::string("op-b"));
        }
        // The same write again changes nothing; nor does a same-clock write from the same device.
        store->mergeField(fromB);
        store->mergeField(fieldState(*store, "r", "conclusion", "other", makeHlc(200, 0), "dev-b", "op-b2"));
        QCOMPARE(store->fields("r")[0].opId, std::string("op-b"));
        // The upsert compares whole 64-bit HLCs, up to the largest SQLite orders.
        const Hlc top = static_cast<Hlc>(std::numeric_limits<std::int64_t>::max());
        store->mergeField(fieldState(*store, "r", "conclusion", "top", top, "dev-a", "op-top"));
        store->mergeField(fieldState(*store, "r", "conclusion", "below", top - 1, "dev-z", "op-below"));
        QCOMPARE(store->fields("r")[0].value, json("top"));
        QCOMPARE(store->fields("r")[0].clock.hlc, top);
    }

    void fieldsSortedAndReplaced() {
        auto store = openStore(freshPath());
        for (const char* name : {"zeta", "answers.b", "alpha", "answers.a", "Zulu"})
            store->mergeField(
                fieldState(*store, "r", name, name, makeHlc(50, 0), "dev-a", std::string("op-") + name));
        store->mergeField(fieldState(*store, "other", "alpha", 1, makeHlc(50, 0), "dev-a", "op-other"));
        Strings names;
        for (const auto& f : store->fields("r"))
            names.push_back(f.field);
        QCOMPARE(names, (Strings{"Zulu", "alpha", "answers.a", "answers.b", "zeta"})); // byte order

        // replaceFields recomputes a record: the new set replaces the old, even with lower clocks.
        store->replaceFields(
            "r", {fieldState(*store, "r", "alpha", "recomputed", makeHlc(10, 0), "dev-a", "op-r1"),
                  fieldState(*store, "r", "omega", json{{"k", 1}}, makeHlc(11, 0), "dev-b", "op-r2")});
        const auto fs = store->fields("r");
        QCOMPARE(fs.size(), size_t{2});
        QCOMPARE(fs[0].field, std::string("alpha"));
        QCOMPARE(fs[0].value, json("recomputed"));
        QCOMPARE(fs[0].clock.hlc, makeHlc(10, 0));
        QCOMPARE(fs[1].field, std::string("omega"));
        QCOMPARE(fs[1].value, (json{{"k", 1}}));
        QCOMPARE(fs[1].clock.device, std::string("dev-b"));
        // Other records are untouched.
        QCOMPARE(store->fields("other").size(), size_t{1});
        QVERIFY(store->fields("nothing").empty());
    }

    // Inside a transaction field writes wait in memory (written once per field at the commit);
    // what the store shows must not depend on that: reads see them, order does not matter, a
    // rollback forgets them, replaceFields drops them, and the commit writes the winners.
    void fieldWritesInATransaction() {
        const std::string path = freshPath();
        auto store = openStore(path);
        const auto a1 = fieldState(*store, "r", "findings", "a1", makeHlc(100, 0), "dev-a", "op-a1");
        const auto b1 = fieldState(*store, "r", "findings", "b1", makeHlc(100, 0), "dev-b", "op-b1");
        const auto a2 = fieldState(*store, "r", "findings", "a2", makeHlc(101, 0), "dev-a", "op-a2");
        const auto same = fieldState(*store, "r", "findings", "same", makeHlc(101, 0), "dev-a", "op-same");
        const auto other = fieldState(*store, "s", "conclusion", "x", makeHlc(5, 0), "dev-a", "op-s");
        for (const auto& order :
             {std::vector<FieldState>{a1, b1, a2, same}, std::vector<FieldState>{same, a2, b1, a1},
              std::vector<FieldState>{b1, a2, a1, same}}) {
            {
                auto tx = store->begin();
                store->replaceFields("r", {});
                for (const auto& f : order)
                    store->mergeField(f);
                store->mergeField(other);
                tx->commit();
            }
            const auto fs = store->fields("r");
            QCOMPARE(fs.size(), size_t{1});
            // The greatest clock wins; of two equal clocks the one written first stays.
            const std::string winner = order.front().opId == "op-same" ? "op-same" : "op-a2";
            QCOMPARE(fs[0].opId, winner);
            QCOMPARE(fs[0].clock, (FieldClock{makeHlc(101, 0), "dev-a"}));
        }
        // Many records in one transaction (more than one multi-row statement), then a read
        // inside the transaction, then the committed file seen from another connection.
        {
            auto tx = store->begin();
            for (int i = 0; i < 150; ++i) {
                std::string id = "m"; // (not "m" + to_string: GCC 12 warns falsely, -Wrestrict)
                id += std::to_string(i);
                store->mergeField(fieldState(*store, id, "f1", i, makeHlc(10, 0), "dev-a", "op-m1-" + id));
                store->mergeField(fieldState(*store, id, "f2", i, makeHlc(10, 0), "dev-a", "op-m2-" + id));
            }
            store->mergeField(fieldState(*store, "m7", "f1", "late", makeHlc(11, 0), "dev-a", "op-late"));
            QCOMPARE(store->fields("m7").size(), size_t{2});
            QCOMPARE(store->fields("m7")[0].value, json("late"));
            // Read back above: later writes to the same record still merge last-writer-wins.
            store->mergeField(fieldState(*store, "m7", "f1", "older", makeHlc(9, 0), "dev-z", "op-older"));
            tx->commit();
        }
        QCOMPARE(store->fields("m7")[0].value, json("late"));
        QCOMPARE(store->fields("m149")[1].value, json(149));
        RawDb raw(path);
        QCOMPARE(raw.scalar("SELECT COUNT(*) FROM fields WHERE record_id LIKE 'm%'"), std::string("300"));
        // Rolled back: the pending writes are forgotten, not written by a later commit.
        {
            auto tx = store->begin();
            store->mergeField(
                fieldState(*store, "r", "findings", "lost", makeHlc(500, 0), "dev-a", "op-lost"));
            store->mergeField(
                fieldState(*store, "q", "findings", "lost", makeHlc(500, 0), "dev-a", "op-lost-q"));
        }
        {
            auto tx = store->begin();
            store->setMeta("k", "v");
            tx->commit();
        }
        QCOMPARE(store->fields("r")[0].clock.hlc, makeHlc(101, 0));
        QVERIFY(store->fields("q").empty());
        // replaceFields inside a transaction replaces earlier writes of that transaction too.
        {
            auto tx = store->begin();
            store->mergeField(
                fieldState(*store, "r", "extra", "pending", makeHlc(600, 0), "dev-a", "op-extra"));
            store->replaceFields(
                "r", {fieldState(*store, "r", "findings", "recomputed", makeHlc(1, 0), "dev-a", "op-rec")});
            tx->commit();
        }
        QCOMPARE(store->fields("r").size(), size_t{1});
        QCOMPARE(store->fields("r")[0].value, json("recomputed"));
        QCOMPARE(store->integrityCheck(), std::string("ok"));
    }

    // Lists for the app: records of a type, and the evidence of an inspection, through indexes.
    void recordsOfTypeAndReferences() {
        const std::string path = freshPath();
        auto store = openStore(path);
        const auto body = [&](const std::string& opId, const std::string& id, const std::string& type,
                              json value) {
            const Op op{opId, id, type, kBodyField, std::move(value), makeHlc(10, 0), 0, "dev-a", "u"};
            const auto seq = store->appendOp(op, false);
            QVERIFY(seq);
            store->addRecord(id, type, op.hlc);
            store->mergeField(FieldState{id, kBodyField, {}, FieldClock{op.hlc, op.device}, opId, *seq});
        };
        store->addRecord("insp-2", "inspection", makeHlc(1, 0));
        store->addRecord("insp-1", "inspection", makeHlc(2, 0));
        store->addRecord("task-1", "task", makeHlc(3, 0));
        body("op-e2", "ev-2", "evidence",
             json{{"inspection_id", "insp-1"}, {"sha256", "aa"}, {"item_id", "i-3"}});
        body("op-e1", "ev-1", "evidence", json{{"inspection_id", "insp-1"}, {"size", 3}});
        body("op-e3", "ev-3", "evidence", json{{"inspection_id", "insp-2"}});
        body("op-s1", "sig-1", "signature", json{{"inspection_id", "insp-1"}, {"signer_name", "王"}});
        // The same body again under another op id (a re-sent insert) adds no second reference.
        body("op-e1-again", "ev-1", "evidence", json{{"inspection_id", "insp-1"}, {"size", 3}});
        // Inside a transaction that rolls back, nothing is indexed.
        {
            auto tx = store->begin();
            body("op-e9", "ev-9", "evidence", json{{"inspection_id", "insp-1"}});
        }

        std::vector<std::string> ids;
        store->forEachRecordOfType("inspection", [&](const RecordMeta& m) {
            QCOMPARE(m.type, std::string("inspection"));
            ids.push_back(m.id);
        });
        QCOMPARE(ids, (Strings{"insp-1", "insp-2"}));
        QCOMPARE(ids.size(), size_t{2});
        ids.clear();
        store->forEachRecordOfType("organisation", [&](const RecordMeta& m) { ids.push_back(m.id); });
        QVERIFY(ids.empty());

        const auto names = [](const std::vector<RecordMeta>& ms) {
            Strings out;
            for (const auto& m : ms)
                out.push_back(m.id);
            return out;
        };
        QCOMPARE(names(store->recordsReferringTo("insp-1", "inspection_id", "evidence")),
                 (Strings{"ev-1", "ev-2"}));
        QCOMPARE(names(store->recordsReferringTo("insp-1", "inspection_id")),
                 (Strings{"ev-1", "ev-2", "sig-1"}));
        QCOMPARE(names(store->recordsReferringTo("insp-2", "inspection_id", "evidence")), Strings{"ev-3"});
        QCOMPARE(names(store->recordsReferringTo("i-3", "item_id")), Strings{"ev-2"});
        QVERIFY(store->recordsReferringTo("insp-1", "task_id").empty());
        QVERIFY(store->recordsReferringTo("insp-3", "inspection_id").empty());
        // Only *_id members holding text are references.
        QVERIFY(store->recordsReferringTo("aa", "sha256").empty());
        QCOMPARE(store->recordsReferringTo("insp-1", "inspection_id", "evidence")[0].type,
                 std::string("evidence"));

        // The default of the Store interface (for stores without indexes) answers the same.
        Store& base = *store;
        QCOMPARE(names(base.Store::recordsReferringTo("insp-1", "inspection_id")),
                 (Strings{"ev-1", "ev-2", "sig-1"}));
        ids.clear();
        base.Store::forEachRecordOfType("inspection", [&](const RecordMeta& m) { ids.push_back(m.id); });
        QCOMPARE(ids, (Strings{"insp-1", "insp-2"}));

        // Both lists are answered from an index, not by scanning every record.
        RawDb raw(path);
        const auto plan = [&](const std::string& sql) {
            std::string all;
            sqlite3* db = nullptr;
            sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
            sqlite3_stmt* st = nullptr;
            sqlite3_prepare_v2(db, ("EXPLAIN QUERY PLAN " + sql).c_str(), -1, &st, nullptr);
            while (st && sqlite3_step(st) == SQLITE_ROW)
                all += std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 3))) + "; ";
            sqlite3_finalize(st);
            sqlite3_close(db);
            return all;
        };
        const auto byType = plan("SELECT id, type, created_hlc FROM records WHERE type = 'task' ORDER BY id");
        QVERIFY2(byType.find("COVERING INDEX records_by_type") != std::string::npos, byType.c_str());
        QVERIFY2(byType.find("TEMP B-TREE") == std::string::npos, byType.c_str());
        const auto refs =
            plan("SELECT record_id FROM record_refs WHERE target = 'x' AND field = 'inspection_id'");
        QVERIFY2(refs.find("SEARCH record_refs USING PRIMARY KEY") != std::string::npos, refs.c_str());
    }

    // Version 3 indexes the references of bodies logged before the upgrade.
    void migrationToVersion3IndexesLoggedBodies() {
        const std::string path = freshPath();
        {
            auto store = openStore(path, {.create = true, .schemaVersion = 2});
            const Op op{"op-e",
                        "ev-old",
                        "evidence",
                        kBodyField,
                        json{{"inspection_id", "insp-old"}, {"size", 1}},
                        makeHlc(10, 0),
                        0,
                        "dev-a",
                        "u"};
            QVERIFY(store->appendOp(op, false));
            store->addRecord("ev-old", "evidence", op.hlc);
            // A field write that looks like a reference is not a body: not indexed.
            QVERIFY(store->appendOp(makeOp("op-f", "insp-x", "task_id", "task-1", makeHlc(11, 0)), false));
        }
        auto store = openStore(path);
        QVERIFY(store->schemaVersion() >= 3);
        const auto found = store->recordsReferringTo("insp-old", "inspection_id", "evidence");
        QCOMPARE(found.size(), size_t{1});
        QCOMPARE(found[0].id, std::string("ev-old"));
        QVERIFY(store->recordsReferringTo("task-1", "task_id").empty());
        QCOMPARE(store->integrityCheck(), std::string("ok"));
    }

    void recordMeta() {
        auto store = openStore(freshPath());
        QVERIFY(!store->record("r"));
        store->addRecord("r", "inspection", makeHlc(300, 0));
        store->addRecord("r", "task", makeHlc(400, 0)); // the type never changes, a later op changes nothing
        QCOMPARE(store->record("r")->type, std::string("inspection"));
        QCOMPARE(store->record("r")->createdHlc, makeHlc(300, 0));

        // createdHlc: the oldest op of the record, whatever the arrival order.
        store->addRecord("r", "inspection", makeHlc(100, 5));
        store->addRecord("r", "inspection", makeHlc(200, 0));
        store->mergeField(fieldState(*store, "r", "findings", "x", makeHlc(300, 0), "dev-a", "o1"));
        store->mergeField(fieldState(*store, "r", "conclusion", "rectify", makeHlc(250, 0), "dev-a", "o4"));
        store->mergeField(fieldState(*store, "s", "findings", "w", makeHlc(900, 0), "dev-a", "x1"));
        const auto r = store->record("r");
        QVERIFY(r);
        QCOMPARE(r->id, std::string("r"));
        QCOMPARE(r->createdHlc, makeHlc(100, 5));

        store->addRecord("a", "organisation", makeHlc(50, 0));
        store->addRecord("s", "inspection", makeHlc(1, 0));
        Strings order;
        store->forEachRecord([&](const RecordMeta& m) {
            order.push_back(m.id);
            if (m.id == "s") {
                QCOMPARE(m.createdHlc, makeHlc(1, 0));
            }
        });
        QCOMPARE(order, (Strings{"a", "r", "s"}));
    }

    void outbox() {
        auto store = openStore(freshPath());
        QVERIFY(store->appendOp(makeOp("L1", "r", "findings", 1, makeHlc(10, 0)), true));
        QVERIFY(store->appendOp(makeOp("R1", "r", "findings", 2, makeHlc(11, 0), "dev-b"), false));
        QVERIFY(store->appendOp(makeOp("L2", "r", "findings", 3, makeHlc(12, 0)), true));
        QVERIFY(store->appendOp(makeOp("R2", "r", "findings", 4, makeHlc(13, 0), "dev-b"), false));
        QVERIFY(store->appendOp(makeOp("L3", "r", "findings", 5, makeHlc(14, 0)), true));

        QCOMPARE(store->outboxSize(), std::int64_t{3});
        QCOMPARE(opIds(store->outbox(10)), (Strings{"L1", "L2", "L3"}));
        QCOMPARE(opIds(store->outbox(2)), (Strings{"L1", "L2"}));
        QVERIFY(store->outbox(0).empty());
        QVERIFY(store->outbox(10)[0].op == makeOp("L1", "r", "findings", 1, makeHlc(10, 0)));

        // Acknowledging removes only those ops; remote or unknown ids are ignored.
        store->acknowledge({"L2", "R1", "unknown"});
        QCOMPARE(opIds(store->outbox(10)), (Strings{"L1", "L3"}));
        QCOMPARE(store->outboxSize(), std::int64_t{2});
        store->acknowledge({"L1", "L3", "L1"});
        QVERIFY(store->outbox(10).empty());
        QCOMPARE(store->outboxSize(), std::int64_t{0});
        // The op log keeps everything.
        QCOMPARE(store->opCount(), std::int64_t{5});
        // A remote op never enters the outbox, even when its device equals a local one.
        QVERIFY(store->appendOp(makeOp("R3", "r", "findings", 6, makeHlc(15, 0), "dev-a"), false));
        QCOMPARE(store->outboxSize(), std::int64_t{0});
    }

    void cursorsAndMeta() {
        auto store = openStore(freshPath());
        QVERIFY(!store->cursor("pull"));
        store->setCursor("pull", 5);
        store->setCursor("push", std::numeric_limits<std::int64_t>::max());
        QCOMPARE(store->cursor("pull"), std::optional<std::int64_t>(5));
        store->setCursor("pull", 3); // upsert, not max
        QCOMPARE(store->cursor("pull"), std::optional<std::int64_t>(3));
        QCOMPARE(store->cursor("push"),
                 std::optional<std::int64_t>(std::numeric_limits<std::int64_t>::max()));

        QVERIFY(!store->meta("user"));
        store->setMeta("user", "");
        QCOMPARE(store->meta("user"), std::optional<std::string>("")); // empty is not missing
        store->setMeta("user", "王敏");
        store->setMeta("district", "310115");
        QCOMPARE(store->meta("user"), std::optional<std::string>("王敏"));
        QCOMPARE(store->meta("district"), std::optional<std::string>("310115"));
    }

    void milestones() {
        auto store = openStore(freshPath());
        const Milestone late{"m-late",        "r",
                             "status",        "approved",
                             makeHlc(300, 0), makeHlc(250, 0),
                             "dev-a",         json{{"findings", {makeHlc(100, 0), "dev-a"}}},
                             "m-early"};
        const Milestone early{"m-early",      "r",     "status",       "submitted", makeHlc(100, 0),
                              makeHlc(90, 0), "dev-b", json::object(), ""};
        const Milestone sig{"m-sig",
                            "r",
                            "signature",
                            "sig-1",
                            makeHlc(100, 0),
                            makeHlc(95, 0),
                            "dev-c",
                            json{{"answers.q1", {makeHlc(80, 2), "dev-c"}}},
                            ""};
        const Milestone elsewhere{"m-other", "s",     "status",       "submitted", makeHlc(1, 0),
                                  0,         "dev-a", json::object(), ""};
        QVERIFY(store->addMilestone(late));
        QVERIFY(store->addMilestone(sig));
        QVERIFY(store->addMilestone(early));
        QVERIFY(store->addMilestone(elsewhere));
        // Idempotent by op id: a second copy (even altered) is ignored.
        Milestone altered = late;
        altered.value = "returned";
        QVERIFY(!store->addMilestone(altered));
        QVERIFY(!store->addMilestone(late));

        const auto ms = store->milestones("r");
        QCOMPARE(ms.size(), size_t{3});
        // Sorted by HLC, then device.
        QCOMPARE(ms[0].opId, std::string("m-early"));
        QCOMPARE(ms[1].opId, std::string("m-sig"));
        QCOMPARE(ms[2].opId, std::string("m-late"));
        // Every member round-trips.
        const Milestone& got = ms[2];
        QCOMPARE(got.recordId, late.recordId);
        QCOMPARE(got.kind, late.kind);
        QCOMPARE(got.value, std::string("approved"));
        QCOMPARE(got.hlc, late.hlc);
        QCOMPARE(got.baseVersion, late.baseVersion);
        QCOMPARE(got.device, late.device);
        QCOMPARE(got.seen, late.seen);
        QCOMPARE(got.after, late.after);
        QCOMPARE(ms[1].seen, sig.seen);
        QCOMPARE(ms[1].kind, std::string("signature"));
        QVERIFY(store->milestones("nothing").empty());
    }

    void conflicts() {
        auto store = openStore(freshPath());
        QVERIFY(store->conflicts().empty());
        store->replaceConflicts("r",
                                {ConflictRow{"c2", "r", json{{"field", "findings"}, {"value", "晚到的修改"}}},
                                 ConflictRow{"c1", "r", json{{"field", "conclusion"}}}});
        store->replaceConflicts("s", {ConflictRow{"c0", "s", json{{"field", "answers.q1"}}}});
        auto all = store->conflicts();
        QCOMPARE(all.size(), size_t{3});
        QCOMPARE(all[0].id, std::string("c0"));
        QCOMPARE(all[1].id, std::string("c1"));
        QCOMPARE(all[2].id, std::string("c2"));
        QCOMPARE(all[2].recordId, std::string("r"));
        QCOMPARE(all[2].body, (json{{"field", "findings"}, {"value", "晚到的修改"}}));

        // Replacing a record's set replaces it whole and leaves other records' conflicts.
        store->replaceConflicts("r", {ConflictRow{"c3", "r", json{{"field", "findings"}}}});
        all = store->conflicts();
        QCOMPARE(all.size(), size_t{2});
        QCOMPARE(all[0].id, std::string("c0"));
        QCOMPARE(all[1].id, std::string("c3"));
        store->replaceConflicts("r", {});
        all = store->conflicts();
        QCOMPARE(all.size(), size_t{1});
        QCOMPARE(all[0].recordId, std::string("s"));
    }

    void transactionRollsBack() {
        const std::string path = freshPath();
        auto store = openStore(path);
        {
            auto tx = store->begin();
            QVERIFY(store->appendOp(makeOp("op-1", "r", "findings", "x", makeHlc(10, 0)), true));
            store->addRecord("r", "inspection", makeHlc(1, 0));
            store->mergeField(fieldState(*store, "r", "findings", "x", makeHlc(10, 0), "dev-a", "op-1"));
            store->setMeta("device", "tablet-07");
            store->setCursor("pull", 9);
            QVERIFY(store->addMilestone(Milestone{"op-1", "r", "status", "submitted", makeHlc(10, 0), 0,
                                                  "dev-a", json::object(), ""}));
            store->replaceConflicts("r", {ConflictRow{"c1", "r", json::object()}});
            // Visible inside the transaction...
            QCOMPARE(store->opCount(), std::int64_t{1});
            QCOMPARE(store->outboxSize(), std::int64_t{1});
        } // ...and gone after it is destroyed without commit().
        QCOMPARE(store->opCount(), std::int64_t{0});
        QCOMPARE(store->lastSeq(), std::int64_t{0});
        QCOMPARE(store->outboxSize(), std::int64_t{0});
        QVERIFY(!store->findOp("op-1"));
        QVERIFY(!store->record("r"));
        QVERIFY(store->fields("r").empty());
        QVERIFY(!store->meta("device"));
        QVERIFY(!store->cursor("pull"));
        QVERIFY(store->milestones("r").empty());
        QVERIFY(store->conflicts().empty());

        // A committed transaction persists, across a reopen too.
        {
            auto tx = store->begin();
            QVERIFY(store->appendOp(makeOp("op-2", "r", "findings", "y", makeHlc(20, 0)), true));
            store->setMeta("device", "tablet-08");
            tx->commit();
        }
        store.reset();
        store = openStore(path);
        QCOMPARE(store->opCount(), std::int64_t{1});
        QCOMPARE(store->outboxSize(), std::int64_t{1});
        QCOMPARE(store->meta("device"), std::optional<std::string>("tablet-08"));
        QCOMPARE(store->integrityCheck(), std::string("ok"));
    }
};

QTEST_APPLESS_MAIN(TestStore)
#include "test_store.moc"
