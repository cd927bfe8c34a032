#include "rendering/exemption_certificate_pdf.h"

#include <QFileInfo>
#include <QFont>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <algorithm>

namespace fieldseal::app {

void paintExemptionCertificate(QPainter& p, int w, int dpi, const ExemptionCertificateText& text, const QImage& qr) {
    const auto mm = [dpi](double v) { return static_cast<int>(v * dpi / 25.4); };
    QFont font(QStringLiteral("Noto Sans CJK SC"));
    const auto setPt = [&](int pt, bool bold) {
        font.setPointSize(pt);
        font.setBold(bold);
        p.setFont(font);
    };

    int y = 0;
    setPt(18, true);
    const QRect titleBox(0, y, w, mm(12));
    p.drawText(titleBox, Qt::AlignHCenter | Qt::AlignVCenter, text.title);
    y += mm(14);
    setPt(11, false);
    p.drawText(QRect(0, y, w, mm(8)), Qt::AlignHCenter | Qt::AlignVCenter, text.statusLine);
    y += mm(12);

    // Fields on the left, the QR code on the right (about 50 mm: scannable from paper).
    const int qrSide = mm(50);
    const int labelW = mm(40);
    const int valueW = w - labelW - qrSide - mm(6);
    const int top = y;
    for (const auto& [label, value] : text.fields) {
        setPt(10, true);
        const QRect lr(0, y, labelW, mm(20));
        p.drawText(lr, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, label);
        setPt(10, false);
        const QRect bounds = p.boundingRect(QRect(labelW, y, valueW, mm(60)), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, value);
        p.drawText(QRect(labelW, y, valueW, bounds.height()), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, value);
        y += std::max(bounds.height(), mm(6)) + mm(2);
    }
    if (!qr.isNull()) {
        const QRect qrBox(w - qrSide, top, qrSide, qrSide);
        p.setRenderHint(QPainter::SmoothPixmapTransform, false);
        p.drawImage(qrBox, qr);
        setPt(8, false);
        p.drawText(QRect(w - qrSide, top + qrSide + mm(1), qrSide, mm(12)), Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap,
                   text.qrCaption);
        y = std::max(y, top + qrSide + mm(14));
    }
    y += mm(4);

    // The exhibits table: equal columns except the first (names are longest).
    const int cols = static_cast<int>(text.exhibitHeaders.size());
    if (cols > 0) {
        const int firstW = w * 3 / 10;
        const int otherW = (w - firstW) / std::max(1, cols - 1);
        const auto colX = [&](int c) { return c == 0 ? 0 : firstW + (c - 1) * otherW; };
        const auto colW = [&](int c) { return c == 0 ? firstW : otherW; };
        const int rowH = mm(8);
        setPt(10, true);
        p.fillRect(QRect(0, y, w, rowH), QColor(0xe6, 0xee, 0xf9));
        for (int c = 0; c < cols; ++c)
            p.drawText(QRect(colX(c) + mm(1), y, colW(c) - mm(2), rowH), Qt::AlignVCenter | Qt::AlignLeft, text.exhibitHeaders.at(c));
        p.drawRect(QRect(0, y, w, rowH));
        y += rowH;
        setPt(9, false);
        const int flags = Qt::AlignVCenter | Qt::AlignLeft | Qt::TextWordWrap;
        for (const auto& row : text.exhibitRows) {
            int h = rowH; // as tall as the cell that wraps most
            for (int c = 0; c < cols && c < row.size(); ++c)
                h = std::max(h, p.boundingRect(QRect(0, 0, colW(c) - mm(2), mm(100)), flags, row.at(c)).height() + mm(2));
            for (int c = 0; c < cols && c < row.size(); ++c)
                p.drawText(QRect(colX(c) + mm(1), y, colW(c) - mm(2), h), flags, row.at(c));
            p.drawRect(QRect(0, y, w, h));
            y += h;
        }
    }
}

QString writeExemptionCertificatePdf(const QString& path, const ExemptionCertificateText& text, const QImage& qr) {
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setResolution(300);
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
    writer.setTitle(text.title);
    writer.setCreator(QStringLiteral("FieldSeal"));
    QPainter p;
    if (!p.begin(&writer)) return QStringLiteral("cannot write %1").arg(path);
    paintExemptionCertificate(p, p.viewport().width(), writer.resolution(), text, qr);
    if (!p.end()) return QStringLiteral("cannot finish %1").arg(path);
    if (QFileInfo(path).size() <= 0) return QStringLiteral("%1 is empty").arg(path);
    return {};
}

} // namespace fieldseal::app
