// Unit tests of the hash-chained audit log on a real server database: the hash definition
// (checked against an independent SHA-256), appends from many threads, verification over several
// chunks, tampering with the SQLite file from outside (each kind named at exactly the first broken
// seq), entries rolled back with their transaction, and the `audit verify` command.
#include "audit/audit_log.h"
#include "audit/audit_verify_command.h"
#include "seal/canonical_json.h"
#include "seal/encoding.h"
#include "storage/server_database.h"
#include "storage/sqlite_audit_store.h"

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>
#include <sqlite3.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace fieldseal;
using namespace fieldseal::server;
using nlohmann::json;

namespace {

constexpr std::int64_t kStart = 1772352000; // 2026-03-01T08:00:00Z

void rawExec(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
        throw std::runtime_error("raw open failed");
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    const std::string msg = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    if (rc != SQLITE_OK) throw std::runtime_error("raw exec failed: " + msg);
}

// A data directory with server.db and an audit log over it.
struct AuditEnv {
    QTemporaryDir dir;
    std::int64_t clock = kStart;
    std::unique_ptr<ServerDatabase> db;
    std::unique_ptr<SqliteAuditStore> store;
    std::unique_ptr<AuditLog> log;

    AuditEnv() {
        auto opened = ServerDatabase::open(path(), true);
        if (!opened) throw std::runtime_error(opened.error().message);
        db = std::move(*opened);
        store = std::make_unique<SqliteAuditStore>(db->db());
        log = std::make_unique<AuditLog>(*db, *store, AuditLogOptions{[this] { return clock; }});
    }

    std::string path() const { return dir.filePath("server.db").toStdString(); }

    void appendMany(int n) {
        auto lock = db->lock();
        auto tx = db->store().begin();
        for (int i = 1; i <= n; ++i)
            log->appendLocked("user-" + std::to_string(i % 7), "sync.op_accepted", "rec-" + std::to_string(i),
                              {{"n", i}, {"text", "检验 " + std::to_string(i)}});
        tx->commit();
    }

    AuditVerifyResult verify() {
        auto r = log->verify();
        if (!r) throw std::runtime_error(r.error().message);
        return *r;
    }
};

} // namespace

