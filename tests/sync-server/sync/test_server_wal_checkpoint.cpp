// WalCheckpointer (storage/wal_checkpointer.h) on a real SQLite file: under a steady stream of
// commits the WAL stays bounded (the writer finishes the checkpoint once it reaches catchUpPages,
// and the next write starts the WAL over), every committed row is there, and the file passes
// integrity_check, also after the checkpointer has been stopped and the connection reopened.
#include "storage/server_database.h"
#include "storage/wal_checkpointer.h"
#include "store/sqlite_db.h"

#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>

using namespace fieldseal;
using namespace fieldseal::server;

namespace {

constexpr int kPageSize = 4096;
constexpr int kBackgroundPages = 16;
constexpr int kCatchUpPages = 64;
constexpr int kRowsPerCommit = 8; // about 8 pages of new rows per transaction, plus index pages
constexpr int kCommits = 300;     // about 2,400 pages: dozens of times the catch-up size

std::int64_t count(sqlite::Database& db) {
    auto q = db.query("SELECT COUNT(*) FROM t");
    q.step();
    return q.int64(0);
}

std::string integrity(sqlite::Database& db) {
    auto q = db.query("PRAGMA integrity_check");
    q.step();
    return q.text(0);
}

} // namespace

class TestServerWalCheckpoint : public QObject {
    Q_OBJECT

private slots:
    void walStaysBoundedAndNothingIsLost() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("wal.db").toStdString();
        auto writer = std::make_unique<sqlite::Database>(path, true);
        writer->exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)");
        auto checkpointer = WalCheckpointer::start(*writer, path, {kBackgroundPages, kCatchUpPages});
        QVERIFY(checkpointer);

        std::uintmax_t biggestWal = 0;
        for (int c = 0; c < kCommits; ++c) {
            sqlite::SqliteTransaction tx(*writer);
            for (int r = 0; r < kRowsPerCommit; ++r)
                writer->query("INSERT INTO t(body) VALUES (randomblob(4000))").exec();
            tx.commit();
            biggestWal = std::max(biggestWal, std::filesystem::file_size(path + "-wal"));
        }
        // The writer caught up at least once, and the WAL never grew much past the catch-up size
        // (one transaction's frames, a background run's worth of lag and some slack).
        QVERIFY(checkpointer->writerCheckpoints() > 0);
        const std::uintmax_t frame = kPageSize + 24;
        QVERIFY2(biggestWal <= 32 + frame * (kCatchUpPages + 4 * (kRowsPerCommit + 4)),
                 ("the WAL grew to " + std::to_string(biggestWal) + " bytes").c_str());
        QCOMPARE(count(*writer), std::int64_t{kCommits * kRowsPerCommit});
        QCOMPARE(integrity(*writer), std::string("ok"));

        // Stopped: the connection is back on SQLite's automatic checkpoint and still writes.
        checkpointer.reset();
        writer->exec("INSERT INTO t(body) VALUES (randomblob(10))");
        writer.reset();
        sqlite::Database reopened(path, false);
        QCOMPARE(count(reopened), std::int64_t{kCommits * kRowsPerCommit + 1});
        QCOMPARE(integrity(reopened), std::string("ok"));
    }

    void serverDatabaseCommitsSurviveReopen() {
        // The server's own connection runs with the checkpointer; what it committed is there after
        // the database is closed and opened again.
        QTemporaryDir dir;
        const auto path = std::filesystem::path(dir.filePath("server.db").toStdString());
        {
            auto db = ServerDatabase::open(path, true);
            QVERIFY(db);
            auto lock = (*db)->lock();
            (*db)->db().exec("CREATE TABLE bulk (id INTEGER PRIMARY KEY, body BLOB NOT NULL)");
            for (int c = 0; c < 60; ++c) { // about 1,500 pages: past SQLite's 1000-page checkpoint
                sqlite::SqliteTransaction tx((*db)->db());
                for (int r = 0; r < 25; ++r)
                    (*db)->db().query("INSERT INTO bulk(body) VALUES (randomblob(4000))").exec();
                tx.commit();
            }
        }
        auto db = ServerDatabase::open(path, false);
        QVERIFY(db);
        auto q = (*db)->db().query("SELECT COUNT(*) FROM bulk");
        QVERIFY(q.step());
        QCOMPARE(q.int64(0), std::int64_t{1500});
        QCOMPARE((*db)->integrityCheck(), std::string("ok"));
    }
};

QTEST_APPLESS_MAIN(TestServerWalCheckpoint)
#include "test_server_wal_checkpoint.moc"
