#pragma once
// The scripted tour of every page: used by `--screenshot-tour DIR` (PNG of each page in both
// orientations and both languages, with demo data) and by `--self-test` (the same tour without
// saving, failing on any QML warning). It drives the app through AppController like a user would.

#include <QString>
#include <QStringList>

class QQuickWindow;

namespace fieldseal::app {

class AppController;

struct TourResult {
    QStringList files;    // screenshots written
    QStringList problems; // pages that failed to show
};

// Prepares demo content (a checklist partly answered, evidence, a signature, a certificate
// check) in the signed-in store, then shows each page. `outDir` empty: nothing is saved.
TourResult runScreenshotTour(QQuickWindow& window, AppController& app, const QString& outDir);
// The pages the tour visits (Main.qml's page names), then, signed in as the demo supervisor,
// the supervisor's pages ("review-detail" is the review page with an inspection open).
QStringList tourPages();
QStringList supervisorTourPages();

} // namespace fieldseal::app
