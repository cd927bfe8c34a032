#pragma once
// ContentStream: the drawing operators of one page, in PDF user space (points, origin at the
// bottom left). Text goes through the two fonts of pdf_fonts.h, switching font per run.

#include <string>
#include <string_view>

namespace fieldseal::report {

struct Rgb {
    double r = 0, g = 0, b = 0; // 0..1
};

class ContentStream {
public:
    // Text with its baseline starting at (x, y). `bold` strokes the glyph outlines as well
    // (render mode 2), which thickens both fonts alike: neither has a bold face here.
    void text(double x, double y, std::string_view utf8, double size, Rgb colour = {}, bool bold = false);
    void line(double x1, double y1, double x2, double y2, double width, Rgb colour = {});
    void rect(double x, double y, double w, double h, double lineWidth, Rgb stroke);
    void fillRect(double x, double y, double w, double h, Rgb fill);
    // Draws image XObject /`name` into the box (x, y, w, h).
    void image(std::string_view name, double x, double y, double w, double h);

    const std::string& bytes() const { return m_ops; }

private:
    std::string m_ops;
};

} // namespace fieldseal::report
