#pragma once
// StatsController: the statistics page of supervisors and administrators, from the device store
// (stats/inspection_stats.h and stats/overview_stats.h): inspections by district, type, outcome
// and period as bars ({key, label, count, share} with share = count / the largest bar), and the
// overview counts (inspections, certificate checks and failures, CCC exemptions, conflicts).
// Reading every inspection of a large store takes a while, so refresh() reads on a worker thread
// while the store is marked busy (as during a sync) and `loading` drives the page's progress.

#include "stats/inspection_stats.h"

#include <QFutureWatcher>
#include <QObject>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>
#include <memory>
#include <vector>

namespace fieldseal::app {

class AppController;

class StatsController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by AppController")
    Q_PROPERTY(bool loading READ loading NOTIFY changed)
    Q_PROPERTY(bool loaded READ loaded NOTIFY changed)
    Q_PROPERTY(QString message READ message NOTIFY changed)
    Q_PROPERTY(QString period READ period WRITE setPeriod NOTIFY changed) // month, quarter, year
    Q_PROPERTY(QVariantList byDistrict READ byDistrict NOTIFY changed)
    Q_PROPERTY(QVariantList byType READ byType NOTIFY changed)
    Q_PROPERTY(QVariantList byOutcome READ byOutcome NOTIFY changed)
    Q_PROPERTY(QVariantList byPeriod READ byPeriod NOTIFY changed)
    Q_PROPERTY(QVariantList overview READ overview NOTIFY changed) // [{label, value, tone}]

public:
    explicit StatsController(AppController& app);
    ~StatsController() override;

    bool loading() const { return m_loading; }
    bool loaded() const { return m_loaded; }
    QString message() const { return m_message; }
    QString period() const { return m_period; }
    void setPeriod(const QString& period);
    QVariantList byDistrict() const { return bars(stats::Dimension::District); }
    QVariantList byType() const { return bars(stats::Dimension::Type); }
    QVariantList byOutcome() const { return bars(stats::Dimension::Outcome); }
    QVariantList byPeriod() const { return bars(stats::Dimension::Period); }
    QVariantList overview() const { return m_overview; }

    // Reads the store again (on a worker thread); `changed` when done.
    Q_INVOKABLE void refresh();

signals:
    void changed();

private:
    struct Outcome;
    QVariantList bars(stats::Dimension d) const;
    void finish(const Outcome& outcome);

    AppController& m_app;
    bool m_loading = false;
    bool m_loaded = false;
    QString m_message;
    QString m_period = QStringLiteral("month");
    std::vector<stats::InspectionFacts> m_facts;
    QVariantList m_overview;
    std::shared_ptr<Outcome> m_pending; // filled by the worker thread while loading
    QFutureWatcher<void> m_watcher;     // waited for on destruction: the worker uses the store
};

} // namespace fieldseal::app
