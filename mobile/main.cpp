// fieldseal-app: loads the QML; `--self-test` loads every page and quits (a cheap check of QML).
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QTimer>

int main(int argc, char* argv[]) {
    QGuiApplication app(argc, argv);
    const bool selfTest = app.arguments().contains(QStringLiteral("--self-test"));
    QQmlApplicationEngine engine;
    QObject::connect(
        &engine, &QQmlApplicationEngine::objectCreationFailed, &app, [] { QCoreApplication::exit(1); },
        Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/qt-project.org/imports/FieldSeal/qml/Main.qml")));
    if (engine.rootObjects().isEmpty()) return 1;
    if (selfTest) QTimer::singleShot(0, &app, [] { QCoreApplication::exit(0); });
    return app.exec();
}
