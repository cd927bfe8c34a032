#include "stats_service.h"

#include "storage/server_database.h"

#include <fstream>
#include <iterator>

namespace fieldseal::server {
namespace {

Error forbidden(std::string message) {
    return Error{ErrorDomain::Usage, ErrorCode::Forbidden, std::move(message)};
}

// Certificate-check reports are small JSON files; anything larger is not one and is not read.
constexpr std::uintmax_t kMaxReportBytes = 4u << 20;

bool isSha256Hex(const std::string& s) {
    return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

} // namespace

StatsService::StatsService(ServerDatabase& db, BlobFiles blobs)
    : m_db(db)
    , m_blobs(std::move(blobs)) {}

Result<std::vector<std::string>> StatsService::scopeDistricts(const Caller& caller, std::vector<std::string> asked) {
    switch (caller.role) {
    case Role::Admin:
        return asked;
    case Role::Supervisor:
        for (const auto& d : asked)
            if (d != caller.district)
                return forbidden("district " + d + " is outside yours (" + caller.district +
                                 "): supervisors see the statistics of their own district");
        return std::vector<std::string>{caller.district};
    case Role::Inspector:
    case Role::ExhibitionStaff:
        break;
    }
    return forbidden("statistics are for supervisors and administrators");
}

Result<stats::StatsTable> StatsService::inspections(const Caller& caller, stats::StatsQuery query) {
    auto districts = scopeDistricts(caller, std::move(query.districts));
    if (!districts) return districts.error();
    query.districts = std::move(*districts);
    auto lock = m_db.lock();
    return stats::inspectionStatistics(m_db.store(), query);
}

Result<stats::Overview> StatsService::overview(const Caller& caller, stats::OverviewQuery query) {
    auto districts = scopeDistricts(caller, std::move(query.districts));
    if (!districts) return districts.error();
    query.districts = std::move(*districts);
    // Complete blobs only exist under their final name (blobs/blob_files.h), so reading that
    // path needs no database lock and never sees a partial upload.
    const stats::BlobText reader = [this](const std::string& sha256) -> std::optional<std::string> {
        if (!isSha256Hex(sha256)) return std::nullopt;
        const auto path = m_blobs.finalPath(sha256);
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        if (ec || size > kMaxReportBytes) return std::nullopt;
        std::ifstream in(path, std::ios::binary);
        if (!in) return std::nullopt;
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    auto lock = m_db.lock();
    return stats::overviewStatistics(m_db.store(), query, reader);
}

} // namespace fieldseal::server
