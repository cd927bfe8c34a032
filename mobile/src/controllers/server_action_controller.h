#pragma once
// ServerActionController: the part the supervisor's deciding pages share (a review decision, a
// conflict's resolution): one call to the server at a time, `busy` while it runs, and its outcome
// for people as either an error (lastError) or a confirmation (message), never both.
// The pages' own words for each outcome stay with the controllers that send the calls.

#include "device/server_call.h"

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace fieldseal::app {

class AppController;

class ServerActionController : public QObject {
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY messageChanged)
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)

public:
    bool busy() const { return m_busy; }
    QString lastError() const { return m_lastError; }
    QString message() const { return m_message; }

signals:
    void busyChanged();
    void messageChanged();

protected:
    explicit ServerActionController(QObject* parent = nullptr) : QObject(parent) {}

    void setMessage(const QString& error, const QString& message);
    // Starts the call (startServerCall) and is busy until it ends: busy is false again before
    // `done` runs. False when it cannot start, with the reason in lastError.
    bool startAction(AppController& app, std::function<SyncResult<nlohmann::json>(ApiSession&)> work,
                     std::function<void(const ServerCallOutcome&)> done);

private:
    void setBusy(bool busy);

    bool m_busy = false;
    QString m_lastError, m_message;
};

} // namespace fieldseal::app
