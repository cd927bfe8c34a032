#include "sync_service.h"

#include "model/ids.h"
#include "sync/record_facts.h"

#include <set>
#include <unordered_set>

namespace fieldseal::server {
namespace {

constexpr std::size_t kMaxPullLimit = 5000;

Error storeError(const StoreFailure& e) {
    return Error{ErrorDomain::Store, ErrorCode::StoreFailure, e.what()};
}

std::string districtOf(const nlohmann::json& record) {
    const auto it = record.find("district");
    return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Rejection codes the sync response uses for errors of the core rules.
std::string codeOf(const Error& e) {
    switch (e.code) {
    case ErrorCode::Tampered: return "tampered";
    case ErrorCode::ClockAhead: return "clock_ahead";
    case ErrorCode::IllegalTransition: return "illegal_transition";
    case ErrorCode::Immutable: return "immutable";
    case ErrorCode::UnknownType: return "unknown_type";
    case ErrorCode::UnknownField: return "unknown_field";
    case ErrorCode::MissingField: return "missing_field";
    default: return "invalid_op";
    }
}

} // namespace

Result<std::unique_ptr<SyncService>> SyncService::open(ServerDatabase& db, ScopeStore& scopes, Hooks hooks) {
    auto lock = db.lock();
    auto replica = Replica::open(db.store());
    if (!replica) return replica.error();
    return std::unique_ptr<SyncService>(new SyncService(db, scopes, std::move(hooks), std::move(*replica)));
}

SyncService::SyncService(ServerDatabase& db, ScopeStore& scopes, Hooks hooks, std::unique_ptr<Replica> replica)
    : m_db(db)
    , m_scopes(scopes)
    , m_hooks(std::move(hooks))
    , m_replica(std::move(replica)) {
    m_replica->setLogObserver([this](const Op& op, std::int64_t seq) { onLogged(op, seq); });
}

void SyncService::onLogged(const Op& op, std::int64_t seq) {
    const auto d = m_districtOf.find(op.opId);
    // Every op the server logs comes through sync() or putLocked(), which set its district first.
    const std::string district = d != m_districtOf.end() ? d->second : m_fallbackDistrict;
    m_scopes.addOpScopeLocked(seq, district, op.type);
    if (op.type == "evidence" && op.isBody())
        m_scopes.addEvidenceLocked(op.recordId, op.value.value("sha256", ""), op.value.value("inspection_id", ""),
                                   district);
    if (m_hooks.auditLocked && m_pusher)
        m_hooks.auditLocked(*m_pusher, "op.accepted", op.recordId,
                            {{"op_id", op.opId}, {"type", op.type}, {"field", op.field}, {"seq", seq}});
}

RecordFacts SyncService::factsLocked(const std::string& recordId) {
    PushFacts facts(*m_replica, {});
    return facts.of(recordId);
}

Result<SyncResult> SyncService::sync(const Caller& caller, const SyncRequest& request) {
    auto lock = m_db.lock();
    SyncResult result;
    try {
        if (request.cursor > m_db.store().lastSeq())
            return Error{ErrorDomain::Sync, ErrorCode::InvalidInput,
                         "cursor " + std::to_string(request.cursor) +
                             " is ahead of the server (restored from a backup?); pull again from 0"};

        // Push: known ops are acknowledged again; the rest pass the access rules, then the merge.
        PushFacts facts(*m_replica, request.ops);
        std::vector<Op> candidates;
        std::unordered_set<std::string> refused;
        m_districtOf.clear();
        for (const Op& op : request.ops) {
            if (auto known = m_db.store().findOp(op.opId); known && known->op == op) {
                result.accepted.push_back(op.opId);
                continue;
            }
            const RecordFacts& f = facts.of(op.recordId);
            if (auto refusal = checkWrite(caller, op, f)) {
                result.rejected.push_back({op.opId, refusal->code, refusal->message});
                refused.insert(op.opId);
                continue;
            }
            m_districtOf[op.opId] = f.district;
            candidates.push_back(op);
        }
        m_pusher = &caller;
        auto applied = m_replica->apply(candidates, candidates.size() + 1);
        m_pusher = nullptr;
        m_districtOf.clear();
        if (!applied) return applied.error();

        std::unordered_set<std::string> rejectedByRules;
        for (const auto& [opId, error] : applied->rejected) {
            result.rejected.push_back({opId, codeOf(error), error.message});
            rejectedByRules.insert(opId);
        }
        std::set<std::string> touched;
        std::vector<std::string> exemptions;
        for (const Op& op : candidates) {
            if (rejectedByRules.count(op.opId)) continue;
            result.accepted.push_back(op.opId);
            if (!touched.insert(op.recordId).second) continue;
            if (op.type == "certificate" && op.isBody() && m_hooks.certificateArrivedLocked)
                m_hooks.certificateArrivedLocked(op.recordId, op.value);
            if (op.type == "ccc_exemption") exemptions.push_back(op.recordId);
        }
        if (m_hooks.count) {
            m_hooks.count("fieldseal_ops_accepted_total", static_cast<double>(applied->applied + applied->stale));
            m_hooks.count("fieldseal_ops_duplicate_total",
                          static_cast<double>(result.accepted.size() - applied->applied - applied->stale));
            m_hooks.count("fieldseal_ops_rejected_total", static_cast<double>(result.rejected.size()));
            m_hooks.count("fieldseal_conflicting_ops_total", static_cast<double>(applied->stale));
        }
        counterSealExemptionsLocked(exemptions);

        if (!touched.empty())
            for (auto& c : m_replica->conflicts())
                if (touched.count(c.value("record_id", ""))) result.conflicts.push_back(std::move(c));

        // Pull.
        const std::size_t limit = std::clamp<std::size_t>(request.limit, 1, kMaxPullLimit);
        const std::int64_t last = m_db.store().lastSeq();
        result.pulled = m_scopes.visibleOpsLocked(request.cursor, pullFilterFor(caller), limit + 1);
        result.more = result.pulled.size() > limit;
        if (result.more) {
            result.pulled.resize(limit);
            result.cursor = result.pulled.back().seq;
        } else {
            result.cursor = last; // everything up to now was looked at, visible or not
        }
        return result;
    } catch (const StoreFailure& e) {
        m_pusher = nullptr;
        m_districtOf.clear();
        return storeError(e);
    }
}

Result<std::vector<Op>> SyncService::putLocked(const Caller& caller, const std::string& type,
                                               const std::string& recordId,
                                               const std::vector<std::pair<std::string, nlohmann::json>>& fields) {
    // Ops the server makes get their ids inside put(), so the observer cannot be told each op's
    // district in advance: it falls back to the record's (existing, or among the new fields).
    auto existing = m_replica->record(recordId);
    std::string district = existing ? districtOf(*existing) : std::string();
    for (const auto& [k, v] : fields)
        if (k == "district" && v.is_string() && district.empty()) district = v.get<std::string>();
    m_districtOf.clear();
    m_fallbackDistrict = district;
    m_pusher = &caller;
    auto ops = m_replica->put(type, recordId, fields, caller.username);
    m_pusher = nullptr;
    m_fallbackDistrict.clear();
    if (ops) {
        // The server has no upstream: its own ops are not waiting for anyone's acknowledgement.
        std::vector<std::string> ids;
        for (const Op& op : *ops)
            ids.push_back(op.opId);
        m_db.store().acknowledge(ids);
    }
    return ops;
}

void SyncService::counterSealExemptionsLocked(const std::vector<std::string>& exemptionIds) {
    if (!m_hooks.counterSealLocked) return;
    static const Caller server{"", "fieldseal-server", Role::Admin, "", "server"};
    for (const auto& id : exemptionIds) {
        auto record = m_replica->record(id);
        if (!record || record->value("exemption_status", "") != "issued" || record->contains("counter_seal"))
            continue;
        auto sealed = m_hooks.counterSealLocked(id, *record);
        if (!sealed) {
            if (m_hooks.auditLocked)
                m_hooks.auditLocked(server, "exemption.counter_seal_refused", id,
                                    {{"reason", sealed.error().message}});
            continue;
        }
        std::vector<std::pair<std::string, nlohmann::json>> body;
        for (const auto& [k, v] : sealed->certificateBody.items())
            body.emplace_back(k, v);
        if (auto s = putLocked(server, "certificate", sealed->certificateId, body); !s) {
            if (m_hooks.auditLocked)
                m_hooks.auditLocked(server, "exemption.counter_seal_failed", id, {{"reason", s.error().message}});
            continue;
        }
        (void)putLocked(server, "ccc_exemption", id,
                        {{"counter_seal", sealed->counterSeal}, {"exemption_status", "sealed"}});
        if (m_hooks.count) m_hooks.count("fieldseal_exemptions_counter_sealed_total", 1);
    }
}

} // namespace fieldseal::server
