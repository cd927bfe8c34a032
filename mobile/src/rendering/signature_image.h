#pragma once
// Renders a handwritten signature's strokes to a PNG, deterministically (same strokes, same
// bytes), so the image's SHA-256 stored in the signature record can be checked again later.
// Strokes: [[{"x","y","t","p"}...]...] — x/y in pad pixels, t ms since the first point, p
// pressure 0..1 (1 when the device reports none).

#include <QByteArray>
#include <QSize>
#include <QVariantList>

namespace fieldseal::app {

QByteArray renderSignaturePng(const QVariantList& strokes, QSize size);
// How many points the strokes hold (an empty pad is not a signature).
int signaturePointCount(const QVariantList& strokes);

} // namespace fieldseal::app
