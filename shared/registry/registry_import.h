#pragma once
// Importing the registry from CSV: an organisations file (uscc, name, kind, district[, address,
// contact][, status]; a deregistered status, 注销 or "deregistered", removes the organisation and
// its scope lines) or a CMA scope file (uscc, field, category, product, standard[, parameter]), told
// apart by their header. Header names may be English or Chinese (统一社会信用代码, 名称, 类型, 区,
// 地址, 联系方式, 领域, 类别, 产品, 参数, 标准); kinds and districts may be codes or Chinese names.
// Every row is checked (field count, required values, USCC check character, district, kind,
// duplicates in the file; for scope lines: the agency is in the registry and is an inspection and
// testing agency). Good rows are stored in one transaction; each bad row is reported with its
// line number and every reason, and changes nothing.

#include "registry_store.h"

#include <string>
#include <string_view>
#include <vector>

namespace fieldseal::registry {

enum class CsvKind { Organisations, Scope };

struct RejectedRow {
    size_t line = 0;
    std::string reason;              // every problem of the row, "; "-separated
    std::vector<std::string> fields; // as read, for the report
};

struct ImportReport {
    CsvKind kind = CsvKind::Organisations;
    std::vector<std::string> header; // as read
    size_t rows = 0;                 // data rows read
    size_t inserted = 0, updated = 0, unchanged = 0;
    size_t removed = 0; // organisations deregistered (status column) and taken out of the registry
    std::vector<RejectedRow> rejected;
};

struct ImportOptions {
    bool dryRun = false; // check everything, store nothing
};

// Errors (nothing stored) for file-level problems: empty file, malformed header, unknown or
// duplicated columns, required columns missing, a backend failure.
Result<ImportReport> importRegistryCsv(RegistryStore& store, std::string_view csvText,
                                       ImportOptions options = {});

// The rejected rows as CSV (line, reason, then the row's own columns under the file's header),
// UTF-8 with a byte-order mark, for the clerk who fixes the file.
std::string rejectedRowsCsv(const ImportReport& report);

// The organisation kind for a code or a Chinese name (检验检测机构 -> testing_agency); empty if none.
std::string normaliseKind(const std::string& value);
// The district code for a code, a Chinese name or an English name; empty if none.
std::string normaliseDistrict(const std::string& value);

} // namespace fieldseal::registry
