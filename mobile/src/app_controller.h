#pragma once
// AppController: the app's one context (QML singleton). It owns the device store of the
// signed-in user, the checklist templates and the controllers of each page, which it hands
// itself to (constructor injection); it signs in and out and switches the language at run time.
//
// Where data lives: dataDirectory() (--data-dir DIR or FIELDSEAL_APP_DATA, else the platform's
// app data location) holds device-id, session.json (the signed-in account, its server and
// tokens), one <user>.sqlite store per account, blobs/<sha256> (evidence content) and
// trust-list.json (the last trust list installed).

#include "inspection_controller.h"
#include "sync_controller.h"
#include "task_list_model.h"
#include "template_library.h"
#include "verification_controller.h"

#include <QObject>
#include <QPointer>
#include <QTranslator>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>
#include <memory>

class QQmlEngine;
class QJSEngine;

namespace fieldseal::app {

class DeviceStore;

class AppController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(bool signedIn READ signedIn NOTIFY sessionChanged)
    Q_PROPERTY(QString userName READ userName NOTIFY sessionChanged)
    Q_PROPERTY(QString displayName READ displayName NOTIFY sessionChanged)
    Q_PROPERTY(QString role READ role NOTIFY sessionChanged)
    Q_PROPERTY(QString district READ district NOTIFY sessionChanged)
    Q_PROPERTY(QString districtName READ districtName NOTIFY sessionChanged)
    Q_PROPERTY(QString serverUrl READ serverUrl WRITE setServerUrl NOTIFY sessionChanged)
    Q_PROPERTY(QString caFile READ caFile WRITE setCaFile NOTIFY sessionChanged)
    Q_PROPERTY(bool offlineDemo READ offlineDemo NOTIFY sessionChanged)
    Q_PROPERTY(QString deviceId READ deviceId CONSTANT)
    Q_PROPERTY(QString dataDirectory READ dataDirectory CONSTANT)
    Q_PROPERTY(QString storePath READ storePath NOTIFY sessionChanged)
    Q_PROPERTY(qint64 storeBytes READ storeBytes NOTIFY sessionChanged)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    Q_PROPERTY(bool english READ english NOTIFY languageChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
    Q_PROPERTY(QStringList templateErrors READ templateErrors CONSTANT)
    Q_PROPERTY(QVariantMap location READ location WRITE setLocation NOTIFY locationChanged)
    Q_PROPERTY(fieldseal::app::TaskListModel* tasks READ tasks CONSTANT)
    Q_PROPERTY(fieldseal::app::InspectionController* inspection READ inspection CONSTANT)
    Q_PROPERTY(fieldseal::app::SyncController* sync READ sync CONSTANT)
    Q_PROPERTY(fieldseal::app::VerificationController* verifier READ verifier CONSTANT)

public:
    explicit AppController(const QString& dataDirectory, QObject* parent = nullptr);
    ~AppController() override;

    // The instance QML gets (set by main or a test before the engine loads QML).
    static void setInstance(AppController* app);
    static AppController* create(QQmlEngine* qml, QJSEngine* js);
    // --data-dir DIR, else FIELDSEAL_APP_DATA, else the platform's app data location.
    static QString defaultDataDirectory(const QStringList& arguments);

    bool signedIn() const;
    QString userName() const { return m_user; }
    QString displayName() const { return m_displayName; }
    QString role() const { return m_role; }
    QString district() const { return m_district; }
    QString districtName() const;
    QString serverUrl() const { return m_serverUrl; }
    void setServerUrl(const QString& url);
    QString caFile() const { return m_caFile; }
    void setCaFile(const QString& path);
    bool offlineDemo() const { return m_offlineDemo; }
    QString deviceId() const { return m_deviceId; }
    QString dataDirectory() const { return m_dataDir; }
    QString storePath() const;
    qint64 storeBytes() const;
    QString blobPath(const QString& sha256) const;
    QString language() const { return m_language; }
    void setLanguage(const QString& language);
    bool english() const { return m_language == QLatin1String("en"); }
    bool busy() const { return m_busy; }
    QString lastError() const { return m_lastError; }
    QStringList templateErrors() const { return m_templates.errors(); }
    QVariantMap location() const { return m_location; }
    void setLocation(const QVariantMap& location);

    DeviceStore& store() { return *m_store; }
    const TemplateLibrary& templates() const { return m_templates; }
    TaskListModel* tasks() const { return m_tasks.get(); }
    InspectionController* inspection() const { return m_inspection.get(); }
    SyncController* sync() const { return m_sync.get(); }
    VerificationController* verifier() const { return m_verifier.get(); }

    // Signs in against the server (on a worker thread); sessionChanged or lastErrorChanged follow.
    Q_INVOKABLE void signIn(const QString& serverUrl, const QString& user, const QString& password);
    // Works without a server: opens USER's store in the demo district and loads the demo tasks.
    Q_INVOKABLE bool signInOffline(const QString& user);
    Q_INVOKABLE void signOut();
    // Reopens the last session (offline) if there was one.
    bool restoreSession();
    // The session after a successful login (called on the GUI thread).
    bool startSession(const QString& user, const QString& displayName, const QString& role,
                      const QString& district, const QVariantMap& tokens);
    QVariantMap tokens() const { return m_tokens; }
    void setTokens(const QVariantMap& tokens);

    Q_INVOKABLE QString inspectionTypeLabel(const QString& code) const;
    Q_INVOKABLE QString conclusionLabel(const QString& code) const;
    Q_INVOKABLE QString formatBytes(qint64 bytes) const;
    // For the in-app file picker (no platform dialog is needed): the entries of `dir` as
    // [{name, url, dir, size}], folders first; `dir` empty means the home folder.
    Q_INVOKABLE QVariantList listFiles(const QString& dir) const;
    Q_INVOKABLE QString parentDirectory(const QString& dir) const;
    Q_INVOKABLE QString homeDirectory() const;
    void setError(const QString& message);

signals:
    void sessionChanged();
    void languageChanged();
    void busyChanged();
    void lastErrorChanged();
    void locationChanged();

private:
    void saveSession() const;
    QString ensureDeviceId();

    QString m_dataDir;
    QString m_deviceId;
    QString m_user, m_displayName, m_role, m_district;
    QString m_serverUrl, m_caFile;
    QVariantMap m_tokens;
    bool m_offlineDemo = false;
    QString m_language = QStringLiteral("zh");
    bool m_busy = false;
    QString m_lastError;
    QVariantMap m_location;
    QPointer<QQmlEngine> m_engine;
    QTranslator m_translator;
    bool m_translatorInstalled = false;
    TemplateLibrary m_templates;
    std::unique_ptr<DeviceStore> m_store;
    std::unique_ptr<TaskListModel> m_tasks;
    std::unique_ptr<InspectionController> m_inspection;
    std::unique_ptr<SyncController> m_sync;
    std::unique_ptr<VerificationController> m_verifier;
};

} // namespace fieldseal::app
