#pragma once
// PdfWriter: the file structure of a PDF 1.7 document — numbered indirect objects, streams
// (Flate-compressed on request), the cross-reference table and the trailer. It knows nothing of
// pages or text: callers write dictionaries as text ("<< /Type /Page ... >>") and refer to other
// objects by the numbers reserve() hands out.
//
// Output is a pure function of the calls made: no dates, no random /ID (the document has no
// /ID; PDF 1.7 requires one only for encrypted files), so the same content gives the same bytes.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fieldseal::report {

class PdfWriter {
public:
    // A new object number; its content is given later by setObject/setStream.
    int reserve();
    // The object's body, e.g. "<< /Type /Catalog /Pages 2 0 R >>".
    void setObject(int number, std::string body);
    // A stream object: `dictEntries` go inside its dictionary ("/Subtype /Image ..."); /Length
    // (and /Filter /FlateDecode when `compress`) are added here.
    void setStream(int number, std::string_view dictEntries, std::string_view data, bool compress);

    int addObject(std::string body);
    int addStream(std::string_view dictEntries, std::string_view data, bool compress);

    // The whole file. `catalog` and `info` (0: none) are the trailer's /Root and /Info.
    // Throws std::logic_error if a reserved object was never set (a programmer error).
    std::string finish(int catalog, int info) const;

private:
    std::vector<std::string> m_objects; // serialised bodies, index = number - 1
    std::vector<bool> m_set;
};

// Deflate (zlib format, best compression): the bytes of a /FlateDecode stream.
std::string deflate(std::string_view data);

// A PDF literal string "(...)" with \, ( and ) escaped; bytes outside printable ASCII as \ddd.
std::string pdfLiteral(std::string_view bytes);
// A PDF text string for document metadata (/Title ...): literal when ASCII, otherwise UTF-16BE
// with a byte-order mark, as hex.
std::string pdfTextString(std::string_view utf8);
// A number for content streams: at most 3 decimals, no exponent, no trailing zeros ("12.5", "-3").
std::string pdfNumber(double value);

} // namespace fieldseal::report
