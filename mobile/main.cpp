// fieldseal-app: the tablet app. Options:
//   --data-dir DIR          where the device keeps its data (else FIELDSEAL_APP_DATA, else the platform's)
//   --demo USER             sign in without a server as a demo account (assets/demo/demo.json)
//   --server URL --ca FILE  fill in the sign-in page: the sync server and its TLS CA (pinned)
//   --self-test             load every page with demo data and quit; non-zero on any QML error or warning
//   --screenshot-tour DIR   render every page in both orientations and languages to DIR/*.png
#include "controllers/app_controller.h"
#include "demo/screenshot_tour.h"

#include <QFont>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTimer>
#include <cstdio>

using fieldseal::app::AppController;

namespace {

QString optionValue(const QStringList& args, const QString& name) {
    const auto i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : QString();
}

} // namespace

int main(int argc, char* argv[]) {
    QGuiApplication app(argc, argv);
    app.setApplicationName(QStringLiteral("fieldseal-app"));
    app.setOrganizationName(QStringLiteral("FieldSeal"));
    QQuickStyle::setStyle(QStringLiteral("Basic"));
    // Plain Text items take the application font (not the window's): CJK-capable and tablet-sized.
    QFont font(QStringLiteral("Noto Sans CJK SC"));
    font.setPixelSize(17);
    QGuiApplication::setFont(font);
    const auto args = app.arguments();
    const bool selfTest = args.contains(QStringLiteral("--self-test"));
    const QString tourDir = optionValue(args, QStringLiteral("--screenshot-tour"));
    const bool scripted = selfTest || !tourDir.isEmpty();

    // A scripted run without --data-dir never touches the user's real data.
    QTemporaryDir scratch;
    QString dataDir = AppController::defaultDataDirectory(args);
    if (scripted && !args.contains(QStringLiteral("--data-dir"))) dataDir = scratch.path();

    AppController controller(dataDir);
    AppController::setInstance(&controller);
    for (const auto& e : controller.templateErrors())
        std::fprintf(stderr, "template: %s\n", qPrintable(e));

    QString demoUser = optionValue(args, QStringLiteral("--demo"));
    if (scripted && demoUser.isEmpty()) demoUser = QStringLiteral("insp.wang");
    if (!demoUser.isEmpty())
        controller.signInOffline(demoUser);
    else
        controller.restoreSession();
    if (const auto server = optionValue(args, QStringLiteral("--server")); !server.isEmpty())
        controller.setServerUrl(server);
    if (const auto ca = optionValue(args, QStringLiteral("--ca")); !ca.isEmpty()) controller.setCaFile(ca);

    QQmlApplicationEngine engine;
    int qmlWarnings = 0;
    QObject::connect(&engine, &QQmlApplicationEngine::warnings, &app, [&](const QList<QQmlError>& warnings) {
        for (const auto& w : warnings)
            std::fprintf(stderr, "QML: %s\n", qPrintable(w.toString()));
        qmlWarnings += static_cast<int>(warnings.size());
    });
    engine.load(QUrl(QStringLiteral("qrc:/qt-project.org/imports/FieldSeal/qml/Main.qml")));
    if (engine.rootObjects().isEmpty()) return 1;
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().constFirst());
    if (!window) return 1;

    if (scripted) {
        const auto result = fieldseal::app::runScreenshotTour(*window, controller, tourDir);
        for (const auto& p : result.problems)
            std::fprintf(stderr, "tour: %s\n", qPrintable(p));
        if (!tourDir.isEmpty())
            std::printf("%lld screenshots in %s\n", static_cast<long long>(result.files.size()), qPrintable(tourDir));
        const bool ok = result.problems.isEmpty() && qmlWarnings == 0 && controller.templateErrors().isEmpty();
        if (selfTest) std::printf("self-test %s (%d QML warnings)\n", ok ? "passed" : "FAILED", qmlWarnings);
        return ok ? 0 : 1;
    }
    return app.exec();
}
