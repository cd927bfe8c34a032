#pragma once
// Conflicts for the district supervisor: the list (both versions, field by field) and the
// resolution. A conflict is kept edits that missed a submission, signature or review (the core's
// rule 4: nothing is silently lost). Resolving it writes a conflict_resolution record (one per
// conflict, immutable) that every replica shows as the conflict's resolution:
//   keep_ours   the record stays as it is;
//   take_theirs the kept values of the chosen fields are written into the record. A submitted
//               inspection is first returned to its inspectors (the content changes, so it must be
//               submitted — and signed — again); an approved one is final and refuses it.

#include "api/caller.h"
#include "model/result.h"
#include "sync/sync_service.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace fieldseal::server {

enum class ConflictChoice { KeepOurs, TakeTheirs };

class ConflictService {
public:
    explicit ConflictService(SyncService& sync)
        : m_sync(sync) {}

    // The conflicts on records of the caller's district (admins: all), open ones first.
    Result<nlohmann::json> list(const Caller& caller, bool openOnly);
    // The conflict after its resolution. `fields` (take_theirs only) picks some of the
    // conflict's fields; empty means all of them.
    Result<nlohmann::json> resolve(const Caller& caller, const std::string& conflictId, ConflictChoice choice,
                                   const std::vector<std::string>& fields, const std::string& comment);

private:
    SyncService& m_sync;
};

} // namespace fieldseal::server
