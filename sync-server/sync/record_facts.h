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

class PushFacts {
public:
    PushFacts(Replica& replica, const std::vector<Op>& push);

    const RecordFacts& of(const std::string& recordId);

private:
    // The record as the server holds it (nullopt when it has none), read once per push.
    const std::optional<nlohmann::json>& stored(const std::string& recordId);
    // The record as the server holds it with this push's top-level fields laid over it.
    const nlohmann::json& merged(const std::string& recordId);
    std::vector<std::string> assigneesOfInspection(const std::string& inspectionId);

    Replica& m_replica;
    std::unordered_map<std::string, std::optional<nlohmann::json>> m_stored;
    std::unordered_map<std::string, nlohmann::json> m_pushed; // record id -> fields this push sets
    std::unordered_map<std::string, std::string> m_pushedTypes;
    std::unordered_map<std::string, nlohmann::json> m_merged;
    std::unordered_map<std::string, bool> m_exists;
    std::unordered_map<std::string, RecordFacts> m_facts;
};

} // namespace fieldseal::server
