#include "pdf_content.h"

#include "pdf_fonts.h"
#include "pdf_writer.h"

namespace fieldseal::report {
namespace {

std::string colour(Rgb c, const char* op) {
    return pdfNumber(c.r) + " " + pdfNumber(c.g) + " " + pdfNumber(c.b) + " " + op + "\n";
}

std::string hex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string out = "<";
    for (unsigned char c : bytes) {
        out += kDigits[c >> 4];
        out += kDigits[c & 15];
    }
    return out + ">";
}

} // namespace

void ContentStream::text(double x, double y, std::string_view utf8, double size, Rgb c, bool bold) {
    const auto runs = fontRuns(utf8);
    if (runs.empty()) return;
    // q/Q and an explicit render mode: Tr and the line width are graphics state, which outlives ET.
    m_ops += "q BT\n" + colour(c, "rg");
    if (bold) m_ops += colour(c, "RG") + pdfNumber(size * 0.03) + " w 2 Tr\n";
    else m_ops += "0 Tr\n";
    m_ops += pdfNumber(x) + " " + pdfNumber(y) + " Td\n";
    for (const auto& run : runs) {
        // Appended piece by piece: GCC 12 at -O3 takes "/" + std::string(...) for an overlapping
        // copy (a false -Wrestrict).
        m_ops += '/';
        m_ops += run.face == FontFace::Latin ? kLatinFontName : kCjkFontName;
        m_ops += ' ';
        m_ops += pdfNumber(size) + " Tf " + hex(run.codes) + " Tj\n";
    }
    m_ops += "ET Q\n";
}

void ContentStream::line(double x1, double y1, double x2, double y2, double width, Rgb c) {
    m_ops += colour(c, "RG") + pdfNumber(width) + " w " + pdfNumber(x1) + " " + pdfNumber(y1) + " m " +
             pdfNumber(x2) + " " + pdfNumber(y2) + " l S\n";
}

void ContentStream::rect(double x, double y, double w, double h, double lineWidth, Rgb stroke) {
    m_ops += colour(stroke, "RG") + pdfNumber(lineWidth) + " w " + pdfNumber(x) + " " + pdfNumber(y) + " " +
             pdfNumber(w) + " " + pdfNumber(h) + " re S\n";
}

void ContentStream::fillRect(double x, double y, double w, double h, Rgb fill) {
    m_ops += colour(fill, "rg") + pdfNumber(x) + " " + pdfNumber(y) + " " + pdfNumber(w) + " " + pdfNumber(h) +
             " re f\n";
}

void ContentStream::image(std::string_view name, double x, double y, double w, double h) {
    m_ops += "q " + pdfNumber(w) + " 0 0 " + pdfNumber(h) + " " + pdfNumber(x) + " " + pdfNumber(y) + " cm /" +
             std::string(name) + " Do Q\n";
}

} // namespace fieldseal::report
