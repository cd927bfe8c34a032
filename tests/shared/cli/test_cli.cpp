// The `fieldseal` device CLI end to end: device-to-device exchange by file converges and is
// idempotent; bad input (unknown type, invalid field, malformed or truncated JSON Lines, forged
// ops) gets one clear line on stderr, a non-zero exit, and changes nothing; a process killed with
// SIGKILL in the middle of an import leaves a store that opens, passes integrity_check and holds
// every op whose batch had committed.
#include "store/sqlite_store.h"
#include "support/cli_process.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace fieldseal;
using fieldseal::test::CliRun;

namespace {

CliRun runCli(const QString& db, const QStringList& args, const QByteArray& input = {}) {
    test::CliOptions options;
    options.input = input;
    return test::runFieldsealCli(QStringList{"--db", db} + args, options);
}

// The ops of `db` as JSON Lines (export-ops with `more` options).
QString exportOps(const QString& db, const QStringList& more = {}) {
    return QString::fromStdString(runCli(db, QStringList{"export-ops"} + more).out);
}

QString usccFor(int n) {
    static const std::string a = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const int w[] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    std::string s = "913101150" + std::to_string(10000000 + n);
    int sum = 0;
    for (int i = 0; i < 17; ++i)
        sum += static_cast<int>(a.find(s[static_cast<size_t>(i)])) * w[i];
    return QString::fromStdString(s + a[static_cast<size_t>((31 - sum % 31) % 31)]);
}

// JSON Lines of `n` valid remote ops: organisations created field by field by another device.
QByteArray remoteOps(int n, int firstRecord = 0) {
    QByteArray out;
    const std::uint64_t hlcBase = (std::uint64_t{1795000000000} << 16);
    for (int i = 0; i < n; ++i) {
        const int rec = firstRecord + i / 4;
        static const char* kFields[] = {"uscc", "name", "org_type", "district"};
        const char* field = kFields[i % 4];
        nlohmann::json value = i % 4 == 0   ? nlohmann::json(usccFor(rec).toStdString())
                               : i % 4 == 1 ? nlohmann::json("单位 " + std::to_string(rec))
                               : i % 4 == 2 ? nlohmann::json("manufacturer")
                                            : nlohmann::json("310115");
        char opId[40];
        std::snprintf(opId, sizeof opId, "01900000-0000-7000-8000-%012d", i);
        nlohmann::json op = {{"op_id", opId},          {"record_id", "org-" + std::to_string(rec)},
                             {"type", "organisation"}, {"field", field},
                             {"value", value},         {"hlc", hlcBase + static_cast<std::uint64_t>(i)},
                             {"base_version", 0},      {"device", "tablet-remote"},
                             {"user", "王芳"}};
        out += QByteArray::fromStdString(op.dump()) + '\n';
    }
    return out;
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString dump(const QString& db) {
        return QString::fromStdString(runCli(db, {"dump", "--canonical"}).out);
    }

    QString freshDevice(const QString& name) {
        const QString db = path(name + ".db");
        const CliRun r = runCli(db, {"init", "--device", name, "--user", "张伟", "--district", "310115"});
        if (r.exitCode != 0) qWarning() << r.err.c_str();
        return db;
    }

    // Runs a bad command and checks: non-zero exit, exactly one "fieldseal: ..." line mentioning
    // `needle`, and a store byte-for-byte as before.
    void expectRefused(const QString& db, const QStringList& args, const QByteArray& input,
                       const QString& needle) {
        const QString before = dump(db);
        const CliRun r = runCli(db, args, input);
        QVERIFY2(r.exitCode != 0 && r.exitCode != -1, qPrintable(args.join(' ') + " should fail"));
        const QStringList lines = QString::fromStdString(r.err).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines[0].startsWith("fieldseal: "), qPrintable(lines[0]));
        QVERIFY2(lines[0].contains(needle), qPrintable(lines[0] + " does not mention " + needle));
        QCOMPARE(dump(db), before);
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void twoDevicesConvergeByFile() {
        const QString a = freshDevice("conv-a"), b = freshDevice("conv-b");
        QCOMPARE(runCli(a, {"put", "organisation", "org-1", "uscc=" + usccFor(1), "name=上海某电器有限公司",
                            "org_type=manufacturer", "district=310115"})
                     .exitCode,
                 0);
        QCOMPARE(runCli(a, {"put", "inspection", "insp-1", "organisation_id=org-1", "template_id=ccc-toys",
                            "district=310115"})
                     .exitCode,
                 0);
        QCOMPARE(runCli(b, {"import-ops"}, exportOps(a).toUtf8()).exitCode, 0);
        QCOMPARE(runCli(a, {"put", "inspection", "insp-1", R"(answers.1={"result":"pass"})"}).exitCode, 0);
        QCOMPARE(runCli(b, {"put", "inspection", "insp-1", "findings=玩具小零件脱落"}).exitCode, 0);
        const QByteArray fromA = exportOps(a).toUtf8();
        const QByteArray fromB = exportOps(b).toUtf8();
        QCOMPARE(runCli(a, {"import-ops"}, fromB).exitCode, 0);
        QCOMPARE(runCli(b, {"import-ops"}, fromA).exitCode, 0);
        QCOMPARE(dump(a), dump(b));

        // Importing the same file again changes nothing and is acknowledged.
        const QString before = dump(b);
        const CliRun again = runCli(b, {"import-ops"}, fromA);
        QCOMPARE(again.exitCode, 0);
        QVERIFY2(again.out.find("0 applied") != std::string::npos, again.out.c_str());
        QCOMPARE(dump(b), before);

        // export-ops --since only gives what came after.
        const int all = exportOps(a).count('\n');
        QCOMPARE(exportOps(a, {"--since", "7"}).count('\n'), all - 7);
        const auto record = nlohmann::json::parse(runCli(a, {"show", "insp-1"}).out);
        QCOMPARE(record["findings"].get<std::string>(), std::string("玩具小零件脱落"));
        QCOMPARE(record["answers"]["1"]["result"].get<std::string>(), std::string("pass"));
        QCOMPARE(record["status"].get<std::string>(), std::string("draft"));
    }

    void badInputChangesNothing() {
        const QString db = freshDevice("bad");
        QCOMPARE(runCli(db, {"put", "organisation", "org-1", "uscc=" + usccFor(1), "name=甲",
                             "org_type=seller", "district=310115"})
                     .exitCode,
                 0);
        expectRefused(db, {"put", "factory", "f-1", "name=x"}, {}, "unknown record type 'factory'");
        expectRefused(db, {"put", "organisation", "org-1", "colour=red"}, {}, "has no field 'colour'");
        expectRefused(db,
                      {"put", "organisation", "org-2", "uscc=91310115MA1H7PQR3X", "name=乙",
                       "org_type=seller", "district=310115"},
                      {}, "check character");
        expectRefused(db, {"put", "organisation", "org-2", "name=乙", "org_type=seller", "district=310115"},
                      {}, "organisation.uscc: is required");
        expectRefused(db, {"put", "organisation", "org-1", "district=999999"}, {}, "not a known district");
        expectRefused(db, {"put", "organisation", "org-1", "org_type=spaceship"}, {}, "must be one of");
        expectRefused(db, {"put", "organisation", "org-1", "address={oops"}, {}, "not valid JSON");
        expectRefused(db,
                      {"put", "inspection", "insp-1", "organisation_id=org-1", "template_id=t",
                       "district=310115", "status=approved"},
                      {}, "cannot go from draft to approved");
        expectRefused(db, {"show", "nobody"}, {}, "no record with id nobody");

        const QByteArray good = remoteOps(8, 100);
        expectRefused(db, {"import-ops"}, good + "{\"op_id\": \n", "line 9: not valid JSON");
        expectRefused(db, {"import-ops"}, good.left(good.size() - 1), "truncated");
        expectRefused(db, {"import-ops"}, good.left(good.size() - 30), "truncated");
        expectRefused(db, {"import-ops"}, good + "[1,2]\n", "line 9: an op must be a JSON object");
        QByteArray badField = remoteOps(1, 200);
        badField.replace("\"uscc\"", "\"colour\"");
        expectRefused(db, {"import-ops"}, good + badField, "line 9");
        QByteArray extra = remoteOps(1, 201);
        extra.replace("\"user\"", "\"extra\":1,\"user\"");
        expectRefused(db, {"import-ops"}, extra, "unknown member \"extra\"");

        // A forged evidence body under an existing id is tampering: refused, nothing imported.
        QCOMPARE(runCli(db, {"put", "evidence", "ev-1", "inspection_id=insp-9", "sha256=" + QString(64, 'a'),
                             "media_type=image/jpeg", "size=1024", "captured_at=2026-11-05T09:30:00+08:00",
                             "device=bad", "inspector=张伟", "district=310115"})
                     .exitCode,
                 0);
        nlohmann::json forged = nlohmann::json::parse(
            exportOps(db).split('\n').filter(QStringLiteral("ev-1")).first().toStdString());
        forged["op_id"] = "01900000-0000-7000-8000-999999999999";
        forged["value"]["size"] = 1;
        expectRefused(db, {"import-ops"}, good + QByteArray::fromStdString(forged.dump()) + "\n",
                      "tampering");
        // The same op id with a different content is tampering too.
        nlohmann::json reused = nlohmann::json::parse(exportOps(db).split('\n').first().toStdString());
        reused["value"] = "另一个名字";
        reused["field"] = "name";
        expectRefused(db, {"import-ops"}, QByteArray::fromStdString(reused.dump()) + "\n", "already used");

        expectRefused(path("missing.db"), {"show", "x"}, {}, "cannot open database");
    }

    void killedImportLeavesCommittedOps() {
        const QString db = freshDevice("crash");
        const int total = 150000;
        const QByteArray ops = remoteOps(total);
        QFile file(path("ops.jsonl"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(ops);
        file.close();

        QProcess p;
        p.setStandardInputFile(path("ops.jsonl"));
        p.setReadChannel(QProcess::StandardError); // progress lines come on stderr
        p.start(test::fieldsealCliPath(), {"--db", db, "import-ops", "--progress"});
        QVERIFY(p.waitForStarted());
        long committed = 0;
        QByteArray err;
        while (committed < 5000 && p.state() == QProcess::Running) {
            p.waitForReadyRead(20000);
            err += p.readAllStandardError();
            const auto lines = err.split('\n');
            for (const auto& line : lines)
                if (line.startsWith("committed ")) committed = line.split(' ')[1].toLong();
        }
        QVERIFY2(p.state() == QProcess::Running, "the import finished before it could be killed");
        p.kill(); // SIGKILL
        p.waitForFinished();
        err += p.readAllStandardError();
        for (const auto& line : err.split('\n'))
            if (line.startsWith("committed ")) committed = line.split(' ')[1].toLong();
        QVERIFY2(
            committed >= 5000 && committed < total,
            qPrintable(QString("committed %1: %2").arg(committed).arg(QString::fromUtf8(err.right(300)))));

        {
            auto store = SqliteStore::open(db.toStdString(), {.create = false});
            QVERIFY2(store.ok(), store.ok() ? "" : store.error().message.c_str());
            QCOMPARE(QString::fromStdString((*store)->integrityCheck()), QString("ok"));
            QVERIFY((*store)->opCount() >= committed);
            // Batches commit in file order: every op of a reported batch is there.
            const auto lines = ops.split('\n');
            for (long i = 0; i < committed; i += 997) {
                const auto op = nlohmann::json::parse(lines[static_cast<int>(i)].toStdString());
                QVERIFY((*store)->findOp(op["op_id"].get<std::string>()).has_value());
            }
        }
        // Importing again completes the job; the result equals an uninterrupted import.
        QCOMPARE(runCli(db, {"import-ops"}, ops).exitCode, 0);
        const QString clean = freshDevice("crash-clean");
        QCOMPARE(runCli(clean, {"import-ops"}, ops).exitCode, 0);
        QCOMPARE(dump(db), dump(clean));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
