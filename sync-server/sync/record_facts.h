#pragma once
// RecordFacts for the ops of one push: what the server holds of each record, overlaid with what
// the push itself sets (a new inspection's district and task arrive in the same push as its
// other fields). Call with the database lock held; lives for one push.

#include "sync/access_rules.h"
#include "sync/replica.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace fieldseal::server {

// What a push itself sets, by record: the top-level fields the facts read (district, status,
// task and inspection ids, inspectors, type; from field ops, body members and status changes)
// and the type each record's ops name. Needs no store: a push's are made before the lock.
class PushedFields {
public:
    explicit PushedFields(const std::vector<Op>& push);

private:
    friend class PushFacts;
    std::unordered_map<std::string, nlohmann::json> m_fields; // record id -> fields this push sets
    std::unordered_map<std::string, std::string> m_types;
};

class PushFacts {
public:
    // withAssignees: also find who is assigned to each inspection (its task record is read).
    // Only the inspector's rules look at assignees; the other roles' pushes skip the reads.
    PushFacts(Replica& replica, PushedFields pushed, bool withAssignees = true);
    PushFacts(Replica& replica, const std::vector<Op>& push)
        : PushFacts(replica, PushedFields(push)) {}

    const RecordFacts& of(const std::string& recordId);

private:
    // The record as the server holds it (nullopt when it has none), read once per push.
    const std::optional<nlohmann::json>& stored(const std::string& recordId);
    // The record as the server holds it with this push's top-level fields laid over it.
    const nlohmann::json& merged(const std::string& recordId);
    std::vector<std::string> assigneesOfInspection(const std::string& inspectionId);

    Replica& m_replica;
    PushedFields m_pushed;
    bool m_withAssignees;
    std::unordered_map<std::string, std::optional<nlohmann::json>> m_stored;
    std::unordered_map<std::string, nlohmann::json> m_merged;
    std::unordered_map<std::string, bool> m_exists;
    std::unordered_map<std::string, RecordFacts> m_facts;
};

} // namespace fieldseal::server
