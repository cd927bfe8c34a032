// End to end: the app's controllers (as the pages drive them) on three tablets against the real
// fieldseal-server (tests/support/server_process.h: `init --demo`, then serving HTTPS on loopback).
//  - insp.wang signs in (the device enrolls: key made here, certificate from the server, CA
//    pinned), pulls his tasks, completes the e-bike inspection offline with evidence and two
//    signatures, and syncs: the ops and the evidence file go up;
//  - sup.pudong signs in and syncs: the review queue shows the inspection with its evidence and
//    valid signatures; the supervisor approves it (review route), and the decision comes back;
//  - wang syncs again: the inspection is approved on his tablet.
//  - expo.chen issues a CCC exemption sealed with the tablet's key; after a sync it is
//    officially sealed (the server's counter-seal came back).
#include "controllers/app_controller.h"
#include "controllers/ccc_exemption_controller.h"
#include "models/checklist_model.h"
#include "controllers/conflict_controller.h"
#include "device/device_store.h"
#include "controllers/inspection_controller.h"
#include "controllers/review_controller.h"
#include "support/server_process.h"
#include "controllers/sync_controller.h"
#include "models/task_list_model.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace fieldseal::app;
using fieldseal::test::ServerProcess;

namespace {

constexpr const char* kPassword = "demo-password-2026";
constexpr int kWait = 30'000; // generous: the machine is shared; never an assertion on time

} // namespace

