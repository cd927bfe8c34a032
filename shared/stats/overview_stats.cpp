#include "overview_stats.h"

#include "model/hlc.h"
#include "model/op.h"
#include "sync/merge_rules.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <nlohmann/json.hpp>

namespace fieldseal::stats {
namespace {

const nlohmann::json* field(const std::vector<FieldState>& fields, const char* name) {
    for (const auto& f : fields)
        if (f.field == name) return &f.value;
    return nullptr;
}

std::string text(const nlohmann::json* v) {
    return v && v->is_string() ? v->get<std::string>() : std::string();
}

std::string text(const nlohmann::json& body, const char* name) {
    const auto it = body.find(name);
    return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

UtcSeconds createdAt(const RecordMeta& m) {
    return UtcSeconds(std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::milliseconds(hlcMillis(m.createdHlc))));
}

bool selected(const OverviewQuery& q, UtcSeconds date, const std::string& district) {
    if (q.from && date < *q.from) return false;
    if (q.to && date >= *q.to) return false;
    return q.districts.empty() || std::find(q.districts.begin(), q.districts.end(), district) != q.districts.end();
}

// Whether a recorded certificate check failed; nothing when its report cannot be read.
std::optional<bool> checkFailed(const std::string& sha256, const BlobText& blobText) {
    if (!blobText) return std::nullopt;
    const auto blob = blobText(sha256);
    if (!blob) return std::nullopt;
    const auto j = nlohmann::json::parse(*blob, nullptr, false);
    if (!j.is_object() || !j.contains("report") || !j["report"].is_object()) return std::nullopt;
    // seal::VerificationReport::toJson writes "PASSED"; compare without case.
    std::string indication = text(j["report"], "indication");
    for (auto& ch : indication)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return indication != "passed";
}

void add(CertificateCheckCounts& c, std::optional<bool> failed) {
    ++c.checked;
    if (!failed) ++c.unread;
    else if (*failed) ++c.failed;
}

} // namespace

Result<Overview> overviewStatistics(Store& store, const OverviewQuery& query, const BlobText& blobText) {
    try {
        Overview out;
        std::vector<RecordMeta> metas;
        store.forEachRecordOfType("evidence", [&](const RecordMeta& m) { metas.push_back(m); });
        for (const auto& m : metas) {
            const auto fields = store.fields(m.id);
            const auto* body = field(fields, kBodyField);
            if (!body || !body->is_object() || text(*body, "file_name") != "certificate-check.json") continue;
            const std::string district = text(*body, "district");
            const auto captured = parseRfc3339(text(*body, "captured_at"));
            if (!selected(query, captured ? *captured : createdAt(m), district)) continue;
            const auto failed = checkFailed(text(*body, "sha256"), blobText);
            add(out.certificateChecks, failed);
            add(out.certificateChecksByDistrict[district], failed);
        }
        metas.clear();
        store.forEachRecordOfType("ccc_exemption", [&](const RecordMeta& m) { metas.push_back(m); });
        for (const auto& m : metas) {
            const auto fields = store.fields(m.id);
            const std::string status = text(field(fields, "exemption_status"));
            if (status != "issued" && status != "sealed") continue;
            const std::string district = text(field(fields, "district"));
            const UtcSeconds date = createdAt(m);
            if (!selected(query, date, district)) continue;
            const auto* counterSeal = field(fields, "counter_seal");
            const bool sealed = status == "sealed" || (counterSeal && counterSeal->is_object());
            for (auto* c : {&out.exemptions, &out.exemptionsByDistrictPeriod[{district, periodKey(date, query.period)}]}) {
                ++c->issued;
                if (sealed) ++c->sealed;
            }
        }
        for (const auto& c : store.conflicts()) {
            if (!query.districts.empty()) {
                const std::string district = text(field(store.fields(c.recordId), "district"));
                if (std::find(query.districts.begin(), query.districts.end(), district) == query.districts.end())
                    continue;
            }
            if (store.record(merge::resolutionRecordId(c.id))) ++out.conflictsResolved;
            else ++out.conflictsOpen;
        }
        return out;
    } catch (const StoreFailure& e) {
        return Error{ErrorDomain::Store, ErrorCode::StoreFailure, std::string("statistics: ") + e.what()};
    }
}

std::string overviewCsv(const Overview& o) {
    std::string out = "\xEF\xBB\xBFsection,district,period,measure,count\r\n";
    auto row = [&](const std::string& section, const std::string& district, const std::string& period,
                   const char* measure, std::int64_t n) {
        out += section + ',' + district + ',' + period + ',' + measure + ',' + std::to_string(n) + "\r\n";
    };
    for (const auto& [district, c] : o.certificateChecksByDistrict) {
        row("certificate_checks", district, "", "checked", c.checked);
        row("certificate_checks", district, "", "failed", c.failed);
        row("certificate_checks", district, "", "unread", c.unread);
    }
    row("certificate_checks", "total", "", "checked", o.certificateChecks.checked);
    row("certificate_checks", "total", "", "failed", o.certificateChecks.failed);
    row("certificate_checks", "total", "", "unread", o.certificateChecks.unread);
    for (const auto& [key, c] : o.exemptionsByDistrictPeriod) {
        row("ccc_exemptions", key.first, key.second, "issued", c.issued);
        row("ccc_exemptions", key.first, key.second, "sealed", c.sealed);
    }
    row("ccc_exemptions", "total", "", "issued", o.exemptions.issued);
    row("ccc_exemptions", "total", "", "sealed", o.exemptions.sealed);
    row("conflicts", "total", "", "open", o.conflictsOpen);
    row("conflicts", "total", "", "resolved", o.conflictsResolved);
    return out;
}

} // namespace fieldseal::stats
