#include "registry_import.h"

#include "csv_reader.h"
#include "model/csv_field.h"
#include "model/districts.h"
#include "model/schema.h"
#include "model/uscc.h"

#include <algorithm>
#include <map>

namespace fieldseal::registry {
namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

std::string asciiLower(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// Canonical column name for each accepted header spelling.
const std::map<std::string, std::string>& headerAliases() {
    static const std::map<std::string, std::string> m = {
        {"uscc", "uscc"},           {"统一社会信用代码", "uscc"}, {"name", "name"},
        {"名称", "name"},           {"单位名称", "name"},         {"机构名称", "name"},
        {"kind", "kind"},           {"org_type", "kind"},         {"类型", "kind"},
        {"单位类型", "kind"},       {"district", "district"},     {"区", "district"},
        {"所在区", "district"},     {"address", "address"},       {"地址", "address"},
        {"contact", "contact"},     {"联系方式", "contact"},      {"field", "field"},
        {"领域", "field"},          {"category", "category"},     {"类别", "category"},
        {"product", "product"},     {"产品", "product"},          {"检测对象", "product"},
        {"parameter", "parameter"}, {"参数", "parameter"},        {"standard", "standard"},
        {"标准", "standard"},       {"依据标准", "standard"},     {"status", "status"},
        {"状态", "status"},         {"登记状态", "status"},
    };
    return m;
}

const std::vector<std::string> kOrganisationColumns = {"uscc",    "name",    "kind",  "district",
                                                       "address", "contact", "status"};
const std::vector<std::string> kOrganisationRequired = {"uscc", "name", "kind", "district"};
const std::vector<std::string> kScopeColumns = {"uscc",    "field",     "category",
                                                "product", "parameter", "standard"};
const std::vector<std::string> kScopeRequired = {"uscc", "field", "category", "product", "standard"};

Error fileError(const std::string& message) {
    return validationError(ErrorCode::InvalidInput, message);
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v)
        s += (s.empty() ? "" : ", ") + x;
    return s;
}

// One data row's values by canonical column name, trimmed.
using Row = std::map<std::string, std::string>;

struct Header {
    CsvKind kind;
    std::vector<std::string> columns; // canonical, by position
};

Result<Header> readHeader(const CsvRecord& rec) {
    if (!rec.error.empty()) return fileError("header (line " + std::to_string(rec.line) + "): " + rec.error);
    Header h;
    for (const auto& raw : rec.fields) {
        const std::string name = asciiLower(trim(raw));
        const auto it = headerAliases().find(name);
        if (it == headerAliases().end()) {
            return fileError("unknown column '" + trim(raw) + "' in the header; organisation files have " +
                             joined(kOrganisationColumns) + ", scope files have " + joined(kScopeColumns));
        }
        if (std::find(h.columns.begin(), h.columns.end(), it->second) != h.columns.end())
            return fileError("column '" + it->second + "' appears twice in the header");
        h.columns.push_back(it->second);
    }
    const bool scope = std::any_of(h.columns.begin(), h.columns.end(), [](const std::string& c) {
        return c == "field" || c == "category" || c == "product" || c == "parameter" || c == "standard";
    });
    h.kind = scope ? CsvKind::Scope : CsvKind::Organisations;
    const auto& allowed = scope ? kScopeColumns : kOrganisationColumns;
    const auto& required = scope ? kScopeRequired : kOrganisationRequired;
    for (const auto& c : h.columns) {
        if (std::find(allowed.begin(), allowed.end(), c) == allowed.end())
            return fileError("column '" + c + "' does not belong in a " + (scope ? "scope" : "organisation") +
                             " file (" + joined(allowed) + ")");
    }
    std::vector<std::string> missing;
    for (const auto& c : required)
        if (std::find(h.columns.begin(), h.columns.end(), c) == h.columns.end()) missing.push_back(c);
    if (!missing.empty())
        return fileError(std::string(scope ? "scope" : "organisation") +
                         " file lacks required column(s): " + joined(missing));
    return h;
}

void requireValues(const Row& row, const std::vector<std::string>& required,
                   std::vector<std::string>& problems) {
    for (const auto& c : required)
        if (row.at(c).empty()) problems.push_back(c + " is empty");
}

void checkUscc(Row& row, std::vector<std::string>& problems) {
    std::string& uscc = row["uscc"];
    std::transform(uscc.begin(), uscc.end(), uscc.begin(),
                   [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; });
    if (uscc.empty()) return;
    if (auto s = validateUscc(uscc); !s) problems.push_back(s.error().message);
}

// The optional status column of an organisations file: empty or a registered state keeps the
// organisation; a deregistered one (注销, 吊销, ...) removes it and its scope from the registry.
enum class OrgStatus { Registered, Deregistered, Unknown };

OrgStatus parseStatus(const std::string& value) {
    static const std::set<std::string> registered = {"",   "active", "registered", "存续", "在业",
                                                     "开业", "在营", "正常"};
    static const std::set<std::string> deregistered = {"deregistered", "cancelled", "revoked", "removed",
                                                       "注销",         "吊销",      "撤销",    "已注销"};
    const std::string v = asciiLower(value);
    if (registered.count(v)) return OrgStatus::Registered;
    if (deregistered.count(v)) return OrgStatus::Deregistered;
    return OrgStatus::Unknown;
}

struct Importer {
    RegistryStore& store;
    Header header;
    ImportReport& report;
    std::map<std::string, size_t> seenUscc;               // organisations: USCC -> line
    std::map<std::vector<std::string>, size_t> seenScope; // scope line -> line
    std::set<std::int64_t> touched;                       // organisations whose scope changed

