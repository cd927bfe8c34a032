#include "report_input.h"

#include "model/hlc.h"
#include "model/op.h"
#include "model/rfc3339.h"
#include "reports/checklist_templates.h"

#include <chrono>
#include <fstream>
#include <iterator>

namespace fieldseal::server {
namespace {

// Evidence files larger than this are listed without being read (a thumbnail of a huge file is
// not worth holding the lock for).
constexpr std::uintmax_t kMaxBlobBytes = 32u << 20;

std::optional<std::string> readBlob(const BlobFiles& blobs, const std::string& sha256) {
    if (sha256.size() != 64 || sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
        return std::nullopt;
    const auto path = blobs.finalPath(sha256);
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || size > kMaxBlobBytes) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string text(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string hlcTime(Hlc hlc) {
    return formatRfc3339(UtcSeconds(std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::milliseconds(static_cast<std::int64_t>(hlcMillis(hlc))))));
}

// The certificates of the organisation (by USCC, in its district) whose seal the server verified
// when they arrived.
void addRegisteredCertificates(ReportSources& s, const nlohmann::json& organisation,
                               report::InspectionReportInput& in) {
    const std::string uscc = text(organisation, "uscc");
    if (uscc.empty() || !s.sealReport) return;
    std::vector<std::string> ids;
    s.store.forEachRecordOfType("certificate", [&](const RecordMeta& m) { ids.push_back(m.id); });
    for (const auto& id : ids) {
        auto cert = s.replica.record(id);
        if (!cert || text(*cert, "holder_uscc") != uscc) continue;
        const auto stored = s.sealReport(id);
        if (!stored) continue;
        auto report = nlohmann::json::parse(*stored, nullptr, false);
        if (!report.is_object()) continue;
        nlohmann::json payload = {{"number", text(*cert, "number")},
                                  {"holder", text(*cert, "holder")},
                                  {"kind", text(*cert, "kind")}};
        in.certificateChecks.push_back({"登记证书核验 Registered certificate, verified on arrival",
                                        std::move(report), std::move(payload)});
    }
}

} // namespace

std::optional<Approval> currentApprovalLocked(Store& store, const std::string& inspectionId) {
    for (const auto& f : store.fields(inspectionId)) {
        if (f.field != kStatusField) continue;
        const auto& v = f.value;
        const std::string to = v.is_object() ? text(v, "status") : (v.is_string() ? v.get<std::string>() : "");
        if (to != "approved") return std::nullopt;
        const auto op = store.findOp(f.opId);
        if (!op) return std::nullopt;
        return Approval{f.opId, op->op.user, hlcTime(op->op.hlc)};
    }
    return std::nullopt;
}

report::InspectionReportInput gatherReportInputLocked(ReportSources& s, const nlohmann::json& inspection,
                                                      const Approval& approval) {
    report::InspectionReportInput in;
    in.authorityName = s.authorityName;
    in.inspection = inspection;
    const std::string id = text(inspection, "id");
    if (auto org = s.replica.record(text(inspection, "organisation_id"))) in.organisation = *org;
    in.checklist = checklistTemplate(text(inspection, "template_id"));

    // Evidence in the order it was captured (then by id), so the report reads like the visit.
    std::vector<nlohmann::json> evidence;
    for (const auto& meta : s.store.recordsReferringTo(id, "inspection_id", "evidence"))
        if (auto e = s.replica.record(meta.id)) evidence.push_back(std::move(*e));
    std::stable_sort(evidence.begin(), evidence.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
        const auto ta = parseRfc3339(text(a, "captured_at")), tb = parseRfc3339(text(b, "captured_at"));
        if (ta && tb && *ta != *tb) return *ta < *tb;
        return text(a, "id") < text(b, "id");
    });
    for (auto& e : evidence) {
        const std::string sha = text(e, "sha256");
        auto bytes = readBlob(s.blobs, sha);
        if (text(e, "file_name") == "certificate-check.json" && bytes) {
            auto recorded = nlohmann::json::parse(*bytes, nullptr, false);
            if (recorded.is_object() && recorded.contains("report") && recorded["report"].is_object()) {
                nlohmann::json payload = recorded["report"].value("payload", nlohmann::json::object());
                in.certificateChecks.push_back(
                    {"现场核验 On-site check, " + report::beijingTime(text(e, "captured_at")) + ", evidence " +
                         sha.substr(0, 12) + "…",
                     recorded["report"], payload.is_object() ? payload : nlohmann::json::object()});
            }
        }
        in.evidence.push_back({std::move(e), std::move(bytes)});
    }

    for (const auto& sig : inspection.value("signatures", nlohmann::json::array())) {
        const std::string sigId = text(sig, "id");
        auto record = s.replica.record(sigId);
        report::ReportSignature entry;
        entry.record = record ? *record : nlohmann::json{{"id", sigId}, {"missing", true}};
        entry.stale = sig.value("stale", false);
        if (record) entry.imageBytes = readBlob(s.blobs, text(*record, "image_sha256"));
        in.signatures.push_back(std::move(entry));
    }

    addRegisteredCertificates(s, in.organisation, in);
    in.decision = {"approved", approval.reviewer, approval.decidedAt, text(inspection, "review_comment")};
    return in;
}

} // namespace fieldseal::server
