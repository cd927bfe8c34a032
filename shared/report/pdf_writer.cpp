#include "pdf_writer.h"

#include "utf8.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <zlib.h>

namespace fieldseal::report {

int PdfWriter::reserve() {
    m_objects.emplace_back();
    m_set.push_back(false);
    return static_cast<int>(m_objects.size());
}

void PdfWriter::setObject(int number, std::string body) {
    if (number < 1 || number > static_cast<int>(m_objects.size()))
        throw std::logic_error("PdfWriter: object " + std::to_string(number) + " was not reserved");
    m_objects[static_cast<size_t>(number - 1)] = std::move(body);
    m_set[static_cast<size_t>(number - 1)] = true;
}

void PdfWriter::setStream(int number, std::string_view dictEntries, std::string_view data, bool compress) {
    const std::string packed = compress ? deflate(data) : std::string(data);
    std::string body = "<< ";
    body += dictEntries;
    if (compress) body += " /Filter /FlateDecode";
    body += " /Length " + std::to_string(packed.size()) + " >>\nstream\n";
    body += packed;
    body += "\nendstream";
    setObject(number, std::move(body));
}

int PdfWriter::addObject(std::string body) {
    const int n = reserve();
    setObject(n, std::move(body));
    return n;
}

int PdfWriter::addStream(std::string_view dictEntries, std::string_view data, bool compress) {
    const int n = reserve();
    setStream(n, dictEntries, data, compress);
    return n;
}

std::string PdfWriter::finish(int catalog, int info) const {
    // The binary comment line tells transfer tools the file is binary (PDF 1.7, 7.5.2).
    std::string out = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
    std::vector<size_t> offsets;
    offsets.reserve(m_objects.size());
    for (size_t i = 0; i < m_objects.size(); ++i) {
        if (!m_set[i]) throw std::logic_error("PdfWriter: object " + std::to_string(i + 1) + " was never written");
        offsets.push_back(out.size());
        out += std::to_string(i + 1) + " 0 obj\n";
        out += m_objects[i];
        out += "\nendobj\n";
    }
    const size_t xref = out.size();
    out += "xref\n0 " + std::to_string(m_objects.size() + 1) + "\n0000000000 65535 f\r\n";
    char line[24];
    for (size_t offset : offsets) {
        std::snprintf(line, sizeof line, "%010zu 00000 n\r\n", offset); // each entry exactly 20 bytes
        out += line;
    }
    out += "trailer\n<< /Size " + std::to_string(m_objects.size() + 1) + " /Root " + std::to_string(catalog) + " 0 R";
    if (info > 0) out += " /Info " + std::to_string(info) + " 0 R";
    out += " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return out;
}

std::string deflate(std::string_view data) {
    uLongf size = compressBound(static_cast<uLong>(data.size()));
    std::string out(size, '\0');
    const int rc = compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                             reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()),
                             Z_BEST_COMPRESSION);
    if (rc != Z_OK) throw std::runtime_error("zlib compress2 failed"); // only on out-of-memory
    out.resize(size);
    return out;
}

std::string pdfLiteral(std::string_view bytes) {
    std::string out = "(";
    for (unsigned char c : bytes) {
        if (c == '\\' || c == '(' || c == ')') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 32 || c > 126) {
            char esc[5];
            std::snprintf(esc, sizeof esc, "\\%03o", c);
            out += esc;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + ")";
}

std::string pdfTextString(std::string_view utf8) {
    bool ascii = true;
    for (unsigned char c : utf8)
        ascii = ascii && c >= 32 && c < 127;
    if (ascii) return pdfLiteral(utf8);
    std::string out = "<FEFF";
    char hex[12];
    for (char32_t cp : decodeUtf8(utf8)) {
        if (cp > 0xFFFF) { // a surrogate pair
            const char32_t v = cp - 0x10000;
            std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(0xD800 + (v >> 10)));
            out += hex;
            cp = 0xDC00 + (v & 0x3FF);
        }
        std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(cp));
        out += hex;
    }
    return out + ">";
}

std::string pdfNumber(double value) {
    if (!std::isfinite(value)) throw std::logic_error("pdfNumber: not a finite number");
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", value);
    std::string s = buf;
    while (!s.empty() && s.back() == '0')
        s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    if (s == "-0") s = "0";
    return s;
}

} // namespace fieldseal::report
