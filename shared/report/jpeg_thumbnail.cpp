// JPEG thumbnails with libjpeg (libjpeg62-turbo): a camera photo of several megabytes is decoded
// at the smallest DCT scale (1/2, 1/4, 1/8) that still covers the box, box-filtered down to fit
// maxSide x maxSide and encoded again, so a report with many photos stays small. The report
// prints the SHA-256 of the original file (the evidence record's), never of the thumbnail.
//
// libjpeg reports fatal errors through error_exit, which must not return: it longjmps back to
// the setjmp in the one function that drives libjpeg (decode/encode). Only libjpeg's own C frames
// lie between the two, and every buffer the functions fill is owned by an RAII object in their
// caller, so nothing with a destructor is skipped.
#include "pdf_image.h"

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <jpeglib.h>

namespace fieldseal::report {
namespace {

// Camera JPEGs are sometimes truncated or carry junk after the image; libjpeg warns and goes on,
// which is what a thumbnail wants. Only fatal errors stop.
struct JpegError {
    jpeg_error_mgr mgr{};
    std::jmp_buf jump{};
    char message[JMSG_LENGTH_MAX] = {};
};

extern "C" void jpegErrorExit(j_common_ptr cinfo) {
    auto* err = reinterpret_cast<JpegError*>(cinfo->err);
    (*cinfo->err->format_message)(cinfo, err->message);
    std::longjmp(err->jump, 1);
}

extern "C" void jpegSilent(j_common_ptr, int) {}

struct Decompressor {
    jpeg_decompress_struct cinfo{};
    JpegError error;
    bool created = false;
    ~Decompressor() {
        if (created) jpeg_destroy_decompress(&cinfo);
    }
};

struct Compressor {
    jpeg_compress_struct cinfo{};
    JpegError error;
    bool created = false;
    unsigned char* out = nullptr; // malloc'ed by jpeg_mem_dest
    unsigned long outSize = 0;
    ~Compressor() {
        if (created) jpeg_destroy_compress(&cinfo);
        std::free(out);
    }
};

struct Pixels {
    int width = 0, height = 0, components = 0;
    std::vector<unsigned char> samples; // rows top to bottom, `components` bytes a pixel
};

void useError(JpegError& e, jpeg_error_mgr*& slot) {
    slot = jpeg_std_error(&e.mgr);
    e.mgr.error_exit = jpegErrorExit;
    e.mgr.emit_message = jpegSilent;
}

// Decodes at 1/scale of the full size into `out` (grey or RGB). False with `why` on failure.
bool decode(Decompressor& d, std::string_view file, int scale, Pixels& out, std::string& why) {
    useError(d.error, d.cinfo.err);
    if (setjmp(d.error.jump)) {
        why = d.error.message;
        return false;
    }
    jpeg_create_decompress(&d.cinfo);
    d.created = true;
    jpeg_mem_src(&d.cinfo, reinterpret_cast<const unsigned char*>(file.data()), static_cast<unsigned long>(file.size()));
    jpeg_read_header(&d.cinfo, TRUE);
    d.cinfo.out_color_space = d.cinfo.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
    d.cinfo.scale_num = 1;
    d.cinfo.scale_denom = static_cast<unsigned>(scale);
    jpeg_start_decompress(&d.cinfo);
    out.width = static_cast<int>(d.cinfo.output_width);
    out.height = static_cast<int>(d.cinfo.output_height);
    out.components = d.cinfo.output_components;
    out.samples.resize(static_cast<size_t>(out.width) * static_cast<size_t>(out.height) *
                       static_cast<size_t>(out.components));
    const size_t stride = static_cast<size_t>(out.width) * static_cast<size_t>(out.components);
    while (d.cinfo.output_scanline < d.cinfo.output_height) {
        JSAMPROW row = out.samples.data() + d.cinfo.output_scanline * stride;
        jpeg_read_scanlines(&d.cinfo, &row, 1);
    }
    jpeg_finish_decompress(&d.cinfo);
    return true;
}

bool encode(Compressor& c, const Pixels& in, int quality, std::string& why) {
    useError(c.error, c.cinfo.err);
    if (setjmp(c.error.jump)) {
        why = c.error.message;
        return false;
    }
    jpeg_create_compress(&c.cinfo);
    c.created = true;
    jpeg_mem_dest(&c.cinfo, &c.out, &c.outSize);
    c.cinfo.image_width = static_cast<JDIMENSION>(in.width);
    c.cinfo.image_height = static_cast<JDIMENSION>(in.height);
    c.cinfo.input_components = in.components;
    c.cinfo.in_color_space = in.components == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&c.cinfo);
    jpeg_set_quality(&c.cinfo, quality, TRUE);
    jpeg_start_compress(&c.cinfo, TRUE);
    const size_t stride = static_cast<size_t>(in.width) * static_cast<size_t>(in.components);
    while (c.cinfo.next_scanline < c.cinfo.image_height) {
        // libjpeg takes non-const rows but only reads them.
        JSAMPROW row = const_cast<unsigned char*>(in.samples.data()) + c.cinfo.next_scanline * stride;
        jpeg_write_scanlines(&c.cinfo, &row, 1);
    }
    jpeg_finish_compress(&c.cinfo);
    return true;
}

// Box filter to (w, h) <= the source size: each output sample is the mean of the source samples
// its area covers (whole source pixels, as in pngImage's scaling).
Pixels shrink(const Pixels& in, int w, int h) {
    Pixels out;
    out.width = w;
    out.height = h;
    out.components = in.components;
    out.samples.resize(static_cast<size_t>(w) * static_cast<size_t>(h) * static_cast<size_t>(in.components));
    const auto inStride = static_cast<size_t>(in.width) * static_cast<size_t>(in.components);
    for (int y = 0; y < h; ++y) {
        const int y0 = static_cast<int>(static_cast<long>(y) * in.height / h);
        const int y1 = std::max(y0 + 1, static_cast<int>(static_cast<long>(y + 1) * in.height / h));
        for (int x = 0; x < w; ++x) {
            const int x0 = static_cast<int>(static_cast<long>(x) * in.width / w);
            const int x1 = std::max(x0 + 1, static_cast<int>(static_cast<long>(x + 1) * in.width / w));
            const long count = static_cast<long>(y1 - y0) * (x1 - x0);
            for (int c = 0; c < in.components; ++c) {
                long sum = 0;
                for (int sy = y0; sy < y1; ++sy)
                    for (int sx = x0; sx < x1; ++sx)
                        sum += in.samples[static_cast<size_t>(sy) * inStride +
                                          static_cast<size_t>(sx * in.components + c)];
                out.samples[(static_cast<size_t>(y) * static_cast<size_t>(w) + static_cast<size_t>(x)) *
                                static_cast<size_t>(in.components) +
                            static_cast<size_t>(c)] = static_cast<unsigned char>((sum + count / 2) / count);
            }
        }
    }
    return out;
}

} // namespace