    void reject(const CsvRecord& rec, const std::vector<std::string>& problems) {
        std::string reason;
        for (const auto& p : problems)
            reason += (reason.empty() ? "" : "; ") + p;
        report.rejected.push_back({rec.line, reason, rec.fields});
    }

    void organisationRow(const CsvRecord& rec, Row row) {
        std::vector<std::string> problems;
        requireValues(row, kOrganisationRequired, problems);
        checkUscc(row, problems);
        RegistryOrganisation org;
        org.uscc = row["uscc"];
        org.name = row["name"];
        org.address = row["address"];
        org.contact = row["contact"];
        if (!row["kind"].empty()) {
            org.kind = normaliseKind(row["kind"]);
            if (org.kind.empty())
                problems.push_back("kind '" + row["kind"] + "' is not a known organisation kind");
        }
        if (!row["district"].empty()) {
            org.district = normaliseDistrict(row["district"]);
            if (org.district.empty())
                problems.push_back("district '" + row["district"] + "' is not a known district");
        }
        const OrgStatus status = parseStatus(row["status"]);
        if (status == OrgStatus::Unknown)
            problems.push_back("status '" + row["status"] + "' is neither registered (存续) nor deregistered (注销)");
        if (!org.uscc.empty()) {
            const auto [it, fresh] = seenUscc.emplace(org.uscc, rec.line);
            if (!fresh)
                problems.push_back("duplicate: " + org.uscc + " already on line " +
                                   std::to_string(it->second));
        }
        if (!problems.empty()) return reject(rec, problems);
        if (status == OrgStatus::Deregistered) {
            if (store.removeOrganisation(org.uscc)) ++report.removed;
            else ++report.unchanged; // not in the registry: nothing to remove
            return;
        }
        switch (store.upsertOrganisation(org)) {
        case Upsert::Inserted:
            ++report.inserted;
            break;
        case Upsert::Updated:
            ++report.updated;
            break;
        case Upsert::Unchanged:
            ++report.unchanged;
            break;
        }
    }

