#include "controllers/app_controller.h"

#include "client/device_connection.h"
#include "client/device_profile.h"
#include "client/device_sign_in.h"
#include "client/device_sync.h"
#include "client/trust_list_updater.h"
#include "demo/demo_data.h"
#include "demo/registry_demo.h"
#include "demo/review_demo.h"
#include "device/device_store.h"
#include "controllers/inspection_controller.h"
#include "models/json_bridge.h"
#include "models/labels.h"
#include "store/sqlite_store.h"
#include "sync/replica.h"
#include "controllers/sync_controller.h"
#include "models/task_list_model.h"
#include "controllers/verification_controller.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QQmlEngine>
#include <QStandardPaths>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>
#include <filesystem>

namespace fieldseal::app {
namespace {

AppController* g_instance = nullptr;

// The demo accounts' districts, for signing in without a server (assets/demo/demo.json).
QString demoDistrict(const QString& user) {
    if (user == QLatin1String("insp.zhao") || user == QLatin1String("insp.qian") ||
        user == QLatin1String("sup.xuhui"))
        return QStringLiteral("310104");
    if (user == QLatin1String("expo.chen")) return QStringLiteral("310118");
    return QStringLiteral("310115");
}

QString demoRole(const QString& user) {
    if (user.startsWith(QLatin1String("sup."))) return QStringLiteral("supervisor");
    if (user.startsWith(QLatin1String("expo."))) return QStringLiteral("exhibition_staff");
    return QStringLiteral("inspector");
}

struct LoginOutcome {
    QString error;
    QVariantMap user;   // the server's account object
    QString warning;    // signed in, but something to tell (a trust list that was refused)
};

} // namespace

AppController::AppController(const QString& dataDirectory, QObject* parent)
    : QObject(parent), m_dataDir(dataDirectory), m_store(std::make_unique<DeviceStore>()) {
    QDir().mkpath(m_dataDir);
    QDir().mkpath(m_dataDir + QStringLiteral("/blobs"));
    m_deviceId = ensureDeviceId();
    m_templates.loadDirectory(QStringLiteral(":/fieldseal/templates"));
    m_tasks = std::make_unique<TaskListModel>(*this);
    m_inspection = std::make_unique<InspectionController>(*this);
    m_sync = std::make_unique<SyncController>(*this);
    m_verifier = std::make_unique<VerificationController>(*this);
    m_review = std::make_unique<ReviewController>(*this);
    m_conflicts = std::make_unique<ConflictController>(*this);
    m_registry = std::make_unique<RegistryController>(*this);
    m_stats = std::make_unique<StatsController>(*this);
    m_draws = std::make_unique<DrawController>(*this);
    m_camera = std::make_unique<CameraSupport>(m_dataDir);
    m_locator = std::make_unique<LocationProvider>(*this);
}

AppController::~AppController() {
    if (g_instance == this) g_instance = nullptr;
}

void AppController::setInstance(AppController* app) {
    g_instance = app;
}

AppController* AppController::create(QQmlEngine* qml, QJSEngine*) {
    Q_ASSERT(g_instance); // main or the test setup makes it before QML loads
    QJSEngine::setObjectOwnership(g_instance, QJSEngine::CppOwnership);
    g_instance->m_engine = qml;
    return g_instance;
}

QString AppController::defaultDataDirectory(const QStringList& arguments) {
    const auto i = arguments.indexOf(QStringLiteral("--data-dir"));
    if (i >= 0 && i + 1 < arguments.size()) return arguments.at(i + 1);
    const auto env = qEnvironmentVariable("FIELDSEAL_APP_DATA");
    if (!env.isEmpty()) return env;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString AppController::ensureDeviceId() {
    QFile f(m_dataDir + QStringLiteral("/device-id"));
    if (f.open(QIODevice::ReadOnly)) {
        const auto id = QString::fromUtf8(f.readAll()).trimmed();
        if (!id.isEmpty()) return id;
        f.close();
    }
    // A stable, random id for this tablet's data: names its ops and its enrollment.
    const auto id = QStringLiteral("tablet-") + QUuid::createUuid().toString(QUuid::WithoutBraces).left(13);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate)) f.write(id.toUtf8());
    return id;
}

bool AppController::signedIn() const {
    return m_store->isOpen();
}

QString AppController::districtName() const {
    return labels::districtName(m_district, english());
}

void AppController::setServerUrl(const QString& url) {
    if (url == m_serverUrl) return;
    m_serverUrl = url.trimmed();
    emit sessionChanged();
}

