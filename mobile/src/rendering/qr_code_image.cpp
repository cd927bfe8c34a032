#include "rendering/qr_code_image.h"

#include <QPainter>
#include <memory>
#include <qrencode.h>

namespace fieldseal::app {
namespace {

struct QrCodeFree {
    void operator()(QRcode* code) const { QRcode_free(code); }
};
using QrCodePtr = std::unique_ptr<QRcode, QrCodeFree>;

constexpr int kQuietZone = 4; // modules (ISO/IEC 18004)

} // namespace

QImage renderQrCode(const QString& text, int moduleSize) {
    if (text.isEmpty() || moduleSize < 1) return {};
    const QByteArray bytes = text.toUtf8();
    // Version 0: the smallest version that holds the text. Case-sensitive 8-bit mode keeps the
    // text byte for byte (FS1: text is Base45, which QR alphanumeric mode could also hold).
    const QrCodePtr code(QRcode_encodeString8bit(bytes.constData(), 0, QR_ECLEVEL_M));
    if (!code) return {};
    const int width = code->width;
    const int side = (width + 2 * kQuietZone) * moduleSize;
    QImage image(side, side, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setPen(Qt::NoPen);
    painter.setBrush(Qt::black);
    for (int y = 0; y < width; ++y)
        for (int x = 0; x < width; ++x)
            if (code->data[y * width + x] & 1) // bit 0: a dark module
                painter.drawRect((x + kQuietZone) * moduleSize, (y + kQuietZone) * moduleSize, moduleSize, moduleSize);
    return image;
}

} // namespace fieldseal::app