class TestAuditLog : public QObject {
    Q_OBJECT

private slots:
    void hashIsSha256OfPrevHashAndCanonicalEvent() {
        AuditEnv env;
        auto first = env.log->append("alice", "auth.login", "", {{"remote", "10.0.0.8"}, {"b", 1.5}});
        QVERIFY(first.ok());
        QCOMPARE(first->seq, std::int64_t(1));
        QCOMPARE(first->at, std::string("2026-03-01T08:00:00Z"));
        QCOMPARE(first->prevHash, std::string(64, '0'));
        // RFC 8785: members sorted, no whitespace.
        const QByteArray canonical = R"({"action":"auth.login","actor":"alice","at":"2026-03-01T08:00:00Z",)"
                                     R"("detail":{"b":1.5,"remote":"10.0.0.8"},"record_id":"","seq":1})";
        const QByteArray expected =
            QCryptographicHash::hash(QByteArray(64, '0') + canonical, QCryptographicHash::Sha256).toHex();
        QCOMPARE(QByteArray::fromStdString(first->hash), expected);
        // The same as hashing the generic canonical form of the event object, for any detail.
        AuditEvent tricky = *first;
        tricky.actor = "检查员 \"王\"\n";
        tricky.detail = {{"z", 1e21}, {"a", {1, 2.5, -0.0, nullptr}}, {"\u00e9", "\u20ac"}, {"b", true}};
        tricky.seq = 9007199254740991; // 2^53 - 1
        const json object = {{"seq", tricky.seq},
                             {"at", tricky.at},
                             {"actor", tricky.actor},
                             {"action", tricky.action},
                             {"record_id", tricky.recordId},
                             {"detail", tricky.detail}};
        QCOMPARE(AuditLog::computeHash(tricky), seal::sha256Hex(tricky.prevHash + canonicalJson(object)));

        env.clock += 5;
        auto second = env.log->append("root", "user.create", "u-1");
        QCOMPARE(second->seq, std::int64_t(2));
        QCOMPARE(second->prevHash, first->hash);
        QCOMPARE(second->hash, AuditLog::computeHash(*second));
        QCOMPARE(second->detail, json::object());

        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, [&] {
            auto lock = env.db->lock();
            env.log->appendLocked("x", "y", "", json::array());
        }());
    }

    void emptyAndLongChainsVerify() {
        AuditEnv env;
        QCOMPARE(env.verify().message, std::string("ok, 0 events"));
        env.appendMany(4500); // more than two verification chunks
        const auto r = env.verify();
        QVERIFY(r.ok());
        QCOMPARE(r.events, std::int64_t(4500));
        QCOMPARE(r.message, std::string("ok, 4500 events"));
        QCOMPARE(r.brokenSeq, std::int64_t(0));
    }

    void concurrentAppendsFormOneChain() {
        AuditEnv env;
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&env, t] {
                for (int i = 0; i < 50; ++i)
                    if (!env.log->append("thread-" + std::to_string(t), "test.append", "", {{"i", i}}))
                        throw std::runtime_error("append failed");
            });
        for (auto& th : threads)
            th.join();
        const auto r = env.verify();
        QVERIFY2(r.ok(), r.message.c_str());
        QCOMPARE(r.events, std::int64_t(200));
    }

    void twoLogsOnOneDatabaseKeepOneChain() {
        // Two writers (say the sync service's log and the seal service's) on one file.
        AuditEnv env;
        AuditLog other(*env.db, *env.store);
        for (int i = 0; i < 10; ++i) {
            QVERIFY(env.log->append("a", "test.append", "").ok());
            QVERIFY(other.append("b", "test.append", "").ok());
        }
        const auto r = env.verify();
        QVERIFY2(r.ok(), r.message.c_str());
        QCOMPARE(r.events, std::int64_t(20));
    }

    void rolledBackEntriesLeaveNoTrace() {
        AuditEnv env;
        env.appendMany(3);
        {
            auto lock = env.db->lock();
            auto tx = env.db->store().begin();
            const auto e = env.log->appendLocked("alice", "review.approve", "insp-1");
            QCOMPARE(e.seq, std::int64_t(4));
            // The change it records fails: no commit, the transaction rolls back.
        }
        {
            auto lock = env.db->lock();
            QCOMPARE(env.store->head()->seq, std::int64_t(3));
        }
        // The next entry takes seq 4 and chains onto seq 3.
        auto next = env.log->append("alice", "review.approve", "insp-1");
        QCOMPARE(next->seq, std::int64_t(4));
        const auto r = env.verify();
        QVERIFY2(r.ok(), r.message.c_str());
        QCOMPARE(r.events, std::int64_t(4));
    }

    void tamperingIsNamedAtTheFirstBrokenSeq_data() {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<int>("problem");
        QTest::addColumn<int>("brokenSeq");
        QTest::addColumn<QString>("says");
        using P = AuditVerifyResult::Problem;
        QTest::newRow("detail changed") << R"(UPDATE audit SET detail = '{"n":999}' WHERE seq = 3210)"
                                        << int(P::HashMismatch) << 3210 << "hash mismatch";
        QTest::newRow("actor changed") << "UPDATE audit SET actor = 'nobody' WHERE seq = 17"
                                       << int(P::HashMismatch) << 17 << "hash mismatch";
        QTest::newRow("time changed") << "UPDATE audit SET at = '2026-03-01T07:00:00Z' WHERE seq = 2001"
                                      << int(P::HashMismatch) << 2001 << "hash mismatch";
        QTest::newRow("row deleted") << "DELETE FROM audit WHERE seq = 4000" << int(P::SeqGap) << 4000
                                     << "gap in seq (seq 4000 is missing)";
        QTest::newRow("rows deleted") << "DELETE FROM audit WHERE seq BETWEEN 10 AND 12" << int(P::SeqGap)
                                      << 10 << "seqs 10 to 12 are missing";
        QTest::newRow("first row deleted")
            << "DELETE FROM audit WHERE seq = 1" << int(P::SeqGap) << 1 << "seq 1 is missing";
        QTest::newRow("hash changed") << "UPDATE audit SET hash = '" + QString(64, 'a') + "' WHERE seq = 2500"
                                      << int(P::HashMismatch) << 2500 << "hash mismatch";
        QTest::newRow("prev_hash changed")
            << "UPDATE audit SET prev_hash = '" + QString(64, 'b') + "' WHERE seq = 99"
            << int(P::PrevHashMismatch) << 99 << "prev_hash mismatch";
        QTest::newRow("detail not json") << "UPDATE audit SET detail = 'oops' WHERE seq = 5"
                                         << int(P::MalformedEvent) << 5 << "not a JSON object";
        // A careful forger recomputes the forged event's hash: the next event no longer points at it.
        QTest::newRow("hash recomputed") << "UPDATE audit SET detail = '{\"n\":1}' WHERE seq = 700; UPDATE "
                                            "audit SET hash = 'RECOMPUTE' WHERE "
                                            "seq = 700"
                                         << int(P::PrevHashMismatch) << 701 << "prev_hash mismatch";
        QTest::newRow("two rows swapped")
            << "UPDATE audit SET seq = -1 WHERE seq = 50; UPDATE audit SET seq = 50 WHERE seq = 51; "
               "UPDATE audit SET seq = 51 WHERE seq = -1"
            << int(P::PrevHashMismatch) << 50 << "prev_hash mismatch";
    }

    void tamperingIsNamedAtTheFirstBrokenSeq() {
        QFETCH(QString, sql);
        QFETCH(int, problem);
        QFETCH(int, brokenSeq);
        QFETCH(QString, says);
        AuditEnv env;
        env.appendMany(4500);
        std::string statement = sql.toStdString();
        if (statement.find("RECOMPUTE") != std::string::npos) {
            // Do what the forger would: the right hash for the forged content.
            rawExec(env.path(), statement.substr(0, statement.find(';')));
            std::vector<AuditRow> rows;
            {
                auto lock = env.db->lock();
                rows = env.store->readAfter(699, 1);
            }
            AuditEvent forged{rows[0].seq,      rows[0].at,
                              rows[0].actor,    rows[0].action,
                              rows[0].recordId, json::parse(rows[0].detail),
                              rows[0].prevHash, ""};
            rawExec(env.path(),
                    "UPDATE audit SET hash = '" + AuditLog::computeHash(forged) + "' WHERE seq = 700");
        } else {
            rawExec(env.path(), statement);
        }
        const auto r = env.verify();
        QVERIFY(!r.ok());
        QCOMPARE(int(r.problem), problem);
        QCOMPARE(r.brokenSeq, std::int64_t(brokenSeq));
        QCOMPARE(r.events, std::int64_t(brokenSeq - 1));
        QVERIFY2(r.message.rfind("broken at seq " + std::to_string(brokenSeq) + ": ", 0) == 0,
                 r.message.c_str());
        QVERIFY2(r.message.find(says.toStdString()) != std::string::npos, r.message.c_str());
    }

    void verifyCommand() {
        QTemporaryDir empty;
        std::ostringstream out;
        std::ostringstream err;
        QCOMPARE(runAuditVerifyCommand(empty.filePath("missing").toStdString(), out, err), 2);
        QVERIFY(out.str().empty());
        QVERIFY2(err.str().find("no server database") != std::string::npos, err.str().c_str());

        std::string dataDir;
        {
            AuditEnv env;
            env.appendMany(30);
            dataDir = env.dir.path().toStdString();
            env.dir.setAutoRemove(false);
        }
        out.str("");
        err.str("");
        QCOMPARE(runAuditVerifyCommand(dataDir, out, err), 0);
        QCOMPARE(out.str(), std::string("ok, 30 events\n"));
        QVERIFY(err.str().empty());

        rawExec(dataDir + "/server.db", "UPDATE audit SET record_id = 'other' WHERE seq = 12");
        out.str("");
        QCOMPARE(runAuditVerifyCommand(dataDir, out, err), 1);
        QVERIFY2(out.str().rfind("broken at seq 12: hash mismatch", 0) == 0, out.str().c_str());

        // Not a database at all.
        rawExec(dataDir + "/server.db", "PRAGMA journal_mode=DELETE");
        QFile f(QString::fromStdString(dataDir + "/server.db"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
        f.close();
        err.str("");
        QCOMPARE(runAuditVerifyCommand(dataDir, out, err), 2);
        QVERIFY(!err.str().empty());
        QDir(QString::fromStdString(dataDir)).removeRecursively();
    }
};

QTEST_APPLESS_MAIN(TestAuditLog)
#include "test_audit_log.moc"
