#include "sync_service.h"

#include "api/errors.h"
#include "model/ids.h"
#include "sync/op_codec.h"
#include "sync/op_json_text.h"
#include "sync/record_facts.h"

#include <functional>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_set>

namespace fieldseal::server {
namespace {

constexpr std::size_t kMaxPullLimit = 5000;

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

// Replica::prepare(ops), taking each value's text from the request where the reader kept it
// (SyncRequest::valueTexts) instead of serialising the value again.
std::vector<Replica::PreparedOp> prepareOps(const std::vector<Op>& ops,
                                            std::vector<std::string>& valueTexts) {
    if (valueTexts.size() != ops.size()) return Replica::prepare(ops);
    std::vector<Replica::PreparedOp> out;
    out.reserve(ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (valueTexts[i].empty()) {
            out.push_back(Replica::prepare(ops[i]));
            continue;
        }
        auto& p = out.emplace_back();
        p.valid = validateOp(ops[i]);
        p.valueJson = std::move(valueTexts[i]);
    }
    return out;
}

// Each op's audit digest (AcceptedOpsAudit::opDigest) from the value prepare() serialised.
std::vector<std::string> auditDigests(const std::vector<Op>& ops, const std::vector<Replica::PreparedOp>& prepared) {
    seal::Sha256Stream sha;
    std::vector<std::string> out;
    out.reserve(ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i)
        out.push_back(AcceptedOpsAudit::opDigest(ops[i], prepared[i].valueJson, sha));
    return out;
}

} // namespace

Result<std::unique_ptr<SyncService>> SyncService::open(ServerDatabase& db, ScopeStore& scopes, Hooks hooks) {
    auto lock = db.lock();
    auto replica = Replica::open(db.store());
    if (!replica) return replica.error();
    return std::make_unique<SyncService>(PassKey<SyncService>{}, db, scopes, std::move(hooks), std::move(*replica));
}

SyncService::SyncService(PassKey<SyncService>, ServerDatabase& db, ScopeStore& scopes, Hooks hooks,
                         std::unique_ptr<Replica> replica)
    : m_db(db)
    , m_scopes(scopes)
    , m_hooks(std::move(hooks))
    , m_replica(std::move(replica)) {
    m_replica->setLogObserver([this](const Op& op, std::int64_t seq) { onLogged(op, seq); });
    m_replica->setCommitObserver([this] { onCommitting(); });
}

void SyncService::onLogged(const Op& op, std::int64_t seq) {
    // Every op the server logs comes through sync() or putAllLocked(), which set its record's
    // district first.
    static const std::string kNone;
    const auto r = m_districtOfRecord.find(op.recordId);
    const std::string& district = r != m_districtOfRecord.end() ? r->second : kNone;
    if (m_scopeRuns.empty() || m_scopeRuns.back().last + 1 != seq || m_scopeRuns.back().district != district ||
        m_scopeRuns.back().type != op.type)
        m_scopeRuns.push_back({seq, seq, district, op.type});
    else
        m_scopeRuns.back().last = seq;
    if (op.type == "evidence" && op.isBody())
        m_scopes.addEvidenceLocked(op.recordId, op.value.value("sha256", ""), op.value.value("inspection_id", ""),
                                   district);
    // The op is one of the push's (an element of the vector being applied) or one the server
    // made itself; only the push's have their audit digest made already.
    const std::string* digest = nullptr;
    if (m_pushCount > 0 && !std::less<const Op*>()(&op, m_pushOps) &&
        std::less<const Op*>()(&op, m_pushOps + m_pushCount))
        digest = &m_pushDigests[&op - m_pushOps];
    m_batch.add(op, seq, digest);
    if (op.type == "inspection" && op.isStatus()) m_statusChanged.insert(op.recordId);
}

// Inside the Replica's transaction, just before it commits (the records are recomputed): the
// pull scopes of the ops it logged, one audit entry for all of them, and the review queue's
// index of the inspections it moved.
void SyncService::onCommitting() {
    for (const auto& run : m_scopeRuns)
        m_scopes.addOpScopeLocked(run.first, run.last, run.district, run.type);
    m_scopeRuns.clear();
    if (!m_batch.empty() && m_hooks.auditLocked && m_pusher)
        m_hooks.auditLocked(*m_pusher, "ops.accepted", m_batch.recordId(), m_batch.detail());
    // The server has no upstream: its own ops are not waiting for anyone's acknowledgement.
    if (m_acknowledgeLogged && !m_batch.empty()) m_db.store().acknowledge(m_batch.opIds());
    m_batch.clear();
    for (const auto& id : m_statusChanged)
        if (auto record = m_replica->record(id))
            m_scopes.setInspectionStatusLocked(id, districtOf(*record), record->value("status", ""));
    m_statusChanged.clear();
}

void SyncService::forgetBatch() {
    m_batch.clear();
    m_scopeRuns.clear();
    m_statusChanged.clear();
    m_districtOfRecord.clear();
    m_acknowledgeLogged = false;
    m_pusher = nullptr;
    m_pushOps = nullptr;
    m_pushDigests = nullptr;
    m_pushCount = 0;
}

RecordFacts SyncService::factsLocked(const std::string& recordId) {
    PushFacts facts(*m_replica, {});
    return facts.of(recordId);
}

Result<SyncResult> SyncService::sync(const Caller& caller, SyncRequest request) {
    // Before the lock: each op's schema check, its value as the op log stores it (nlohmann
    // dump()) and its audit digest, and the fields the push sets that the access rules look at.
    // Checking, serialising and hashing 500 ops is work no other request needs to wait for.
    std::vector<Replica::PreparedOp> prepared = prepareOps(request.ops, request.valueTexts);
    std::vector<std::string> digests = auditDigests(request.ops, prepared);
    PushedFields pushedFields(request.ops);
    // Declared before the lock, so destroyed after it is released: freeing a push's facts and
    // sets of ids is no work for the lock holder either.
    std::optional<PushFacts> facts;
    std::set<std::string> touched;
    std::unordered_set<std::string> rejectedByRules;
    std::unordered_set<std::string_view> pushed;
    auto lock = m_db.lock();
    SyncResult result;
    try {
        if (request.cursor > m_db.store().lastSeq())
            return Error{ErrorDomain::Sync, ErrorCode::InvalidInput,
                         "cursor " + std::to_string(request.cursor) +
                             " is ahead of the server (restored from a backup?); pull again from 0"};

        // Push: ops pass the access rules, then the merge (which acknowledges ops it already
        // holds as duplicates). An op the rules refuse now may still be one the server accepted
        // earlier (a re-push after a lost reply): that one is acknowledged again, not refused.
        facts.emplace(*m_replica, std::move(pushedFields), caller.role == Role::Inspector);
        // The ops the rules let through stay in the request's vector, moved to its front in
        // order (no second vector of a push's ops).
        std::vector<Op>& candidates = request.ops;
        std::size_t kept = 0;
        forgetBatch();
        for (std::size_t i = 0; i < request.ops.size(); ++i) {
            Op& op = request.ops[i];
            const RecordFacts& f = facts->of(op.recordId);
            if (auto refusal = checkWrite(caller, op, f)) {
                if (auto known = m_db.store().findOp(op.opId); known && known->op == op)
                    result.accepted.push_back(op.opId);
                else
                    result.rejected.push_back({op.opId, refusal->code, refusal->message});
                continue;
            }
            m_districtOfRecord.try_emplace(op.recordId, f.district);
            if (kept != i) {
                request.ops[kept] = std::move(op);
                prepared[kept] = std::move(prepared[i]);
                digests[kept] = std::move(digests[i]);
            }
            ++kept;
        }
        candidates.erase(candidates.begin() + static_cast<std::ptrdiff_t>(kept), candidates.end());
        prepared.resize(kept);
        digests.resize(kept);
        m_pusher = &caller;
        m_pushOps = candidates.data();
        m_pushDigests = digests.data();
        m_pushCount = candidates.size();
        auto applied = m_replica->applyPrepared(candidates, prepared, candidates.size() + 1);
        forgetBatch();
        if (!applied) return applied.error();

        for (const auto& [opId, error] : applied->rejected) {
            result.rejected.push_back({opId, codeOf(error), error.message});
            rejectedByRules.insert(opId);
        }
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

        // The conflicts on the records this push touched, by index: reading every conflict the
        // server holds made each push slower as conflicts piled up.
        if (!touched.empty()) result.conflicts = m_replica->conflictsWithOurs(m_scopes.conflictRowsOfLocked(touched));

        // Pull. The ops this request just pushed are not sent back: the device holds them, and
        // it acknowledges them (the accepted list) in the same step as it applies the pull.
        const std::size_t limit = std::clamp<std::size_t>(request.limit, 1, kMaxPullLimit);
        const std::int64_t last = m_db.store().lastSeq();
        pushed.insert(result.accepted.begin(), result.accepted.end());
        result.pulledJson = "[";
        std::int64_t consumed = 0; // the last op sent or skipped
        m_scopes.forEachVisibleOpLocked(request.cursor, pullFilterFor(caller), limit + 1 + pushed.size(),
                                        [&](const LoggedOpText& op) {
                                            if (pushed.count(op.opId)) {
                                                consumed = op.seq;
                                                return true;
                                            }
                                            if (result.pulledCount == limit) {
                                                result.more = true; // one more than asked for
                                                return false;
                                            }
                                            if (result.pulledCount++ > 0) result.pulledJson += ',';
                                            appendOpJson(op, result.pulledJson);
                                            consumed = op.seq;
                                            return true;
                                        });
        result.pulledJson += ']';
        // When there is more, the next page starts after the last op sent or skipped; otherwise
        // everything up to now was looked at, visible or not.
        result.cursor = result.more ? consumed : last;
        return result;
    } catch (const StoreFailure& e) {
        forgetBatch();
        return storeFailure(e.what());
    }
}

Result<std::vector<Op>> SyncService::putLocked(const Caller& caller, const std::string& type,
                                               const std::string& recordId,
                                               const std::vector<std::pair<std::string, nlohmann::json>>& fields) {
    return putAllLocked(caller, {Replica::Edit{type, recordId, fields}});
}

Result<std::vector<Op>> SyncService::putAllLocked(const Caller& caller, const std::vector<Replica::Edit>& edits) {
    forgetBatch();
    try {
        // Each record's district: the one it has, or the one among its new fields.
        for (const auto& edit : edits) {
            auto existing = m_replica->record(edit.recordId);
            std::string district = existing ? districtOf(*existing) : std::string();
            for (const auto& [k, v] : edit.fields)
                if (k == "district" && v.is_string() && district.empty()) district = v.get<std::string>();
            m_districtOfRecord.try_emplace(edit.recordId, std::move(district));
        }
    } catch (const StoreFailure& e) {
        forgetBatch();
        return storeFailure(e.what());
    }
    m_pusher = &caller;
    m_acknowledgeLogged = true;
    auto ops = m_replica->putAll(edits, caller.username);
    forgetBatch();
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
