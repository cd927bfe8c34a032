#pragma once
// The other statistics of issue 7, from a device or server store: certificate checks and failed
// verifications, CCC exemptions issued, and conflicts. Definitions (checkable by hand):
// - a certificate check is an evidence record whose file_name is "certificate-check.json" (the
//   app records a verification report so, mobile/src/verification_controller.cpp); it failed when
//   the recorded report's "indication" is not "passed". The report is in the evidence blob, not in
//   the store: without a BlobText reader (or when a blob is missing) the check counts as unread;
// - a CCC exemption is issued when its exemption_status is "issued" or "sealed"; it is sealed when
//   it carries the server's counter_seal or its status is "sealed"; drafts and cancelled ones are
//   not counted. Its period is that of its first op (created HLC), Beijing time;
// - a conflict is resolved when its conflict_resolution record (merge::resolutionRecordId) exists;
//   conflicts are filtered by the district of their record only (not by date: a conflict has none).
// Filters: [from, to) on the date (evidence: captured_at) and districts, as for inspections.

#include "stats/inspection_stats.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fieldseal::stats {

// The text of a blob by its SHA-256 (hex), or nothing when it is not available.
using BlobText = std::function<std::optional<std::string>(const std::string& sha256)>;

struct OverviewQuery {
    Period period = Period::Month;
    std::optional<UtcSeconds> from, to;
    std::vector<std::string> districts; // empty: all
};

struct CertificateCheckCounts {
    std::int64_t checked = 0;
    std::int64_t failed = 0; // the recorded report's indication is not "passed"
    std::int64_t unread = 0; // report not available (no reader, blob missing or not JSON)
};

struct ExemptionCounts {
    std::int64_t issued = 0; // issued or sealed
    std::int64_t sealed = 0; // of which counter-sealed
};

struct Overview {
    CertificateCheckCounts certificateChecks;
    std::map<std::string, CertificateCheckCounts> certificateChecksByDistrict;
    ExemptionCounts exemptions;
    // (district, period) -> counts
    std::map<std::pair<std::string, std::string>, ExemptionCounts> exemptionsByDistrictPeriod;
    std::int64_t conflictsOpen = 0;
    std::int64_t conflictsResolved = 0;
};

Result<Overview> overviewStatistics(Store& store, const OverviewQuery& query, const BlobText& blobText = {});

// The overview as CSV (BOM, CRLF): rows "section,district,period,measure,count".
std::string overviewCsv(const Overview& overview);

} // namespace fieldseal::stats
