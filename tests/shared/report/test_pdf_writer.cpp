// The PDF writer: files that poppler opens, Chinese and Latin text that pdftotext reads back and
// pdftoppm draws, JPEG and PNG images where they were placed, line breaking, page breaks, and the
// same bytes for the same content.
#include "pdf_test_tools.h"
#include "report/pdf_document.h"
#include "report/pdf_fonts.h"
#include "report/pdf_image.h"
#include "report/pdf_writer.h"
#include "report/text_layout.h"

#include <QTemporaryDir>
#include <cstdlib>
#include <QtTest>

using namespace fieldseal::report;
using namespace fieldseal::report::test;

namespace {

// Pixels of the page (rendered at `dpi`) in the box given in PDF points (origin bottom left).
struct Region {
    int dark = 0, red = 0, blue = 0, total = 0;
};

Region inspect(const Pixmap& p, double dpi, double x, double y, double w, double h) {
    Region r;
    const double s = dpi / 72.0;
    const int x0 = static_cast<int>(x * s), x1 = static_cast<int>((x + w) * s);
    const int y0 = static_cast<int>(p.height - (y + h) * s), y1 = static_cast<int>(p.height - y * s);
    for (int py = std::max(0, y0); py < std::min(p.height, y1); ++py)
        for (int px = std::max(0, x0); px < std::min(p.width, x1); ++px) {
            const unsigned char* c = p.at(px, py);
            ++r.total;
            if (c[0] < 100 && c[1] < 100 && c[2] < 100) ++r.dark;
            if (c[0] > 180 && c[1] < 80 && c[2] < 80) ++r.red;
            if (c[2] > 180 && c[0] < 80 && c[1] < 120) ++r.blue;
        }
    return r;
}

// A "Name:   value" line of pdfinfo's output.
std::string infoField(const std::string& out, const std::string& name) {
    const auto at = out.find("\n" + name + ":");
    if (at == std::string::npos) return {};
    auto v = out.substr(at + name.size() + 2);
    v = v.substr(0, v.find('\n'));
    v.erase(0, v.find_first_not_of(' '));
    return v;
}

} // namespace

