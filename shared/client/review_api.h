#pragma once
// The supervisor's calls to the sync server's review and conflict routes (sync-server/openapi.yaml):
//   GET  /v1/review/queue                      submitted inspections of the caller's district
//   GET  /v1/review/inspections/{id}           one inspection in full (evidence with blob state,
//                                              signatures stale or not, its conflicts)
//   POST /v1/review/inspections/{id}/decision  approve, or return with a comment
//   GET  /v1/conflicts[?status=open]           conflicts with both versions
//   POST /v1/conflicts/{id}/resolve            keep_ours | take_theirs (some or all fields)
// The server decides (it checks the inspection is still submitted, the district, the role); the
// device learns the outcome as ops at its next sync. Answers are returned as the server's JSON.
// A refusal keeps the server's code: 403 forbidden, 404 not found, 409 illegal_transition (not
// submitted any more) or an already resolved conflict, 422 a missing comment.

#include "client/api_session.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace fieldseal {

enum class ReviewDecision { Approve, Return };
enum class ConflictChoice { KeepOurs, TakeTheirs };

class ReviewApi {
public:
    explicit ReviewApi(ApiSession& session) : m_session(session) {}

    // {district, count, inspections: [summary...]}
    SyncResult<nlohmann::json> queue();
    // {inspection, evidence, signatures, conflicts}
    SyncResult<nlohmann::json> inspection(const std::string& inspectionId);
    // The inspection after the decision. A return needs a comment (422 without).
    SyncResult<nlohmann::json> decide(const std::string& inspectionId, ReviewDecision decision,
                                      const std::string& comment);
    // {conflicts: [...]}, open ones first (only open ones when openOnly).
    SyncResult<nlohmann::json> conflicts(bool openOnly);
    // The conflict, resolved. `fields` empty: all of the conflict's fields.
    SyncResult<nlohmann::json> resolve(const std::string& conflictId, ConflictChoice choice,
                                       const std::vector<std::string>& fields, const std::string& comment);

private:
    SyncResult<nlohmann::json> call(const std::string& method, const std::string& path,
                                    const nlohmann::json* body, const std::string& what);

    ApiSession& m_session;
};

} // namespace fieldseal
