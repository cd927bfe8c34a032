#include "record_facts.h"

#include <string_view>

namespace fieldseal::server {
namespace {

std::string text(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> textList(const nlohmann::json& j, const char* key) {
    std::vector<std::string> out;
    const auto it = j.find(key);
    if (it == j.end() || !it->is_array()) return out;
    for (const auto& v : *it)
        if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

// The top-level fields RecordFacts are made of (see of() and assigneesOfInspection()); a push's
// other fields (findings, answers, ...) are not copied.
bool isFactField(std::string_view name) {
    return name == "district" || name == "status" || name == "task_id" || name == "inspection_id" ||
           name == "inspectors" || name == "type";
}

} // namespace

PushedFields::PushedFields(const std::vector<Op>& push) {
    for (const Op& op : push) {
        auto& fields = m_fields[op.recordId];
        if (fields.is_null()) fields = nlohmann::json::object();
        m_types.try_emplace(op.recordId, op.type);
        if (op.isBody() && op.value.is_object()) {
            for (const auto& [k, v] : op.value.items())
                if (isFactField(k)) fields[k] = v;
        } else if (op.isStatus() && op.value.is_object() && op.value.contains("status")) {
            fields[kStatusField] = op.value["status"];
        } else if (isFactField(op.field)) {
            fields[op.field] = op.value;
        }
    }
}

PushFacts::PushFacts(Replica& replica, PushedFields pushed, bool withAssignees)
    : m_replica(replica)
    , m_pushed(std::move(pushed))
    , m_withAssignees(withAssignees) {}

const std::optional<nlohmann::json>& PushFacts::stored(const std::string& recordId) {
    if (auto it = m_stored.find(recordId); it != m_stored.end()) return it->second;
    auto existing = m_replica.record(recordId);
    std::optional<nlohmann::json> record;
    if (existing) record = std::move(*existing);
    return m_stored.emplace(recordId, std::move(record)).first->second;
}

const nlohmann::json& PushFacts::merged(const std::string& recordId) {
    if (auto it = m_merged.find(recordId); it != m_merged.end()) return it->second;
    nlohmann::json j = nlohmann::json::object();
    const auto& existing = stored(recordId);
    m_exists[recordId] = existing.has_value();
    if (existing) j = *existing;
    if (auto p = m_pushed.m_fields.find(recordId); p != m_pushed.m_fields.end())
        for (const auto& [k, v] : p->second.items())
            // The district a record already has stays (access_rules refuses the change).
            if (!(k == "district" && j.contains("district"))) j[k] = v;
    if (!j.contains("type"))
        if (auto t = m_pushed.m_types.find(recordId); t != m_pushed.m_types.end()) j["type"] = t->second;
    return m_merged.emplace(recordId, std::move(j)).first->second;
}

// Who is assigned follows the records the server holds, not the push: a push must not make its
// author an assignee by pointing an inspection at another task or by listing itself in a task or
// an inspection (those ops may be refused while the others in the push are checked). Only an
// inspection the server does not have yet is taken from the push; its task must be on the server.
std::vector<std::string> PushFacts::assigneesOfInspection(const std::string& inspectionId) {
    const auto& held = stored(inspectionId);
    const nlohmann::json& inspection = held ? *held : merged(inspectionId);
    const std::string taskId = text(inspection, "task_id");
    if (!taskId.empty()) {
        const auto& task = stored(taskId);
        return task ? textList(*task, "inspectors") : std::vector<std::string>{};
    }
    return textList(inspection, "inspectors");
}

const RecordFacts& PushFacts::of(const std::string& recordId) {
    if (auto it = m_facts.find(recordId); it != m_facts.end()) return it->second;
    const auto& j = merged(recordId);
    RecordFacts f;
    f.exists = m_exists[recordId];
    f.type = text(j, "type");
    f.district = text(j, "district");
    f.status = text(j, "status");
    // Sealed as the server holds it: the push cannot unseal it (and cannot seal it either).
    if (const auto& held = stored(recordId); held && f.type == "ccc_exemption")
        f.sealed = text(*held, "exemption_status") == "sealed";
    if (m_withAssignees && f.type == "inspection")
        f.assignees = assigneesOfInspection(recordId);
    else if (m_withAssignees && (f.type == "evidence" || f.type == "signature"))
        f.assignees = assigneesOfInspection(text(j, "inspection_id"));
    return m_facts.emplace(recordId, std::move(f)).first->second;
}

} // namespace fieldseal::server
