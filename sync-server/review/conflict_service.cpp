#include "conflict_service.h"

#include "api/errors.h"
#include "model/rfc3339.h"
#include "model/schema.h"
#include "sync/merge_rules.h"

#include <algorithm>
#include <chrono>

namespace fieldseal::server {
namespace {

bool mayResolve(const Caller& caller, const std::string& district) {
    return caller.role == Role::Admin || (caller.role == Role::Supervisor && caller.district == district);
}

std::string nowRfc3339() {
    return formatRfc3339(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

} // namespace

Result<nlohmann::json> ConflictService::list(const Caller& caller, bool openOnly) {
    auto lock = m_sync.lock();
    try {
        Replica& replica = m_sync.replicaLocked();
        auto open = nlohmann::json::array();
        auto resolved = nlohmann::json::array();
        for (auto& c : replica.conflicts()) {
            auto record = replica.record(c.value("record_id", ""));
            const std::string district = record ? record->value("district", "") : "";
            if (!mayResolve(caller, district)) continue;
            c["district"] = district;
            (c.value("status", "") == "open" ? open : resolved).push_back(std::move(c));
        }
        if (!openOnly)
            for (auto& c : resolved)
                open.push_back(std::move(c));
        return nlohmann::json{{"conflicts", std::move(open)}};
    } catch (const StoreFailure& e) {
        return storeFailure(e.what());
    }
}

Result<nlohmann::json> ConflictService::resolve(const Caller& caller, const std::string& conflictId,
                                                ConflictChoice choice, const std::vector<std::string>& fields,
                                                const std::string& comment) {
    if (caller.role != Role::Admin && caller.role != Role::Supervisor)
        return forbidden("only supervisors resolve conflicts");
    auto lock = m_sync.lock();
    try {
        Replica& replica = m_sync.replicaLocked();
        auto find = [&]() -> std::optional<nlohmann::json> {
            for (auto& c : replica.conflicts())
                if (c.value("id", "") == conflictId) return std::move(c);
            return std::nullopt;
        };
        auto conflict = find();
        if (!conflict) return notFound("no conflict with id " + conflictId);
        const std::string recordId = conflict->value("record_id", "");
        auto record = replica.record(recordId);
        if (!record) return notFound("the conflict's record " + recordId + " is missing");
        const std::string district = record->value("district", "");
        if (!mayResolve(caller, district))
            return forbidden("the conflict is on a record of district " + district + ", outside yours");
        if (conflict->value("status", "") != "open") {
            const auto& by = (*conflict)["resolution"];
            return Error{ErrorDomain::Sync, ErrorCode::Conflict,
                         "conflict " + conflictId + " was already resolved by " + by.value("resolved_by", "?") +
                             " at " + by.value("resolved_at", "?")};
        }

        // Everything the resolution writes goes in one transaction: a return of a submitted
        // inspection, the values taken over, and the resolution record.
        const std::string recordType = conflict->value("record_type", "inspection");
        std::vector<Replica::Edit> edits;
        std::vector<std::string> taken;
        if (choice == ConflictChoice::TakeTheirs) {
            const auto& conflictFields = (*conflict)["fields"];
            const auto& theirs = (*conflict)["theirs"];
            for (const auto& f : conflictFields) {
                const std::string name = f.get<std::string>();
                if (fields.empty() || std::find(fields.begin(), fields.end(), name) != fields.end())
                    taken.push_back(name);
            }
            for (const auto& f : fields)
                if (std::find(taken.begin(), taken.end(), f) == taken.end())
                    return invalidInput("field '" + f + "' is not one of the conflict's fields");
            if (std::find(taken.begin(), taken.end(), kStatusField) != taken.end())
                return invalidInput("a missed status change cannot be taken over: keep ours, or review the "
                                    "inspection again");
            const std::string status = record->value("status", "");
            if (status == status::kApproved)
                return Error{ErrorDomain::Sync, ErrorCode::Conflict,
                             "inspection " + recordId + " is approved and final: its kept edits can only be dismissed "
                                                        "(keep_ours)"};
            if (status == status::kSubmitted)
                edits.push_back({recordType,
                                 recordId,
                                 {{"review_comment", "退回：采用冲突中保留的修改 Returned: kept edits from conflict " +
                                                         conflictId + " were taken over" +
                                                         (comment.empty() ? "" : " — " + comment)},
                                  {kStatusField, status::kReturned}}});
            std::vector<std::pair<std::string, nlohmann::json>> values;
            for (const auto& name : taken)
                values.emplace_back(name, theirs.contains(name) ? theirs[name] : nlohmann::json());
            if (!values.empty()) edits.push_back({recordType, recordId, std::move(values)});
        }
        nlohmann::json body = {{"conflict_id", conflictId},
                               {"record_id", recordId},
                               {"choice", choice == ConflictChoice::KeepOurs ? "keep_ours" : "take_theirs"},
                               {"fields", taken},
                               {"resolved_by", caller.username},
                               {"resolved_at", nowRfc3339()},
                               {"district", district}};
        if (!comment.empty()) body["comment"] = comment;
        std::vector<std::pair<std::string, nlohmann::json>> bodyFields;
        for (const auto& [k, v] : body.items())
            bodyFields.emplace_back(k, v);
        edits.push_back({"conflict_resolution", merge::resolutionRecordId(conflictId), std::move(bodyFields)});
        if (auto put = m_sync.putAllLocked(caller, edits); !put) return put.error();
        auto after = find();
        if (!after) return notFound("conflict " + conflictId + " vanished");
        return *after;
    } catch (const StoreFailure& e) {
        return storeFailure(e.what());
    }
}

} // namespace fieldseal::server
