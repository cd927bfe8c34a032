// The networked verbs of the `fieldseal` CLI against the real server: device login (enrolls and
// initialises a new store; password from FIELDSEAL_PASSWORD, a prompt without echo on a terminal,
// or standard input), sync (plain progress lines off a terminal, a redrawn bar on one), attach,
// status, fetch-evidence; failed first sign-ins leave nothing behind; a disabled account gets a
// sentence that says the local data is kept; a lost key file is re-keyed with a clear message.
#include "device_fixture.h"
#include "support/cli_process.h"

#include <QCryptographicHash>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <poll.h>
#include <pty.h>
#include <random>
#include <set>
#include <sys/stat.h>
#include <sys/wait.h>

using namespace fieldseal;
using namespace fieldseal::test;
using nlohmann::json;

namespace {

using Run = fieldseal::test::CliRun;

const QString kCli = fieldseal::test::fieldsealCliPath();

// Runs the CLI with FIELDSEAL_PASSWORD set to `password` (unset when empty).
Run runCli(const QStringList& args, const QString& password = kDemoPassword, const QByteArray& input = {}) {
    auto env = QProcessEnvironment::systemEnvironment();
    if (password.isEmpty())
        env.remove("FIELDSEAL_PASSWORD");
    else
        env.insert("FIELDSEAL_PASSWORD", password);
    fieldseal::test::CliOptions options;
    options.input = input;
    options.environment = env;
    options.timeoutMs = 300000;
    return fieldseal::test::runFieldsealCli(args, options);
}

// Runs the CLI on a pseudo-terminal (stdin, stdout and stderr all on it), typing `password` when
// it asks for one; returns everything the terminal showed.
Run runOnTerminal(const std::vector<std::string>& args, const std::string& password = {}) {
    std::vector<std::string> argv = {kCli.toStdString()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargs;
    for (auto& a : argv)
        cargs.push_back(a.data());
    cargs.push_back(nullptr);
    int master = -1;
    const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
    if (pid < 0) qFatal("forkpty failed");
    if (pid == 0) {
        ::unsetenv("FIELDSEAL_PASSWORD");
        ::execv(cargs[0], cargs.data());
        _exit(127);
    }
    Run run;
    bool typed = false;
    char buffer[4096];
    for (;;) {
        pollfd p{master, POLLIN, 0};
        if (::poll(&p, 1, 120000) <= 0) break;
        const ssize_t n = ::read(master, buffer, sizeof buffer);
        if (n <= 0) break; // EIO once the child has closed the terminal
        run.out.append(buffer, static_cast<std::size_t>(n));
        if (!typed && !password.empty() && run.out.find("password for") != std::string::npos) {
            const std::string line = password + "\n";
            if (::write(master, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
                qFatal("write");
            typed = true;
        }
    }
    ::close(master);
    int status = 0;
    ::waitpid(pid, &status, 0);
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

bool contains(const std::string& text, const std::string& needle) {
    return text.find(needle) != std::string::npos;
}

#define REQUIRE_RUN(run, code)                                                                               \
    QVERIFY2((run).exitCode == (code), ("exit " + std::to_string((run).exitCode) +                           \
                                        "\nstdout: " + (run).out + "\nstderr: " + (run).err)                 \
                                           .c_str())

std::string taskOf(const QString& db, const std::string& templateId) {
    const Run dump = runCli({"--db", db, "dump", "--canonical"});
    return findRecord(dump.out, "task", "template_id", templateId);
}

} // namespace

class TestDeviceCli : public QObject {
    Q_OBJECT

    std::unique_ptr<ServerProcess> m_server;
    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString url() const { return QString::fromStdString(m_server->baseUrl()); }
    QString ca() const { return QString::fromStdString(m_server->caFile().string()); }

    QStringList login(const QString& db, const QString& user) const {
        return {"--db", db, "device", "login", "--server", url(), "--ca", ca(), "--user", user};
    }

    // A new inspection of a demo task made with `put`; returns its id.
    std::string newInspection(const QString& db, const std::string& templateId) {
        const std::string task = taskOf(db, templateId);
        if (task.empty()) qFatal("no task %s", templateId.c_str());
        const std::string id = IdGenerator().next();
        const Run show = runCli({"--db", db, "show", QString::fromStdString(task)});
        const auto t = json::parse(show.out);
        const Run put =
            runCli({"--db", db, "put", "inspection", QString::fromStdString(id),
                    QString::fromStdString("task_id=" + task),
                    QString::fromStdString("organisation_id=" + t["organisation_id"].get<std::string>()),
                    QString::fromStdString("template_id=" + templateId), "inspection_type=ccc_product",
                    QString::fromStdString("inspectors=" + t["inspectors"].dump()), "district=310115"});
        if (put.exitCode != 0) qFatal("put: %s", put.err.c_str());
        return id;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_server = ServerProcess::start();
    }

    void loginSyncAttachStatusAndFetch() {
        const QString db = path("wang.db");
        const Run before = runCli({"--db", db, "status"});
        QCOMPARE(before.exitCode, 1); // no store yet

        const Run in = runCli(login(db, "insp.wang"));
        REQUIRE_RUN(in, 0);
        QVERIFY(contains(in.out, "signed in as insp.wang (inspector, district 310115)"));
        QVERIFY(contains(in.out, " enrolled;"));
        QVERIFY(contains(in.out, "new store"));
        struct stat st {};
        QCOMPARE(::stat((db + ".key.pem").toLocal8Bit().constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0600u);

        Run status = runCli({"--db", db, "status", "--json"});
        REQUIRE_RUN(status, 0);
        auto s = json::parse(status.out);
        QCOMPARE(s["user"].get<std::string>(), std::string("insp.wang"));
        QCOMPARE(s["pending_ops"].get<int>(), 0);
        QCOMPARE(s["last_sync"].get<std::string>(), std::string());
        QVERIFY(s["signed_in"].get<bool>());
        QVERIFY(s["enrolled"].get<bool>());
        QVERIFY(s["trust_list"].get<int>() >= 1);

        const Run first = runCli({"--db", db, "sync"});
        REQUIRE_RUN(first, 0);
        QVERIFY(contains(first.out, "synced: pushed 0 ops"));
        const std::string inspection = newInspection(db, "ccc-toys-v1");
        const QString photo = path("site photo.png");
        {
            QFile f(photo);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(123'456, 'p'));
        }
        const Run attach =
            runCli({"--db", db, "attach", QString::fromStdString(inspection), photo, "--item", "ccc-2.1"});
        REQUIRE_RUN(attach, 0);
        QVERIFY(contains(attach.out, "image/png, 123456 bytes"));
        const std::string evidence = attach.out.substr(std::string("attached evidence ").size(), 36);
        // The file was copied into the device's evidence folder under its SHA-256: the upload
        // no longer needs the original, which the user deletes.
        const QString sha =
            QCryptographicHash::hash(QByteArray(123'456, 'p'), QCryptographicHash::Sha256).toHex();
        const QString copy = db + ".blobs/" + sha;
        QVERIFY(contains(attach.out, "copied to " + copy.toStdString()));
        QVERIFY(QFile::remove(photo));
        {
            QFile f(copy);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll(), QByteArray(123'456, 'p'));
        }
        QCOMPARE(QDir(db + ".blobs").entryList(QDir::Files | QDir::Hidden).size(), 1); // no temporary left

        status = runCli({"--db", db, "status", "--json"});
        s = json::parse(status.out);
        QCOMPARE(s["pending_ops"].get<int>(), 7); // six inspection fields, one evidence record
        QCOMPARE(s["pending_bytes"].get<int>(), 123'456);
        QCOMPARE(s["pending_blobs"].get<int>(), 1);
        const Run human = runCli({"--db", db, "status"});
        QVERIFY(contains(human.out, "pending ops:   7"));
        QVERIFY(contains(human.out, "pending bytes: 123456 (1 evidence file)"));
        QVERIFY(contains(human.out, "last sync:     20"));

        // Off a terminal, --progress writes plain lines.
        const Run sync = runCli({"--db", db, "sync", "--progress"});
        REQUIRE_RUN(sync, 0);
        QVERIFY(contains(sync.out, "synced: pushed 7 ops (0 rejected)"));
        QVERIFY(contains(sync.out, "evidence: 1 uploaded"));
        QVERIFY(contains(sync.err, "sync: pushed 7 of 7 ops"));
        QVERIFY(contains(sync.err, "sync: 1 evidence file(s) to upload"));
        QVERIFY(!contains(sync.err, "\r"));
        s = json::parse(runCli({"--db", db, "status", "--json"}).out);
        QCOMPARE(s["pending_ops"].get<int>(), 0);
        QCOMPARE(s["pending_bytes"].get<int>(), 0);
        QVERIFY(!s["last_sync"].get<std::string>().empty());
        QCOMPARE(s["last_error"].get<std::string>(), std::string());

        // The supervisor fetches the file.
        const QString supDb = path("sup.db");
        REQUIRE_RUN(runCli(login(supDb, "sup.pudong")), 0);
        REQUIRE_RUN(runCli({"--db", supDb, "sync"}), 0);
        const Run fetch = runCli(
            {"--db", supDb, "fetch-evidence", QString::fromStdString(evidence), "--dir", path("cache")});
        REQUIRE_RUN(fetch, 0);
        QFile fetched(QString::fromStdString(fetch.out).trimmed());
        QVERIFY(fetched.open(QIODevice::ReadOnly));
        QCOMPARE(fetched.readAll(), QByteArray(123'456, 'p'));
    }

    void failedSignInsLeaveNothingBehind() {
        const QString db = path("nobody.db");
        const Run wrong = runCli(login(db, "insp.li"), "not the password");
        REQUIRE_RUN(wrong, 1);
        QVERIFY(contains(wrong.err, "wrong user name or password"));
        QVERIFY(!QFile::exists(db));
        QVERIFY(!QFile::exists(db + ".key.pem"));

        const Run noPassword = runCli(login(db, "insp.li"), QString());
        REQUIRE_RUN(noPassword, 2);
        QVERIFY(contains(noPassword.err, "no password"));
        const Run badCa = runCli({"--db", db, "device", "login", "--server", url(), "--ca",
                                  path("missing.pem"), "--user", "insp.li"});
        REQUIRE_RUN(badCa, 2);
        QVERIFY(!QFile::exists(db));

        // The password from standard input (scripts), when not in the environment.
        const Run piped = runCli(login(db, "insp.li"), QString(), QByteArray(kDemoPassword) + "\n");
        REQUIRE_RUN(piped, 0);

        // Another account on this store is refused and changes nothing.
        const Run other = runCli(login(db, "insp.wang"));
        REQUIRE_RUN(other, 1);
        QVERIFY(contains(other.err, "belongs to insp.li"));
        QCOMPARE(json::parse(runCli({"--db", db, "status", "--json"}).out)["user"].get<std::string>(),
                 std::string("insp.li"));

        // A store that never signed in cannot sync.
        const QString offline = path("offline.db");
        REQUIRE_RUN(runCli({"--db", offline, "init", "--device", "tab-9", "--user", "insp.li", "--district",
                            "310115"}),
                    0);
        const Run neverSignedIn = runCli({"--db", offline, "sync"});
        REQUIRE_RUN(neverSignedIn, 1);
        QVERIFY(contains(neverSignedIn.err, "has not signed in"));
        const Run usage = runCli({"--db", offline, "attach", "only-one-argument"});
        REQUIRE_RUN(usage, 2);
    }

    void aDisabledAccountIsToldItsDataIsKept() {
        auto server = ServerProcess::start();
        const QString db = path("li-disabled.db");
        REQUIRE_RUN(
            runCli({"--db", db, "device", "login", "--server", QString::fromStdString(server->baseUrl()),
                    "--ca", QString::fromStdString(server->caFile().string()), "--user", "insp.li"}),
            0);
        REQUIRE_RUN(runCli({"--db", db, "sync"}), 0);
        const std::string inspection = newInspection(db, "ccc-ebike-v1");
        AdminClient(*server).disable("insp.li");
        const Run sync = runCli({"--db", db, "sync"});
        REQUIRE_RUN(sync, 1);
        QVERIFY2(contains(sync.err, "account disabled") && contains(sync.err, "your local data is kept"),
                 sync.err.c_str());
        QVERIFY(contains(sync.err, "6 changes wait to be sent"));
        const Run show = runCli({"--db", db, "show", QString::fromStdString(inspection)});
        REQUIRE_RUN(show, 0);
        const Run status = runCli({"--db", db, "status"});
        QVERIFY(contains(status.out, "pending ops:   6"));
        QVERIFY(contains(status.out, "account_disabled"));
    }

    // A lost key file: `device login` says the tablet is enrolled again as a new device with a
    // new key and that the local work is kept; the pending changes then sync.
    void aLostKeyFileIsReKeyedWithAClearMessage() {
        const QString db = path("zhao-rekey.db");
        const Run in = runCli(login(db, "insp.wang"));
        REQUIRE_RUN(in, 0);
        REQUIRE_RUN(runCli({"--db", db, "sync"}), 0);
        const std::string inspection = newInspection(db, "ccc-toys-v1");
        const std::string oldDevice = json::parse(runCli({"--db", db, "status", "--json"}).out)["device"];
        QVERIFY(QFile::remove(db + ".key.pem"));

        const Run again = runCli(login(db, "insp.wang"));
        REQUIRE_RUN(again, 0);
        QVERIFY2(contains(again.out,
                          "re-keyed: the key file " + (db + ".key.pem").toStdString() + " is missing") &&
                     contains(again.out, "enrolled again as a new device with a new key (device " +
                                             oldDevice + " is no longer used)") &&
                     contains(again.out, "local records and pending changes are kept"),
                 again.out.c_str());
        const auto status = json::parse(runCli({"--db", db, "status", "--json"}).out);
        QVERIFY(status["device"].get<std::string>() != oldDevice);
        QVERIFY(status["enrolled"].get<bool>());
        QVERIFY(status["pending_ops"].get<int>() > 0);
        const Run sync = runCli({"--db", db, "sync"});
        REQUIRE_RUN(sync, 0);
        QCOMPARE(json::parse(runCli({"--db", db, "status", "--json"}).out)["pending_ops"].get<int>(), 0);
        REQUIRE_RUN(runCli({"--db", db, "show", QString::fromStdString(inspection)}), 0);
    }

    void onATerminalThePasswordIsNotEchoedAndProgressIsABar() {
        const std::string db = path("tty.db").toStdString();
        const Run in = runOnTerminal({"--db", db, "device", "login", "--server", url().toStdString(), "--ca",
                                      ca().toStdString(), "--user", "insp.wang"},
                                     kDemoPassword);
        QVERIFY2(in.exitCode == 0, in.out.c_str());
        QVERIFY(contains(in.out, "password for insp.wang: "));
        QVERIFY(!contains(in.out, kDemoPassword));
        QVERIFY(contains(in.out, "signed in as insp.wang"));

        REQUIRE_RUN(runCli({"--db", QString::fromStdString(db), "sync"}), 0);
        const std::string inspection = newInspection(QString::fromStdString(db), "ccc-toys-v1");
        QFile f(path("clip.mov"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(3 << 20, 'v'));
        f.close();
        REQUIRE_RUN(runCli({"--db", QString::fromStdString(db), "attach", QString::fromStdString(inspection),
                            path("clip.mov")}),
                    0);
        const Run sync = runOnTerminal({"--db", db, "sync", "--progress"});
        QVERIFY2(sync.exitCode == 0, sync.out.c_str());
        QVERIFY(contains(sync.out, "\r\033[K["));
        QVERIFY(contains(sync.out, "evidence 1/1"));
        QVERIFY(contains(sync.out, "##############################]")); // a full bar at some point
        QVERIFY(contains(sync.out, "synced:"));
    }

    // A sync interrupted at any point (SIGKILL at random moments, SIGTERM once) and started again
    // neither loses nor duplicates anything: the device ends up exactly as a fresh device of the
    // same scope pulled from the server, and its store is intact.
    void aSyncKilledAtAnyPointResumesWithoutLossOrDuplicates() {
        TempDir work;
        TestDevice admin(work.path(), "admin", m_server->baseUrl(), readText(m_server->caFile()));
        QVERIFY(admin.signIn("admin.city").ok());
        pushRegistry(admin, 20'000); // twenty pages to pull

        const QString db = path("killed.db");
        REQUIRE_RUN(runCli(login(db, "insp.li")), 0);
        REQUIRE_RUN(runCli({"--db", db, "sync"}), 0); // the tasks, and the 20,000 ops
        const std::string inspection = newInspection(db, "ccc-toys-v1");
        for (int i = 0; i < 40; ++i)
            REQUIRE_RUN(runCli({"--db", db, "put", "inspection", QString::fromStdString(inspection),
                                QString("answers.k%1={\"result\":\"pass\",\"note\":\"%1\"}").arg(i)}),
                        0);
        pushRegistry(admin, 20'000); // and twenty more while li worked offline

        // Each attempt finds fresh work on the server (a sync can be faster than any fixed
        // delay), so the signals land in the middle of real pulls. The first attempt still running
        // when its signal comes gets SIGTERM; the others SIGKILL.
        std::mt19937 rng(11);
        int killed = 0;
        bool terminated = false;
        for (int attempt = 0; attempt < 8; ++attempt) {
            if (attempt > 0) pushRegistry(admin, 5'000);
            QProcess p;
            p.start(kCli, {"--db", db, "sync"});
            QVERIFY(p.waitForStarted());
            QThread::msleep(terminated ? 40 + rng() % 400 : 60 + rng() % 100);
            if (p.state() == QProcess::NotRunning) continue; // finished first: fine
            if (!terminated) {
                p.terminate(); // SIGTERM: cancelled cleanly
                QVERIFY(p.waitForFinished(30000));
                const std::string err = p.readAllStandardError().toStdString();
                if (p.exitStatus() == QProcess::CrashExit) {
                    ++killed; // the signal came before the CLI set its handler: a kill after all
                } else if (p.exitCode() != 0) {
                    QVERIFY2(contains(err, "sync cancelled"), err.c_str());
                    terminated = true;
                }
            } else {
                p.kill(); // SIGKILL: as a crash or a dead battery would
                QVERIFY(p.waitForFinished(30000));
                ++killed;
            }
        }
        qInfo("%d syncs killed, one terminated: %s", killed, terminated ? "yes" : "none was still running");
        QVERIFY(killed >= 3);
        QVERIFY(terminated);
        REQUIRE_RUN(runCli({"--db", db, "sync"}), 0);
        REQUIRE_RUN(runCli({"--db", db, "sync"}), 0);

        {
            auto store = SqliteStore::open(db.toStdString(), {.create = false});
            QVERIFY(store.ok());
            QCOMPARE((*store)->integrityCheck(), std::string("ok"));
            QCOMPARE((*store)->outboxSize(), std::int64_t(0));
        }
        TestDevice fresh(work.path(), "fresh", m_server->baseUrl(), readText(m_server->caFile()));
        QVERIFY(fresh.signIn("insp.li").ok());
        QVERIFY(fresh.sync().ok());
        const std::string expected = fresh.dump();
        const std::string dump = runCli({"--db", db, "dump", "--canonical"}).out;
        QVERIFY(dump == expected);
        const auto ids = opIdsOf(dump);
        QCOMPARE(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
        QVERIFY(ids.size() > 40'000);
    }

    void cleanupTestCase() { m_server.reset(); }
};

QTEST_APPLESS_MAIN(TestDeviceCli)
#include "test_device_cli.moc"
