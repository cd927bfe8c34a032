#include "text_layout.h"

#include "pdf_fonts.h"
#include "utf8.h"

namespace fieldseal::report {
namespace {

bool isWide(char32_t c) { return c >= 0x2E80; } // CJK and full-width forms: a break is allowed around them

bool noLineStart(char32_t c) {
    static constexpr std::u32string_view kClosing = U"，。、；：？！）」』》〉”’,.;:?!)]}%";
    return kClosing.find(c) != std::u32string_view::npos;
}

double width(std::u32string_view s, double size) { return textWidth(encodeUtf8(s), size); }

// Breaks one paragraph into units that may not be split: Latin words (with trailing spaces),
// single wide characters with any closing punctuation that follows them.
std::vector<std::u32string> units(std::u32string_view p) {
    std::vector<std::u32string> out;
    size_t i = 0;
    while (i < p.size()) {
        std::u32string u;
        if (isWide(p[i])) {
            u += p[i++];
        } else {
            while (i < p.size() && !isWide(p[i]) && p[i] != U' ')
                u += p[i++];
        }
        while (i < p.size() && (p[i] == U' ' || (noLineStart(p[i]) && isWide(p[i]))))
            u += p[i++];
        out.push_back(std::move(u));
    }
    return out;
}

std::u32string trimRight(std::u32string s) {
    while (!s.empty() && s.back() == U' ')
        s.pop_back();
    return s;
}

} // namespace

std::vector<std::string> wrapText(std::string_view utf8, double size, double maxWidth) {
    std::vector<std::string> lines;
    const std::u32string all = decodeUtf8(utf8);
    size_t start = 0;
    while (start <= all.size()) {
        size_t end = all.find(U'\n', start);
        if (end == std::u32string::npos) end = all.size();
        const std::u32string_view paragraph(all.data() + start, end - start);
        std::u32string line;
        for (auto& u : units(paragraph)) {
            if (line.empty() || width(trimRight(line + u), size) <= maxWidth) {
                line += u;
            } else {
                lines.push_back(encodeUtf8(trimRight(line)));
                line = u;
            }
            // a unit wider than the line on its own: cut it character by character
            while (width(trimRight(line), size) > maxWidth && line.size() > 1) {
                size_t fit = 1;
                while (fit < line.size() && width(line.substr(0, fit + 1), size) <= maxWidth)
                    ++fit;
                lines.push_back(encodeUtf8(line.substr(0, fit)));
                line.erase(0, fit);
            }
        }
        lines.push_back(encodeUtf8(trimRight(line)));
        start = end + 1;
    }
    return lines;
}

} // namespace fieldseal::report