void AppController::setCaFile(const QString& path) {
    if (path == m_caFile) return;
    m_caFile = path;
    emit sessionChanged();
}

QString AppController::storePath() const {
    return m_store->path();
}

qint64 AppController::storeBytes() const {
    if (m_store->path().isEmpty()) return 0;
    qint64 total = QFileInfo(m_store->path()).size();
    total += QFileInfo(m_store->path() + QStringLiteral("-wal")).size();
    const auto blobs = QDir(m_dataDir + QStringLiteral("/blobs")).entryInfoList(QDir::Files);
    for (const auto& b : blobs)
        total += b.size();
    return total;
}

QString AppController::blobPath(const QString& sha256) const {
    return m_dataDir + QStringLiteral("/blobs/") + sha256;
}

void AppController::setLanguage(const QString& language) {
    const QString lang = language == QLatin1String("en") ? QStringLiteral("en") : QStringLiteral("zh");
    if (lang == m_language) return;
    if (m_translatorInstalled) {
        QCoreApplication::removeTranslator(&m_translator);
        m_translatorInstalled = false;
    }
    // Chinese is the source language: English is the one translation file.
    if (lang == QLatin1String("en") && m_translator.load(QStringLiteral(":/i18n/fieldseal_en.qm")))
        m_translatorInstalled = QCoreApplication::installTranslator(&m_translator);
    m_language = lang;
    QLocale::setDefault(QLocale(lang == QLatin1String("en") ? QLocale::English : QLocale::Chinese));
    if (m_engine) m_engine->retranslate();
    emit languageChanged();
    emit sessionChanged(); // district names
}

void AppController::setLocation(const QVariantMap& location) {
    m_location = location;
    emit locationChanged();
}

void AppController::setError(const QString& message) {
    m_lastError = message;
    emit lastErrorChanged();
}

void AppController::signIn(const QString& serverUrl, const QString& user, const QString& password) {
    if (m_busy) return;
    setServerUrl(serverUrl);
    const QString name = user.trimmed();
    if (m_serverUrl.isEmpty() || name.isEmpty() || password.isEmpty()) {
        setError(tr("请填写服务器地址、用户名和密码。"));
        return;
    }
    // The server's TLS CA is pinned: without it there is no way to know we talk to our server.
    QFile caFile(m_caFile);
    const QByteArray caPem =
        !m_caFile.isEmpty() && caFile.open(QIODevice::ReadOnly) ? caFile.readAll() : QByteArray();
    if (!caPem.contains("-----BEGIN CERTIFICATE-----")) {
        setError(tr("请选择服务器的 CA 证书文件（PEM），用于确认连接的是本单位的服务器。"));
        return;
    }
    // Signing in replaces whatever session is open (e.g. the offline demo).
    if (signedIn()) signOut();
    m_busy = true;
    emit busyChanged();
    QString url = m_serverUrl;
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    const std::string storePath = serverStorePath(name).toStdString();
    const ServerLink link{url.toStdString(), caPem.toStdString()};
    const SignInRequest request{name.toStdString(), password.toStdString(), storePath + ".key.pem",
                                "FieldSeal 平板 " + m_deviceId.toStdString()};
    auto* watcher = new QFutureWatcher<LoginOutcome>(this); // deleted when it reports
    connect(watcher, &QFutureWatcher<LoginOutcome>::finished, this, [this, watcher, name] {
        const LoginOutcome out = watcher->result();
        watcher->deleteLater();
        m_busy = false;
        emit busyChanged();
        if (!out.error.isEmpty()) {
            setError(out.error);
            emit signInFinished(false);
            return;
        }
        m_offlineDemo = false;
        const bool ok = startSession(name, out.user.value(QStringLiteral("display_name")).toString(),
                                     out.user.value(QStringLiteral("role")).toString(),
                                     out.user.value(QStringLiteral("district")).toString());
        if (ok && !out.warning.isEmpty()) setError(out.warning);
        emit signInFinished(ok);
    });
    watcher->setFuture(QtConcurrent::run([storePath, link, request]() -> LoginOutcome {
        std::error_code ec;
        const bool newStore = !std::filesystem::exists(storePath, ec);
        const bool newKey = !std::filesystem::exists(request.keyFile, ec);
        LoginOutcome out;
        {
            auto store = SqliteStore::open(storePath);
            if (!store) return {QString::fromStdString(store.error().message), {}, {}};
            try {
                DeviceConnection connection(**store, link);
                auto outcome = signInDevice(**store, connection, request);
                if (outcome) {
                    out.user = toVariant(outcome->user).toMap();
                    if (!outcome->trustListProblem.empty())
                        out.warning = QObject::tr("已登录，但信任列表未能更新：%1")
                                          .arg(QString::fromStdString(outcome->trustListProblem));
                } else {
                    const SyncError& e = outcome.error();
                    if (e.httpStatus == 401)
                        out.error = QObject::tr("登录被拒绝：用户名或密码不正确。");
                    else if (e.kind == SyncErrorKind::Forbidden && e.serverCode == "account_disabled")
                        out.error = QObject::tr("登录被拒绝：该账号已被停用。");
                    else
                        out.error = QObject::tr("登录失败：%1").arg(QString::fromStdString(explainSyncError(e, 0)));
                }
            } catch (const StoreFailure& e) {
                out.error = QObject::tr("本机数据出错：%1").arg(QString::fromUtf8(e.what()));
            }
        }
        if (!out.error.isEmpty() && newStore) {
            // A first sign-in that failed leaves nothing behind: no half-made store, no orphan key.
            for (const char* suffix : {"", "-wal", "-shm"})
                std::filesystem::remove(storePath + suffix, ec);
            if (newKey) std::filesystem::remove(request.keyFile, ec);
        }
        return out;
    }));
}

