#pragma once
// Reads the text of a QR code in an image (a photo of a certificate, a camera frame) with ZXing.

#include <QImage>
#include <QString>

namespace fieldseal::app {

// The decoded text, or an empty string when no QR code was found.
QString readQrText(const QImage& image);

} // namespace fieldseal::app
