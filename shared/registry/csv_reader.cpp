#include "csv_reader.h"

namespace fieldseal::registry {

bool isValidUtf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        size_t len;
        std::uint32_t cp;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > s.size()) return false;
        for (size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        const std::uint32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < minimum[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

std::vector<CsvRecord> readCsv(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    std::vector<CsvRecord> records;
    size_t pos = 0, line = 1;
    while (pos < text.size()) {
        CsvRecord rec;
        rec.line = line;
        std::string field;
        bool recordDone = false;
        // Skips to the end of the current physical line after an error, counting it.
        auto abandonLine = [&](std::string message) {
            rec.error = std::move(message);
            while (pos < text.size() && text[pos] != '\n')
                ++pos;
            if (pos < text.size()) {
                ++pos;
                ++line;
            }
            recordDone = true;
        };
        if (text[pos] == '\n' || text.substr(pos, 2) == "\r\n") { // blank line
            pos += text[pos] == '\n' ? 1 : 2;
            ++line;
            continue;
        }
        while (!recordDone) {
            if (pos < text.size() && text[pos] == '"') {
                // Quoted field: runs to the next quote not doubled.
                const size_t openLine = line;
                ++pos;
                bool closed = false;
                while (pos < text.size()) {
                    const char c = text[pos];
                    if (c == '"') {
                        if (pos + 1 < text.size() && text[pos + 1] == '"') {
                            field += '"';
                            pos += 2;
                            continue;
                        }
                        ++pos;
                        closed = true;
                        break;
                    }
                    if (c == '\n') ++line;
                    field += c;
                    ++pos;
                }
                if (!closed) {
                    rec.error =
                        "quoted field opened on line " + std::to_string(openLine) + " is never closed";
                    recordDone = true;
                    break;
                }
                if (pos < text.size() && text[pos] != ',' && text[pos] != '\n' &&
                    text.substr(pos, 2) != "\r\n") {
                    abandonLine("characters after the closing quote of a field");
                    break;
                }
            } else {
                while (pos < text.size() && text[pos] != ',' && text[pos] != '\n' &&
                       text.substr(pos, 2) != "\r\n") {
                    if (text[pos] == '"') break;
                    field += text[pos++];
                }
                if (pos < text.size() && text[pos] == '"') {
                    abandonLine(
                        "a quote inside an unquoted field (quote the whole field and double the quote)");
                    break;
                }
            }
            rec.fields.push_back(std::move(field));
            field.clear();
            if (pos >= text.size()) {
                recordDone = true;
            } else if (text[pos] == ',') {
                ++pos;
                if (pos >= text.size()) { // a trailing comma ends the file: one more empty field
                    rec.fields.emplace_back();
                    recordDone = true;
                }
            } else {
                pos += text[pos] == '\n' ? 1 : 2;
                ++line;
                recordDone = true;
            }
        }
        if (rec.error.empty()) {
            for (const auto& f : rec.fields) {
                if (!isValidUtf8(f)) {
                    rec.error = "not valid UTF-8 (save the file as UTF-8)";
                    break;
                }
            }
        }
        records.push_back(std::move(rec));
    }
    return records;
}

} // namespace fieldseal::registry
