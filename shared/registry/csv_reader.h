#pragma once
// CSV as RFC 4180 describes it (quoted fields with doubled quotes, CRLF or LF line ends, line
// breaks inside quoted fields), UTF-8 with an optional byte-order mark. A malformed record does
// not stop the reader: it is returned with an error and reading resumes at the next line, so an
// import can report every bad row at once.

#include <string>
#include <string_view>
#include <vector>

namespace fieldseal::registry {

struct CsvRecord {
    size_t line = 0;                 // 1-based line of the file where the record starts
    std::vector<std::string> fields; // unquoted
    std::string error;               // non-empty: the record is malformed (fields incomplete)
};

// All records of `text`; blank lines (no characters at all) are skipped.
std::vector<CsvRecord> readCsv(std::string_view text);

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool isValidUtf8(std::string_view s);

} // namespace fieldseal::registry
