#pragma once
// Draws a QR code (libqrencode) into an image that a phone or a verifier's tablet can scan from
// the screen or from paper: black modules on white with the 4-module quiet zone the standard asks.

#include <QImage>
#include <QString>

namespace fieldseal::app {

// The QR code of `text` (byte mode, error correction level M), `moduleSize` pixels per module.
// A null image when the text does not fit in a QR code.
QImage renderQrCode(const QString& text, int moduleSize = 8);

} // namespace fieldseal::app
