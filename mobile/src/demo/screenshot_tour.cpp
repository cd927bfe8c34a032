#include "demo/screenshot_tour.h"

#include "controllers/app_controller.h"
#include "controllers/ccc_exemption_controller.h"
#include "controllers/conflict_controller.h"
#include "controllers/draw_controller.h"
#include "controllers/inspection_controller.h"
#include "controllers/registry_controller.h"
#include "controllers/review_controller.h"
#include "controllers/stats_controller.h"
#include "models/task_list_model.h"
#include "controllers/verification_controller.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QQuickItem>
#include <QQuickWindow>
#include <QScopeGuard>
#include <algorithm>
#include <QTemporaryFile>
#include <QUrl>
#include <QVariantMap>
#include <cmath>

namespace fieldseal::app {
namespace {

void settle(int ms) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

QVariantList demoStrokes() {
    QVariantList strokes;
    // A short, legible scribble: two strokes with time and pressure.
    for (int s = 0; s < 2; ++s) {
        QVariantList points;
        for (int i = 0; i <= 40; ++i) {
            const double x = 60 + s * 220 + i * 5;
            const double y = 120 + 40 * std::sin(i / 4.0 + s) - s * 10;
            points << QVariantMap{{QStringLiteral("x"), x}, {QStringLiteral("y"), y},
                                  {QStringLiteral("t"), s * 800 + i * 16}, {QStringLiteral("p"), 0.4 + 0.5 * (i % 10) / 10.0}};
        }
        strokes << QVariant(points);
    }
    return strokes;
}

void prepareDemoContent(AppController& app) {
    auto* tasks = app.tasks();
    tasks->refresh();
    if (tasks->count() == 0) return;
    auto* insp = app.inspection();
    if (!insp->openTask(tasks->taskIdAt(0))) return;
    auto* model = insp->checklist();
    if (model->rowCount() >= 3 && insp->answeredCount() == 0) {
        const auto id = [&](int row) { return model->data(model->index(row), ChecklistModel::ItemIdRole).toString(); };
        insp->setResult(id(0), QStringLiteral("pass"));
        insp->setResult(id(1), QStringLiteral("pass"));
        insp->setResult(id(2), QStringLiteral("fail"));
        insp->setNote(id(2), QStringLiteral("抽查 3 个型号，其中 TQ-300 未列入证书附件。"));
        insp->setFindings(QStringLiteral("TQ-300 型积木不在 CCC 证书覆盖范围内，已要求暂停销售。"));
        insp->setConclusion(QStringLiteral("rectify"));
        QTemporaryFile photo(QDir::tempPath() + QStringLiteral("/fieldseal-tour-XXXXXX.png"));
        if (photo.open()) {
            QImage img(320, 200, QImage::Format_RGB32);
            img.fill(QColor(0x3a, 0x6e, 0xa5));
            img.save(&photo, "PNG");
            photo.flush();
            insp->addEvidenceFile(QUrl::fromLocalFile(photo.fileName()), id(2));
        }
        insp->sign(QStringLiteral("inspector"), app.displayName(), demoStrokes());
    }
    app.verifier()->verifyText(QStringLiteral("FS1:NOT-A-REAL-CERTIFICATE"));
}

// An exemption issued on the exhibition page (unsealed in the demo: it has no device key).
void prepareExemptionDemo(QQuickWindow& window) {
    auto* exemption = window.findChild<CccExemptionController*>(QStringLiteral("cccExemption"));
    if (!exemption || exemption->issued()) return;
    exemption->setExhibition(QStringLiteral("第九届中国国际进口博览会 CIIE 2026"));
    exemption->setApplicantName(QStringLiteral("Müller Haushaltsgeräte GmbH"));
    exemption->setPurpose(QStringLiteral("展览展示，展后复运出境"));
    exemption->addExhibit(QStringLiteral("全自动咖啡机"), QStringLiteral("KM-900"), QStringLiteral("8516.71"),
                          QStringLiteral("家用和类似用途设备"), 3, QStringLiteral("德国"));
    exemption->addExhibit(QStringLiteral("电动自行车"), QStringLiteral("E-Trek 5"), QStringLiteral("871160"),
                          QStringLiteral("车辆及安全附件"), 2, QStringLiteral("德国"));
    exemption->checkFastChannel();
    exemption->issue();
}

} // namespace

QStringList tourPages() {
    return {QStringLiteral("signin"),    QStringLiteral("tasks"), QStringLiteral("inspection"),
            QStringLiteral("evidence"),  QStringLiteral("signature"), QStringLiteral("verify"),
            QStringLiteral("exemption"), QStringLiteral("registry"),  QStringLiteral("draws"),
            QStringLiteral("sync"),      QStringLiteral("settings"),  QStringLiteral("more")};
}

QStringList supervisorTourPages() {
    return {QStringLiteral("review"), QStringLiteral("review-detail"), QStringLiteral("review-decision"),
            QStringLiteral("conflicts"), QStringLiteral("stats"), QStringLiteral("more-supervisor")};
}

namespace {

// "review-detail" is the review page with the first queued inspection open; "conflicts" shows
// the first conflict; "review" the queue alone.
QString preparePage(AppController& app, const QString& page) {
    if (page.startsWith(QLatin1String("more"))) return QStringLiteral("tasks"); // the portrait "More" list open
    if (page == QLatin1String("review")) app.review()->close();
    if (page == QLatin1String("review-detail") || page == QLatin1String("review-decision")) {
        app.review()->refresh();
        if (!app.review()->open(app.review()->queue()->inspectionIdAt(0))) return {};
        return QStringLiteral("review");
    }
    if (page == QLatin1String("registry")) { // a Chinese search, the first hit's details open
        auto* reg = app.registry();
        reg->setProperty("text", QStringLiteral("检测"));
        reg->search();
        reg->select(0);
    }
    if (page == QLatin1String("draws")) { // the demo draw: plan and (unsealed) result re-checked
        app.draws()->openDemo();
    }
    if (page == QLatin1String("stats")) { // read on a worker thread: wait for it
        if (!app.stats()->loaded()) app.stats()->refresh();
        QElapsedTimer t;
        t.start();
        while (app.stats()->loading() && t.elapsed() < 10'000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    if (page == QLatin1String("conflicts")) {
        app.conflicts()->refresh();
        app.conflicts()->select(app.conflicts()->conflicts()->conflictIdAt(0));
    }
    return page;
}

// Scrolls a ScrollView (found by objectName) to its end.
void scrollToEnd(QQuickWindow& window, const QString& objectName) {
    auto* view = window.findChild<QQuickItem*>(objectName);
    auto* flickable = view ? view->property("contentItem").value<QQuickItem*>() : nullptr;
    if (!flickable) return;
    const double end = flickable->property("contentHeight").toDouble() - flickable->height();
    flickable->setProperty("contentY", std::max(0.0, end));
}

void visitPages(QQuickWindow& window, AppController& app, const QString& outDir, const QStringList& pages,
                TourResult& result) {
    for (const QString& lang : {QStringLiteral("zh"), QStringLiteral("en")}) {
        app.setLanguage(lang);
        for (const auto& [name, size] : {std::pair{QStringLiteral("landscape"), QSize(1280, 800)},
                                         std::pair{QStringLiteral("portrait"), QSize(800, 1280)}}) {
            window.resize(size);
            for (const auto& page : pages) {
                const QString shownPage = preparePage(app, page);
                QVariant shown;
                if (!shownPage.isEmpty())
                    QMetaObject::invokeMethod(&window, "showPage", Q_RETURN_ARG(QVariant, shown),
                                              Q_ARG(QVariant, shownPage));
                settle(120);
                if (page == QLatin1String("review-decision")) { // the foot of the detail: signatures, decision
                    scrollToEnd(window, QStringLiteral("reviewDetail"));
                    settle(60);
                }
                if (!shown.toBool()) result.problems << page + QStringLiteral(": not shown");
                QVariant menuOpen;
                if (page.startsWith(QLatin1String("more"))) {
                    QMetaObject::invokeMethod(&window, "openMoreMenu", Q_RETURN_ARG(QVariant, menuOpen));
                    if (!menuOpen.toBool()) continue; // landscape: the rail lists every page
                    settle(120);
                }
                const auto closeMenu = qScopeGuard([&] {
                    if (menuOpen.toBool()) QMetaObject::invokeMethod(&window, "closeMoreMenu");
                });
                if (outDir.isEmpty()) continue;
                const QImage shot = window.grabWindow();
                const QString file = QStringLiteral("%1/%2-%3-%4.png").arg(outDir, lang, name, page);
                if (shot.isNull() || !shot.save(file))
                    result.problems << page + QStringLiteral(": screenshot failed");
                else
                    result.files << file;
            }
        }
    }
}

} // namespace

TourResult runScreenshotTour(QQuickWindow& window, AppController& app, const QString& outDir) {
    TourResult result;
    if (!outDir.isEmpty()) QDir().mkpath(outDir);
    prepareDemoContent(app);
    prepareExemptionDemo(window);
    const QString startLanguage = app.language();
    const QString startUser = app.userName();
    const bool wasDemo = app.offlineDemo();
    visitPages(window, app, outDir, tourPages(), result);

    // The supervisor's pages, on an offline demo store that two simulated inspectors' tablets
    // fed: a submitted inspection to review and a late edit kept as a conflict.
    if (wasDemo) {
        if (!app.signInOffline(QStringLiteral("sup.pudong")))
            result.problems << QStringLiteral("supervisor demo: ") + app.lastError();
        else
            visitPages(window, app, outDir, supervisorTourPages(), result);
        app.signInOffline(startUser);
    }
    app.setLanguage(startLanguage);
    QVariant ignored;
    QMetaObject::invokeMethod(&window, "showPage", Q_RETURN_ARG(QVariant, ignored), Q_ARG(QVariant, QStringLiteral("tasks")));
    return result;
}

} // namespace fieldseal::app