Result<PdfImage> jpegThumbnail(std::string_view file, int maxSide, int quality) {
    auto header = jpegImage(file);
    if (!header) return header.error();
    const int longest = std::max(header->width, header->height);
    // Small enough already, or CMYK (rare from cameras; its Adobe inversion is kept by passing
    // the file through): embedded as it is.
    if (maxSide <= 0 || longest <= maxSide || header->colourSpace == "/DeviceCMYK") return header;

    // The largest DCT scale that still leaves at least maxSide pixels on the longest side.
    int scale = 8;
    while (scale > 1 && (longest + scale - 1) / scale < maxSide)
        scale /= 2;
    Pixels decoded;
    std::string why;
    {
        Decompressor d;
        if (!decode(d, file, scale, decoded, why))
            return validationError(ErrorCode::InvalidInput, "JPEG: " + why);
    }
    const double ratio = static_cast<double>(maxSide) / std::max(decoded.width, decoded.height);
    const int w = std::max(1, static_cast<int>(decoded.width * ratio + 0.5));
    const int h = std::max(1, static_cast<int>(decoded.height * ratio + 0.5));
    const Pixels small = (w < decoded.width || h < decoded.height) ? shrink(decoded, w, h) : decoded;

    Compressor c;
    if (!encode(c, small, quality, why)) return validationError(ErrorCode::InvalidInput, "JPEG: " + why);
    std::string bytes(reinterpret_cast<const char*>(c.out), c.outSize);
    if (bytes.size() >= file.size()) return header; // a small, already well-compressed file
    PdfImage img;
    img.width = small.width;
    img.height = small.height;
    img.colourSpace = small.components == 1 ? "/DeviceGray" : "/DeviceRGB";
    img.dct = true;
    img.data = std::move(bytes);
    return img;
}

} // namespace fieldseal::report
