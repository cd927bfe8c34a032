#include "review_service.h"

#include "api/errors.h"
#include "model/schema.h"

namespace fieldseal::server {
namespace {

nlohmann::json summary(const nlohmann::json& inspection) {
    nlohmann::json s = nlohmann::json::object();
    for (const char* key : {"id", "organisation_id", "task_id", "inspection_type", "district", "inspectors",
                            "conclusion", "findings", "status", "started_at", "ended_at", "updated_hlc"})
        if (inspection.contains(key)) s[key] = inspection[key];
    std::size_t failed = 0;
    if (inspection.contains("answers"))
        for (const auto& [item, answer] : inspection["answers"].items())
            if (answer.value("result", "") == "fail") ++failed;
    s["failed_items"] = failed;
    return s;
}

} // namespace

ReviewService::ReviewService(ServerDatabase& db, SyncService& sync, ScopeStore& scopes, BlobState blobState)
    : m_db(db)
    , m_sync(sync)
    , m_scopes(scopes)
    , m_blobState(std::move(blobState)) {}

Status ReviewService::mayReview(const Caller& caller, const nlohmann::json& inspection) const {
    if (caller.role == Role::Admin) return ok();
    if (caller.role != Role::Supervisor) return forbidden("only supervisors review inspections");
    if (inspection.value("district", "") != caller.district)
        return forbidden("inspection " + inspection.value("id", "") + " is in district " +
                         inspection.value("district", "") + ", outside yours (" + caller.district + ")");
    return ok();
}

Result<nlohmann::json> ReviewService::inspectionToReviewLocked(const Caller& caller,
                                                               const std::string& inspectionId) {
    auto inspection = m_sync.replicaLocked().record(inspectionId);
    if (!inspection || inspection->value("type", "") != "inspection")
        return notFound("no inspection with id " + inspectionId);
    if (auto s = mayReview(caller, *inspection); !s) return s.error();
    return inspection;
}

Result<nlohmann::json> ReviewService::queue(const Caller& caller, const std::string& district) {
    const std::string scope = caller.role == Role::Admin ? district : caller.district;
    auto lock = m_db.lock();
    try {
        auto items = nlohmann::json::array();
        for (const auto& id : m_scopes.inspectionsWithStatusLocked(status::kSubmitted, scope))
            if (auto record = m_sync.replicaLocked().record(id)) items.push_back(summary(*record));
        return nlohmann::json{{"district", scope}, {"count", items.size()}, {"inspections", std::move(items)}};
    } catch (const StoreFailure& e) {
        return storeFailure(e.what());
    }
}

Result<nlohmann::json> ReviewService::detail(const Caller& caller, const std::string& inspectionId) {
    auto lock = m_db.lock();
    try {
        Replica& replica = m_sync.replicaLocked();
        auto inspection = inspectionToReviewLocked(caller, inspectionId);
        if (!inspection) return inspection.error();

        auto evidence = nlohmann::json::array();
        for (const auto& id : m_scopes.evidenceOfInspectionLocked(inspectionId)) {
            auto e = replica.record(id);
            if (!e) continue;
            (*e)["blob"] = m_blobState ? m_blobState(e->value("sha256", "")) : "pending";
            evidence.push_back(std::move(*e));
        }
        auto signatures = nlohmann::json::array();
        for (const auto& sig : (*inspection)["signatures"]) {
            auto s = replica.record(sig.value("id", ""));
            nlohmann::json entry = s ? *s : nlohmann::json{{"id", sig["id"]}, {"missing", true}};
            entry["stale"] = sig.value("stale", false);
            signatures.push_back(std::move(entry));
        }
        auto conflicts = nlohmann::json::array();
        for (auto& c : replica.conflicts())
            if (c.value("record_id", "") == inspectionId) conflicts.push_back(std::move(c));
        return nlohmann::json{{"inspection", *inspection},
                              {"evidence", std::move(evidence)},
                              {"signatures", std::move(signatures)},
                              {"conflicts", std::move(conflicts)}};
    } catch (const StoreFailure& e) {
        return storeFailure(e.what());
    }
}

Result<nlohmann::json> ReviewService::decide(const Caller& caller, const std::string& inspectionId,
                                             ReviewDecision decision, const std::string& comment) {
    if (decision == ReviewDecision::Return && comment.empty())
        return validationError(ErrorCode::MissingField, "returning an inspection needs a comment for the inspector");
    auto lock = m_db.lock();
    try {
        Replica& replica = m_sync.replicaLocked();
        auto inspection = inspectionToReviewLocked(caller, inspectionId);
        if (!inspection) return inspection.error();
        if (inspection->value("status", "") != status::kSubmitted)
            return validationError(ErrorCode::IllegalTransition,
                                   "inspection " + inspectionId + " is " + inspection->value("status", "") +
                                       ", not submitted: only submitted inspections are reviewed");
        std::vector<std::pair<std::string, nlohmann::json>> fields;
        if (!comment.empty()) fields.emplace_back("review_comment", comment);
        fields.emplace_back(kStatusField, decision == ReviewDecision::Approve ? status::kApproved : status::kReturned);
        auto ops = m_sync.putLocked(caller, "inspection", inspectionId, fields);
        if (!ops) return ops.error();
        return replica.record(inspectionId);
    } catch (const StoreFailure& e) {
        return storeFailure(e.what());
    }
}

} // namespace fieldseal::server
