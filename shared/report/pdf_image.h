#pragma once
// Images for PDF pages: JPEG files embedded as they are (DCTDecode; size and colour space read
// from the frame header), PNG files decoded (8-bit, non-interlaced: grey, RGB, palette, with or
// without alpha) and re-embedded Flate-compressed, alpha as a soft mask. Either can be scaled
// down on the way (box filter) so that thumbnails of large photos stay small: a JPEG larger than
// the box is decoded with libjpeg, shrunk and encoded again (jpeg_thumbnail.cpp); one that fits
// is embedded as it is.

#include "model/result.h"

#include <optional>
#include <string>
#include <string_view>

namespace fieldseal::report {

class PdfWriter;

struct PdfImage {
    int width = 0, height = 0;
    std::string colourSpace = "/DeviceRGB"; // "/DeviceGray", "/DeviceRGB", "/DeviceCMYK"
    std::string extraEntries;               // e.g. "/Decode [1 0 1 0 1 0 1 0]" for Adobe CMYK JPEGs
    bool dct = false;                       // data is a JPEG file (DCTDecode) or raw samples (Flate)
    std::string data;
    std::string alpha; // raw 8-bit alpha samples (width*height), empty when opaque
};

// The frame header of a JPEG: width, height, components (1, 3 or 4).
Result<PdfImage> jpegImage(std::string_view file);
// A JPEG scaled down to fit maxSide x maxSide and encoded again at `quality` (grey stays grey,
// everything else becomes RGB); the file as it is (jpegImage) when it already fits, is CMYK, or
// the new encoding would not be smaller. InvalidInput when libjpeg cannot decode it.
Result<PdfImage> jpegThumbnail(std::string_view file, int maxSide, int quality = 80);
// A PNG decoded to raw samples; when maxSide > 0 it is scaled down to fit maxSide x maxSide.
Result<PdfImage> pngImage(std::string_view file, int maxSide = 0);
// JPEG or PNG by their signatures; InvalidInput for anything else.
Result<PdfImage> loadImage(std::string_view file, int maxSide = 0);
bool looksLikeImage(std::string_view file);

// Writes the image XObject (and its soft mask) and returns its object number.
int writeImage(PdfWriter& writer, const PdfImage& image);

} // namespace fieldseal::report
