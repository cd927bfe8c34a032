#include "pdf_document.h"

#include "pdf_fonts.h"
#include "pdf_writer.h"
#include "text_layout.h"

namespace fieldseal::report {
namespace {

constexpr double kFooterSize = 8;
constexpr double kBottom = PdfDocument::kMargin + 20; // room for the footer

} // namespace

PdfDocument::PdfDocument() { newPage(); }

void PdfDocument::newPage() {
    m_pages.emplace_back();
    m_y = kPageHeight - kMargin;
}

void PdfDocument::ensureSpace(double height) {
    if (m_y - height < kBottom) newPage();
}

void PdfDocument::paragraph(std::string_view utf8, double size, double indent, Rgb colour, bool bold,
                            double leading) {
    const double lineHeight = size * leading;
    for (const auto& line : wrapText(utf8, size, contentWidth() - indent)) {
        ensureSpace(lineHeight);
        m_y -= lineHeight;
        page().text(left() + indent, m_y + (lineHeight - size) / 2 + size * 0.12, line, size, colour, bold);
    }
}

void PdfDocument::labelled(std::string_view label, std::string_view value, double size, double labelWidth) {
    const double lineHeight = size * 1.4;
    const auto labelLines = wrapText(label, size, labelWidth - 6);
    const auto valueLines = wrapText(value.empty() ? "—" : value, size, contentWidth() - labelWidth);
    const size_t n = std::max(labelLines.size(), valueLines.size());
    for (size_t i = 0; i < n; ++i) {
        ensureSpace(lineHeight);
        m_y -= lineHeight;
        const double baseline = m_y + (lineHeight - size) / 2 + size * 0.12;
        if (i < labelLines.size()) page().text(left(), baseline, labelLines[i], size, {0.35, 0.35, 0.35});
        if (i < valueLines.size()) page().text(left() + labelWidth, baseline, valueLines[i], size);
    }
}

void PdfDocument::rule(Rgb colour) {
    ensureSpace(8);
    m_y -= 4;
    page().line(left(), m_y, right(), m_y, 0.5, colour);
    m_y -= 4;
}

std::string PdfDocument::addImage(const PdfImage& image) {
    std::string name = "Im" + std::to_string(m_images.size() + 1);
    m_images.push_back({name, image});
    return name;
}

std::string PdfDocument::finish(const DocumentInfo& info) {
    PdfWriter w;
    const int catalog = w.reserve();
    const int pagesId = w.reserve();
    const int resources = w.reserve();

    std::string xobjects;
    for (const auto& img : m_images)
        xobjects += "/" + img.name + " " + std::to_string(writeImage(w, img.image)) + " 0 R ";
    const std::string fonts = writeFonts(w);
    w.setObject(resources, "<< " + fonts + (xobjects.empty() ? "" : " /XObject << " + xobjects + ">>") + " >>");

    std::string kids;
    const size_t total = m_pages.size();
    for (size_t i = 0; i < total; ++i) {
        ContentStream& c = m_pages[i];
        const Rgb grey{0.45, 0.45, 0.45};
        c.line(left(), kMargin + 12, right(), kMargin + 12, 0.4, {0.75, 0.75, 0.75});
        if (!info.footer.empty()) c.text(left(), kMargin, info.footer, kFooterSize, grey);
        const std::string number = "第 " + std::to_string(i + 1) + " 页 / 共 " + std::to_string(total) + " 页  Page " +
                                   std::to_string(i + 1) + " of " + std::to_string(total);
        c.text(right() - textWidth(number, kFooterSize), kMargin, number, kFooterSize, grey);
        const int content = w.addStream("", c.bytes(), true);
        const int pageId = w.addObject("<< /Type /Page /Parent " + std::to_string(pagesId) +
                                       " 0 R /MediaBox [0 0 " + pdfNumber(kPageWidth) + " " + pdfNumber(kPageHeight) +
                                       "] /Resources " + std::to_string(resources) + " 0 R /Contents " +
                                       std::to_string(content) + " 0 R >>");
        kids += std::to_string(pageId) + " 0 R ";
    }
    w.setObject(pagesId, "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(total) + " >>");
    w.setObject(catalog, "<< /Type /Catalog /Pages " + std::to_string(pagesId) + " 0 R /Lang (zh-CN) >>");

    std::string infoDict = "<< /Producer (FieldSeal report) /Title " + pdfTextString(info.title);
    if (!info.author.empty()) infoDict += " /Author " + pdfTextString(info.author);
    if (!info.subject.empty()) infoDict += " /Subject " + pdfTextString(info.subject);
    if (!info.creationDate.empty()) infoDict += " /CreationDate " + pdfLiteral(info.creationDate);
    infoDict += " >>";
    const int infoId = w.addObject(infoDict);
    return w.finish(catalog, infoId);
}

} // namespace fieldseal::report
