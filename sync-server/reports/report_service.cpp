#include "report_service.h"

#include "audit/audit_log.h"
#include "reports/report_input.h"
#include "seal/encoding.h"
#include "seal/time_util.h"
#include "seals/seal_service.h"
#include "storage/server_database.h"
#include "sync/sync_service.h"

#include <algorithm>

namespace fieldseal::server {
namespace {

Error forbidden(std::string message) {
    return Error{ErrorDomain::Usage, ErrorCode::Forbidden, std::move(message)};
}

Error storeError(const StoreFailure& e) {
    return Error{ErrorDomain::Store, ErrorCode::StoreFailure, e.what()};
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
    , m_archive(std::move(reportsDirectory)) {}

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

Result<IssuedReport> ReportService::issue(const Caller& caller, const std::string& inspectionId,
                                          nlohmann::json* inspectionOut) {
    std::optional<report::InspectionReportInput> input;
    Approval approval;
    nlohmann::json inspection;
    {
        auto lock = m_db.lock();
        try {
            auto record = m_sync.replicaLocked().record(inspectionId);
            if (!record || text(*record, "type") != "inspection")
                return validationError(ErrorCode::NotFound, "no inspection with id " + inspectionId);
            if (auto s = mayRead(caller, *record); !s) return s.error();
            const auto current = currentApprovalLocked(m_db.store(), inspectionId);
            if (!current) {
                const std::string status = text(*record, "status").empty() ? "draft" : text(*record, "status");
                return validationError(ErrorCode::IllegalTransition,
                                       "inspection " + inspectionId + " is " + status +
                                           ", not approved: a report is issued only for an approved inspection");
            }
            approval = *current;
            inspection = *record;
            if (!m_archive.pdf(inspectionId, approval.opId)) {
                ReportSources sources{m_sync.replicaLocked(), m_db.store(), m_blobs,
                                      [this](const std::string& id) { return m_seals.storeLocked().sealReport(id); },
                                      m_seals.authorityLocked().organization()};
                input = gatherReportInputLocked(sources, *record, approval);
            }
        } catch (const StoreFailure& e) {
            return storeError(e);
        }
    }
    if (inspectionOut) *inspectionOut = inspection;

    std::lock_guard<std::mutex> issuing(m_issueMutex);
    try {
        if (auto archived = m_archive.pdf(inspectionId, approval.opId))
            return IssuedReport{*archived, seal::sha256Hex(*archived), approval.opId};
        if (!input) // archived when we looked, gone now: someone removed the file
            return Error{ErrorDomain::Store, ErrorCode::StoreFailure, "the archived report disappeared; retry"};
        IssuedReport issued{report::renderInspectionReport(*input), {}, approval.opId};
        issued.sha256 = seal::sha256Hex(issued.pdf);
        m_archive.putPdf(inspectionId, approval.opId, issued.pdf);
        auto logged = m_audit.append(caller.username, "report.issued", inspectionId,
                                     {{"pdf_sha256", issued.sha256},
                                      {"pdf_size", issued.pdf.size()},
                                      {"approval_op", approval.opId}});
        if (!logged) return logged.error();
        return issued;
    } catch (const StoreFailure& e) {
        return storeError(e);
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
        if (auto archived = m_archive.seal(inspectionId, issued->version)) {
            auto envelope = nlohmann::json::parse(*archived, nullptr, false);
            if (!envelope.is_object())
                return Error{ErrorDomain::Store, ErrorCode::StoreFailure, "the archived report seal is not JSON"};
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
        auto logged = m_audit.append(caller.username, "report.sealed", inspectionId,
                                     {{"pdf_sha256", issued->sha256}, {"kid", envelope.value("kid", "")}});
        if (!logged) return logged.error();
        m_archive.putSeal(inspectionId, issued->version, envelope.dump());
        return envelope;
    } catch (const StoreFailure& e) {
        return storeError(e);
    }
}

} // namespace fieldseal::server
