// The app's models and controllers on a real device store (offline demo data of insp.wang,
// district 310115: the toys, e-bike and testing-agency tasks) in a temporary data directory.
#include "controllers/app_controller.h"
#include "models/checklist_model.h"
#include "controllers/conflict_controller.h"
#include "controllers/draw_controller.h"
#include "device/device_store.h"
#include "platform/evidence_file.h"
#include "controllers/inspection_controller.h"
#include "store/sqlite_db.h"
#include "store/sqlite_store.h"
#include "controllers/registry_controller.h"
#include "controllers/review_controller.h"
#include "demo/review_demo.h"
#include "rendering/signature_image.h"
#include "models/task_list_model.h"
#include "models/template_library.h"
#include "controllers/verification_controller.h"
#include "client/registry_sync.h"
#include "model/uscc.h"
#include "registry/registry_store.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace fieldseal::app;

class TestAppControllers : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AppController> m_app;

    InspectionController& openTask(const QString& search) {
        auto* tasks = m_app->tasks();
        tasks->setSearchText(search);
        const auto id = tasks->taskIdAt(0);
        tasks->setSearchText({});
        auto* insp = m_app->inspection();
        if (!insp->openTask(id)) qWarning() << insp->lastError();
        return *insp;
    }
    QString itemId(InspectionController& insp, int row) {
        auto* m = insp.checklist();
        return m->data(m->index(row), ChecklistModel::ItemIdRole).toString();
    }
    void answerAll(InspectionController& insp, const QString& result) {
        for (int i = 0; i < insp.itemCount(); ++i)
            QVERIFY(insp.setResult(itemId(insp, i), result));
    }

