#pragma once
// The district supervisor's review: the queue of submitted inspections, one inspection in full
// (its evidence with the state of each blob, its signatures, its conflicts), and the decision —
// approve, or return with a comment — made as ops through the sync service so that it reaches
// the inspectors' tablets like any other change.

#include "api/caller.h"
#include "model/result.h"
#include "sync/scope_store.h"
#include "sync/sync_service.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

namespace fieldseal::server {

enum class ReviewDecision { Approve, Return };

class ReviewService {
public:
    // blobState(sha256): "complete", "uploading" or "pending" (not yet seen); called with the lock held.
    using BlobState = std::function<std::string(const std::string& sha256)>;

    ReviewService(ServerDatabase& db, SyncService& sync, ScopeStore& scopes, BlobState blobState);

    // Submitted inspections the caller reviews (a supervisor's district; admins every district
    // or the one asked for).
    Result<nlohmann::json> queue(const Caller& caller, const std::string& district);
    Result<nlohmann::json> detail(const Caller& caller, const std::string& inspectionId);
    // The inspection after the decision.
    Result<nlohmann::json> decide(const Caller& caller, const std::string& inspectionId, ReviewDecision decision,
                                  const std::string& comment);

private:
    Status mayReview(const Caller& caller, const nlohmann::json& inspection) const;
    // The inspection, if it exists and the caller reviews its district (hold the lock).
    Result<nlohmann::json> inspectionToReviewLocked(const Caller& caller, const std::string& inspectionId);

    ServerDatabase& m_db;
    SyncService& m_sync;
    ScopeStore& m_scopes;
    BlobState m_blobState;
};

} // namespace fieldseal::server
