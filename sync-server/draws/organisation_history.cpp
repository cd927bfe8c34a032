#include "organisation_history.h"

#include <vector>

namespace fieldseal::server {
namespace {

std::string textOf(const nlohmann::json& record, const char* key) {
    const auto it = record.find(key);
    return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::set<std::string> inspectorsOf(const nlohmann::json& record) {
    std::set<std::string> out;
    if (const auto it = record.find("inspectors"); it != record.end() && it->is_array())
        for (const auto& id : *it)
            if (id.is_string()) out.insert(id.get<std::string>());
    return out;
}

std::vector<std::string> idsOfType(Replica& replica, const std::string& type) {
    std::vector<std::string> ids;
    replica.store().forEachRecordOfType(type, [&ids](const RecordMeta& m) { ids.push_back(m.id); });
    return ids;
}

// The latest record per USCC by (order key, id): ids are UUIDv7, so they break ties by age.
struct Latest {
    std::string key, id;
    std::set<std::string> inspectors;
};

void keepLatest(std::map<std::string, Latest>& latest, const std::string& uscc, Latest candidate) {
    auto [it, fresh] = latest.try_emplace(uscc, candidate);
    if (!fresh && std::tie(candidate.key, candidate.id) > std::tie(it->second.key, it->second.id))
        it->second = std::move(candidate);
}

} // namespace

OrganisationHistory readOrganisationHistoryLocked(Replica& replica) {
    OrganisationHistory history;
    std::map<std::string, std::string> usccOfRecord;
    for (const auto& id : idsOfType(replica, "organisation")) { // id order: the oldest first
        auto org = replica.record(id);
        if (!org) continue;
        const std::string uscc = textOf(*org, "uscc");
        if (uscc.empty()) continue;
        usccOfRecord[id] = uscc;
        history.recordIdByUscc.try_emplace(uscc, id);
    }
    std::map<std::string, Latest> inspections, tasks;
    for (const auto& id : idsOfType(replica, "inspection")) {
        auto r = replica.record(id);
        if (!r) continue;
        const auto org = usccOfRecord.find(textOf(*r, "organisation_id"));
        if (org == usccOfRecord.end()) continue;
        keepLatest(inspections, org->second, {textOf(*r, "started_at"), id, inspectorsOf(*r)});
    }
    for (const auto& id : idsOfType(replica, "task")) {
        auto r = replica.record(id);
        if (!r || textOf(*r, "task_status") == "cancelled") continue;
        const auto org = usccOfRecord.find(textOf(*r, "organisation_id"));
        if (org == usccOfRecord.end()) continue;
        keepLatest(tasks, org->second, {textOf(*r, "due_date"), id, inspectorsOf(*r)});
    }
    for (auto& [uscc, latest] : tasks)
        history.previousInspectors[uscc] = std::move(latest.inspectors);
    for (auto& [uscc, latest] : inspections) // an inspection says who actually went
        history.previousInspectors[uscc] = std::move(latest.inspectors);
    for (auto it = history.previousInspectors.begin(); it != history.previousInspectors.end();)
        it = it->second.empty() ? history.previousInspectors.erase(it) : std::next(it);
    return history;
}

} // namespace fieldseal::server