    void scopeRow(const CsvRecord& rec, Row row) {
        std::vector<std::string> problems;
        requireValues(row, kScopeRequired, problems);
        checkUscc(row, problems);
        const ScopeEntry e{row["uscc"],    row["field"],     row["category"],
                           row["product"], row["parameter"], row["standard"]};
        std::optional<RegistryOrganisation> org;
        if (problems.empty()) {
            org = store.findOrganisation(e.uscc);
            if (!org) {
                problems.push_back("organisation " + e.uscc +
                                   " is not in the registry (import the organisations first)");
            } else if (org->kind != "testing_agency") {
                problems.push_back(org->name + " (" + e.uscc + ") is a " + org->kind +
                                   "; CMA scope belongs to inspection and testing agencies (testing_agency)");
            }
        }
        const std::vector<std::string> key = {e.uscc,    e.field,     e.category,
                                              e.product, e.parameter, e.standard};
        const auto [it, fresh] = seenScope.emplace(key, rec.line);
        if (!fresh) problems.push_back("duplicate of the scope line on line " + std::to_string(it->second));
        if (!problems.empty()) return reject(rec, problems);
        if (store.addScope(org->rowId, e)) {
            ++report.inserted;
            touched.insert(org->rowId);
        } else {
            ++report.unchanged;
        }
    }
};

} // namespace

std::string normaliseKind(const std::string& value) {
    static const std::map<std::string, std::string> zh = {{"生产企业", "manufacturer"},
                                                          {"生产者", "manufacturer"},
                                                          {"认证机构", "certification_body"},
                                                          {"检验检测机构", "testing_agency"},
                                                          {"参展商", "exhibitor"},
                                                          {"销售者", "seller"},
                                                          {"销售企业", "seller"},
                                                          {"进口商", "importer"},
                                                          {"其他", "other"}};
    const std::string v = asciiLower(trim(value));
    const auto& kinds = findRecordType("organisation")->findField("org_type")->values;
    if (std::find(kinds.begin(), kinds.end(), v) != kinds.end()) return v;
    const auto it = zh.find(v);
    return it == zh.end() ? std::string() : it->second;
}

std::string normaliseDistrict(const std::string& value) {
    const std::string v = trim(value);
    for (const auto& d : districts()) {
        if (d.code == v || d.nameZh == v || asciiLower(d.nameEn) == asciiLower(v)) return d.code;
    }
    return {};
}

Result<ImportReport> importRegistryCsv(RegistryStore& store, std::string_view csvText,
                                       ImportOptions options) {
    const std::vector<CsvRecord> records = readCsv(csvText);
    if (records.empty()) return fileError("the file is empty: expected a header line and rows");
    auto header = readHeader(records.front());
    if (!header) return header.error();
    ImportReport report;
    report.kind = header->kind;
    report.header = records.front().fields;
    try {
        sqlite::SqliteTransaction tx(store.database());
        Importer importer{store, *header, report, {}, {}, {}};
        for (size_t i = 1; i < records.size(); ++i) {
            const CsvRecord& rec = records[i];
            ++report.rows;
            if (!rec.error.empty()) {
                importer.reject(rec, {rec.error});
                continue;
            }
            if (rec.fields.size() != header->columns.size()) {
                importer.reject(rec, {"has " + std::to_string(rec.fields.size()) +
                                      " fields, the header has " + std::to_string(header->columns.size())});
                continue;
            }
            Row row;
            for (const auto& c : header->kind == CsvKind::Scope ? kScopeColumns : kOrganisationColumns)
                row[c];
            for (size_t c = 0; c < rec.fields.size(); ++c)
                row[header->columns[c]] = trim(rec.fields[c]);
            if (header->kind == CsvKind::Scope)
                importer.scopeRow(rec, std::move(row));
            else
                importer.organisationRow(rec, std::move(row));
        }
        store.refreshSearchIndex(importer.touched);
        if (!options.dryRun) tx.commit(); // a dry run rolls back in ~SqliteTransaction
    } catch (const StoreFailure& e) {
        return Error{ErrorDomain::Store, ErrorCode::StoreFailure,
                     std::string("registry import: ") + e.what()};
    }
    return report;
}

std::string rejectedRowsCsv(const ImportReport& report) {
    std::string out = "\xEF\xBB\xBFline,reason";
    for (const auto& h : report.header)
        out += ',' + csvField(h);
    out += "\r\n";
    for (const auto& r : report.rejected) {
        out += std::to_string(r.line) + ',' + csvField(r.reason);
        for (const auto& f : r.fields)
            out += ',' + csvField(f);
        out += "\r\n";
    }
    return out;
}

} // namespace fieldseal::registry
