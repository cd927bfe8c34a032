#pragma once
// What the inspection report shows, gathered from the server's records with the database lock
// held: the inspection, its organisation, checklist template, evidence (with the blob bytes of
// those that have arrived), signatures, certificate checks and the approval.

#include "blobs/blob_files.h"
#include "report/inspection_report.h"
#include "store/store.h"
#include "sync/replica.h"

#include <functional>
#include <optional>
#include <string>

namespace fieldseal::server {

// The approval an approved inspection's report is drawn for: the op that set "approved".
struct Approval {
    std::string opId; // names the report's version (reports/report_archive.h)
    std::string reviewer;
    std::string decidedAt; // RFC 3339 UTC, from the op's HLC
};

// The approval of the inspection as it stands, or nothing when its status is not "approved".
std::optional<Approval> currentApprovalLocked(Store& store, const std::string& inspectionId);

struct ReportSources {
    Replica& replica;
    Store& store;
    const BlobFiles& blobs;
    // The stored verification report of a certificate record's seal (seal_reports), if any.
    std::function<std::optional<std::string>(const std::string& recordId)> sealReport;
    std::string authorityName;
};

// Throws StoreFailure when the store fails.
report::InspectionReportInput gatherReportInputLocked(ReportSources& sources, const nlohmann::json& inspection,
                                                      const Approval& approval);

} // namespace fieldseal::server
