#pragma once
// What an evidence record says about a file: its SHA-256 (read in chunks, never whole into
// memory, so a long video is fine), size and media type (by content, then by name).

#include <QString>

namespace fieldseal::app {

struct EvidenceFile {
    QString sha256; // lower-case hex
    qint64 size = 0;
    QString mediaType;
    QString fileName;
    QString error; // set when the file could not be read
};

EvidenceFile describeFile(const QString& path);
QString sha256Hex(const QByteArray& bytes);

} // namespace fieldseal::app
