#include "sqlite_report_record_store.h"

#include "store/sqlite_db.h"

namespace fieldseal::server {

std::optional<ReportRecord> SqliteReportRecordStore::find(const std::string& inspectionId,
                                                          const std::string& version) {
    auto q = m_db.query("SELECT pdf_sha256, pdf_size, issued_at, issued_by, seal_kid, sealed_at FROM report_archive "
                        "WHERE inspection_id = ? AND version = ?");
    q.bind(1, inspectionId).bind(2, version);
    if (!q.step()) return std::nullopt;
    ReportRecord r;
    r.inspectionId = inspectionId;
    r.version = version;
    r.pdfSha256 = q.text(0);
    r.pdfSize = q.int64(1);
    r.issuedAt = q.text(2);
    r.issuedBy = q.text(3);
    if (!q.isNull(4)) r.sealKid = q.text(4);
    if (!q.isNull(5)) r.sealedAt = q.text(5);
    return r;
}

bool SqliteReportRecordStore::insert(const ReportRecord& r) {
    auto q = m_db.query("INSERT INTO report_archive (inspection_id, version, pdf_sha256, pdf_size, issued_at, "
                        "issued_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    q.bind(1, r.inspectionId).bind(2, r.version).bind(3, r.pdfSha256).bind(4, r.pdfSize).bind(5, r.issuedAt);
    return q.bind(6, r.issuedBy).exec() == 1;
}

bool SqliteReportRecordStore::markSealed(const std::string& inspectionId, const std::string& version,
                                         const std::string& kid, const std::string& sealedAt) {
    auto q = m_db.query("UPDATE report_archive SET seal_kid = ?, sealed_at = ? "
                        "WHERE inspection_id = ? AND version = ? AND seal_kid IS NULL");
    q.bind(1, kid).bind(2, sealedAt).bind(3, inspectionId).bind(4, version);
    return q.exec() == 1;
}

} // namespace fieldseal::server
