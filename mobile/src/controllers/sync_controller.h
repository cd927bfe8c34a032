#pragma once
// SyncController: the sync status page's state and the "sync now" action. A sync is the client's
// DeviceSync (client/device_sync.h) on a worker thread: ops pushed and pulled, the trust list
// renewed (only a newer one that verifies under the authority root), then the pending evidence
// files uploaded. The device store is marked busy meanwhile so no page edits or reads the store
// under it; progress comes back to the GUI thread as a fraction and a sentence.

#include <QFutureWatcher>
#include <QObject>
#include <QtQml/qqmlregistration.h>
#include <atomic>
#include <memory>

namespace fieldseal::app {

class AppController;

class SyncController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by AppController")
    Q_PROPERTY(bool running READ running NOTIFY stateChanged)
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged)
    Q_PROPERTY(QString progressText READ progressText NOTIFY progressChanged)
    Q_PROPERTY(qint64 pendingOps READ pendingOps NOTIFY stateChanged)
    Q_PROPERTY(qint64 pendingBytes READ pendingBytes NOTIFY stateChanged)
    Q_PROPERTY(QString lastSync READ lastSync NOTIFY stateChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY stateChanged)
    Q_PROPERTY(QString lastReport READ lastReport NOTIFY stateChanged)
    Q_PROPERTY(int conflictCount READ conflictCount NOTIFY stateChanged)

public:
    explicit SyncController(AppController& app);
    ~SyncController() override;

    bool running() const { return m_running; }
    double progress() const { return m_progress; }
    QString progressText() const { return m_progressText; }
    qint64 pendingOps() const;
    qint64 pendingBytes() const; // evidence files on the device still to upload
    QString lastSync() const;
    QString lastError() const;
    QString lastReport() const { return m_lastReport; }
    int conflictCount() const;

    Q_INVOKABLE void syncNow();
    Q_INVOKABLE void cancel();

signals:
    void stateChanged();
    void progressChanged();
    void finished(bool ok);

private:
    struct Outcome;
    void report(double progress, const QString& text);

    AppController& m_app;
    bool m_running = false;
    double m_progress = 0;
    QString m_progressText;
    QString m_lastReport;
    QString m_runError; // an error from this session that the store does not hold (no session)
    std::shared_ptr<std::atomic_bool> m_cancel;
    qint64 m_pendingBytes = 0; // kept from before a running sync (the store is the worker's then)
    QFutureWatcher<QString> m_watcher;
};

} // namespace fieldseal::app
