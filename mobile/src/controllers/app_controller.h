#pragma once
// AppController: the app's one context (QML singleton). It owns the device store of the
// signed-in user, the checklist templates and the controllers of each page, which it hands
// itself to (constructor injection); it signs in and out and switches the language at run time.
//
// Where data lives: dataDirectory() (--data-dir DIR or FIELDSEAL_APP_DATA, else the platform's
// app data location) holds device-id, session.json (which account was signed in, the language),
// one <user>.sqlite store per server account (its device profile: server link, pinned CA,
// enrolled certificate, session tokens and trust list, see client/device_profile.h) with the
// device key next to it in <user>.sqlite.key.pem (0600, never sent), <user>.demo.sqlite for the
// offline demo, blobs/<sha256> (evidence content, uploaded from there at the next sync) and
// trust-list.json (a trust list imported by hand, used when the device is not enrolled).
//
// Sign-in against a server is the client's device sign-in (client/device_sign_in.h): login,
// and on the first sign-in of a store its enrollment (key made here, CSR, certificate checked,
// trust list verified under the authority root), with the server's TLS CA pinned.

#include "platform/camera_support.h"
#include "controllers/conflict_controller.h"
#include "controllers/draw_controller.h"
#include "controllers/inspection_controller.h"
#include "platform/location_provider.h"
#include "controllers/registry_controller.h"
#include "controllers/review_controller.h"
#include "controllers/stats_controller.h"
#include "controllers/sync_controller.h"
#include "models/task_list_model.h"
#include "models/template_library.h"
#include "controllers/verification_controller.h"

#include <QObject>
#include <QPointer>
#include <QTranslator>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>
#include <memory>
#include <nlohmann/json.hpp>

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
    Q_PROPERTY(QString deviceId READ deviceId NOTIFY sessionChanged)
    Q_PROPERTY(bool enrolled READ enrolled NOTIFY sessionChanged)
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
    Q_PROPERTY(fieldseal::app::ReviewController* review READ review CONSTANT)
    Q_PROPERTY(fieldseal::app::ConflictController* conflicts READ conflicts CONSTANT)
    Q_PROPERTY(fieldseal::app::RegistryController* registry READ registry CONSTANT)
    Q_PROPERTY(fieldseal::app::StatsController* stats READ stats CONSTANT)
    Q_PROPERTY(fieldseal::app::DrawController* draws READ draws CONSTANT)
    Q_PROPERTY(fieldseal::app::CameraSupport* camera READ camera CONSTANT)
    Q_PROPERTY(fieldseal::app::LocationProvider* locator READ locator CONSTANT)

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
    // The signed-in store's device id (its enrollment's), else this tablet's own id.
    QString deviceId() const;
    // The device holds an enrolled certificate and the authority root (so it seals what it issues).
    bool enrolled() const;
    // The device key of the signed-in store: <store>.key.pem (empty when signed out).
    QString deviceKeyPath() const;
    // The trust list this device goes by, as the sealed envelope: the enrolled store's (renewed at
    // each sync, verified under the authority root) else the imported trust-list.json; null if none.
    nlohmann::json trustListEnvelope() const;
    // The enrolled store's provisioned authority root (PEM), empty when not enrolled.
    std::string authorityRootPem() const;
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
    ReviewController* review() const { return m_review.get(); }
    ConflictController* conflicts() const { return m_conflicts.get(); }
    RegistryController* registry() const { return m_registry.get(); }
    StatsController* stats() const { return m_stats.get(); }
    DrawController* draws() const { return m_draws.get(); }
    CameraSupport* camera() const { return m_camera.get(); }
    LocationProvider* locator() const { return m_locator.get(); }

    // Signs this device in to the server (on a worker thread), enrolling it on the first sign-in
    // of the user's store; caFile() is the server's TLS CA, pinned. sessionChanged or
    // lastErrorChanged follow (signInFinished either way).
    Q_INVOKABLE void signIn(const QString& serverUrl, const QString& user, const QString& password);
    // A server session (not the offline demo) whose tokens the store holds.
    Q_INVOKABLE bool hasServerSession() const;
    // Works without a server: opens USER's store in the demo district and loads the demo tasks.
    Q_INVOKABLE bool signInOffline(const QString& user);
    Q_INVOKABLE void signOut();
    // Reopens the last session (offline) if there was one.
    bool restoreSession();
    // Opens the user's store (called on the GUI thread after a sign-in, or to restore one).
    bool startSession(const QString& user, const QString& displayName, const QString& role,
                      const QString& district);
    // The store file of a server account, and of the offline demo.
    QString serverStorePath(const QString& user) const;

    Q_INVOKABLE QString inspectionTypeLabel(const QString& code) const;
    Q_INVOKABLE QString conclusionLabel(const QString& code) const;
    Q_INVOKABLE QString userRoleLabel(const QString& code) const;
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
    void signInFinished(bool ok);

private:
    void saveSession() const;
    QString ensureDeviceId();

    QString m_dataDir;
    QString m_deviceId;
    QString m_user, m_displayName, m_role, m_district;
    QString m_serverUrl, m_caFile;
    bool m_offlineDemo = false;
    bool m_enrolled = false; // read from the store's device profile when a session opens
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
    std::unique_ptr<ReviewController> m_review;
    std::unique_ptr<ConflictController> m_conflicts;
    std::unique_ptr<RegistryController> m_registry;
    std::unique_ptr<StatsController> m_stats;
    std::unique_ptr<DrawController> m_draws;
    std::unique_ptr<CameraSupport> m_camera;
    std::unique_ptr<LocationProvider> m_locator;
};

} // namespace fieldseal::app
