#pragma once
// StatsService: the statistics of issue 7 over the server's store (shared/stats does the
// counting), scoped by who asks:
//   admin       every district, or the districts asked for;
//   supervisor  their own district only (asking for another is 403; asking for none means theirs);
//   others      403 (inspectors and exhibition staff see no statistics).
// The overview reads the recorded certificate-check reports from the complete blobs in DATA/blobs.
// Public entry points take the database lock for the read.

#include "api/caller.h"
#include "blobs/blob_files.h"
#include "model/result.h"
#include "stats/inspection_stats.h"
#include "stats/overview_stats.h"

namespace fieldseal::server {

class ServerDatabase;

class StatsService {
public:
    // `blobs`: DATA/blobs, where the certificate-check reports are read (complete blobs only).
    StatsService(ServerDatabase& db, BlobFiles blobs);

    Result<stats::StatsTable> inspections(const Caller& caller, stats::StatsQuery query);
    Result<stats::Overview> overview(const Caller& caller, stats::OverviewQuery query);

    // The districts the caller's figures may cover, from those asked for (empty: all). Forbidden
    // for roles without statistics and for a supervisor asking for another district.
    static Result<std::vector<std::string>> scopeDistricts(const Caller& caller, std::vector<std::string> asked);

private:
    ServerDatabase& m_db;
    BlobFiles m_blobs;
};

} // namespace fieldseal::server
