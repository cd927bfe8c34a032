#include "rendering/qr_code_item.h"

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
    // Whole pixels per module when that fills at least 85% of the item; else fill it with
    // nearest-neighbour scaling (modules differ by a pixel, which scanners take in their stride).
    const int whole = (side / m_image.width()) * m_image.width();
    const int drawn = whole >= side * 85 / 100 ? whole : side;
    const QRect target((static_cast<int>(width()) - drawn) / 2, (static_cast<int>(height()) - drawn) / 2, drawn, drawn);
    painter->setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter->drawImage(target, m_image);
}

} // namespace fieldseal::app
