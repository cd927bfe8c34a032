#include "controllers/sync_controller.h"

#include "controllers/app_controller.h"
#include "client/device_connection.h"
#include "client/device_sync.h"
#include "client/pending_blobs.h"
#include "client/sync_engine.h"
#include "device/device_store.h"
#include "store/sqlite_store.h"
#include "sync/replica.h"
#include "device/task_list_index.h"

#include <QDateTime>
#include <QDir>
#include <QLocale>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace fieldseal::app {

SyncController::SyncController(AppController& app) : m_app(app) {
    connect(&app.store(), &DeviceStore::changed, this, &SyncController::stateChanged);
    connect(&app, &AppController::languageChanged, this, &SyncController::stateChanged);
    connect(&m_watcher, &QFutureWatcher<QString>::finished, this, [this] {
        const QString error = m_watcher.result();
        m_running = false;
        m_app.store().setBusy(false);
        m_runError = error;
        m_progress = error.isEmpty() ? 1.0 : m_progress;
        emit progressChanged();
        m_app.store().notifyChanged(); // pulled records, acknowledged outbox
        emit stateChanged();
        emit finished(error.isEmpty());
    });
}

SyncController::~SyncController() {
    cancel();
    m_watcher.waitForFinished();
}

qint64 SyncController::pendingOps() const {
    return m_app.store().isOpen() && !m_running ? m_app.store().outboxSize() : 0;
}

qint64 SyncController::pendingBytes() const {
    if (m_running) return m_pendingBytes;
    if (!m_app.store().isOpen()) return 0;
    try {
        return static_cast<qint64>(pending_blobs::pendingBytes(*m_app.store().store()));
    } catch (const StoreFailure&) {
        return 0;
    }
}

QString SyncController::lastSync() const {
    if (m_running) return {};
    const auto t = m_app.store().meta(SyncEngine::kLastSyncKey);
    if (t.isEmpty()) return {};
    const auto dt = QDateTime::fromString(t, Qt::ISODate);
    return dt.isValid() ? QLocale().toString(dt.toLocalTime(), QLocale::ShortFormat) : t;
}

QString SyncController::lastError() const {
    if (!m_runError.isEmpty()) return m_runError;
    return m_running ? QString() : m_app.store().meta(SyncEngine::kLastErrorKey);
}

int SyncController::conflictCount() const {
    if (!m_app.store().isOpen() || m_running) return 0;
    return static_cast<int>(m_app.store().store()->conflicts().size());
}

void SyncController::report(double progress, const QString& text) {
    m_progress = progress;
    m_progressText = text;
    emit progressChanged();
}

void SyncController::cancel() {
    if (m_cancel) *m_cancel = true;
}

void SyncController::syncNow() {
    if (m_running) return;
    auto& store = m_app.store();
    if (!store.isOpen()) {
        m_runError = tr("尚未登录。");
        emit stateChanged();
        return;
    }
    if (!m_app.hasServerSession()) {
        m_runError = m_app.offlineDemo() ? tr("离线演示模式：没有服务器会话，无法同步。请在设置中登录服务器。")
                                         : tr("需要重新登录服务器后才能同步；本机数据都已保留。");
        emit stateChanged();
        return;
    }
    if (store.busy()) {
        m_runError = tr("正在与服务器通信，请稍候再同步。");
        emit stateChanged();
        return;
    }
    m_pendingBytes = pendingBytes();
    m_running = true;
    m_runError.clear();
    store.setBusy(true);
    report(0, tr("正在连接服务器…"));
    emit stateChanged();

    Replica* replica = store.replica();
    SqliteStore* sqlite = store.store();
    m_cancel = std::make_shared<std::atomic_bool>(false);
    auto cancelled = m_cancel;
    QPointer<SyncController> self(this);
    m_watcher.setFuture(QtConcurrent::run([replica, sqlite, cancelled, self]() -> QString {
        Store& db = replica->store();
        auto connection = DeviceConnection::fromStore(db, {});
        if (!connection)
            return QString::fromStdString(explainSyncError(connection.error(), db.outboxSize()));
        CancelToken cancelToken = (*connection)->cancelToken();
        DeviceSync sync(*replica, **connection);
        auto result = sync.run([&](const DeviceSyncProgress& p) {
            if (*cancelled) cancelToken.cancel();
            double fraction = 0;
            QString text;
            switch (p.phase) {
            case DeviceSyncProgress::Phase::Ops: {
                const double push = p.ops.pushTotal ? double(p.ops.pushDone) / double(p.ops.pushTotal) : 1.0;
                fraction = p.ops.caughtUp ? 0.6 : 0.4 * push + (p.ops.pushDone >= p.ops.pushTotal ? 0.1 : 0.0);
                text = QObject::tr("已上传 %1/%2 项更改，已下载 %3 项")
                           .arg(p.ops.pushDone)
                           .arg(p.ops.pushTotal)
                           .arg(p.ops.pullDone);
                break;
            }
            case DeviceSyncProgress::Phase::TrustList:
                fraction = 0.65;
                text = QObject::tr("正在更新信任列表…");
                break;
            case DeviceSyncProgress::Phase::Blobs:
                fraction = 0.7 + (p.blobBytesTotal ? 0.3 * double(p.blobBytesDone) / double(p.blobBytesTotal) : 0.0);
                text = QObject::tr("正在上传证据文件 %1/%2（%3/%4 KB）")
                           .arg(p.blobIndex)
                           .arg(p.blobCount)
                           .arg(p.blobBytesDone / 1024)
                           .arg(p.blobBytesTotal / 1024);
                break;
            case DeviceSyncProgress::Phase::Done:
                fraction = 1.0;
                text = QObject::tr("同步完成");
                break;
            }
            QMetaObject::invokeMethod(self, [self, fraction, text] {
                if (self) self->report(fraction, text);
            }, Qt::QueuedConnection);
        });
        if (!result) return QString::fromStdString(explainSyncError(result.error(), db.outboxSize()));
        // The list rows of what was pulled are made here, off the GUI thread (after a first sync
        // of 100,000 tasks this takes a while); the lists then open in one query.
        QMetaObject::invokeMethod(self, [self] {
            if (self) self->report(0.99, QObject::tr("正在整理任务列表…"));
        }, Qt::QueuedConnection);
        try {
            TaskListIndex::catchUp(*sqlite, *replica);
        } catch (const StoreFailure& e) {
            return QString::fromUtf8(e.what());
        }
        const auto& r = *result;
        QString summary = QObject::tr("上传 %1 项，下载 %2 项，冲突 %3 项；证据文件上传 %4 个；信任列表第 %5 版")
                              .arg(r.ops.accepted)
                              .arg(r.ops.pulled)
                              .arg(r.ops.stale)
                              .arg(r.blobsUploaded)
                              .arg(r.trustList.sequence);
        QStringList problems;
        if (!r.ops.rejected.empty()) problems << QObject::tr("%1 项更改被服务器拒绝").arg(r.ops.rejected.size());
        if (r.blobsFailed) problems << QObject::tr("%1 个证据文件被服务器拒收").arg(r.blobsFailed);
        if (!r.trustListProblem.empty())
            problems << QObject::tr("信任列表未更新：%1").arg(QString::fromStdString(r.trustListProblem));
        if (!problems.isEmpty()) summary += QStringLiteral("。") + problems.join(QStringLiteral("；"));
        QMetaObject::invokeMethod(self, [self, summary] {
            if (self) self->m_lastReport = summary;
        }, Qt::QueuedConnection);
        return {};
    }));
}

} // namespace fieldseal::app
