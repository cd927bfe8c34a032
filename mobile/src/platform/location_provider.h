#pragma once
// LocationProvider: where this tablet is, for the place of each piece of evidence (and of an
// inspection when it is opened), through Qt Positioning. A platform without a position source
// (most desktops, a headless test machine, a tablet with location switched off) leaves the
// place empty and says so; nothing else depends on it. Each fix is handed to
// AppController::setLocation as {"lat","lon","accuracy_m","fixed_at"} (the schema's Location).

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>
#include <memory>

class QGeoPositionInfoSource;
class QGeoPositionInfo;

namespace fieldseal::app {

class AppController;

class LocationProvider : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by AppController")
    // none (not started) | searching | fixed | unavailable
    Q_PROPERTY(QString state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString stateText READ stateText NOTIFY stateChanged)

public:
    explicit LocationProvider(AppController& app);
    ~LocationProvider() override;

    QString state() const { return m_state; }
    QString stateText() const;

    // Starts following the position (once; later calls do nothing). FIELDSEAL_NO_POSITIONING=1
    // disables it (scripted runs that must not wait on a location service).
    Q_INVOKABLE void start();

signals:
    void stateChanged();

private:
    void onPosition(const QGeoPositionInfo& info);
    void setState(const QString& state);

    AppController& m_app;
    QGeoPositionInfoSource* m_source = nullptr; // child of this
    QString m_state = QStringLiteral("none");
};

} // namespace fieldseal::app
