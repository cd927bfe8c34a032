#include "platform/camera_support.h"

#include <QDateTime>
#include <QDir>
#include <QCameraDevice>
#include <QMediaDevices>

namespace fieldseal::app {

CameraSupport::CameraSupport(const QString& dataDirectory, QObject* parent)
    : QObject(parent), m_dataDir(dataDirectory) {}

bool CameraSupport::available() {
    if (m_available < 0) {
        // FIELDSEAL_NO_CAMERA=1: scripted runs that must not load a multimedia backend.
        if (qEnvironmentVariableIntValue("FIELDSEAL_NO_CAMERA") == 1) {
            m_available = 0;
            return false;
        }
        auto* devices = new QMediaDevices(this);
        connect(devices, &QMediaDevices::videoInputsChanged, this, [this] {
            m_available = QMediaDevices::videoInputs().isEmpty() ? 0 : 1;
            emit availableChanged();
        });
        m_available = QMediaDevices::videoInputs().isEmpty() ? 0 : 1;
    }
    return m_available == 1;
}

QString CameraSupport::newCapturePath(const QString& suffix) const {
    const QString dir = m_dataDir + QStringLiteral("/captures");
    QDir().mkpath(dir);
    const auto stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    return QStringLiteral("%1/%2.%3").arg(dir, stamp, suffix);
}

} // namespace fieldseal::app
