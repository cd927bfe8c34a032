// JPEG: only the markers are read (ITU T.81 B.1), up to the frame header; the file is embedded
// unchanged and the viewer decodes it (DCTDecode).
#include "pdf_image.h"

namespace fieldseal::report {
namespace {

Error bad(const std::string& why) { return validationError(ErrorCode::InvalidInput, "JPEG: " + why); }

unsigned be16(std::string_view s, size_t at) {
    return (static_cast<unsigned char>(s[at]) << 8) | static_cast<unsigned char>(s[at + 1]);
}

bool isFrameHeader(unsigned char marker) {
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC)
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

} // namespace

Result<PdfImage> jpegImage(std::string_view file) {
    if (file.size() < 4 || file.substr(0, 2) != "\xFF\xD8") return bad("no start-of-image marker");
    bool adobe = false;
    size_t i = 2;
    while (i + 4 <= file.size()) {
        if (static_cast<unsigned char>(file[i]) != 0xFF) return bad("marker expected at byte " + std::to_string(i));
        const unsigned char marker = static_cast<unsigned char>(file[i + 1]);
        if (marker == 0xFF) { // fill byte
            ++i;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // markers without a segment
            i += 2;
            continue;
        }
        if (marker == 0xD9 || marker == 0xDA) break; // end of image / start of scan before a frame
        const unsigned length = be16(file, i + 2);
        if (length < 2 || i + 2 + length > file.size()) return bad("segment runs past the end of the file");
        const std::string_view segment = file.substr(i + 4, length - 2);
        if (marker == 0xEE && segment.substr(0, 5) == "Adobe") adobe = true;
        if (isFrameHeader(marker)) {
            if (segment.size() < 6) return bad("frame header too short");
            PdfImage img;
            const unsigned precision = static_cast<unsigned char>(segment[0]);
            img.height = static_cast<int>(be16(segment, 1));
            img.width = static_cast<int>(be16(segment, 3));
            const unsigned components = static_cast<unsigned char>(segment[5]);
            if (precision != 8) return bad("only 8-bit samples are supported");
            if (img.width == 0 || img.height == 0) return bad("the frame has no size");
            if (components == 1) img.colourSpace = "/DeviceGray";
            else if (components == 3) img.colourSpace = "/DeviceRGB";
            else if (components == 4) {
                img.colourSpace = "/DeviceCMYK";
                // Adobe's CMYK JPEGs store inverted samples (as Photoshop writes them).
                if (adobe) img.extraEntries = "/Decode [1 0 1 0 1 0 1 0]";
            } else {
                return bad(std::to_string(components) + " colour components");
            }
            img.dct = true;
            img.data = std::string(file);
            return img;
        }
        i += 2 + length;
    }
    return bad("no frame header before the scan");
}

} // namespace fieldseal::report