private slots:
    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        m_app = std::make_unique<AppController>(m_dir->path());
        QVERIFY(m_app->signInOffline(QStringLiteral("insp.wang")));
        m_app->tasks()->setToday(QDate(2026, 12, 1));
    }
    void cleanup() {
        m_app.reset();
        m_dir.reset();
    }

    void templatesLoadAndAreChecked() {
        QVERIFY2(m_app->templateErrors().isEmpty(), qPrintable(m_app->templateErrors().join('\n')));
        for (const char* id : {"ccc-toys-v1", "ccc-ebike-v1", "cma-agency-v1", "organic-v1", "ccc-fire-v1",
                               "ccc-truck-v1", "ccc-ev-v1", "ccc-exproof-v1", "mgmt-system-v1",
                               "ccc-exemption-followup-v1"}) {
            const auto* t = m_app->templates().find(QLatin1String(id));
            QVERIFY2(t, id);
            QVERIFY(!t->items.empty());
            QVERIFY(std::any_of(t->items.begin(), t->items.end(), [](const auto& i) { return i.required; }));
        }
        TemplateLibrary lib;
        QVERIFY(lib.add(R"({"id":"x","inspection_type":"ccc_product","title":{"zh":"甲","en":"A"},
            "sections":[{"id":"s","title":{"zh":"乙","en":"B"},"items":[
              {"id":"a","title":{"zh":"丙","en":"C"},"requirement":{"zh":"丁","en":"D"}},
              {"id":"a","title":{"zh":"丙","en":"C"},"requirement":{"zh":"丁","en":"D"}}]}]})",
                        "dup.json")
                    .contains("twice"));
        QVERIFY(lib.add(R"({"id":"x","inspection_type":"ccc_product","title":{"zh":"甲"},"sections":[]})", "t.json")
                    .contains("title"));
        QVERIFY(!lib.add("not json", "bad.json").isEmpty());
        QVERIFY(lib.add(R"({"id":"y","inspection_type":"tea_tasting","title":{"zh":"甲","en":"A"},
            "sections":[{"id":"s","title":{"zh":"乙","en":"B"},"items":[
              {"id":"a","title":{"zh":"丙","en":"C"},"requirement":{"zh":"丁","en":"D"}}]}]})",
                        "type.json")
                    .contains("inspection_type"));
        QVERIFY(lib.ids().isEmpty());
    }

    void taskListFiltersAndCounts() {
        auto* tasks = m_app->tasks();
        QAbstractItemModelTester tester(tasks, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(tasks->totalCount(), 3); // the district's tasks only (organic is Xuhui's)
        QCOMPARE(tasks->count(), 3);
        QCOMPARE(tasks->counts().value("todo").toInt(), 3);
        // Sorted by due date: toys (12-15), e-bike (12-20), lab (12-31).
        QCOMPARE(tasks->data(tasks->index(0), TaskListModel::OrganisationRole).toString(),
                 QStringLiteral("上海童趣玩具制造有限公司"));

        tasks->setSearchText(QStringLiteral("电动自行车"));
        QCOMPARE(tasks->count(), 1);
        tasks->setSearchText(QStringLiteral("91310115ma1k4c1d7h")); // credit code, any case
        QCOMPARE(tasks->count(), 1);
        QCOMPARE(tasks->data(tasks->index(0), TaskListModel::InspectionTypeRole).toString(),
                 QStringLiteral("testing_agency"));
        tasks->setSearchText({});

        tasks->setTypeFilter(QStringLiteral("ccc_product"));
        QCOMPARE(tasks->count(), 2);
        QCOMPARE(tasks->counts().value("all").toInt(), 2);
        tasks->setTypeFilter({});

        tasks->setToday(QDate(2026, 12, 16));
        tasks->setDueFilter(QStringLiteral("overdue"));
        QCOMPARE(tasks->count(), 1);
        QVERIFY(tasks->data(tasks->index(0), TaskListModel::OverdueRole).toBool());
        tasks->setDueFilter(QStringLiteral("week"));
        QCOMPARE(tasks->count(), 1); // the e-bike task, due in 4 days
        tasks->setDueFilter(QStringLiteral("month"));
        QCOMPARE(tasks->count(), 2);
        tasks->setDueFilter({});

        // Opening a task starts its inspection: the task is then "draft".
        openTask(QStringLiteral("童趣"));
        QCOMPARE(tasks->counts().value("draft").toInt(), 1);
        QCOMPARE(tasks->counts().value("todo").toInt(), 2);
        tasks->setStatusFilter(QStringLiteral("draft"));
        QCOMPARE(tasks->count(), 1);
        QCOMPARE(tasks->data(tasks->index(0), TaskListModel::StatusLabelRole).toString(), QStringLiteral("检查中"));
    }

    void checklistScoreRequiredAndFailed() {
        auto& insp = openTask(QStringLiteral("童趣"));
        QAbstractItemModelTester tester(insp.checklist(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(insp.itemCount(), 8);
        QCOMPARE(insp.score(), -1);
        QCOMPARE(insp.requiredMissing(), 5);
        QCOMPARE(insp.status(), QStringLiteral("draft"));
        QCOMPARE(insp.inspectors().size(), 2);

        QVERIFY(insp.setResult(itemId(insp, 0), "pass"));
        QVERIFY(insp.setResult(itemId(insp, 1), "pass"));
        QVERIFY(insp.setResult(itemId(insp, 2), "not_applicable"));
        QVERIFY(insp.setResult(itemId(insp, 3), "fail"));
        QCOMPARE(insp.answeredCount(), 4);
        QCOMPARE(insp.failedCount(), 1);
        QCOMPARE(insp.score(), 67); // 2 of 3 applicable, N/A left out
        QCOMPARE(insp.requiredMissing(), 2);
        auto* m = insp.checklist();
        QVERIFY(m->data(m->index(3), ChecklistModel::FailedRole).toBool());
        QVERIFY(m->data(m->index(3), ChecklistModel::MissingRole).toBool()); // failed without a note
        QVERIFY(insp.problems().join('\n').contains(QStringLiteral("不合格项需写明情况")));

        QVERIFY(insp.setNote(itemId(insp, 3), QStringLiteral("型号 TQ-300 与型式试验样品结构不同")));
        QVERIFY(!m->data(m->index(3), ChecklistModel::MissingRole).toBool());
        QCOMPARE(m->data(m->index(3), ChecklistModel::ResultRole).toString(), QStringLiteral("fail"));
        // The note kept the result; a result change keeps the note.
        QVERIFY(insp.setResult(itemId(insp, 3), "fail"));
        QCOMPARE(m->noteOf(itemId(insp, 3)), QStringLiteral("型号 TQ-300 与型式试验样品结构不同"));

        // The answers are in the store, as the sync will send them.
        const auto rec = m_app->store().record(insp.inspectionId().toStdString());
        QCOMPARE(QString::fromStdString(rec["answers"][itemId(insp, 3).toStdString()]["result"].get<std::string>()),
                 QStringLiteral("fail"));
        QVERIFY(m_app->store().outboxSize() > 0);
    }

    void badInputChangesNothing() {
        auto& insp = openTask(QStringLiteral("童趣"));
        const auto before = m_app->store().outboxSize();
        QVERIFY(!insp.setResult(itemId(insp, 0), "maybe"));
        QVERIFY(!insp.lastError().isEmpty());
        QVERIFY(!insp.setResult(QStringLiteral("no-such-item"), "pass"));
        QVERIFY(!insp.setConclusion(QStringLiteral("great")));
        QCOMPARE(m_app->store().outboxSize(), before);
        QCOMPARE(insp.answeredCount(), 0);
    }

    void submitValidation() {
        auto& insp = openTask(QStringLiteral("迅驰"));
        QVERIFY(!insp.submit());
        QVERIFY(insp.lastError().contains(QStringLiteral("必查项未检查")));
        answerAll(insp, "pass");
        QVERIFY(insp.setResult(itemId(insp, 0), "fail"));
        QVERIFY(insp.setConclusion("conforming"));
        const auto problems = insp.problems().join('\n');
        QVERIFY(problems.contains(QStringLiteral("不能为“符合”")));
        QVERIFY(problems.contains(QStringLiteral("请填写检查发现")));
        QVERIFY(problems.contains(QStringLiteral("不合格项需写明情况")));
        QVERIFY(!insp.submit());
        QCOMPARE(insp.status(), QStringLiteral("draft"));

        QVERIFY(insp.setNote(itemId(insp, 0), QStringLiteral("车架号与合格证不一致")));
        QVERIFY(insp.setFindings(QStringLiteral("1 辆车车架号与合格证不一致，已责令整改。")));
        QVERIFY(insp.setConclusion("rectify"));
        QVERIFY2(insp.problems().isEmpty(), qPrintable(insp.problems().join('\n')));
        QSignalSpy submitted(&insp, &InspectionController::submitted);
        QVERIFY2(insp.submit(), qPrintable(insp.lastError()));
        QCOMPARE(submitted.count(), 1);
        QCOMPARE(insp.status(), QStringLiteral("submitted"));
        QVERIFY(!insp.editable());
        QVERIFY(!insp.setResult(itemId(insp, 1), "fail")); // locked once submitted
        QCOMPARE(m_app->tasks()->counts().value("submitted").toInt(), 1);
    }

    void evidenceIsHashedAndRecorded() {
        auto& insp = openTask(QStringLiteral("童趣"));
        const QString path = m_dir->filePath(QStringLiteral("note.txt"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("hello");
        f.close();
        const auto info = describeFile(path);
        QCOMPARE(info.sha256, QStringLiteral("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"));
        QCOMPARE(info.size, 5);
        QCOMPARE(info.mediaType, QStringLiteral("text/plain"));

        QVERIFY2(insp.addEvidenceFile(QUrl::fromLocalFile(path), itemId(insp, 0)), qPrintable(insp.lastError()));
        QCOMPARE(insp.evidence().size(), 1);
        const auto e = insp.evidence().first().toMap();
        QCOMPARE(e.value("sha256").toString(), info.sha256);
        QCOMPARE(e.value("size").toLongLong(), 5);
        QCOMPARE(e.value("media_type").toString(), QStringLiteral("text/plain"));
        QCOMPARE(e.value("item_id").toString(), itemId(insp, 0));
        QCOMPARE(e.value("inspector").toString(), QStringLiteral("insp.wang"));
        QVERIFY(!e.value("captured_at").toString().isEmpty());
        QVERIFY(e.value("available").toBool());
        QFile blob(m_app->blobPath(info.sha256));
        QVERIFY(blob.open(QIODevice::ReadOnly));
        QCOMPARE(blob.readAll(), QByteArray("hello"));

        QVERIFY(!insp.addEvidenceFile(QUrl::fromLocalFile(m_dir->filePath("missing.jpg")), {}));
        QCOMPARE(insp.evidence().size(), 1);
    }

    void signatureIsHashedAndGoesStaleAfterAnEdit() {
        auto& insp = openTask(QStringLiteral("童趣"));
        QVERIFY(insp.setResult(itemId(insp, 0), "pass"));
        QVariantList stroke;
        for (int i = 0; i < 20; ++i)
            stroke << QVariantMap{{"x", 20 + i * 10}, {"y", 100 + (i % 5) * 8}, {"t", i * 15}, {"p", 0.6}};
        const QVariantList strokes{QVariant(stroke)};

        QVERIFY(!insp.sign("inspector", QStringLiteral("王检查"), {}));      // nothing drawn
        QVERIFY(!insp.sign("party", QStringLiteral("刘经理"), {}, true, {})); // refusal needs a witness
        QVERIFY2(insp.sign("inspector", QStringLiteral("王检查"), strokes), qPrintable(insp.lastError()));
        QCOMPARE(insp.signatures().size(), 1);
        auto sig = insp.signatures().first().toMap();
        QCOMPARE(sig.value("signer_name").toString(), QStringLiteral("王检查"));
        QVERIFY(!sig.value("stale").toBool());
        QVERIFY(!insp.hasStaleSignature());
        // The image hash is the hash of the deterministic rendering, and the blob is kept.
        const auto png = renderSignaturePng(strokes, QSize(640, 240));
        QCOMPARE(sig.value("image_sha256").toString(), sha256Hex(png));
        QVERIFY(QFile::exists(m_app->blobPath(sha256Hex(png))));
        QCOMPARE(sig.value("content_sha256").toString().size(), 64);
        QCOMPARE(sig.value("strokes").toList().first().toList().size(), 20);
        QCOMPARE(sig.value("strokes").toList().first().toList().at(3).toMap().value("t").toInt(), 45);

        QVERIFY(insp.sign("party", QStringLiteral("刘经理"), {}, true, QStringLiteral("张见证")));
        QCOMPARE(insp.signatures().size(), 2);

        // An edit after signing makes the signatures stale, visibly.
        QVERIFY(insp.setResult(itemId(insp, 1), "fail"));
        QVERIFY(insp.hasStaleSignature());
        for (const auto& s : insp.signatures())
            QVERIFY(s.toMap().value("stale").toBool());
    }

    void certificateCheckReportsAndIsRecorded() {
        auto* v = m_app->verifier();
        QCOMPARE(v->trustListSequence(), -1);
        v->verifyText(QStringLiteral("FS1:THIS-IS-NOT-A-CERTIFICATE"));
        QVERIFY(v->hasReport());
        QCOMPARE(v->verdict(), QStringLiteral("red"));
        QVERIFY(!v->explanation().isEmpty());
        QVERIFY(!v->recordAsEvidence()); // no inspection open
        auto& insp = openTask(QStringLiteral("童趣"));
        QVERIFY(v->recordAsEvidence());
        QVERIFY(v->recorded());
        QCOMPARE(insp.evidence().size(), 1);
        QCOMPARE(insp.evidence().first().toMap().value("media_type").toString(), QStringLiteral("application/json"));
    }

    void languageSwitchesAtRunTime() {
        auto* tasks = m_app->tasks();
        QCOMPARE(tasks->data(tasks->index(0), TaskListModel::StatusLabelRole).toString(), QStringLiteral("待检查"));
        m_app->setLanguage("en");
        QVERIFY(m_app->english());
        QCOMPARE(tasks->data(tasks->index(0), TaskListModel::StatusLabelRole).toString(), QStringLiteral("To inspect"));
        QVERIFY(tasks->data(tasks->index(0), TaskListModel::TemplateTitleRole).toString().startsWith("CCC"));
        QCOMPARE(m_app->userRoleLabel(m_app->role()), QStringLiteral("Inspector"));
        QVERIFY(tasks->data(tasks->index(0), TaskListModel::InspectorsRole).toString().contains(QStringLiteral(", ")));
        m_app->setLanguage("zh");
        QCOMPARE(tasks->data(tasks->index(0), TaskListModel::StatusLabelRole).toString(), QStringLiteral("待检查"));
        QCOMPARE(m_app->userRoleLabel(m_app->role()), QStringLiteral("检查人员"));
        QVERIFY(tasks->data(tasks->index(0), TaskListModel::InspectorsRole).toString().contains(QStringLiteral("、")));
    }

    void sessionSurvivesARestart() {
        openTask(QStringLiteral("童趣"));
        const auto path = m_dir->path();
        m_app.reset();
        m_app = std::make_unique<AppController>(path);
        QVERIFY(!m_app->signedIn());
        QVERIFY(m_app->restoreSession());
        QCOMPARE(m_app->userName(), QStringLiteral("insp.wang"));
        QCOMPARE(m_app->tasks()->counts().value("draft").toInt(), 1);
    }

    // The supervisor's pages read what the inspectors' tablets sent (merged as a sync would):
    // wang's submitted e-bike inspection in the queue, li's late edit of it kept as a conflict.
    void reviewQueueAndConflictModels() {
        QCOMPARE(m_app->review()->queue()->count(), 0); // an inspector reviews nothing
        QVERIFY(!m_app->review()->canReview());
        auto* review = m_app->review();
        auto* conflicts = m_app->conflicts();
        QAbstractItemModelTester queueTester(review->queue(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester listTester(conflicts->conflicts(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester fieldTester(conflicts->fields(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY2(m_app->signInOffline(QStringLiteral("sup.pudong")), qPrintable(m_app->lastError()));
        QCOMPARE(m_app->role(), QStringLiteral("supervisor"));
        // Signing in as the demo supervisor ran prepareReviewDemo (review_demo.h); again adds nothing.
        const auto e = prepareReviewDemo(*m_app, m_dir->path() + QStringLiteral("/demo-tablets"));
        QVERIFY2(e.isEmpty(), qPrintable(e));
        review->refresh();
        conflicts->refresh();

        QCOMPARE(review->queue()->count(), 1);
        const auto row = review->queue()->index(0);
        QVERIFY(row.data(ReviewQueueModel::OrganisationRole).toString().contains(QStringLiteral("电动")));
        QCOMPARE(row.data(ReviewQueueModel::FailedCountRole).toInt(), 1);
        QCOMPARE(row.data(ReviewQueueModel::EvidenceCountRole).toInt(), 2);
        QCOMPARE(row.data(ReviewQueueModel::ConclusionLabelRole).toString(), QStringLiteral("不符合"));
        QVERIFY(review->open(review->queue()->inspectionIdAt(0)));
        QCOMPARE(review->status(), QStringLiteral("submitted"));
        QVERIFY(review->decidable());
        QCOMPARE(review->evidence().size(), 2);
        QVERIFY(!review->evidence().first().toMap().value(QStringLiteral("placeText")).toString().isEmpty());
        QCOMPARE(review->signatures().size(), 2);
        QCOMPARE(review->staleSignatures(), 0); // li's late edit did not change the record
        QVERIFY(review->signatures().first().toMap().value(QStringLiteral("imageVerified")).toBool());
        QCOMPARE(review->openConflicts(), 1);
        QVERIFY(review->findings().contains(QStringLiteral("GB 17761"))); // wang's, not li's

        // A return needs a comment; refused, nothing changes.
        QVERIFY(!review->returnInspection(QStringLiteral("  ")));
        QVERIFY(!review->lastError().isEmpty());
        QCOMPARE(review->status(), QStringLiteral("submitted"));

        // The conflict, field by field: the record's values and li's kept aside.
        QCOMPARE(conflicts->conflicts()->count(), 1);
        QCOMPARE(conflicts->conflicts()->openCount(), 1);
        QVERIFY(conflicts->select(conflicts->conflicts()->conflictIdAt(0)));
        QVERIFY(conflicts->selectedOpen());
        QVERIFY2(conflicts->originText().contains(QStringLiteral("insp.li")), qPrintable(conflicts->originText()));
        QVERIFY(conflicts->originText().contains(QStringLiteral("已签名"))); // he had not seen wang's signature
        auto* fields = conflicts->fields();
        QCOMPARE(fields->count(), 2);
        QStringList labels;
        for (int i = 0; i < fields->count(); ++i) {
            const auto f = fields->index(i);
            labels << f.data(ConflictFieldModel::FieldLabelRole).toString();
            QVERIFY(f.data(ConflictFieldModel::DiffersRole).toBool());
            if (f.data(ConflictFieldModel::FieldRole).toString() == QLatin1String("findings")) {
                QVERIFY(f.data(ConflictFieldModel::OursRole).toString().contains(QStringLiteral("GB 17761")));
                QVERIFY(f.data(ConflictFieldModel::TheirsRole).toString().contains(QStringLiteral("复测")));
            }
            if (f.data(ConflictFieldModel::FieldRole).toString() == QLatin1String("conclusion")) {
                QCOMPARE(f.data(ConflictFieldModel::OursRole).toString(), QStringLiteral("不符合"));
                QCOMPARE(f.data(ConflictFieldModel::TheirsRole).toString(), QStringLiteral("限期整改"));
            }
        }
        QVERIFY(labels.contains(QStringLiteral("检查发现")));
        QVERIFY(labels.contains(QStringLiteral("检查结论")));
        QCOMPARE(fields->takeCount(), 0);
        fields->setTake(0, true);
        QCOMPARE(fields->takeCount(), 1);
        QVERIFY(fields->setData(fields->index(1), true, ConflictFieldModel::TakeRole));
        QCOMPARE(fields->takeCount(), 2);
        QVERIFY(!fields->setData(fields->index(1), true, ConflictFieldModel::OursRole)); // read-only
        QVERIFY(!conflicts->takeTheirs({}));
        QVERIFY(!conflicts->lastError().isEmpty());
        QVERIFY(conflicts->selectedOpen());

        // English labels after a language switch.
        m_app->setLanguage(QStringLiteral("en"));
        QCOMPARE(review->queue()->index(0).data(ReviewQueueModel::ConclusionLabelRole).toString(),
                 QStringLiteral("Non-conforming"));
        m_app->setLanguage(QStringLiteral("zh"));
    }

    // Offline (no server session), a decision is written on the tablet as the supervisor's ops
    // and waits in the outbox for the next sync; the queue no longer lists the inspection.
    void offlineDecisionIsQueued() {
        QVERIFY2(m_app->signInOffline(QStringLiteral("sup.pudong")), qPrintable(m_app->lastError()));
        auto* review = m_app->review();
        QCOMPARE(review->queue()->count(), 1);
        const QString id = review->queue()->inspectionIdAt(0);
        QVERIFY(review->open(id));
        const auto outboxBefore = m_app->store().outboxSize();
        QSignalSpy decided(review, &ReviewController::decided);
        QVERIFY2(review->returnInspection(QStringLiteral("请补充 EB-2 型复测记录。")), qPrintable(review->lastError()));
        QCOMPARE(decided.count(), 1);
        QCOMPARE(decided.first().at(1).toString(), QStringLiteral("returned"));
        QVERIFY(review->lastError().isEmpty());
        QVERIFY(review->message().contains(QStringLiteral("下次同步")));
        QCOMPARE(m_app->store().outboxSize(), outboxBefore + 2); // the comment and the status change
        const auto record = m_app->store().record(id.toStdString());
        QCOMPARE(QString::fromStdString(record.value("status", std::string())), QStringLiteral("returned"));
        QCOMPARE(QString::fromStdString(record.value("review_comment", std::string())),
                 QStringLiteral("请补充 EB-2 型复测记录。"));
        QCOMPARE(review->status(), QStringLiteral("returned"));
        QVERIFY(!review->decidable());
        QCOMPARE(review->queue()->count(), 0);
        QVERIFY(!review->approve()); // decided already
    }

    // The list index follows every kind of change: a new task, a renamed organisation (all its
    // tasks), an inspection's status, a cancelled task; and rebuilds from the log when dropped.
    void taskListIndexFollowsEdits() {
        auto* tasks = m_app->tasks();
        auto& store = m_app->store();
        const QString wangOrg = QString::fromStdString(
            store.record(tasks->taskIdAt(0).toStdString()).value("organisation_id", std::string()));
        QVERIFY(!wangOrg.isEmpty());
        const std::string taskId = store.newId();
        QCOMPARE(store.put("task", taskId,
                           {{"organisation_id", wangOrg.toStdString()},
                            {"inspection_type", "ccc_product"},
                            {"template_id", "ccc-toys-v1"},
                            {"inspectors", nlohmann::json::array({"insp.wang", "insp.li"})},
                            {"due_date", "2026-12-02"},
                            {"district", "310115"}}),
                 QString());
        QCOMPARE(tasks->totalCount(), 4);
        QCOMPARE(tasks->taskIdAt(0), QString::fromStdString(taskId)); // due first
        QCOMPARE(store.put("organisation", wangOrg.toStdString(), {{"name", "上海童趣玩具（集团）有限公司"}}), QString());
        tasks->setSearchText(QStringLiteral("集团"));
        QCOMPARE(tasks->count(), 2); // both tasks of the renamed organisation
        tasks->setSearchText({});
        openTask(QStringLiteral("迅驰"));
        QCOMPARE(tasks->counts().value("draft").toInt(), 1);
        QCOMPARE(store.put("task", taskId, {{"task_status", "cancelled"}}), QString());
        QCOMPARE(tasks->totalCount(), 3);

        // Dropped (or a new index version): rebuilt from the whole log, same rows.
        store.store()->database().exec("DROP TABLE app_task_rows");
        store.store()->setMeta("app.task_list_index.version", "0");
        tasks->refresh();
        QCOMPARE(tasks->totalCount(), 3);
        QCOMPARE(tasks->counts().value("draft").toInt(), 1);
        tasks->setSearchText(QStringLiteral("集团"));
        QCOMPARE(tasks->count(), 1);
    }

    // Typing on narrows the previous matches; the result is the same as a fresh search.
    void taskListSearchNarrowsAndWidens() {
        auto* tasks = m_app->tasks();
        QAbstractItemModelTester tester(tasks, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tasks->setSearchText(QStringLiteral("上海"));
        QCOMPARE(tasks->count(), 3);
        tasks->setSearchText(QStringLiteral("上海迅"));
        QCOMPARE(tasks->count(), 1);
        tasks->setStatusFilter(QStringLiteral("todo"));
        QCOMPARE(tasks->count(), 1);
        tasks->setSearchText(QStringLiteral("上海"));
        QCOMPARE(tasks->count(), 3);
        tasks->setSearchText(QStringLiteral("检验检测机构")); // a template's type label
        QCOMPARE(tasks->count(), 1);
        tasks->setStatusFilter({});
        tasks->setSearchText({});
        QCOMPARE(tasks->count(), 3);
    }

    // The review queue reads only the list index: evidence added later and a renamed
    // organisation show in the queue's row, and a large task list opens in two steps.
    void reviewQueueFollowsTheIndex() {
        QVERIFY2(m_app->signInOffline(QStringLiteral("sup.pudong")), qPrintable(m_app->lastError()));
        auto* review = m_app->review();
        auto& store = m_app->store();
        QCOMPARE(review->queue()->count(), 1);
        const std::string id = review->queue()->inspectionIdAt(0).toStdString();
        const auto inspection = store.record(id);
        QCOMPARE(store.put("evidence", store.newId(),
                           {{"inspection_id", id},
                            {"sha256", std::string(64, 'a')},
                            {"media_type", "image/jpeg"},
                            {"size", 1024},
                            {"captured_at", "2026-11-26T08:00:00Z"},
                            {"device", "test"},
                            {"inspector", "insp.wang"},
                            {"district", "310115"}}),
                 QString());
        QCOMPARE(review->queue()->index(0).data(ReviewQueueModel::EvidenceCountRole).toInt(), 3);
        const std::string orgId = inspection.value("organisation_id", std::string());
        QCOMPARE(store.put("organisation", orgId, {{"name", "上海新名称电动车有限公司"}}), QString());
        QCOMPARE(review->queue()->index(0).data(ReviewQueueModel::OrganisationRole).toString(),
                 QStringLiteral("上海新名称电动车有限公司"));
    }

    // Above the step size, the list shows its first rows and the counts of every task at once,
    // then every row once the worker thread has read them: the same rows as a read at once.
    void largeTaskListOpensInTwoSteps() {
        auto* tasks = m_app->tasks();
        QAbstractItemModelTester tester(tasks, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QStringList atOnce;
        for (int i = 0; i < tasks->count(); ++i)
            atOnce << tasks->taskIdAt(i);
        QCOMPARE(atOnce.size(), 3);
        const auto countsAtOnce = tasks->counts();
        QVERIFY(!tasks->loading());

        tasks->setLoadInSteps(2, 1);
        QSignalSpy loading(tasks, &TaskListModel::loadingChanged);
        m_app->signOut(); // a new session shows no rows of the old one while it reads
        QCOMPARE(tasks->totalCount(), 0);
        QVERIFY(m_app->signInOffline(QStringLiteral("insp.wang")));
        QVERIFY(tasks->loading());
        QCOMPARE(tasks->count(), 1); // the first screenful
        QCOMPARE(tasks->taskIdAt(0), atOnce.first());
        QCOMPARE(tasks->totalCount(), 3);
        QCOMPARE(tasks->counts(), countsAtOnce); // counted in SQL meanwhile
        QTRY_VERIFY(!tasks->loading());
        QStringList inSteps;
        for (int i = 0; i < tasks->count(); ++i)
            inSteps << tasks->taskIdAt(i);
        QCOMPARE(inSteps, atOnce);
        QCOMPARE(tasks->counts(), countsAtOnce);

        // A local edit reads again in the background; the rows on screen stay until then.
        openTask(QStringLiteral("迅驰"));
        QCOMPARE(tasks->count(), 3);
        QTRY_VERIFY(!tasks->loading());
        QCOMPARE(tasks->counts().value("draft").toInt(), 1);
    }

    // A registry sync that brings a new revision makes the page read the registry again and
    // run the search on screen again; other changes of the store leave it as it was read.
    void registryReadsANewRevision() {
        auto* reg = m_app->registry();
        auto& store = m_app->store();
        const qint64 before = reg->registrySize();
        reg->setProperty("text", QStringLiteral("新港检测"));
        reg->search();
        QCOMPARE(reg->results()->count(), 0);
        const std::string first17 = "91310115123456789";
        {
            fieldseal::registry::RegistryStore registry(store.store()->database());
            fieldseal::registry::RegistryBulkLoad load(registry);
            load.add({0, first17 + fieldseal::usccCheckCharacter(first17), "上海新港检测技术有限公司", "testing_agency",
                      "310115", "浦东新区新港路 1 号", ""});
            load.commit();
        }
        store.notifyChanged(); // not a new revision: the page keeps what it read
        QCOMPARE(reg->registrySize(), before);
        store.store()->setMeta(fieldseal::registry_sync_keys::kRevision, "7"); // as a registry sync writes it
        store.notifyChanged();
        QCOMPARE(reg->registrySize(), before + 1);
        QCOMPARE(reg->results()->count(), 1);
        QVERIFY(reg->searched());
    }

    void registrySearchModel() {
        auto* reg = m_app->registry();
        QAbstractItemModelTester tester(reg->results(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(reg->registrySize(), 12); // the 7 demo organisations and 5 agencies
        reg->setProperty("text", QStringLiteral("检测"));
        reg->search();
        QCOMPARE(reg->results()->count(), 3);
        QCOMPARE(reg->total(), 3);
        QVERIFY(!reg->more());
        QCOMPARE(reg->results()->index(0).data(RegistryResultsModel::KindLabelRole).toString(),
                 QStringLiteral("检验检测机构"));
        reg->setProperty("text", QString());
        reg->setProperty("field", QStringLiteral("建筑工程"));
        QCOMPARE(reg->categoryOptions(), QStringList{QStringLiteral("建筑材料")});
        reg->setProperty("product", QStringLiteral("钢筋"));
        reg->search();
        QCOMPARE(reg->results()->count(), 1);
        reg->select(0);
        QCOMPARE(reg->selectedScope().size(), 3);
        m_app->setLanguage(QStringLiteral("en"));
        QCOMPARE(reg->results()->index(0).data(RegistryResultsModel::KindLabelRole).toString(),
                 QStringLiteral("Inspection and testing agency"));
        QCOMPARE(reg->selectedDetails().at(1).toMap().value("value").toString(),
                 QStringLiteral("Inspection and testing agency"));
        m_app->setLanguage(QStringLiteral("zh"));
        reg->setProperty("kind", QStringLiteral("no-such-kind"));
        reg->search();
        QVERIFY(!reg->message().isEmpty()); // refused by the registry's validation, shown
        QCOMPARE(reg->results()->count(), 0);
    }

    // A published result that was changed after the draw is caught by the re-run; a seed that
    // is not the committed one too.
    void drawResultTamperingIsCaught() {
        const auto files = DrawController::writeDemoFiles(m_dir->path() + QStringLiteral("/draw"));
        QCOMPARE(files.size(), 2);
        auto* draws = m_app->draws();
        QVERIFY(draws->openPlan(QUrl::fromLocalFile(files[0])));
        QVERIFY(draws->openResult(QUrl::fromLocalFile(files[1])));
        QCOMPARE(draws->verdict(), QStringLiteral("amber")); // all good but not sealed
        QFile f(files[1]);
        QVERIFY(f.open(QIODevice::ReadOnly));
        auto result = nlohmann::json::parse(f.readAll().toStdString());
        const auto tone = [&](const QString& label) {
            for (const auto& c : draws->checks())
                if (c.toMap().value("label").toString() == label) return c.toMap().value("tone").toString();
            return QString();
        };
        QCOMPARE(tone(QStringLiteral("重新抽取")), QStringLiteral("pass"));
        auto swapped = result;
        std::swap(swapped["tasks"][0]["inspectors"][0], swapped["tasks"][0]["inspectors"][1]);
        QVERIFY(draws->loadResultText(QByteArray::fromStdString(swapped.dump())));
        QCOMPARE(tone(QStringLiteral("重新抽取")), QStringLiteral("fail"));
        QCOMPARE(draws->verdict(), QStringLiteral("red"));
        auto otherSeed = result;
        otherSeed["seed"] = std::string(64, 'a');
        QVERIFY(draws->loadResultText(QByteArray::fromStdString(otherSeed.dump())));
        QCOMPARE(tone(QStringLiteral("种子承诺")), QStringLiteral("fail"));
        QCOMPARE(draws->verdict(), QStringLiteral("red"));
    }
};

QTEST_MAIN(TestAppControllers)
#include "tst_app_controllers.moc"
