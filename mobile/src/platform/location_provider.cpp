#include "platform/location_provider.h"

#include "controllers/app_controller.h"

#include <QDateTime>
#include <QGeoPositionInfoSource>
#include <QVariantMap>

namespace fieldseal::app {

LocationProvider::LocationProvider(AppController& app) : m_app(app) {
    connect(&app, &AppController::languageChanged, this, &LocationProvider::stateChanged);
}

LocationProvider::~LocationProvider() = default;

QString LocationProvider::stateText() const {
    if (m_state == QLatin1String("searching")) return tr("正在定位…");
    if (m_state == QLatin1String("fixed")) {
        const auto l = m_app.location();
        return tr("已定位：%1, %2（±%3 米）")
            .arg(l.value(QStringLiteral("lat")).toDouble(), 0, 'f', 5)
            .arg(l.value(QStringLiteral("lon")).toDouble(), 0, 'f', 5)
            .arg(l.value(QStringLiteral("accuracy_m")).toDouble(), 0, 'f', 0);
    }
    if (m_state == QLatin1String("unavailable")) return tr("本机无法定位：证据不记录地点。");
    return tr("未定位");
}

void LocationProvider::setState(const QString& state) {
    if (state == m_state) return;
    m_state = state;
    emit stateChanged();
}

void LocationProvider::start() {
    if (m_state != QLatin1String("none")) return;
    if (qEnvironmentVariableIntValue("FIELDSEAL_NO_POSITIONING") == 1) {
        setState(QStringLiteral("unavailable"));
        return;
    }
    m_source = QGeoPositionInfoSource::createDefaultSource(this);
    if (!m_source) {
        setState(QStringLiteral("unavailable"));
        return;
    }
    connect(m_source, &QGeoPositionInfoSource::positionUpdated, this, &LocationProvider::onPosition);
    connect(m_source, &QGeoPositionInfoSource::errorOccurred, this, [this](QGeoPositionInfoSource::Error e) {
        // No fix is not an error worth stopping for (indoors, first fix pending); no access is.
        if (e == QGeoPositionInfoSource::UpdateTimeoutError && m_state == QLatin1String("fixed")) return;
        if (e != QGeoPositionInfoSource::NoError) setState(QStringLiteral("unavailable"));
    });
    m_source->setUpdateInterval(30'000);
    setState(QStringLiteral("searching"));
    m_source->startUpdates();
}

void LocationProvider::onPosition(const QGeoPositionInfo& info) {
    if (!info.isValid() || !info.coordinate().isValid()) return;
    QVariantMap place{{QStringLiteral("lat"), info.coordinate().latitude()},
                      {QStringLiteral("lon"), info.coordinate().longitude()},
                      {QStringLiteral("fixed_at"), info.timestamp().toUTC().toString(Qt::ISODate)}};
    if (info.hasAttribute(QGeoPositionInfo::HorizontalAccuracy))
        place.insert(QStringLiteral("accuracy_m"), info.attribute(QGeoPositionInfo::HorizontalAccuracy));
    m_app.setLocation(place);
    setState(QStringLiteral("fixed"));
    emit stateChanged(); // the text carries the coordinates
}

} // namespace fieldseal::app
