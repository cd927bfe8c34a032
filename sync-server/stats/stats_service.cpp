#include "stats_service.h"

#include "api/errors.h"
#include "stats/blob_file_reader.h"
#include "storage/server_database.h"

namespace fieldseal::server {

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
    const stats::BlobText reader =
        stats::blobFileReader([this](const std::string& sha256) { return m_blobs.finalPath(sha256); });
    auto lock = m_db.lock();
    return stats::overviewStatistics(m_db.store(), query, reader);
}

} // namespace fieldseal::server
