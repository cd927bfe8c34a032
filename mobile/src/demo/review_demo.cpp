#include "demo/review_demo.h"

#include "controllers/app_controller.h"
#include "models/checklist_model.h"
#include "device/device_store.h"
#include "controllers/inspection_controller.h"
#include "store/sqlite_store.h"
#include "sync/replica.h"
#include "models/task_list_model.h"

#include <QBuffer>
#include <QColor>
#include <QDir>
#include <QImage>
#include <QVariantMap>
#include <cmath>

namespace fieldseal::app {
namespace {

std::vector<Op> opsOf(DeviceStore& store) {
    std::vector<Op> ops;
    store.store()->forEachOpSince(0, [&](const StoredOp& s) {
        ops.push_back(s.op);
        return true;
    });
    return ops;
}

QString merge(DeviceStore& from, DeviceStore& into) {
    auto report = into.replica()->apply(opsOf(from));
    if (!report) return QString::fromStdString(report.error().message);
    into.notifyChanged();
    return {};
}

QVariantList scribble(double phase) {
    QVariantList strokes;
    for (int s = 0; s < 2; ++s) {
        QVariantList points;
        for (int i = 0; i <= 36; ++i)
            points << QVariantMap{{QStringLiteral("x"), 50 + s * 230 + i * 5},
                                  {QStringLiteral("y"), 120 + 38 * std::sin(i / 4.0 + s + phase)},
                                  {QStringLiteral("t"), s * 700 + i * 16},
                                  {QStringLiteral("p"), 0.5 + 0.4 * (i % 8) / 8.0}};
        strokes << QVariant(points);
    }
    return strokes;
}

QString ebikeTaskId(AppController& app) {
    auto* tasks = app.tasks();
    tasks->refresh();
    for (int i = 0; i < tasks->rowCount(); ++i) {
        const auto id = tasks->taskIdAt(i);
        if (id.contains(QLatin1String("ebike"))) return id;
    }
    return {};
}

} // namespace

QString prepareReviewDemo(AppController& supervisor, const QString& scratchDir) {
    if (!supervisor.store().isOpen()) return QStringLiteral("the supervisor is not signed in");
    AppController wang(scratchDir + QStringLiteral("/wang"));
    AppController li(scratchDir + QStringLiteral("/li"));
    if (!wang.signInOffline(QStringLiteral("insp.wang")) || !li.signInOffline(QStringLiteral("insp.li")))
        return QStringLiteral("demo tablets: ") + wang.lastError() + li.lastError();
    wang.setLocation({{QStringLiteral("lat"), 31.22152}, {QStringLiteral("lon"), 121.54417},
                      {QStringLiteral("accuracy_m"), 12}});

    const QString taskId = ebikeTaskId(wang);
    if (taskId.isEmpty()) return QStringLiteral("demo data has no e-bike task");
    auto* insp = wang.inspection();
    if (!insp->openTask(taskId)) return insp->lastError();
    if (insp->status() == QLatin1String("draft")) {
        auto* model = insp->checklist();
        for (int row = 0; row < model->rowCount(); ++row) {
            const auto item = model->data(model->index(row), ChecklistModel::ItemIdRole).toString();
            insp->setResult(item, row == 2 ? QStringLiteral("fail") : QStringLiteral("pass"));
        }
        const auto failed = model->data(model->index(2), ChecklistModel::ItemIdRole).toString();
        insp->setNote(failed, QStringLiteral("抽查 EB-2 型整车，铭牌标注的最高车速 25 km/h，实测 31 km/h。"));
        insp->setFindings(QStringLiteral("EB-2 型电动自行车实测最高车速超出 GB 17761-2018 限值，已责令停止出厂销售并封存 12 台。"));
        insp->setConclusion(QStringLiteral("nonconforming"));
        insp->addEvidenceBytes(QByteArrayLiteral("EB-2 speed test log: 31.2 km/h at 2026-11-25T10:20:00+08:00\n"),
                               QStringLiteral("text/plain"), QStringLiteral("车速测试记录.txt"), failed);
        QImage nameplate(320, 200, QImage::Format_RGB32);
        nameplate.fill(QColor(0x44, 0x55, 0x66));
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        nameplate.save(&buffer, "PNG");
        insp->addEvidenceBytes(png, QStringLiteral("image/png"), QStringLiteral("铭牌照片.png"), failed);
        // Li pulls the inspection as it stands now, before it is signed and submitted.
        if (auto e = merge(wang.store(), li.store()); !e.isEmpty()) return e;
        insp->sign(QStringLiteral("inspector"), QStringLiteral("王检查"), scribble(0));
        insp->sign(QStringLiteral("party"), QStringLiteral("陈立新（企业质量负责人）"), scribble(1.3));
        if (!insp->submit()) return insp->lastError();
        // Li, offline, rewrites the findings of his older copy: a late edit to a submitted record.
        auto* late = li.inspection();
        if (!late->openTask(taskId)) return late->lastError();
        late->setFindings(QStringLiteral("EB-2 型实测车速 31 km/h，企业称为样车调试状态，待复测后确认。"));
        late->setConclusion(QStringLiteral("rectify"));
    }
    if (auto e = merge(wang.store(), supervisor.store()); !e.isEmpty()) return e;
    if (auto e = merge(li.store(), supervisor.store()); !e.isEmpty()) return e;
    return {};
}

} // namespace fieldseal::app
