#pragma once
// PdfDocument: A4 pages filled from top to bottom. It keeps a cursor, breaks pages when a block
// does not fit, numbers the pages in the footer ("第 i 页 / 共 n 页  Page i of n") and writes the
// file through PdfWriter. Everything a page shows is drawn through ContentStream.

#include "pdf_content.h"
#include "pdf_image.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fieldseal::report {

struct DocumentInfo {
    std::string title;
    std::string author;
    std::string subject;
    std::string footer;       // shown left in every footer (e.g. the document's id)
    std::string creationDate; // PDF date "D:20261126083000Z", or empty (no date: the output stays deterministic)
};

class PdfDocument {
public:
    static constexpr double kPageWidth = 595.28, kPageHeight = 841.89; // A4 in points
    static constexpr double kMargin = 50;

    PdfDocument();

    double left() const { return kMargin; }
    double right() const { return kPageWidth - kMargin; }
    double contentWidth() const { return right() - left(); }
    double y() const { return m_y; } // the top of the free space
    void moveDown(double points) { m_y -= points; }

    // Starts a new page unless `height` points still fit above the bottom margin.
    void ensureSpace(double height);
    void newPage();
    ContentStream& page() { return m_pages.back(); }

    // Wrapped text at the cursor, from x = left() + indent, flowing onto new pages.
    void paragraph(std::string_view utf8, double size, double indent = 0, Rgb colour = {}, bool bold = false,
                   double leading = 1.4);
    // A label in a fixed column and its (wrapped) value beside it.
    void labelled(std::string_view label, std::string_view value, double size, double labelWidth);
    // A thin horizontal rule across the content width.
    void rule(Rgb colour = {0.7, 0.7, 0.7});

    // Registers an image; returns its resource name for ContentStream::image.
    std::string addImage(const PdfImage& image);

    std::string finish(const DocumentInfo& info);

private:
    struct PendingImage {
        std::string name;
        PdfImage image;
    };
    std::vector<ContentStream> m_pages;
    std::vector<PendingImage> m_images;
    double m_y = 0;
};

} // namespace fieldseal::report
