#include "app_controller.h"

#include "client/api_session.h"
#include "client/http_client.h"
#include "demo_data.h"
#include "device_store.h"
#include "inspection_controller.h"
#include "json_bridge.h"
#include "labels.h"
#include "sync_controller.h"
#include "task_list_model.h"
#include "verification_controller.h"

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
    QVariantMap tokens;
    QVariantMap user;
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

void AppController::setTokens(const QVariantMap& tokens) {
    m_tokens = tokens;
    saveSession();
}

void AppController::signIn(const QString& serverUrl, const QString& user, const QString& password) {
    if (m_busy) return;
    setServerUrl(serverUrl);
    if (m_serverUrl.isEmpty() || user.trimmed().isEmpty() || password.isEmpty()) {
        setError(tr("请填写服务器地址、用户名和密码。"));
        return;
    }
    m_busy = true;
    emit busyChanged();
    const std::string base = m_serverUrl.toStdString();
    const std::string ca = m_caFile.toStdString();
    const std::string u = user.trimmed().toStdString(), pw = password.toStdString();
    const std::string device = m_deviceId.toStdString();
    auto* watcher = new QFutureWatcher<LoginOutcome>(this); // deleted when it reports
    connect(watcher, &QFutureWatcher<LoginOutcome>::finished, this, [this, watcher] {
        const LoginOutcome out = watcher->result();
        watcher->deleteLater();
        m_busy = false;
        emit busyChanged();
        if (!out.error.isEmpty()) {
            setError(out.error);
            return;
        }
        startSession(out.user.value(QStringLiteral("username")).toString(),
                     out.user.value(QStringLiteral("display_name")).toString(),
                     out.user.value(QStringLiteral("role")).toString(),
                     out.user.value(QStringLiteral("district")).toString(), out.tokens);
    });
    watcher->setFuture(QtConcurrent::run([base, ca, u, pw, device]() -> LoginOutcome {
        HttpClient::Options options;
        options.baseUrl = base;
        options.caFile = ca;
        HttpClient http(options);
        ApiSession session(http);
        auto tokens = session.login(u, pw, device);
        if (!tokens) return {QString::fromStdString(tokens.error().describe()), {}, {}};
        LoginOutcome out;
        out.tokens = toVariant(toJson(*tokens)).toMap();
        out.user = toVariant(tokens->user).toMap();
        if (!out.user.contains(QStringLiteral("username")))
            out.user.insert(QStringLiteral("username"), QString::fromStdString(u));
        return out;
    }));
}

bool AppController::startSession(const QString& user, const QString& displayName, const QString& role,
                                 const QString& district, const QVariantMap& tokens) {
    const QString path = m_dataDir + QLatin1Char('/') + user + QStringLiteral(".sqlite");
    if (auto e = m_store->open(path, m_deviceId, user, district); !e.isEmpty()) {
        setError(tr("无法打开本机数据：%1").arg(e));
        return false;
    }
    m_user = user;
    m_displayName = displayName.isEmpty() ? user : displayName;
    m_role = role;
    m_district = district;
    m_tokens = tokens;
    setError({});
    saveSession();
    emit sessionChanged();
    return true;
}

bool AppController::signInOffline(const QString& user) {
    m_offlineDemo = true;
    if (!startSession(user, user, demoRole(user), demoDistrict(user), {})) return false;
    QFile demo(QStringLiteral(":/fieldseal/demo/demo.json"));
    if (!demo.open(QIODevice::ReadOnly)) {
        setError(tr("缺少演示数据。"));
        return false;
    }
    if (auto e = seedDemoData(*m_store->replica(), demo.readAll()); !e.isEmpty()) {
        setError(e);
        return false;
    }
    m_store->notifyChanged();
    emit sessionChanged();
    return true;
}

void AppController::signOut() {
    m_inspection->close();
    m_store->close();
    m_user.clear();
    m_displayName.clear();
    m_role.clear();
    m_district.clear();
    m_tokens.clear();
    m_offlineDemo = false;
    QFile::remove(m_dataDir + QStringLiteral("/session.json"));
    m_store->notifyChanged();
    emit sessionChanged();
}

void AppController::saveSession() const {
    QJsonObject o{{QStringLiteral("user"), m_user},
                  {QStringLiteral("display_name"), m_displayName},
                  {QStringLiteral("role"), m_role},
                  {QStringLiteral("district"), m_district},
                  {QStringLiteral("server"), m_serverUrl},
                  {QStringLiteral("ca_file"), m_caFile},
                  {QStringLiteral("offline_demo"), m_offlineDemo},
                  {QStringLiteral("language"), m_language},
                  {QStringLiteral("tokens"), QJsonObject::fromVariantMap(m_tokens)}};
    QFile f(m_dataDir + QStringLiteral("/session.json"));
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner); // holds tokens
        f.write(QJsonDocument(o).toJson());
    }
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
                        o.value(QStringLiteral("role")).toString(), o.value(QStringLiteral("district")).toString(),
                        o.value(QStringLiteral("tokens")).toObject().toVariantMap());
}

QString AppController::inspectionTypeLabel(const QString& code) const {
    return labels::inspectionType(code);
}

QString AppController::conclusionLabel(const QString& code) const {
    return labels::conclusion(code);
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
