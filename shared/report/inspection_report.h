#pragma once
// The inspection report (issue 7): one PDF for an approved inspection with its heading
// (organisation, inspectors, district, dates), the checklist answers, findings and conclusion,
// evidence (image thumbnails, SHA-256, time and place), signatures, certificate checks and the
// reviewer's decision. Chinese first, English beside it, as on the tablet.
//
// The input is plain data gathered by whoever holds the records (the server: reports/); the
// output depends on nothing else — no clock, no random numbers — so the same input gives the same
// bytes, which is what lets a seal over the PDF's SHA-256 be checked against a re-generated copy.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace fieldseal::report {

struct ReportEvidence {
    nlohmann::json record;            // the evidence record (sha256, file_name, media_type, size, captured_at, location, ...)
    std::optional<std::string> bytes; // the file when it has arrived (images are drawn as thumbnails)
};

struct ReportSignature {
    nlohmann::json record;                 // the signature record; {"id":..., "missing":true} when it never arrived
    bool stale = false;                    // the inspection changed after it was signed
    std::optional<std::string> imageBytes; // the handwritten signature's image (image_sha256), if arrived
};

struct ReportCertificateCheck {
    std::string source;    // where the report comes from, e.g. "现场核验 On-site check (evidence …)"
    nlohmann::json report; // seal::VerificationReport JSON (indication, sub_indication, explanation, signer, ...)
    nlohmann::json payload = nlohmann::json::object(); // the certificate's sealed payload, when known
};

struct ReportDecision {
    std::string decision;  // "approved"
    std::string reviewer;  // user name of whoever approved
    std::string decidedAt; // RFC 3339
    std::string comment;   // the review comment ("" when none)
};

struct InspectionReportInput {
    std::string authorityName;   // the issuing authority, e.g. "上海市市场监督管理局"
    nlohmann::json inspection;   // the materialised inspection record
    nlohmann::json organisation; // its organisation record (null when unknown)
    nlohmann::json checklist;    // the template (assets/templates/*.json) for item titles; null: ids only
    std::vector<ReportEvidence> evidence;
    std::vector<ReportSignature> signatures;
    std::vector<ReportCertificateCheck> certificateChecks;
    ReportDecision decision;
};

// The PDF bytes.
std::string renderInspectionReport(const InspectionReportInput& input);

// "2026-11-10 09:00" in Beijing time for an RFC 3339 time; the text unchanged when it does not parse.
std::string beijingTime(const std::string& rfc3339);

} // namespace fieldseal::report
