#include "device/server_call.h"

#include "controllers/app_controller.h"
#include "client/device_connection.h"
#include "client/device_sync.h"
#include "device/device_store.h"
#include "sync/replica.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace fieldseal::app {

bool startServerCall(AppController& app, QObject* context,
                     std::function<SyncResult<nlohmann::json>(ApiSession&)> work,
                     std::function<void(const ServerCallOutcome&)> done, QString* why) {
    auto& store = app.store();
    if (!app.hasServerSession()) {
        if (why)
            *why = app.offlineDemo()
                       ? QCoreApplication::translate("ServerCall", "离线演示模式：此操作需要登录服务器。")
                       : QCoreApplication::translate("ServerCall", "需要重新登录服务器才能完成此操作。");
        return false;
    }
    if (store.busy()) {
        if (why) *why = QCoreApplication::translate("ServerCall", "正在同步，请稍候再试。");
        return false;
    }
    store.setBusy(true);
    Store* db = &store.replica()->store();
    auto* watcher = new QFutureWatcher<ServerCallOutcome>(context); // deleted when it reports
    QObject::connect(watcher, &QFutureWatcher<ServerCallOutcome>::finished, context,
                     [watcher, &app, done = std::move(done)] {
                         const ServerCallOutcome out = watcher->result();
                         watcher->deleteLater();
                         app.store().setBusy(false);
                         done(out);
                     });
    watcher->setFuture(QtConcurrent::run([db, work = std::move(work)]() -> ServerCallOutcome {
        ServerCallOutcome out;
        auto connection = DeviceConnection::fromStore(*db, {});
        if (!connection) {
            out.syncError = connection.error();
            out.error = QString::fromStdString(explainSyncError(out.syncError, 0));
            return out;
        }
        auto result = work((*connection)->session());
        if (!result) {
            out.syncError = result.error();
            out.error = QString::fromStdString(explainSyncError(out.syncError, 0));
            return out;
        }
        out.result = std::move(*result);
        return out;
    }));
    return true;
}

} // namespace fieldseal::app
