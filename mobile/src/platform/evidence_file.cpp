#include "platform/evidence_file.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>

namespace fieldseal::app {

EvidenceFile describeFile(const QString& path) {
    EvidenceFile out;
    out.fileName = QFileInfo(path).fileName();
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        out.error = f.errorString();
        return out;
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&f)) {
        out.error = f.errorString();
        return out;
    }
    out.sha256 = QString::fromLatin1(hash.result().toHex());
    out.size = f.size();
    out.mediaType = QMimeDatabase().mimeTypeForFile(path).name();
    return out;
}

QString sha256Hex(const QByteArray& bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace fieldseal::app
