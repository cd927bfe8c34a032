// Qt Quick Test runner for the app's pages, with the real AppController (offline demo data in
// a temporary data directory) registered before the QML engine loads the tests.
#include "controllers/app_controller.h"

#include <QQmlEngine>
#include <QTemporaryDir>
#include <QtQuickTest>
#include <memory>

class Setup : public QObject {
    Q_OBJECT
public slots:
    void qmlEngineAvailable(QQmlEngine*) {
        // Each test file gets a fresh engine, and a fresh tablet.
        m_app.reset();
        m_dir = std::make_unique<QTemporaryDir>();
        m_app = std::make_unique<fieldseal::app::AppController>(m_dir->path());
        fieldseal::app::AppController::setInstance(m_app.get());
        m_app->signInOffline(QStringLiteral("insp.wang"));
        m_app->tasks()->setToday(QDate(2026, 12, 1));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<fieldseal::app::AppController> m_app;
};

QUICK_TEST_MAIN_WITH_SETUP(app_pages, Setup)

#include "tst_app_pages.moc"
