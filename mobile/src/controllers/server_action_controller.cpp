#include "controllers/server_action_controller.h"

namespace fieldseal::app {

void ServerActionController::setMessage(const QString& error, const QString& message) {
    m_lastError = error;
    m_message = message;
    emit messageChanged();
}

void ServerActionController::setBusy(bool busy) {
    m_busy = busy;
    emit busyChanged();
}

bool ServerActionController::startAction(AppController& app,
                                         std::function<SyncResult<nlohmann::json>(ApiSession&)> work,
                                         std::function<void(const ServerCallOutcome&)> done) {
    QString why;
    const bool started = startServerCall(
        app, this, std::move(work),
        [this, done = std::move(done)](const ServerCallOutcome& out) {
            setBusy(false);
            done(out);
        },
        &why);
    if (!started) {
        setMessage(why, {});
        return false;
    }
    setBusy(true);
    return true;
}

} // namespace fieldseal::app
