#pragma once
// ReportService: the inspection report of an approved inspection as a PDF, and the authority's
// seal over it (issue 7).
//
// Who may fetch a report: admins, the supervisor of the inspection's district, and the inspectors
// the inspection lists (of that district). Anyone else: Forbidden (403). An inspection that is not
// approved: IllegalTransition (409, "... is submitted, not approved ...").
//
// The first request for an approval draws the PDF and archives it (reports/report_archive.h:
// the file, written to a temporary name, synced and renamed; then its record,
// reports/report_record_store.h, in the transaction that appends its audit row). Later requests
// serve the archived bytes after checking them against the record's SHA-256, so the seal — made
// once per approval, on the first request for it, and recorded the same way — keeps matching.
// A crash between file and commit leaves a file without a record: no report, drawn again. The seal's payload:
//   {"type":"fieldseal-inspection-report","inspection_id","district","organisation_id",
//    "decision":"approved","reviewer","decided_at","approval_op","pdf_sha256","pdf_size"}
// Issuing is audited in the record's transaction ("report.issued" with the SHA-256,
// "report.sealed" with the seal's kid); so is every download ("report.download",
// "report.seal_download").
//
// Locking: records are read under the database lock; the PDF is drawn after it is released;
// issuing (archive check, write, seal) is serialised by the service's own mutex.

#include "api/caller.h"
#include "blobs/blob_files.h"
#include "model/result.h"
#include "reports/report_archive.h"
#include "reports/report_record_store.h"

#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

namespace fieldseal::server {

class AuditLog;
class SealService;
class ServerDatabase;
class SyncService;

struct IssuedReport {
    std::string pdf;
    std::string sha256;
    std::string version; // the approval op id
};

class ReportService {
public:
    // `reportsDirectory`: DATA/reports.
    ReportService(ServerDatabase& db, SyncService& sync, SealService& seals, AuditLog& audit, BlobFiles blobs,
                  std::filesystem::path reportsDirectory);
    ~ReportService();

    Result<IssuedReport> pdf(const Caller& caller, const std::string& inspectionId);
    // The sealed envelope (fieldseal-sealed/1) over the report's SHA-256.
    Result<nlohmann::json> seal(const Caller& caller, const std::string& inspectionId);

    static Status mayRead(const Caller& caller, const nlohmann::json& inspection);

private:
    Result<IssuedReport> issue(const Caller& caller, const std::string& inspectionId, nlohmann::json* inspectionOut);
    Result<IssuedReport> archived(const ReportRecord& record) const;

    ServerDatabase& m_db;
    SyncService& m_sync;
    SealService& m_seals;
    AuditLog& m_audit;
    BlobFiles m_blobs;
    ReportArchive m_archive;
    std::unique_ptr<ReportRecordStore> m_records;
    std::mutex m_issueMutex;
};

} // namespace fieldseal::server
