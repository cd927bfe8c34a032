#pragma once
// The printable CCC exemption certificate (免办证明): title, the exemption's fields, the exhibits
// table and the QR code of the sealed envelope, on one A4 page written with QPdfWriter.

#include <QImage>
#include <QString>
#include <QStringList>
#include <QVector>

class QPainter;

namespace fieldseal::app {

struct ExemptionCertificateText {
    QString title;
    QString statusLine;                            // issued / officially sealed / not device-sealed
    QVector<QPair<QString, QString>> fields;       // label, value
    QStringList exhibitHeaders;                    // column titles
    QVector<QStringList> exhibitRows;              // one row per exhibit, same columns
    QString qrCaption;                             // under the QR code
};

// Paints the certificate from the top of a page `width` device pixels wide at `dpi` (the PDF
// page, or an image for a preview).
void paintExemptionCertificate(QPainter& painter, int width, int dpi, const ExemptionCertificateText& text,
                               const QImage& qr);

// Writes the certificate to `path`; an empty string on success, else what went wrong.
// `qr` may be null (an exemption without a device seal has no QR code to print).
QString writeExemptionCertificatePdf(const QString& path, const ExemptionCertificateText& text, const QImage& qr);

} // namespace fieldseal::app
