#include "pdf_image.h"

#include "pdf_writer.h"

namespace fieldseal::report {

bool looksLikeImage(std::string_view file) {
    return file.substr(0, 3) == "\xFF\xD8\xFF" || file.substr(0, 8) == "\x89PNG\r\n\x1A\n";
}

Result<PdfImage> loadImage(std::string_view file, int maxSide) {
    if (file.substr(0, 3) == "\xFF\xD8\xFF") return maxSide > 0 ? jpegThumbnail(file, maxSide) : jpegImage(file);
    if (file.substr(0, 8) == "\x89PNG\r\n\x1A\n") return pngImage(file, maxSide);
    return validationError(ErrorCode::InvalidInput, "not a JPEG or PNG image");
}

int writeImage(PdfWriter& writer, const PdfImage& image) {
    const std::string size = "/Width " + std::to_string(image.width) + " /Height " + std::to_string(image.height);
    std::string smask;
    if (!image.alpha.empty()) {
        const int mask = writer.addStream("/Type /XObject /Subtype /Image " + size +
                                              " /ColorSpace /DeviceGray /BitsPerComponent 8",
                                          image.alpha, true);
        smask = " /SMask " + std::to_string(mask) + " 0 R";
    }
    std::string dict = "/Type /XObject /Subtype /Image " + size + " /ColorSpace " + image.colourSpace +
                       " /BitsPerComponent 8" + smask;
    if (!image.extraEntries.empty()) dict += " " + image.extraEntries;
    if (image.dct) return writer.addStream(dict + " /Filter /DCTDecode", image.data, false);
    return writer.addStream(dict, image.data, true);
}

} // namespace fieldseal::report