class TestPdfWriter : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    std::string path(const std::string& name) { return (m_dir.path() + "/").toStdString() + name; }

    // Renders page `page` of the PDF at `dpi` and returns it.
    Pixmap render(const std::string& pdf, int page, int dpi) {
        const std::string file = path("render.pdf");
        writeFile(file, pdf);
        const auto r = runProcess(
            "pdftoppm", {"-r", QString::number(dpi), "-f", QString::number(page), "-l", QString::number(page),
                         "-singlefile", QString::fromStdString(file), QString::fromStdString(path("page"))});
        if (r.exitCode != 0) throw std::runtime_error("pdftoppm failed: " + r.err);
        return readPpm(readFile(path("page.ppm")));
    }

    std::string pdfText(const std::string& pdf) {
        const std::string file = path("text.pdf");
        writeFile(file, pdf);
        const auto r = runProcess("pdftotext", {"-enc", "UTF-8", QString::fromStdString(file), "-"});
        if (r.exitCode != 0) throw std::runtime_error("pdftotext failed: " + r.err);
        return r.out;
    }

    static std::string sample(const std::string& extraImage = {}) {
        PdfDocument doc;
        doc.page().text(60, 760, "现场检查报告 Inspection report", 20);
        doc.page().line(50, 740, 545, 740, 1, {0, 0, 0});
        doc.page().rect(50, 600, 200, 100, 2, {0, 0, 0});
        const std::string red = doc.addImage(pngImage(solidPng(40, 20, 230, 20, 20)).value());
        doc.page().image(red, 300, 600, 200, 100);
        if (!extraImage.empty()) doc.page().image(doc.addImage(loadImage(extraImage).value()), 300, 450, 200, 100);
        doc.moveDown(400);
        doc.paragraph("上海童趣玩具制造有限公司 Shanghai Tongqu Toys Co., Ltd.", 11);
        return doc.finish({"测试 Test", "FieldSeal", "", "FieldSeal · test", ""});
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void opensInPdfinfo() {
        const std::string pdf = sample();
        QVERIFY(pdf.rfind("%PDF-1.7\n", 0) == 0);
        writeFile(path("info.pdf"), pdf);
        const auto r = runProcess("pdfinfo", {QString::fromStdString(path("info.pdf"))});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        QVERIFY2(r.err.empty(), r.err.c_str()); // no syntax warnings either (xref offsets, lengths)
        QCOMPARE(infoField(r.out, "Pages"), std::string("1"));
        QCOMPARE(infoField(r.out, "PDF version"), std::string("1.7"));
        QVERIFY(r.out.find("测试 Test") != std::string::npos); // the UTF-16 title
    }

    void textIsExtractable() {
        const std::string text = pdfText(sample());
        QVERIFY2(text.find("现场检查报告") != std::string::npos, text.c_str());
        QVERIFY(text.find("Inspection report") != std::string::npos);
        QVERIFY(text.find("上海童趣玩具制造有限公司") != std::string::npos);
        QVERIFY(text.find("Page 1 of 1") != std::string::npos);
    }

    void chineseGlyphsAndImagesRender() {
        const Pixmap p = render(sample(), 1, 72);
        QVERIFY(p.width == 595 || p.width == 596); // A4 at 72 dpi, rounded either way
        // The Chinese title (x 60..260, baseline 760): glyphs are drawn, not left blank.
        const Region title = inspect(p, 72, 60, 755, 120, 22);
        QVERIFY2(title.dark > 150, qPrintable(QString::number(title.dark)));
        // The red PNG fills its box; the empty rectangle's inside stays white.
        QVERIFY(inspect(p, 72, 310, 610, 180, 80).red > 180 * 80 * 9 / 10);
        QCOMPARE(inspect(p, 72, 60, 610, 180, 80).dark, 0);
    }

    void jpegIsEmbeddedAsIs() {
        // A JPEG from poppler itself: a page with a blue image, rendered with -jpeg.
        PdfDocument doc;
        doc.page().image(doc.addImage(pngImage(solidPng(8, 8, 10, 40, 220)).value()), 0, 0, PdfDocument::kPageWidth,
                         PdfDocument::kPageHeight);
        writeFile(path("blue.pdf"), doc.finish({"blue", "", "", "", ""}));
        const auto r = runProcess("pdftoppm", {"-jpeg", "-r", "10", "-singlefile",
                                               QString::fromStdString(path("blue.pdf")),
                                               QString::fromStdString(path("blue"))});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const std::string jpeg = readFile(path("blue.jpg"));
        const auto img = jpegImage(jpeg);
        QVERIFY2(img.ok(), img ? "" : img.error().message.c_str());
        QCOMPARE(img->width, 83); // A4 at 10 dpi
        QCOMPARE(img->height, 117);
        QCOMPARE(img->colourSpace, std::string("/DeviceRGB"));
        QVERIFY(img->dct);
        const std::string pdf = sample(jpeg);
        QVERIFY(pdf.find("/Filter /DCTDecode") != std::string::npos);
        QVERIFY(pdf.find(jpeg) != std::string::npos); // the file itself, unchanged
        QVERIFY(inspect(render(pdf, 1, 72), 72, 310, 460, 180, 80).blue > 180 * 80 * 9 / 10);

        QVERIFY(!jpegImage("\xFF\xD8\xFF\xE0\x00\x10JFIF").ok()); // truncated
        QVERIFY(!jpegImage(jpeg.substr(0, 20)).ok());
    }

    void largeJpegBecomesAThumbnail() {
        // A camera-sized JPEG (A4 at 150 dpi: 1240 x 1754) from poppler: the top half blue, the
        // bottom half grain that compresses badly, as photos do.
        std::string grain;
        std::uint32_t x = 7;
        for (int i = 0; i < 300 * 300 * 3; ++i) {
            x = x * 1664525u + 1013904223u;
            grain += static_cast<char>(x >> 24);
        }
        PdfDocument doc;
        doc.page().image(doc.addImage(pngImage(makePng(300, 300, 2, grain)).value()), 0, 0, PdfDocument::kPageWidth,
                         PdfDocument::kPageHeight / 2);
        doc.page().image(doc.addImage(pngImage(solidPng(8, 8, 10, 40, 220)).value()), 0, PdfDocument::kPageHeight / 2,
                         PdfDocument::kPageWidth, PdfDocument::kPageHeight / 2);
        writeFile(path("camera.pdf"), doc.finish({"camera", "", "", "", ""}));
        const auto r = runProcess("pdftoppm", {"-jpeg", "-jpegopt", "quality=95", "-r", "150", "-singlefile",
                                               QString::fromStdString(path("camera.pdf")),
                                               QString::fromStdString(path("camera"))});
        QVERIFY2(r.exitCode == 0, r.err.c_str());
        const std::string jpeg = readFile(path("camera.jpg"));
        QVERIFY2(jpeg.size() > 800'000, qPrintable(QString::number(jpeg.size())));

        const auto thumb = jpegThumbnail(jpeg, 480);
        QVERIFY2(thumb.ok(), thumb ? "" : thumb.error().message.c_str());
        QCOMPARE(thumb->height, 480); // the longest side fits the box, the aspect ratio is kept
        QVERIFY2(std::abs(thumb->width - 339) <= 1, qPrintable(QString::number(thumb->width))); // 1240 * 480 / 1754
        QVERIFY(thumb->dct);
        QCOMPARE(thumb->colourSpace, std::string("/DeviceRGB"));
        QVERIFY2(thumb->data.size() * 8 < jpeg.size(), qPrintable(QString::number(thumb->data.size())));
        const auto reread = jpegImage(thumb->data); // a JPEG again, with the new size in its frame
        QVERIFY(reread.ok());
        QCOMPARE(reread->width, thumb->width);
        QCOMPARE(jpegThumbnail(jpeg, 480)->data, thumb->data); // deterministic, as reports must be

        // In a PDF: a fraction of the photo's size, and it still renders (blue on top).
        const auto pageWith = [&](const PdfImage& img) {
            PdfDocument d;
            d.page().image(d.addImage(img), 100, 300, 339, 480); // the photo's shape, in points
            return d.finish({"thumb", "", "", "", ""});
        };
        const std::string small = pageWith(loadImage(jpeg, 480).value());
        const std::string whole = pageWith(loadImage(jpeg).value());
        QVERIFY(whole.size() > jpeg.size());
        QVERIFY2(small.size() * 8 < whole.size(), qPrintable(QString::number(small.size())));
        const Pixmap p = render(small, 1, 72);
        QVERIFY(inspect(p, 72, 110, 560, 319, 200).blue > 319 * 200 * 9 / 10);
        QVERIFY(inspect(p, 72, 110, 320, 319, 200).blue < 319 * 200 / 10); // the grain half

        // A JPEG that already fits is embedded as it is; a broken one is refused.
        const auto fits = jpegThumbnail(thumb->data, 480);
        QCOMPARE(fits->data, thumb->data);
        // A frame header of 2000 x 2000 and no image data: the markers pass, libjpeg refuses.
        const std::string frameOnly = std::string("\xFF\xD8\xFF\xC0\x00\x11\x08\x07\xD0\x07\xD0\x03"
                                                  "\x01\x22\x00\x02\x11\x01\x03\x11\x01\xFF\xD9",
                                                  23);
        QVERIFY(jpegImage(frameOnly).ok());
        const auto refused = jpegThumbnail(frameOnly, 480);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.rfind("JPEG: ", 0) == 0, refused.error().message.c_str());
    }

    void pngKinds() {
        // grey, palette with transparency, grey+alpha, RGBA with the Sub filter
        auto grey = pngImage(makePng(2, 1, 0, std::string("\x00\xFF", 2)));
        QVERIFY(grey.ok());
        QCOMPARE(grey->colourSpace, std::string("/DeviceGray"));
        QCOMPARE(grey->data, std::string("\x00\xFF", 2));
        auto pal = pngImage(makePng(2, 1, 3, std::string("\x01\x00", 2), std::string("\xFF\x00\x00\x00\x00\xFF", 6),
                                    std::string("\x80", 1)));
        QVERIFY(pal.ok());
        QCOMPARE(pal->data, std::string("\x00\x00\xFF\xFF\x00\x00", 6));
        QCOMPARE(pal->alpha, std::string("\xFF\x80", 2));
        auto rgba = pngImage(makePng(2, 1, 6, std::string("\x10\x20\x30\xFF\x11\x22\x33\x40", 8), {}, {}, 1));
        QVERIFY(rgba.ok());
        QCOMPARE(rgba->data, std::string("\x10\x20\x30\x11\x22\x33", 6));
        QCOMPARE(rgba->alpha, std::string("\xFF\x40", 2));
        // scaled down to fit 50 x 50, aspect kept
        auto big = pngImage(solidPng(200, 100, 1, 2, 3), 50);
        QVERIFY(big.ok());
        QCOMPARE(big->width, 50);
        QCOMPARE(big->height, 25);
        QCOMPARE(big->data.substr(0, 3), std::string("\x01\x02\x03", 3));
        // refused: 16-bit, interlaced-less corruption (CRC), not a PNG
        QVERIFY(!pngImage(makePng(1, 1, 0, std::string("\x00\x00", 2), {}, {}, 0, 16)).ok());
        std::string broken = solidPng(4, 4, 1, 2, 3);
        broken[broken.size() - 20] ^= 1;
        QVERIFY(!pngImage(broken).ok());
        QVERIFY(!loadImage("GIF89a").ok());
    }

    void wrapping() {
        const double size = 10;
        const std::string zh = "检查发现：该企业生产的塑胶积木玩具（型号 TQ-100）的小零件不符合 GB 6675.2-2014 第 4.4 条的要求，"
                               "责令限期整改，并于三十日内提交整改报告。";
        const auto lines = wrapText(zh, size, 150);
        QVERIFY(lines.size() > 3);
        std::string joined;
        for (const auto& l : lines) {
            QVERIFY2(textWidth(l, size) <= 150.01, l.c_str());
            QVERIFY2(l.rfind("，", 0) != 0 && l.rfind("。", 0) != 0 && l.rfind("）", 0) != 0, l.c_str());
            joined += l;
        }
        // Nothing lost but the spaces at the breaks.
        auto strip = [](std::string s) {
            s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
            return s;
        };
        QCOMPARE(strip(joined), strip(zh));
        // Latin breaks between words; a word longer than the line is cut.
        QCOMPARE(wrapText("alpha beta gamma", 10, textWidth("alpha beta", 10) + 1),
                 (std::vector<std::string>{"alpha beta", "gamma"}));
        const auto hash = wrapText(std::string(64, 'a'), 10, 100);
        QVERIFY(hash.size() > 1);
        QCOMPARE(wrapText("a\nb", 10, 100), (std::vector<std::string>{"a", "b"}));
    }

    void pageBreaksAndNumbers() {
        PdfDocument doc;
        for (int i = 0; i < 120; ++i)
            doc.paragraph("第 " + std::to_string(i) + " 行 line " + std::to_string(i), 10);
        const std::string pdf = doc.finish({"pages", "", "", "", ""});
        writeFile(path("pages.pdf"), pdf);
        const auto info = runProcess("pdfinfo", {QString::fromStdString(path("pages.pdf"))});
        QCOMPARE(infoField(info.out, "Pages"), std::string("3"));
        const std::string text = pdfText(pdf);
        QVERIFY(text.find("第 119 行 line 119") != std::string::npos);
        QVERIFY(text.find("Page 3 of 3") != std::string::npos);
    }

    void sameContentSameBytes() {
        QCOMPARE(sample(), sample());
        PdfDocument doc;
        doc.paragraph("x", 10);
        QVERIFY(doc.finish({"t", "", "", "", ""}).find("CreationDate") == std::string::npos);
    }

    void numbersAndStrings() {
        QCOMPARE(pdfNumber(12.5), std::string("12.5"));
        QCOMPARE(pdfNumber(-0.0001), std::string("0"));
        QCOMPARE(pdfNumber(3), std::string("3"));
        QCOMPARE(pdfLiteral("a(b)\\"), std::string("(a\\(b\\)\\\\)"));
        QCOMPARE(pdfTextString("中"), std::string("<FEFF4E2D>"));
        QCOMPARE(pdfTextString("\xF0\x9F\x98\x80"), std::string("<FEFFD83DDE00>")); // U+1F600 as a surrogate pair
    }
};

QTEST_APPLESS_MAIN(TestPdfWriter)
#include "test_pdf_writer.moc"
