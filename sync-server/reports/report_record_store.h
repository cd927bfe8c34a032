#pragma once
// ReportRecordStore: the issued inspection reports' records (one per approval), the database
// half of the archive whose files are under DATA/reports (report_archive.h). A report exists when
// its record does: the record is inserted in the transaction that appends its "report.issued"
// audit row, after the PDF file is in place, so a crash leaves either both or a stray file that
// is drawn again. The seal columns are set with the "report.sealed" audit row, after the seal
// file is in place. Store-level interface: never locks (callers hold ServerDatabase::lock()).
// Failures throw StoreFailure.

#include <cstdint>
#include <optional>
#include <string>

namespace fieldseal::server {

struct ReportRecord {
    std::string inspectionId;
    std::string version; // the approval op id
    std::string pdfSha256;
    std::int64_t pdfSize = 0;
    std::string issuedAt; // RFC 3339 UTC
    std::string issuedBy;
    std::optional<std::string> sealKid; // set once sealed
    std::optional<std::string> sealedAt;
};

class ReportRecordStore {
public:
    virtual ~ReportRecordStore() = default;
    virtual std::optional<ReportRecord> find(const std::string& inspectionId, const std::string& version) = 0;
    // False when a record of that approval is already there (nothing written).
    virtual bool insert(const ReportRecord& record) = 0;
    // False when there is no record of that approval or it is sealed already.
    virtual bool markSealed(const std::string& inspectionId, const std::string& version, const std::string& kid,
                            const std::string& sealedAt) = 0;
};

} // namespace fieldseal::server
