#pragma once
// Camera capture for evidence, through Qt Multimedia, where the platform has a camera: the page
// asks whether one exists (a desktop or a test machine usually has none, and the page then
// offers file import only) and where a new photo or video should be written (in the data
// directory, so the capture is kept even before it becomes evidence).

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace fieldseal::app {

class CameraSupport : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by AppController")
    Q_PROPERTY(bool available READ available NOTIFY availableChanged)

public:
    explicit CameraSupport(const QString& dataDirectory, QObject* parent = nullptr);

    // A video input exists (asked once, then when the platform reports a change).
    bool available();
    // A fresh file path for a capture: <data>/captures/<UTC time>.<suffix>.
    Q_INVOKABLE QString newCapturePath(const QString& suffix) const;

signals:
    void availableChanged();

private:
    QString m_dataDir;
    int m_available = -1; // unknown until asked: asking loads the multimedia backend
};

} // namespace fieldseal::app
