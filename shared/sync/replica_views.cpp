// Replica's read side: materialised records, conflicts with both versions, the canonical dump.
#include "model/schema.h"
#include "replica.h"

#include <algorithm>
#include <ostream>

namespace fieldseal {
namespace {

// A field's value as the record shows it: a status change's op carries {"status": .., "seen": ..}.
const nlohmann::json& shownValue(const FieldState& f) {
    return f.field == kStatusField && f.value.is_object() ? f.value.at("status") : f.value;
}

nlohmann::json materialise(Store& store, const RecordMeta& meta) {
    nlohmann::json j = nlohmann::json::object();
    const auto fields = store.fields(meta.id);
    for (const auto& f : fields) {
        if (f.field == kBodyField) {
            for (const auto& [k, v] : f.value.items())
                j[k] = v;
            continue;
        }
        if (f.value.is_null()) continue; // cleared
        const auto dot = f.field.find('.');
        if (dot == std::string::npos)
            j[f.field] = shownValue(f);
        else
            j[f.field.substr(0, dot)][f.field.substr(dot + 1)] = f.value;
    }
    const RecordType* type = findRecordType(meta.type);
    if (type && type->hasStatus) {
        if (!j.contains(kStatusField)) j[kStatusField] = status::kDraft;
        // A signature is stale when the record's fields are no longer the versions it signed.
        const auto current = merge::seenVersions(meta.type, fields);
        auto signatures = nlohmann::json::array();
        for (const auto& m : store.milestones(meta.id))
            if (m.kind == "signature")
                signatures.push_back({{"id", m.value}, {"hlc", m.hlc}, {"stale", m.seen != current}});
        j["signatures"] = signatures;
    }
    j["id"] = meta.id;
    j["type"] = meta.type;
    j["created_hlc"] = meta.createdHlc;
    // The newest write always wins its field, so the newest field version is the last change.
    Hlc updated = meta.createdHlc;
    for (const auto& f : fields)
        updated = std::max(updated, f.clock.hlc);
    j["updated_hlc"] = updated;
    return j;
}

nlohmann::json withOurs(Store& store, const ConflictRow& row) {
    nlohmann::json j = row.body;
    nlohmann::json ours = nlohmann::json::object();
    const auto fields = store.fields(row.recordId);
    for (const auto& name : row.body.at("fields")) {
        ours[name.get<std::string>()] = nullptr;
        for (const auto& f : fields)
            if (f.field == name) ours[f.field] = shownValue(f);
    }
    j["ours"] = ours;
    j["status"] = "open";
    if (const auto res = store.record(merge::resolutionRecordId(row.id))) {
        j["status"] = "resolved";
        for (const auto& f : store.fields(res->id))
            if (f.field == kBodyField) j["resolution"] = f.value;
    }
    return j;
}

} // namespace

Result<nlohmann::json> Replica::record(const std::string& recordId) {
    try {
        const auto meta = m_store.record(recordId);
        if (!meta)
            return Error{ErrorDomain::Validation, ErrorCode::NotFound, "no record with id " + recordId};
        return materialise(m_store, *meta);
    } catch (const StoreFailure& e) {
        return Error{ErrorDomain::Store, ErrorCode::StoreFailure, e.what()};
    }
}

nlohmann::json Replica::conflicts() {
    auto out = nlohmann::json::array();
    for (const auto& row : m_store.conflicts())
        out.push_back(withOurs(m_store, row));
    return out;
}

nlohmann::json Replica::conflictsWithOurs(const std::vector<ConflictRow>& rows) {
    auto out = nlohmann::json::array();
    for (const auto& row : rows)
        out.push_back(withOurs(m_store, row));
    return out;
}

void Replica::writeCanonicalDump(std::ostream& out) {
    m_store.forEachRecord([&](const RecordMeta& meta) {
        out << nlohmann::json{{"record", materialise(m_store, meta)}}.dump() << '\n';
    });
    for (const auto& row : m_store.conflicts())
        out << nlohmann::json{{"conflict", withOurs(m_store, row)}}.dump() << '\n';
    std::vector<std::string> ids;
    m_store.forEachOpSince(0, [&](const StoredOp& s) {
        ids.push_back(s.op.opId);
        return true;
    });
    std::sort(ids.begin(), ids.end());
    for (const auto& id : ids)
        out << nlohmann::json{{"op", id}}.dump() << '\n';
}

} // namespace fieldseal
