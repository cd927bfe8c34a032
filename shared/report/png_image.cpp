// PNG (ISO/IEC 15948): chunks checked (CRC), IDAT inflated with zlib, scanline filters undone,
// palette and alpha separated into what a PDF image needs. 8-bit, non-interlaced only.
#include "pdf_image.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>
#include <zlib.h>

namespace fieldseal::report {
namespace {

constexpr std::uint64_t kMaxPixels = 40'000'000; // a 40-megapixel photo; beyond is refused

Error bad(const std::string& why) { return validationError(ErrorCode::InvalidInput, "PNG: " + why); }

std::uint32_t be32(std::string_view s, size_t at) {
    return (std::uint32_t(static_cast<unsigned char>(s[at])) << 24) |
           (std::uint32_t(static_cast<unsigned char>(s[at + 1])) << 16) |
           (std::uint32_t(static_cast<unsigned char>(s[at + 2])) << 8) | static_cast<unsigned char>(s[at + 3]);
}

int paeth(int a, int b, int c) {
    const int p = a + b - c;
    const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
    if (pa <= pb && pa <= pc) return a;
    return pb <= pc ? b : c;
}

// Undoes the per-line filters in place; `raw` holds height lines of (1 + rowBytes) bytes.
Status unfilter(std::string& raw, size_t rowBytes, size_t height, size_t bpp, std::string& out) {
    out.assign(rowBytes * height, '\0');
    auto* dst = reinterpret_cast<unsigned char*>(out.data());
    const auto* src = reinterpret_cast<const unsigned char*>(raw.data());
    for (size_t y = 0; y < height; ++y) {
        const unsigned filter = src[y * (rowBytes + 1)];
        const unsigned char* in = src + y * (rowBytes + 1) + 1;
        unsigned char* row = dst + y * rowBytes;
        const unsigned char* up = y ? row - rowBytes : nullptr;
        for (size_t x = 0; x < rowBytes; ++x) {
            const int a = x >= bpp ? row[x - bpp] : 0;
            const int b = up ? up[x] : 0;
            const int c = (up && x >= bpp) ? up[x - bpp] : 0;
            int v = in[x];
            switch (filter) {
            case 0: break;
            case 1: v += a; break;
            case 2: v += b; break;
            case 3: v += (a + b) / 2; break;
            case 4: v += paeth(a, b, c); break;
            default: return bad("unknown filter type " + std::to_string(filter) + " on line " + std::to_string(y));
            }
            row[x] = static_cast<unsigned char>(v & 0xFF);
        }
    }
    return ok();
}

// Area-average scaling of `channels`-interleaved samples to fit maxSide (never up).
void scaleDown(std::string& samples, int& width, int& height, int channels, int maxSide) {
    if (maxSide <= 0 || (width <= maxSide && height <= maxSide)) return;
    const double f = std::max(width, height) / static_cast<double>(maxSide);
    const int w = std::max(1, static_cast<int>(width / f)), h = std::max(1, static_cast<int>(height / f));
    std::string out(static_cast<size_t>(w) * h * channels, '\0');
    for (int y = 0; y < h; ++y) {
        const int y0 = y * height / h, y1 = std::max(y0 + 1, (y + 1) * height / h);
        for (int x = 0; x < w; ++x) {
            const int x0 = x * width / w, x1 = std::max(x0 + 1, (x + 1) * width / w);
            for (int ch = 0; ch < channels; ++ch) {
                unsigned sum = 0;
                for (int sy = y0; sy < y1; ++sy)
                    for (int sx = x0; sx < x1; ++sx)
                        sum += static_cast<unsigned char>(samples[(static_cast<size_t>(sy) * width + sx) * channels + ch]);
                out[(static_cast<size_t>(y) * w + x) * channels + ch] =
                    static_cast<char>(sum / static_cast<unsigned>((y1 - y0) * (x1 - x0)));
            }
        }
    }
    samples = std::move(out);
    width = w;
    height = h;
}

} // namespace

Result<PdfImage> pngImage(std::string_view file, int maxSide) {
    if (file.substr(0, 8) != "\x89PNG\r\n\x1A\n") return bad("no PNG signature");
    std::uint32_t width = 0, height = 0;
    int depth = 0, colourType = -1;
    std::string palette, transparency, idat;
    size_t i = 8;
    bool ended = false;
    while (!ended) {
        if (i + 12 > file.size()) return bad("truncated chunk");
        const std::uint32_t length = be32(file, i);
        if (length > file.size() - i - 12) return bad("chunk runs past the end of the file");
        const std::string_view type = file.substr(i + 4, 4);
        const std::string_view data = file.substr(i + 8, length);
        const std::uint32_t crc = be32(file, i + 8 + length);
        if (crc32(crc32(0, nullptr, 0), reinterpret_cast<const Bytef*>(file.data() + i + 4), length + 4) != crc)
            return bad("CRC mismatch in chunk " + std::string(type));
        if (type == "IHDR") {
            if (length != 13) return bad("IHDR has the wrong length");
            width = be32(data, 0);
            height = be32(data, 4);
            depth = static_cast<unsigned char>(data[8]);
            colourType = static_cast<unsigned char>(data[9]);
            if (data[10] != 0 || data[11] != 0) return bad("unknown compression or filter method");
            if (data[12] != 0) return bad("interlaced images are not supported");
        } else if (type == "PLTE") {
            palette = std::string(data);
        } else if (type == "tRNS") {
            transparency = std::string(data);
        } else if (type == "IDAT") {
            idat += data;
        } else if (type == "IEND") {
            ended = true;
        }
        i += 12 + length;
    }
    if (width == 0 || height == 0) return bad("no IHDR or an empty image");
    if (std::uint64_t(width) * height > kMaxPixels) return bad("larger than 40 megapixels");
    if (depth != 8) return bad("only 8-bit samples are supported (this one has " + std::to_string(depth) + ")");
    size_t channels = 0;
    switch (colourType) {
    case 0: channels = 1; break; // grey
    case 2: channels = 3; break; // RGB
    case 3: channels = 1; break; // palette index
    case 4: channels = 2; break; // grey + alpha
    case 6: channels = 4; break; // RGBA
    default: return bad("unknown colour type " + std::to_string(colourType));
    }
    if (colourType == 3 && (palette.empty() || palette.size() % 3 != 0)) return bad("palette missing or malformed");

    const size_t rowBytes = width * channels;
    uLongf rawSize = static_cast<uLongf>((rowBytes + 1) * height);
    std::string raw(rawSize, '\0');
    const uLongf expected = rawSize;
    const int rc = uncompress(reinterpret_cast<Bytef*>(raw.data()), &rawSize,
                              reinterpret_cast<const Bytef*>(idat.data()), static_cast<uLong>(idat.size()));
    if (rc != Z_OK || rawSize != expected) return bad("image data does not inflate to the declared size");
    std::string pixels;
    if (auto s = unfilter(raw, rowBytes, height, channels, pixels); !s) return s.error();

    // Split into colour samples and alpha.
    PdfImage img;
    img.width = static_cast<int>(width);
    img.height = static_cast<int>(height);
    const size_t n = size_t(width) * height;
    int colourChannels = 3;
    std::string colour, alpha;
    if (colourType == 0 || colourType == 4) {
        colourChannels = 1;
        img.colourSpace = "/DeviceGray";
    }
    colour.reserve(n * colourChannels);
    const bool hasAlpha = colourType == 4 || colourType == 6 || (colourType == 3 && !transparency.empty());
    if (hasAlpha) alpha.reserve(n);
    for (size_t p = 0; p < n; ++p) {
        const unsigned char* px = reinterpret_cast<const unsigned char*>(pixels.data()) + p * channels;
        if (colourType == 3) {
            const size_t index = px[0];
            if (index * 3 + 2 >= palette.size()) return bad("palette index out of range");
            colour.append(palette, index * 3, 3);
            if (hasAlpha) alpha += index < transparency.size() ? transparency[index] : '\xFF';
        } else {
            colour.append(reinterpret_cast<const char*>(px), static_cast<size_t>(colourChannels));
            if (hasAlpha) alpha += static_cast<char>(px[channels - 1]);
        }
    }
    int w = img.width, h = img.height;
    scaleDown(colour, w, h, colourChannels, maxSide);
    if (hasAlpha) {
        int aw = img.width, ah = img.height;
        scaleDown(alpha, aw, ah, 1, maxSide);
        // a mask that is opaque everywhere is no mask
        if (std::all_of(alpha.begin(), alpha.end(), [](char c) { return c == '\xFF'; })) alpha.clear();
    }
    img.width = w;
    img.height = h;
    img.data = std::move(colour);
    img.alpha = std::move(alpha);
    return img;
}

} // namespace fieldseal::report
