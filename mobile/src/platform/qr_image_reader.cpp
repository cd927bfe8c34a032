#include "platform/qr_image_reader.h"

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

namespace fieldseal::app {

QString readQrText(const QImage& image) {
    if (image.isNull()) return {};
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    hints.setTryHarder(true);
    const ZXing::ImageView view(gray.constBits(), gray.width(), gray.height(), ZXing::ImageFormat::Lum,
                                static_cast<int>(gray.bytesPerLine()));
    const auto result = ZXing::ReadBarcode(view, hints);
    if (!result.isValid()) return {};
    return QString::fromStdString(result.text());
}

} // namespace fieldseal::app
