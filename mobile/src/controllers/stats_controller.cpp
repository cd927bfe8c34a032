#include "controllers/stats_controller.h"

#include "controllers/app_controller.h"
#include "device/device_store.h"
#include "models/labels.h"
#include "stats/overview_stats.h"
#include "store/sqlite_store.h"

#include <QFile>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <memory>

namespace fieldseal::app {

struct StatsController::Outcome {
    QString error;
    std::vector<stats::InspectionFacts> facts;
    stats::Overview overview;
};

StatsController::StatsController(AppController& app) : m_app(app) {
    connect(&app, &AppController::sessionChanged, this, [this] {
        m_loaded = false;
        m_facts.clear();
        m_overview.clear();
        emit changed();
    });
    connect(&app, &AppController::languageChanged, this, &StatsController::changed);
    connect(&m_watcher, &QFutureWatcher<void>::finished, this, [this] {
        m_app.store().setBusy(false);
        m_loading = false;
        if (m_pending) finish(*m_pending);
        m_pending.reset();
    });
}

StatsController::~StatsController() {
    m_watcher.waitForFinished();
}

void StatsController::setPeriod(const QString& period) {
    if (period == m_period) return;
    m_period = period;
    emit changed();
}

void StatsController::refresh() {
    if (m_loading) return;
    auto& store = m_app.store();
    if (!store.isOpen()) {
        m_message = tr("尚未登录，数据未打开。");
        emit changed();
        return;
    }
    if (store.busy()) {
        m_message = tr("正在同步，请稍候再统计。");
        emit changed();
        return;
    }
    m_loading = true;
    m_message.clear();
    store.setBusy(true); // the worker has the store's connection to itself until it reports
    emit changed();
    SqliteStore* sqlite = store.store();
    const QString blobDir = m_app.dataDirectory() + QStringLiteral("/blobs/");
    auto outcome = std::make_shared<Outcome>();
    m_pending = outcome;
    m_watcher.setFuture(QtConcurrent::run([sqlite, blobDir, outcome] {
        auto facts = stats::collectInspections(*sqlite);
        if (!facts) {
            outcome->error = QString::fromStdString(facts.error().message);
            return;
        }
        outcome->facts = std::move(*facts);
        // Certificate-check reports are evidence files, read from this tablet's blob folder.
        const stats::BlobText blobText = [blobDir](const std::string& sha) -> std::optional<std::string> {
            QFile f(blobDir + QString::fromStdString(sha));
            if (!f.open(QIODevice::ReadOnly)) return std::nullopt;
            return f.readAll().toStdString();
        };
        auto overview = stats::overviewStatistics(*sqlite, {}, blobText);
        if (!overview) {
            outcome->error = QString::fromStdString(overview.error().message);
            return;
        }
        outcome->overview = std::move(*overview);
    }));
}

void StatsController::finish(const Outcome& outcome) {
    m_message = outcome.error;
    m_loaded = outcome.error.isEmpty();
    m_facts = outcome.facts;
    const auto count = [this](const char* status) {
        return static_cast<qint64>(std::count_if(m_facts.begin(), m_facts.end(),
                                                 [status](const auto& f) { return f.status == status; }));
    };
    const auto& o = outcome.overview;
    const auto item = [](const QString& label, qint64 value, const QString& tone) {
        return QVariant(QVariantMap{{"label", label}, {"value", value}, {"tone", tone}});
    };
    m_overview = {item(tr("检查总数"), static_cast<qint64>(m_facts.size()), QStringLiteral("primary")),
                  item(tr("待审核"), count("submitted"), QStringLiteral("amber")),
                  item(tr("已通过"), count("approved"), QStringLiteral("pass")),
                  item(tr("证书核验"), o.certificateChecks.checked, QStringLiteral("primary")),
                  item(tr("核验未通过"), o.certificateChecks.failed, QStringLiteral("fail")),
                  item(tr("免办证明签发"), o.exemptions.issued, QStringLiteral("primary")),
                  item(tr("其中已加盖正式签章"), o.exemptions.sealed, QStringLiteral("pass")),
                  item(tr("未解决的冲突"), o.conflictsOpen, QStringLiteral("fail")),
                  item(tr("已解决的冲突"), o.conflictsResolved, QStringLiteral("pass"))};
    emit changed();
}

QVariantList StatsController::bars(stats::Dimension d) const {
    stats::StatsQuery query;
    query.groupBy = {d};
    query.period = stats::periodFromString(m_period.toStdString()).value_or(stats::Period::Month);
    const auto table = stats::tabulate(m_facts, query);
    std::int64_t largest = 1;
    for (const auto& r : table.rows)
        largest = std::max(largest, r.inspections);
    QVariantList out;
    for (const auto& r : table.rows) {
        const QString key = QString::fromStdString(r.key.empty() ? std::string() : r.key.front());
        QString label = key;
        switch (d) {
        case stats::Dimension::District: label = labels::districtName(key, m_app.english()); break;
        case stats::Dimension::Type: label = key.isEmpty() ? tr("未填写") : labels::inspectionType(key); break;
        case stats::Dimension::Outcome:
            label = key == QLatin1String("pending") ? tr("尚无结论") : labels::conclusion(key);
            break;
        default: break;
        }
        out << QVariantMap{{"key", key},
                           {"label", label},
                           {"count", static_cast<qint64>(r.inspections)},
                           {"share", double(r.inspections) / double(largest)}};
    }
    return out;
}

} // namespace fieldseal::app
