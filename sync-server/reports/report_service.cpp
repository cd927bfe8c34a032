#include "report_service.h"

#include "api/errors.h"
#include "audit/audit_log.h"
#include "reports/report_input.h"
#include "seal/encoding.h"
#include "seal/time_util.h"
#include "seals/seal_service.h"
#include "model/rfc3339.h"
#include "storage/server_database.h"
#include "storage/sqlite_report_record_store.h"
#include "store/sqlite_db.h"
#include "sync/sync_service.h"

#include <algorithm>

namespace fieldseal::server {
namespace {

std::string nowRfc3339() {
    return formatRfc3339(std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
}

std::string text(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

ReportService::ReportService(ServerDatabase& db, SyncService& sync, SealService& seals, AuditLog& audit,
                             BlobFiles blobs, std::filesystem::path reportsDirectory)
    : m_db(db)
    , m_sync(sync)
    , m_seals(seals)
    , m_audit(audit)
    , m_blobs(std::move(blobs))
    , m_archive(std::move(reportsDirectory)) {
    m_records = std::make_unique<SqliteReportRecordStore>(m_db.db());
}

ReportService::~ReportService() = default;

Status ReportService::mayRead(const Caller& caller, const nlohmann::json& inspection) {
    const std::string district = text(inspection, "district");
    const std::string id = text(inspection, "id");
    switch (caller.role) {
    case Role::Admin:
        return ok();
    case Role::Supervisor:
        if (district == caller.district) return ok();
        return forbidden("inspection " + id + " is in district " + district + ", outside yours (" + caller.district +
                         ")");
    case Role::Inspector: {
        const auto inspectors = inspection.value("inspectors", nlohmann::json::array());
        const bool listed = std::find(inspectors.begin(), inspectors.end(), caller.username) != inspectors.end();
        if (listed && district == caller.district) return ok();
        return forbidden("the report of inspection " + id + " is for its own inspectors and reviewers");
    }
    case Role::ExhibitionStaff:
        break;
    }
    return forbidden("inspection reports are for inspectors, supervisors and administrators");
}

// The archived PDF of a record, checked against the record's hash: a file that is gone or changed
// is a store failure (503), never silently drawn again (the seal may already bind the old bytes).
Result<IssuedReport> ReportService::archived(const ReportRecord& record) const {
    auto bytes = m_archive.pdf(record.inspectionId, record.version);
    if (!bytes)
        return storeFailure("the archived report of inspection " + record.inspectionId + " is missing");
    IssuedReport issued{std::move(*bytes), {}, record.version};
    issued.sha256 = seal::sha256Hex(issued.pdf);
    if (issued.sha256 != record.pdfSha256)
        return storeFailure("the archived report of inspection " + record.inspectionId +
                            " does not match its record");
    return issued;
}

Result<IssuedReport> ReportService::issue(const Caller& caller, const std::string& inspectionId,
                                          nlohmann::json* inspectionOut) {
    std::optional<report::InspectionReportInput> input;
    std::optional<ReportRecord> record;
    Approval approval;
    nlohmann::json inspection;
    {
        auto lock = m_db.lock();
        try {
            auto stored = m_sync.replicaLocked().record(inspectionId);
            if (!stored || text(*stored, "type") != "inspection")
                return notFound("no inspection with id " + inspectionId);
            if (auto s = mayRead(caller, *stored); !s) return s.error();
            const auto current = currentApprovalLocked(m_db.store(), inspectionId);
            if (!current) {
                const std::string status = text(*stored, "status").empty() ? "draft" : text(*stored, "status");
                return validationError(ErrorCode::IllegalTransition,
                                       "inspection " + inspectionId + " is " + status +
                                           ", not approved: a report is issued only for an approved inspection");
            }
            approval = *current;
            inspection = *stored;
            record = m_records->find(inspectionId, approval.opId);
            if (!record) {
                ReportSources sources{m_sync.replicaLocked(), m_db.store(), m_blobs,
                                      [this](const std::string& id) { return m_seals.storeLocked().sealReport(id); },
                                      m_seals.authorityLocked().organization()};
                input = gatherReportInputLocked(sources, *stored, approval);
            }
        } catch (const StoreFailure& e) {
            return storeFailure(e.what());
        }
    }
    if (inspectionOut) *inspectionOut = inspection;
    if (record) return archived(*record);

    std::lock_guard<std::mutex> issuing(m_issueMutex);
    try {
        {
            auto lock = m_db.lock();
            record = m_records->find(inspectionId, approval.opId);
        }
        if (record) return archived(*record); // issued by another request meanwhile
        IssuedReport issued{report::renderInspectionReport(*input), {}, approval.opId};
        issued.sha256 = seal::sha256Hex(issued.pdf);
        // The file first (temporary name, synced, renamed), then its record and audit row in one
        // transaction: a crash in between leaves a file without a record, which is no report and
        // is overwritten when the report is drawn again.
        m_archive.putPdf(inspectionId, approval.opId, issued.pdf);
        ReportRecord made{inspectionId,        approval.opId,   issued.sha256, static_cast<std::int64_t>(issued.pdf.size()),
                          nowRfc3339(),        caller.username, {},            {}};
        auto lock = m_db.lock();
        sqlite::SqliteTransaction tx(m_db.db());
        if (!m_records->insert(made)) return storeFailure("the report was issued twice; retry");
        m_audit.appendLocked(caller.username, "report.issued", inspectionId,
                             {{"pdf_sha256", issued.sha256},
                              {"pdf_size", issued.pdf.size()},
                              {"approval_op", approval.opId}});
        tx.commit();
        return issued;
    } catch (const StoreFailure& e) {
        return storeFailure(e.what());
    }
}

Result<IssuedReport> ReportService::pdf(const Caller& caller, const std::string& inspectionId) {
    auto issued = issue(caller, inspectionId, nullptr);
    if (!issued) return issued.error();
    auto logged = m_audit.append(caller.username, "report.download", inspectionId, {{"pdf_sha256", issued->sha256}});
    if (!logged) return logged.error();
    return issued;
}

Result<nlohmann::json> ReportService::seal(const Caller& caller, const std::string& inspectionId) {
    nlohmann::json inspection;
    auto issued = issue(caller, inspectionId, &inspection);
    if (!issued) return issued.error();
    std::lock_guard<std::mutex> issuing(m_issueMutex);
    try {
        std::optional<ReportRecord> record;
        {
            auto lock = m_db.lock();
            record = m_records->find(inspectionId, issued->version);
        }
        if (!record) return storeFailure("the report's record disappeared; retry");
        if (record->sealKid) {
            const auto archivedSeal = m_archive.seal(inspectionId, issued->version);
            if (!archivedSeal) return storeFailure("the archived report seal is missing");
            auto envelope = nlohmann::json::parse(*archivedSeal, nullptr, false);
            if (!envelope.is_object()) return storeFailure("the archived report seal is not JSON");
            auto logged = m_audit.append(caller.username, "report.seal_download", inspectionId,
                                         {{"pdf_sha256", issued->sha256}});
            if (!logged) return logged.error();
            return envelope;
        }
        Approval approval;
        {
            auto lock = m_db.lock();
            const auto current = currentApprovalLocked(m_db.store(), inspectionId);
            if (!current || current->opId != issued->version)
                return validationError(ErrorCode::Conflict,
                                       "inspection " + inspectionId + " changed while its report was being sealed; retry");
            approval = *current;
        }
        const nlohmann::json payload = {{"type", "fieldseal-inspection-report"},
                                        {"inspection_id", inspectionId},
                                        {"district", text(inspection, "district")},
                                        {"organisation_id", text(inspection, "organisation_id")},
                                        {"decision", "approved"},
                                        {"reviewer", approval.reviewer},
                                        {"decided_at", approval.decidedAt},
                                        {"approval_op", approval.opId},
                                        {"pdf_sha256", issued->sha256},
                                        {"pdf_size", issued->pdf.size()}};
        nlohmann::json envelope;
        {
            auto lock = m_db.lock();
            const auto& authority = m_seals.authorityLocked();
            auto sealed = authority.sealer().seal(payload, authority.sealIdentity(), seal::now());
            if (!sealed) return sealed.error();
            envelope = std::move(*sealed);
        }
        // As for the PDF: the seal file first, then the record's seal columns with the audit row
        // in one transaction. A seal file without them was never served and is replaced.
        m_archive.putSeal(inspectionId, issued->version, envelope.dump());
        auto lock = m_db.lock();
        sqlite::SqliteTransaction tx(m_db.db());
        const std::string kid = envelope.value("kid", "");
        if (!m_records->markSealed(inspectionId, issued->version, kid, nowRfc3339()))
            return storeFailure("the report was sealed twice; retry");
        m_audit.appendLocked(caller.username, "report.sealed", inspectionId,
                             {{"pdf_sha256", issued->sha256}, {"kid", kid}});
        tx.commit();
        return envelope;
    } catch (const StoreFailure& e) {
        return storeFailure(e.what());
    }
}

} // namespace fieldseal::server
