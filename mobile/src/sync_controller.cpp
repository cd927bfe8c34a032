#include "sync_controller.h"

#include "app_controller.h"
#include "client/api_session.h"
#include "client/http_client.h"
#include "client/sync_engine.h"
#include "device_store.h"
#include "json_bridge.h"
#include "store/sqlite_store.h"
#include "sync/replica.h"

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
    qint64 total = 0;
    for (const auto& b : QDir(m_app.dataDirectory() + QStringLiteral("/blobs")).entryInfoList(QDir::Files))
        total += b.size();
    return total;
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
    if (m_app.serverUrl().isEmpty() || m_app.tokens().isEmpty()) {
        m_runError = tr("离线演示模式：没有服务器会话，无法同步。请在设置中登录服务器。");
        emit stateChanged();
        return;
    }
    m_running = true;
    m_runError.clear();
    store.setBusy(true);
    report(0, tr("正在连接服务器…"));
    emit stateChanged();

    Replica* replica = store.replica();
    const std::string base = m_app.serverUrl().toStdString();
    const std::string ca = m_app.caFile().toStdString();
    const auto tokens = parseSessionReply(fromVariant(m_app.tokens()).dump());
    m_cancel = std::make_shared<std::atomic_bool>(false);
    auto cancelled = m_cancel;
    QPointer<SyncController> self(this);
    QPointer<AppController> app(&m_app);
    m_watcher.setFuture(QtConcurrent::run([=]() -> QString {
        HttpClient::Options options;
        options.baseUrl = base;
        options.caFile = ca;
        HttpClient http(options);
        ApiSession session(http);
        if (tokens) session.setTokens(*tokens);
        session.onTokensChanged = [app](const SessionTokens& t) {
            const auto map = toVariant(toJson(t)).toMap();
            QMetaObject::invokeMethod(app, [app, map] {
                if (app) app->setTokens(map);
            }, Qt::QueuedConnection);
        };
        SyncEngine engine(*replica, session);
        auto result = engine.sync([&](const SyncProgress& p) {
            if (*cancelled) http.cancel();
            const double push = p.pushTotal ? double(p.pushDone) / double(p.pushTotal) : 1.0;
            const double fraction = p.caughtUp ? 1.0 : 0.5 * push + (p.pushDone >= p.pushTotal ? 0.25 : 0.0);
            const QString text = QObject::tr("已上传 %1/%2 项更改，已下载 %3 项").arg(p.pushDone).arg(p.pushTotal).arg(p.pullDone);
            QMetaObject::invokeMethod(self, [self, fraction, text] {
                if (self) self->report(fraction, text);
            }, Qt::QueuedConnection);
        });
        if (!result) return QString::fromStdString(result.error().describe());
        const auto& r = *result;
        const QString summary = QObject::tr("上传 %1 项，下载 %2 项，冲突 %3 项").arg(r.accepted).arg(r.pulled).arg(r.stale);
        QMetaObject::invokeMethod(self, [self, summary] {
            if (self) self->m_lastReport = summary;
        }, Qt::QueuedConnection);
        return {};
    }));
}

} // namespace fieldseal::app
