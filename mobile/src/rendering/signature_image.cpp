#include "rendering/signature_image.h"

#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QPainterPath>

namespace fieldseal::app {

QByteArray renderSignaturePng(const QVariantList& strokes, QSize size) {
    QImage image(size, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    for (const auto& s : strokes) {
        const auto points = s.toList();
        for (qsizetype i = 1; i < points.size(); ++i) {
            const auto a = points[i - 1].toMap(), b = points[i].toMap();
            const double pressure = b.value(QStringLiteral("p"), 1.0).toDouble();
            p.setPen(QPen(QColor(0x10, 0x1a, 0x3a), 1.5 + 3.0 * pressure, Qt::SolidLine, Qt::RoundCap));
            p.drawLine(QPointF(a.value(QStringLiteral("x")).toDouble(), a.value(QStringLiteral("y")).toDouble()),
                       QPointF(b.value(QStringLiteral("x")).toDouble(), b.value(QStringLiteral("y")).toDouble()));
        }
    }
    p.end();
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return png;
}

int signaturePointCount(const QVariantList& strokes) {
    int n = 0;
    for (const auto& s : strokes)
        n += static_cast<int>(s.toList().size());
    return n;
}

} // namespace fieldseal::app
