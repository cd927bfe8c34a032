#include "qr_code_item.h"

#include <QPainter>
#include <algorithm>

namespace fieldseal::app {

QrCodeItem::QrCodeItem(QQuickItem* parent) : QQuickPaintedItem(parent) {
    setAntialiasing(false);
}

void QrCodeItem::setImage(const QImage& image) {
    m_image = image;
    update();
    emit imageChanged();
}

void QrCodeItem::paint(QPainter* painter) {
    if (m_image.isNull()) return;
    const int side = static_cast<int>(std::min(width(), height()));
    if (side <= 0) return;
    // The largest whole multiple of the image that fits, else a plain downscale (still sharp).
    const int scale = std::max(1, side / m_image.width());
    const int drawn = m_image.width() * scale <= side ? m_image.width() * scale : side;
    const QRect target((static_cast<int>(width()) - drawn) / 2, (static_cast<int>(height()) - drawn) / 2, drawn, drawn);
    painter->setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter->drawImage(target, m_image);
}

} // namespace fieldseal::app
