#pragma once
// The two fonts of FieldSeal PDFs, neither embedded (the files stay small and deterministic):
// - Latin: Helvetica (one of the standard 14 fonts) for ASCII, with its AFM widths;
// - CJK:   STSong-Light, a Type0 font with the predefined CMap UniGB-UCS2-H (UCS-2 codes to
//          Adobe-GB1 CIDs) for everything else. Viewers supply the glyphs: poppler reads the CMap
//          from poppler-data and fontconfig substitutes an installed CJK font (Noto Serif/Sans CJK).
//          Every CID is given a width of 1000/1000 em (full width), which is what GB 2312 glyphs are.
// A ToUnicode map is written for the CJK font so that text extraction and search work in any
// viewer. Characters beyond the BMP (rare ideographs, emoji) cannot be encoded in UCS-2 and are
// shown as U+3013 (〓, the GB "geta" mark for a missing character).

#include <string>
#include <string_view>
#include <vector>

namespace fieldseal::report {

class PdfWriter;

enum class FontFace { Latin, Cjk };

// A piece of one line in one font: the bytes to show (ready for a hex string) and its width.
struct FontRun {
    FontFace face = FontFace::Latin;
    std::string codes;    // Latin: one byte per character; CJK: UCS-2 big-endian
    double width1000 = 0; // in 1/1000 em
};

// Splits text into runs by font. Tabs become spaces; other control characters are dropped.
std::vector<FontRun> fontRuns(std::string_view utf8);
// The width of the text at `size` points.
double textWidth(std::string_view utf8, double size);
double textWidth(const std::vector<FontRun>& runs, double size);

// The resource names used in content streams.
inline constexpr const char* kLatinFontName = "F1";
inline constexpr const char* kCjkFontName = "F2";

// Writes both font objects and returns the page resource entry "/Font << /F1 a 0 R /F2 b 0 R >>".
std::string writeFonts(PdfWriter& writer);

} // namespace fieldseal::report