QString AppController::serverStorePath(const QString& user) const {
    return m_dataDir + QLatin1Char('/') + user + QStringLiteral(".sqlite");
}

bool AppController::startSession(const QString& user, const QString& displayName, const QString& role,
                                 const QString& district) {
    // The offline demo seeds made-up records: they live in their own store and never reach a server.
    const QString path = m_offlineDemo ? m_dataDir + QLatin1Char('/') + user + QStringLiteral(".demo.sqlite")
                                       : serverStorePath(user);
    if (auto e = m_store->open(path, m_deviceId, user, district); !e.isEmpty()) {
        setError(tr("无法打开本机数据：%1").arg(e));
        return false;
    }
    m_user = user;
    m_displayName = displayName.isEmpty() ? user : displayName;
    m_role = role;
    m_district = district;
    m_enrolled = false;
    if (!m_offlineDemo) {
        try {
            const auto profile = loadDeviceProfile(*m_store->store());
            if (!profile.server.url.empty()) m_serverUrl = QString::fromStdString(profile.server.url);
            m_enrolled = profile.enrolled();
        } catch (const StoreFailure&) {
        }
    }
    setError({});
    saveSession();
    emit sessionChanged();
    return true;
}

bool AppController::signInOffline(const QString& user) {
    if (signedIn()) signOut();
    m_offlineDemo = true;
    if (!startSession(user, user, demoRole(user), demoDistrict(user))) return false;
    QFile demo(QStringLiteral(":/fieldseal/demo/demo.json"));
    if (!demo.open(QIODevice::ReadOnly)) {
        setError(tr("缺少演示数据。"));
        return false;
    }
    const QByteArray demoJson = demo.readAll();
    if (auto e = seedDemoData(*m_store->replica(), demoJson); !e.isEmpty()) {
        setError(e);
        return false;
    }
    if (auto e = seedRegistryDemo(m_store->store()->database(), demoJson); !e.isEmpty()) {
        setError(tr("演示数据：%1").arg(e));
        return false;
    }
    // The demo supervisor of Pudong gets something to review: two simulated inspectors' tablets
    // send a submitted inspection and a late edit of it (a conflict), see review_demo.h.
    if (m_role == QLatin1String("supervisor") && m_district == QLatin1String("310115")) {
        if (auto e = prepareReviewDemo(*this, m_dataDir + QStringLiteral("/demo-tablets")); !e.isEmpty()) {
            setError(tr("演示数据：%1").arg(e));
            return false;
        }
    }
    m_store->notifyChanged();
    emit sessionChanged();
    return true;
}

bool AppController::hasServerSession() const {
    if (m_offlineDemo || !m_store->isOpen()) return false;
    try {
        return loadSession(*m_store->store()).has_value();
    } catch (const StoreFailure&) {
        return false;
    }
}

void AppController::signOut() {
    m_inspection->close();
    if (hasServerSession()) {
        // This device forgets its tokens (the store, its key and enrollment stay for the next sign-in).
        try {
            clearSession(*m_store->store());
        } catch (const StoreFailure&) {
        }
    }
    m_store->close();
    m_user.clear();
    m_displayName.clear();
    m_role.clear();
    m_district.clear();
    m_offlineDemo = false;
    m_enrolled = false;
    QFile::remove(m_dataDir + QStringLiteral("/session.json"));
    m_store->notifyChanged();
    emit sessionChanged();
}