class TestAppEndToEnd : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<ServerProcess> m_server;
    QTemporaryDir m_dir;

    std::unique_ptr<AppController> signIn(const QString& user) {
        auto app = std::make_unique<AppController>(m_dir.path() + QLatin1Char('/') + user);
        app->setCaFile(QString::fromStdString(m_server->caFile().string()));
        QSignalSpy done(app.get(), &AppController::signInFinished);
        app->signIn(QString::fromStdString(m_server->baseUrl()), user, QString::fromLatin1(kPassword));
        if (!done.wait(kWait) || !done.first().first().toBool()) {
            qWarning() << "sign-in of" << user << "failed:" << app->lastError();
            return nullptr;
        }
        return app;
    }

    static bool sync(AppController& app) {
        QSignalSpy done(app.sync(), &SyncController::finished);
        app.sync()->syncNow();
        if (!done.wait(kWait)) return false;
        if (!done.first().first().toBool()) qWarning() << "sync failed:" << app.sync()->lastError();
        return done.first().first().toBool();
    }

    static QString taskWithTemplate(AppController& app, const QString& templateId) {
        auto* tasks = app.tasks();
        tasks->refresh();
        for (int i = 0; i < tasks->rowCount(); ++i)
            if (tasks->data(tasks->index(i), TaskListModel::TemplateIdRole).toString() == templateId)
                return tasks->taskIdAt(i);
        return {};
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        try {
            m_server = ServerProcess::start();
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
    }

    void inspectionSubmittedReviewedAndApprovedBack() {
        // ---- the inspector's tablet: sign in (enroll), pull tasks ----
        auto wang = signIn(QStringLiteral("insp.wang"));
        QVERIFY(wang);
        QVERIFY(wang->hasServerSession());
        QVERIFY(wang->enrolled());
        QVERIFY(QFileInfo(wang->deviceKeyPath()).exists());
        QVERIFY(!(QFileInfo(wang->deviceKeyPath()).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup)));
        QCOMPARE(wang->role(), QStringLiteral("inspector"));
        QCOMPARE(wang->district(), QStringLiteral("310115"));
        QVERIFY(sync(*wang));
        const QString taskId = taskWithTemplate(*wang, QStringLiteral("ccc-ebike-v1"));
        QVERIFY2(!taskId.isEmpty(), "the e-bike task was not pulled");
        QVERIFY(wang->verifier()->trustListSequence() > 0); // the trust list came with enrollment

        // ---- offline: the whole inspection ----
        auto* insp = wang->inspection();
        QVERIFY2(insp->openTask(taskId), qPrintable(insp->lastError()));
        auto* model = insp->checklist();
        QVERIFY(model->rowCount() >= 3);
        for (int row = 0; row < model->rowCount(); ++row) {
            const auto item = model->data(model->index(row), ChecklistModel::ItemIdRole).toString();
            QVERIFY(insp->setResult(item, row == 1 ? QStringLiteral("fail") : QStringLiteral("pass")));
        }
        const auto failedItem = model->data(model->index(1), ChecklistModel::ItemIdRole).toString();
        QVERIFY(insp->setNote(failedItem, QStringLiteral("铭牌最高车速与实测不符")));
        QVERIFY(insp->setFindings(QStringLiteral("EB-2 型实测最高车速 31 km/h，超出限值。")));
        QVERIFY(insp->setConclusion(QStringLiteral("nonconforming")));
        const QString photo = m_dir.filePath(QStringLiteral("nameplate.png"));
        {
            QImage img(64, 48, QImage::Format_RGB32);
            img.fill(Qt::darkCyan);
            QVERIFY(img.save(photo));
        }
        QVERIFY2(insp->addEvidenceFile(QUrl::fromLocalFile(photo), failedItem), qPrintable(insp->lastError()));
        QVERIFY(wang->sync()->pendingBytes() > 0);
        QVariantList strokes;
        for (int s = 0; s < 2; ++s) {
            QVariantList points;
            for (int i = 0; i < 10; ++i)
                points << QVariantMap{{QStringLiteral("x"), 20 + i * 10 + s * 120}, {QStringLiteral("y"), 50 + (i % 3) * 9},
                                      {QStringLiteral("t"), i * 15}, {QStringLiteral("p"), 0.6}};
            strokes << QVariant(points);
        }
        QVERIFY2(insp->sign(QStringLiteral("inspector"), QStringLiteral("王检查"), strokes), qPrintable(insp->lastError()));
        QVERIFY2(insp->sign(QStringLiteral("party"), QStringLiteral("陈立新"), strokes), qPrintable(insp->lastError()));
        QVERIFY2(insp->submit(), qPrintable(insp->lastError()));
        const QString inspectionId = insp->inspectionId();
        QCOMPARE(insp->status(), QStringLiteral("submitted"));
        QVERIFY(wang->sync()->pendingOps() > 0);

        // ---- sync: ops and the evidence file go up ----
        QVERIFY(sync(*wang));
        QCOMPARE(wang->sync()->pendingOps(), qint64(0));
        QCOMPARE(wang->sync()->pendingBytes(), qint64(0)); // the file was uploaded
        QVERIFY(wang->sync()->lastError().isEmpty());

        // ---- the supervisor: the queue shows it, in full ----
        auto sup = signIn(QStringLiteral("sup.pudong"));
        QVERIFY(sup);
        QVERIFY(sync(*sup));
        auto* review = sup->review();
        QAbstractItemModelTester queueTester(review->queue(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        review->refresh();
        int row = -1;
        for (int i = 0; i < review->queue()->count(); ++i)
            if (review->queue()->inspectionIdAt(i) == inspectionId) row = i;
        QVERIFY2(row >= 0, "the submitted inspection is not in the supervisor's queue");
        const auto qi = review->queue()->index(row);
        QCOMPARE(qi.data(ReviewQueueModel::FailedCountRole).toInt(), 1);
        QCOMPARE(qi.data(ReviewQueueModel::EvidenceCountRole).toInt(), 1);
        QCOMPARE(qi.data(ReviewQueueModel::ConclusionRole).toString(), QStringLiteral("nonconforming"));
        QVERIFY(review->open(inspectionId));
        QCOMPARE(review->status(), QStringLiteral("submitted"));
        QVERIFY(review->decidable());
        QCOMPARE(review->failedCount(), 1);
        QCOMPARE(review->evidence().size(), 1);
        QCOMPARE(review->evidence().first().toMap().value(QStringLiteral("file_name")).toString(),
                 QStringLiteral("nameplate.png"));
        QCOMPARE(review->signatures().size(), 2);
        QCOMPARE(review->staleSignatures(), 0);
        for (const auto& s : review->signatures())
            QVERIFY(s.toMap().value(QStringLiteral("imageVerified")).toBool()); // drawn again from the strokes

        // A return needs a comment; nothing is sent without one.
        QVERIFY(!review->returnInspection(QStringLiteral("  ")));
        QVERIFY(!review->lastError().isEmpty());

        // ---- approve: the server decides, a sync brings it back ----
        QSignalSpy decided(review, &ReviewController::decided);
        QSignalSpy synced(sup->sync(), &SyncController::finished);
        QVERIFY2(review->approve(), qPrintable(review->lastError()));
        QVERIFY(decided.wait(kWait));
        QCOMPARE(decided.first().at(1).toString(), QStringLiteral("approved"));
        QVERIFY(synced.count() > 0 || synced.wait(kWait));
        QVERIFY(synced.first().first().toBool());
        QCOMPARE(review->status(), QStringLiteral("approved"));
        QVERIFY(!review->decidable());
        for (int i = 0; i < review->queue()->count(); ++i)
            QVERIFY(review->queue()->inspectionIdAt(i) != inspectionId);
        // Deciding again is refused before anything is sent.
        QVERIFY(!review->approve());

        // ---- back on the inspector's tablet ----
        QVERIFY(sync(*wang));
        QCOMPARE(insp->status(), QStringLiteral("approved"));
        QVERIFY(!insp->editable());
    }

    void exemptionIssuedSealedByTheDeviceThenOfficiallySealed() {
        auto chen = signIn(QStringLiteral("expo.chen"));
        QVERIFY(chen);
        QVERIFY(chen->enrolled());
        CccExemptionController c;
        c.setApp(chen.get());
        QVERIFY(c.canIssue());
        QVERIFY(c.deviceCanSeal());
        c.setExhibition(QStringLiteral("第九届中国国际进口博览会 CIIE 2026"));
        c.setApplicantUscc(QStringLiteral("91310118MA1JK9E466"));
        c.setApplicantName(QStringLiteral("上海博览进口贸易有限公司"));
        c.setPurpose(QStringLiteral("展览展示，展后复运出境"));
        QVERIFY(c.addExhibit(QStringLiteral("意式咖啡机"), QStringLiteral("GX-2"), QStringLiteral("8516.71"),
                             QStringLiteral("家用和类似用途设备"), 2, QStringLiteral("意大利")));
        QCOMPARE(c.checkFastChannel(), QStringLiteral("listed")); // from the enrolled device's trust list
        QVERIFY2(c.issue(), qPrintable(c.lastError()));
        QVERIFY(c.deviceSealed());
        QCOMPARE(c.status(), QStringLiteral("issued"));
        QVERIFY(sync(*chen));
        if (c.status() != QLatin1String("sealed")) QVERIFY(sync(*chen)); // the counter-seal may need a second pull
        QCOMPARE(c.status(), QStringLiteral("sealed"));
        QVERIFY(c.statusText().contains(QStringLiteral("正式")));
    }

    void signInRefusals() {
        // A wrong password is refused and leaves no store or key behind.
        AppController app(m_dir.filePath(QStringLiteral("refused")));
        app.setCaFile(QString::fromStdString(m_server->caFile().string()));
        QSignalSpy done(&app, &AppController::signInFinished);
        app.signIn(QString::fromStdString(m_server->baseUrl()), QStringLiteral("insp.li"), QStringLiteral("wrong"));
        QVERIFY(done.wait(kWait));
        QVERIFY(!done.first().first().toBool());
        QVERIFY(!app.signedIn());
        QVERIFY(!app.lastError().isEmpty());
        QVERIFY(!QFileInfo::exists(app.serverStorePath(QStringLiteral("insp.li"))));
        QVERIFY(!QFileInfo::exists(app.serverStorePath(QStringLiteral("insp.li")) + QStringLiteral(".key.pem")));
        // Without the server's CA there is no sign-in at all.
        app.setCaFile({});
        app.signIn(QString::fromStdString(m_server->baseUrl()), QStringLiteral("insp.li"), QString::fromLatin1(kPassword));
        QVERIFY(!app.busy());
        QVERIFY(!app.lastError().isEmpty());
    }

    void cleanupTestCase() {
        m_server.reset();
    }
};

QTEST_MAIN(TestAppEndToEnd)
#include "tst_app_e2e.moc"
