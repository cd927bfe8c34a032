#include "pdf_fonts.h"

#include "pdf_writer.h"
#include "utf8.h"

#include <cstdio>

namespace fieldseal::report {
namespace {

// Helvetica's advance widths (Adobe AFM) for the characters 32..126.
constexpr short kHelvetica[95] = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space .. /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556,                               // 0 .. 9
    278, 278, 584, 584, 584, 556, 1015,                                             // : .. @
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,                // A .. M
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611,                // N .. Z
    278, 278, 278, 469, 556, 333,                                                   // [ .. `
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833,                // a .. m
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500,                // n .. z
    334, 260, 334, 584};                                                            // { .. ~

constexpr double kCjkWidth = 1000;
constexpr char32_t kMissing = 0x3013;

} // namespace

std::vector<FontRun> fontRuns(std::string_view utf8) {
    std::vector<FontRun> runs;
    for (char32_t cp : decodeUtf8(utf8)) {
        if (cp == '\t' || cp == '\n' || cp == '\r') cp = ' ';
        if (cp < 32 || cp == 127 || (cp >= 0x80 && cp < 0xA0)) continue;
        const FontFace face = cp < 127 ? FontFace::Latin : FontFace::Cjk;
        if (runs.empty() || runs.back().face != face) runs.push_back(FontRun{face, {}, 0});
        FontRun& run = runs.back();
        if (face == FontFace::Latin) {
            run.codes += static_cast<char>(cp);
            run.width1000 += kHelvetica[cp - 32];
        } else {
            if (cp > 0xFFFF || cp == 0xFFFD) cp = kMissing;
            run.codes += static_cast<char>((cp >> 8) & 0xFF);
            run.codes += static_cast<char>(cp & 0xFF);
            run.width1000 += kCjkWidth;
        }
    }
    return runs;
}

double textWidth(const std::vector<FontRun>& runs, double size) {
    double w = 0;
    for (const auto& r : runs)
        w += r.width1000;
    return w * size / 1000.0;
}

double textWidth(std::string_view utf8, double size) { return textWidth(fontRuns(utf8), size); }

std::string writeFonts(PdfWriter& writer) {
    const int latin = writer.addObject("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");

    // ToUnicode for UCS-2 codes: each code is its own code point. bfrange entries may only vary
    // in the last byte, hence one range per high byte (in blocks of at most 100).
    std::string cmap =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /FieldSeal-UCS2-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    char line[40];
    for (int block = 0; block < 256; block += 100) {
        const int n = std::min(100, 256 - block);
        cmap += std::to_string(n) + " beginbfrange\n";
        for (int hi = block; hi < block + n; ++hi) {
            if (hi >= 0xD8 && hi <= 0xDF) { // surrogate code units are not characters: map to U+FFFD
                std::snprintf(line, sizeof line, "<%02X00> <%02XFF> <FFFD>\n", hi, hi);
            } else {
                std::snprintf(line, sizeof line, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
            }
            cmap += line;
        }
        cmap += "endbfrange\n";
    }
    cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    const int toUnicode = writer.addStream("", cmap, true);

    const int descriptor = writer.addObject(
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 "
        "/Ascent 880 /Descent -120 /CapHeight 626 /StemV 93 >>");
    const int descendant = writer.addObject(
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor " +
        std::to_string(descriptor) + " 0 R /DW 1000 >>");
    const int cjk = writer.addObject("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H "
                                     "/Encoding /UniGB-UCS2-H /DescendantFonts [" +
                                     std::to_string(descendant) + " 0 R] /ToUnicode " + std::to_string(toUnicode) +
                                     " 0 R >>");
    return std::string("/Font << /") + kLatinFontName + " " + std::to_string(latin) + " 0 R /" + kCjkFontName + " " +
           std::to_string(cjk) + " 0 R >>";
}

} // namespace fieldseal::report