void AppController::saveSession() const {
    // Which account is open; its tokens are in its store (auth.session), never here.
    QJsonObject o{{QStringLiteral("user"), m_user},
                  {QStringLiteral("display_name"), m_displayName},
                  {QStringLiteral("role"), m_role},
                  {QStringLiteral("district"), m_district},
                  {QStringLiteral("server"), m_serverUrl},
                  {QStringLiteral("ca_file"), m_caFile},
                  {QStringLiteral("offline_demo"), m_offlineDemo},
                  {QStringLiteral("language"), m_language}};
    QFile f(m_dataDir + QStringLiteral("/session.json"));
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate)) f.write(QJsonDocument(o).toJson());
}

bool AppController::restoreSession() {
    QFile f(m_dataDir + QStringLiteral("/session.json"));
    if (!f.open(QIODevice::ReadOnly)) return false;
    const auto o = QJsonDocument::fromJson(f.readAll()).object();
    if (o.value(QStringLiteral("user")).toString().isEmpty()) return false;
    m_serverUrl = o.value(QStringLiteral("server")).toString();
    m_caFile = o.value(QStringLiteral("ca_file")).toString();
    m_offlineDemo = o.value(QStringLiteral("offline_demo")).toBool();
    setLanguage(o.value(QStringLiteral("language")).toString());
    return startSession(o.value(QStringLiteral("user")).toString(), o.value(QStringLiteral("display_name")).toString(),
                        o.value(QStringLiteral("role")).toString(), o.value(QStringLiteral("district")).toString());
}

QString AppController::deviceId() const {
    if (m_store->isOpen()) return QString::fromStdString(m_store->replica()->identity().device);
    return m_deviceId;
}

bool AppController::enrolled() const {
    return m_enrolled;
}

QString AppController::deviceKeyPath() const {
    return m_store->isOpen() ? m_store->path() + QStringLiteral(".key.pem") : QString();
}

std::string AppController::authorityRootPem() const {
    if (!m_store->isOpen()) return {};
    try {
        const auto profile = loadDeviceProfile(*m_store->store());
        return profile.enrolled() ? profile.authorityRootPem : std::string();
    } catch (const StoreFailure&) {
        return {};
    }
}

nlohmann::json AppController::trustListEnvelope() const {
    if (m_store->isOpen() && !m_store->busy()) {
        try {
            if (auto kept = m_store->store()->meta(kTrustListKey)) {
                auto j = nlohmann::json::parse(*kept, nullptr, false);
                if (!j.is_discarded()) return j;
            }
        } catch (const StoreFailure&) {
        }
    }
    QFile f(m_dataDir + QStringLiteral("/trust-list.json"));
    if (!f.open(QIODevice::ReadOnly)) return nullptr;
    auto j = nlohmann::json::parse(f.readAll().toStdString(), nullptr, false);
    return j.is_discarded() ? nlohmann::json(nullptr) : j;
}

QString AppController::inspectionTypeLabel(const QString& code) const {
    return labels::inspectionType(code);
}

QString AppController::conclusionLabel(const QString& code) const {
    return labels::conclusion(code);
}

QString AppController::userRoleLabel(const QString& code) const {
    return labels::userRole(code);
}

QString AppController::formatBytes(qint64 bytes) const {
    return QLocale().formattedDataSize(bytes);
}

} // namespace fieldseal::app

namespace fieldseal::app {

QVariantList AppController::listFiles(const QString& dir) const {
    QVariantList out;
    const QDir d(dir.isEmpty() ? homeDirectory() : dir);
    const auto entries = d.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Readable,
                                         QDir::DirsFirst | QDir::Name | QDir::IgnoreCase);
    for (const auto& e : entries)
        out << QVariantMap{{QStringLiteral("name"), e.fileName()},
                           {QStringLiteral("path"), e.absoluteFilePath()},
                           {QStringLiteral("url"), QUrl::fromLocalFile(e.absoluteFilePath())},
                           {QStringLiteral("dir"), e.isDir()},
                           {QStringLiteral("size"), e.isDir() ? QString() : formatBytes(e.size())}};
    return out;
}

QString AppController::parentDirectory(const QString& dir) const {
    QDir d(dir);
    return d.cdUp() ? d.absolutePath() : dir;
}

QString AppController::homeDirectory() const {
    const auto env = qEnvironmentVariable("FIELDSEAL_IMPORT_DIR");
    return env.isEmpty() ? QDir::homePath() : env;
}

} // namespace fieldseal::app
