#pragma once
// What the PDF tests need around the files they make: running poppler-utils (through the
// shared runProcess), reading the rendered page back (binary PPM), and writing small PNG and JPEG
// images to embed.

#include "support/cli_process.h"

#include <QString>
#include <QStringList>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <zlib.h>

namespace fieldseal::report::test {

// pdfinfo, pdftotext, pdftoppm, pdfimages: one run to completion, exit code and both outputs.
using fieldseal::test::runProcess;

inline void writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream f(path, std::ios::binary);
    f << bytes;
}

inline std::string readFile(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
}

// A binary PPM (P6, maxval 255) as pdftoppm writes it.
struct Pixmap {
    int width = 0, height = 0;
    std::string rgb;
    const unsigned char* at(int x, int y) const {
        return reinterpret_cast<const unsigned char*>(rgb.data()) + (static_cast<size_t>(y) * width + x) * 3;
    }
};

inline Pixmap readPpm(const std::string& bytes) {
    Pixmap p;
    size_t i = 0;
    auto token = [&]() {
        while (i < bytes.size() && (isspace(static_cast<unsigned char>(bytes[i])) || bytes[i] == '#')) {
            if (bytes[i] == '#')
                while (i < bytes.size() && bytes[i] != '\n') ++i;
            else ++i;
        }
        std::string t;
        while (i < bytes.size() && !isspace(static_cast<unsigned char>(bytes[i]))) t += bytes[i++];
        return t;
    };
    if (token() != "P6") throw std::runtime_error("not a binary PPM");
    p.width = std::stoi(token());
    p.height = std::stoi(token());
    if (token() != "255") throw std::runtime_error("unexpected PPM maxval");
    ++i; // the single whitespace after maxval
    p.rgb = bytes.substr(i, static_cast<size_t>(p.width) * p.height * 3);
    if (p.rgb.size() != static_cast<size_t>(p.width) * p.height * 3) throw std::runtime_error("short PPM");
    return p;
}

inline std::string pngChunk(const std::string& type, const std::string& data) {
    auto be32 = [](std::uint32_t v) {
        return std::string{char(v >> 24), char((v >> 16) & 0xFF), char((v >> 8) & 0xFF), char(v & 0xFF)};
    };
    const std::string body = type + data;
    return be32(static_cast<std::uint32_t>(data.size())) + body +
           be32(static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
}

// An 8-bit PNG; `rows` are the unfiltered samples of each line (filter type `filter` is applied
// as "Sub" when 1, none when 0). colourType: 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA.
inline std::string makePng(int width, int height, int colourType, const std::string& samples,
                           const std::string& palette = {}, const std::string& trns = {}, int filter = 0,
                           int depth = 8) {
    const int channels = colourType == 2 ? 3 : colourType == 4 ? 2 : colourType == 6 ? 4 : 1;
    const size_t rowBytes = static_cast<size_t>(width) * channels;
    std::string raw;
    for (int y = 0; y < height; ++y) {
        raw += static_cast<char>(filter);
        for (size_t x = 0; x < rowBytes; ++x) {
            unsigned char v = static_cast<unsigned char>(samples[y * rowBytes + x]);
            if (filter == 1 && x >= static_cast<size_t>(channels))
                v = static_cast<unsigned char>(v - static_cast<unsigned char>(samples[y * rowBytes + x - channels]));
            raw += static_cast<char>(v);
        }
    }
    uLongf size = compressBound(static_cast<uLong>(raw.size()));
    std::string z(size, '\0');
    compress(reinterpret_cast<Bytef*>(z.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
             static_cast<uLong>(raw.size()));
    z.resize(size);
    std::string ihdr;
    for (std::uint32_t v : {static_cast<std::uint32_t>(width), static_cast<std::uint32_t>(height)})
        ihdr += std::string{char(v >> 24), char((v >> 16) & 0xFF), char((v >> 8) & 0xFF), char(v & 0xFF)};
    ihdr += static_cast<char>(depth);
    ihdr += static_cast<char>(colourType);
    ihdr += std::string(3, '\0');
    std::string png = "\x89PNG\r\n\x1A\n" + pngChunk("IHDR", ihdr);
    if (!palette.empty()) png += pngChunk("PLTE", palette);
    if (!trns.empty()) png += pngChunk("tRNS", trns);
    return png + pngChunk("IDAT", z) + pngChunk("IEND", "");
}

// A solid-colour RGB PNG.
inline std::string solidPng(int width, int height, unsigned char r, unsigned char g, unsigned char b) {
    std::string samples;
    for (int i = 0; i < width * height; ++i)
        samples += std::string{char(r), char(g), char(b)};
    return makePng(width, height, 2, samples);
}

} // namespace fieldseal::report::test
