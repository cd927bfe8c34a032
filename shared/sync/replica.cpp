#include "replica.h"

#include "model/schema.h"
#include "sync/op_codec.h"

#include <algorithm>
#include <map>
#include <ostream>
#include <set>
#include <stdexcept>

namespace fieldseal {
namespace {

constexpr std::size_t kCacheLimit = 200000; // records kept between commits (a few hundred bytes each)

Error storeError(const StoreFailure& e) {
    return Error{ErrorDomain::Store, ErrorCode::StoreFailure, e.what()};
}

Error tampered(const std::string& message) {
    return Error{ErrorDomain::Sync, ErrorCode::Tampered, message};
}

std::string signatureTarget(const Op& op) {
    if (op.type != "signature" || !op.value.is_object()) return {};
    const auto it = op.value.find("inspection_id");
    return it != op.value.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

Status Replica::initialise(Store& store, const ReplicaIdentity& identity) {
    try {
        if (store.meta("device"))
            return Error{ErrorDomain::Usage, ErrorCode::InvalidInput,
                         "this store already belongs to device '" + *store.meta("device") + "'"};
        if (identity.device.empty() || identity.user.empty())
            return validationError(ErrorCode::MissingField, "a replica needs a device id and a user name");
        if (!identity.district.empty())
            if (auto s = validateField(*findRecordType("organisation"), "district", identity.district); !s)
                return s;
        auto tx = store.begin();
        store.setMeta("device", identity.device);
        store.setMeta("user", identity.user);
        store.setMeta("district", identity.district);
        store.setMeta("hlc", "0");
        tx->commit();
        return ok();
    } catch (const StoreFailure& e) {
        return storeError(e);
    }
}

Result<std::unique_ptr<Replica>> Replica::open(Store& store, Options options) {
    try {
        auto device = store.meta("device");
        if (!device)
            return Error{ErrorDomain::Usage, ErrorCode::NotFound,
                         "the store is not initialised (run init first)"};
        ReplicaIdentity id{*device, store.meta("user").value_or(""), store.meta("district").value_or("")};
        auto replica = std::make_unique<Replica>(PassKey<Replica>{}, store, std::move(id), std::move(options));
        replica->m_clock.restore(std::stoull(store.meta("hlc").value_or("0")));
        return replica;
    } catch (const StoreFailure& e) {
        return storeError(e);
    }
}

Replica::Replica(PassKey<Replica>, Store& store, ReplicaIdentity identity, Options options)
    : m_store(store)
    , m_identity(std::move(identity))
    , m_clock(std::move(options.clock))
    , m_ids(std::move(options.ids)) {}

Replica::CachedRecord& Replica::load(const std::string& recordId) {
    auto [it, inserted] = m_cache.try_emplace(recordId);
    if (inserted) {
        m_touched.insert(recordId); // loaded inside a transaction that may roll back
        const auto meta = m_store.record(recordId);
        if (meta) {
            it->second.type = meta->type;
            it->second.createdHlc = meta->createdHlc;
        }
        // Only records with a status machine have milestones (a record not seen yet may already
        // be the target of a signature that arrived first).
        const RecordType* type = meta ? findRecordType(meta->type) : nullptr;
        if (!meta || (type && type->hasStatus)) reloadMilestones(it->second, recordId);
    }
    return it->second;
}

void Replica::reloadMilestones(CachedRecord& rec, const std::string& recordId) {
    rec.milestones = m_store.milestones(recordId);
    rec.fold = rec.milestones.empty() ? merge::MilestoneFold{{}, status::kDraft, nullptr}
                                      : merge::foldMilestones(rec.milestones, opsOf(rec, recordId));
}

std::vector<StoredOp>& Replica::opsOf(CachedRecord& rec, const std::string& recordId) {
    if (!rec.ops) {
        rec.ops = m_store.opsOfRecord(recordId);
        // Ops logged ahead of the rules are added by applyOne as it applies them, in order.
        const auto [first, last] = m_loggedAhead;
        std::erase_if(*rec.ops, [&](const StoredOp& o) { return o.seq >= first && o.seq <= last; });
    }
    return *rec.ops;
}

void Replica::touch(CachedRecord& rec, const Op& op) {
    if (rec.type && rec.createdHlc <= op.hlc) return; // the common case: nothing to write
    m_touched.insert(op.recordId);
    m_store.addRecord(op.recordId, op.type, op.hlc);
    rec.type = op.type;
    rec.createdHlc = op.hlc;
}

void Replica::flush() {
    recomputePending();
    m_store.setMeta("hlc", std::to_string(m_clock.last()));
    if (m_cache.size() > kCacheLimit) m_cache.clear();
}

void Replica::forgetUncommitted() {
    for (const auto& id : m_touched)
        m_cache.erase(id);
    for (const auto& id : m_pending)
        m_cache.erase(id);
    m_touched.clear();
    m_pending.clear();
}

Status Replica::checkNoTampering(const Op& op, CachedRecord& rec) {
    if (rec.type && *rec.type != op.type)
        return tampered("op " + op.opId + " says record " + op.recordId + " is a " + op.type +
                        ", but it is a " + *rec.type);
    if (op.isBody() && rec.type) {
        for (const auto& f : m_store.fields(op.recordId)) {
            if (f.field == kBodyField && f.value != op.value)
                return tampered(op.type + " " + op.recordId +
                                " already exists with a different body; immutable records cannot be replaced "
                                "(op " +
                                op.opId + " refused as tampering)");
        }
    }
    return ok();
}

Result<ApplyOutcome> Replica::applyOne(const Op& op, bool local, const std::string* valueJson,
                                       std::optional<std::int64_t> loggedAs) {
    // An op logged ahead by applyBatches leaves the log again when the rules refuse it.
    const auto refuse = [&](Error e) -> Error {
        if (loggedAs) m_store.withdrawOp(*loggedAs);
        return e;
    };
    if (loggedAs) m_loggedAhead.first = *loggedAs; // from here on the log holds ops not applied yet
    if (auto s = m_clock.observe(op.hlc); !s) return refuse(s.error());
    CachedRecord& rec = load(op.recordId);
    if (auto s = checkNoTampering(op, rec); !s) return refuse(s.error());
    std::optional<std::int64_t> seq = loggedAs;
    if (seq)
        m_store.keepLoggedOp(op);
    else
        seq = valueJson ? m_store.appendOp(op, local, *valueJson) : m_store.appendOp(op, local);
    if (!seq) {
        const auto known = m_store.findOp(op.opId);
        if (known && known->op != op)
            return tampered("op id " + op.opId + " is already used by a different op (refused as tampering)");
        return ApplyOutcome::Duplicate;
    }
    if (m_logObserver) m_logObserver(op, *seq);
    if (rec.ops) {
        rec.ops->push_back(StoredOp{*seq, op, false});
        m_touched.insert(op.recordId);
    }
    const bool firstOp = !rec.type;
    touch(rec, op);
    if (op.isBody()) {
        applyBody(op, *seq, firstOp);
        return ApplyOutcome::Applied;
    }
    // Status changes, and ops of a record already waiting for a recompute, are only logged now;
    // recomputePending() derives their effect once per batch.
    if (op.isStatus()) {
        m_store.addMilestone(Milestone{
            op.opId, op.recordId, "status", op.value.at("status").get<std::string>(), op.hlc, op.baseVersion,
            op.device, op.value.at("seen"), op.value.at("after").get<std::string>()});
        m_pending.insert(op.recordId);
        return ApplyOutcome::Applied;
    }
    if (m_pending.count(op.recordId)) return ApplyOutcome::Applied;
    const RecordType* type = findRecordType(op.type);
    if (type->hasStatus && !rec.fold.empty() && merge::staleBecause(rec.fold, op)) {
        m_pending.insert(op.recordId);
        return ApplyOutcome::Stale;
    }
    m_store.mergeField(FieldState{op.recordId, op.field, {}, FieldClock{op.hlc, op.device}, op.opId, *seq});
    return ApplyOutcome::Applied;
}

void Replica::recomputePending() {
    m_touched.insert(m_pending.begin(), m_pending.end());
    // Recomputing one record never adds another to the set: only signatures reach across records,
    // and they were queued when they arrived.
    for (const auto& id : m_pending)
        recompute(id);
    m_pending.clear();
}

void Replica::applyBody(const Op& op, std::int64_t seq, bool first) {
    if (first)
        m_store.mergeField(
            FieldState{op.recordId, kBodyField, {}, FieldClock{op.hlc, op.device}, op.opId, seq});
    const std::string target = signatureTarget(op);
    if (first && !target.empty()) {
        // A signature protects the inspection it signs: it becomes one of that record's milestones.
        nlohmann::json seen = op.value.value("signed_versions", nlohmann::json::object());
        m_store.addMilestone(Milestone{op.opId, target, "signature", op.recordId, op.hlc, op.baseVersion,
                                       op.device, std::move(seen), ""});
        m_pending.insert(target);
    }
}

void Replica::recompute(const std::string& recordId) {
    CachedRecord& rec = load(recordId);
    auto& ops = opsOf(rec, recordId);
    rec.milestones = m_store.milestones(recordId);
    rec.fold = merge::foldMilestones(rec.milestones, ops);
    if (ops.empty()) return; // only milestones so far (a signature that arrived before its inspection)
    const RecordType* type = findRecordType(ops.front().op.type);
    const bool hasStatus = type && type->hasStatus;

    std::map<std::string, FieldState> winners;
    struct Group {
        const Milestone* missed = nullptr;
        std::string device;
        std::map<std::string, const Op*> newest; // field -> newest stale op
        std::vector<std::string> opIds;
        bool statusChange = false;
    };
    std::map<std::pair<std::string, std::string>, Group> groups;

    for (auto& stored : ops) {
        const Op& op = stored.op;
        const Milestone* missed = nullptr;
        bool statusChange = false;
        if (op.isBody()) {
            auto& w = winners[kBodyField];
            if (w.opId.empty() || FieldClock{op.hlc, op.device} < w.clock)
                w = FieldState{recordId, kBodyField, op.value, FieldClock{op.hlc, op.device},
                               op.opId,  stored.seq};
        } else if (op.isStatus()) {
            for (const auto& step : rec.fold.steps)
                if (step.milestone->opId == op.opId && !step.applied) {
                    missed = step.milestone;
                    statusChange = true;
                }
        } else {
            missed = hasStatus ? merge::staleBecause(rec.fold, op) : nullptr;
            if (!missed) {
                const FieldClock clock{op.hlc, op.device};
                auto it = winners.find(op.field);
                if (it == winners.end() || merge::newer(clock, it->second.clock))
                    winners[op.field] = FieldState{recordId, op.field, op.value, clock, op.opId, stored.seq};
            }
        }
        if (missed) {
            auto& g = groups[{missed->opId, op.device}];
            g.missed = missed;
            g.device = op.device;
            g.statusChange = statusChange;
            g.opIds.push_back(op.opId);
            auto& newest = g.newest[op.field];
            if (!newest || FieldClock{newest->hlc, newest->device} < FieldClock{op.hlc, op.device})
                newest = &op;
        }
        if (stored.stale != (missed != nullptr)) {
            m_store.setStale(op.opId, missed != nullptr);
            stored.stale = missed != nullptr;
        }
    }
    if (hasStatus && rec.fold.lastStatus) {
        const Milestone& m = *rec.fold.lastStatus;
        const auto statusOp =
            std::find_if(ops.begin(), ops.end(), [&](const StoredOp& o) { return o.op.opId == m.opId; });
        winners[kStatusField] =
            FieldState{recordId, kStatusField, m.value, FieldClock{m.hlc, m.device}, m.opId, statusOp->seq};
    }

    std::vector<FieldState> fields;
    for (auto& [name, f] : winners)
        fields.push_back(std::move(f));
    m_store.replaceFields(recordId, fields);

    std::vector<ConflictRow> rows;
    for (const auto& [key, g] : groups) {
        nlohmann::json theirs = nlohmann::json::object();
        nlohmann::json fieldNames = nlohmann::json::array();
        for (const auto& [field, op] : g.newest) {
            theirs[field] = field == kStatusField ? op->value.at("status") : op->value;
            fieldNames.push_back(field);
        }
        auto opIds = g.opIds;
        std::sort(opIds.begin(), opIds.end());
        const std::string id = merge::conflictId(recordId, g.missed->opId, g.device);
        rows.push_back(ConflictRow{id, recordId,
                                   nlohmann::json{{"id", id},
                                                  {"record_id", recordId},
                                                  {"record_type", type ? type->name : ""},
                                                  {"kind", g.statusChange ? "status_change" : "stale_edit"},
                                                  {"device", g.device},
                                                  {"missed",
                                                   {{"op_id", g.missed->opId},
                                                    {"kind", g.missed->kind},
                                                    {"value", g.missed->value},
                                                    {"hlc", g.missed->hlc},
                                                    {"device", g.missed->device}}},
                                                  {"fields", fieldNames},
                                                  {"theirs", theirs},
                                                  {"ops", opIds}}});
    }
    m_store.replaceConflicts(recordId, rows);
}

Op Replica::makeOp(const std::string& type, const std::string& recordId, std::string field,
                   nlohmann::json value, Hlc baseVersion, const std::string& author) {
    return Op{m_ids.next(),     recordId,          type,
              std::move(field), std::move(value),  m_clock.now(),
              baseVersion,      m_identity.device, author.empty() ? m_identity.user : author};
}

Result<std::vector<Op>> Replica::put(const std::string& typeName, const std::string& recordId,
                                     const std::vector<std::pair<std::string, nlohmann::json>>& fields,
                                     const std::string& author) {
    return putAll({Edit{typeName, recordId, fields}}, author);
}

Result<std::vector<Op>> Replica::putAll(const std::vector<Edit>& edits, const std::string& author) {
    // On any early return the transaction rolls back; the cache may hold what it undid.
    struct ForgetUnlessCommitted {
        Replica& replica;
        bool committed = false;
        ~ForgetUnlessCommitted() {
            if (!committed) replica.forgetUncommitted();
        }
    } guard{*this};
    try {
        auto tx = m_store.begin();
        std::vector<Op> ops;
        for (const Edit& edit : edits) {
            auto made = putInTransaction(edit.type, edit.recordId, edit.fields, author);
            if (!made) return made.error();
            for (auto& op : *made)
                ops.push_back(std::move(op));
        }
        flush();
        if (m_commitObserver) m_commitObserver();
        tx->commit();
        m_touched.clear(); // only once committed: a failed commit must still forget them
        guard.committed = true;
        return ops;
    } catch (const StoreFailure& e) {
        return storeError(e);
    }
}

// One put's checks and ops, inside putAll's transaction (StoreFailure propagates to it).
Result<std::vector<Op>> Replica::putInTransaction(const std::string& typeName, const std::string& recordId,
                                                  const std::vector<std::pair<std::string, nlohmann::json>>& fields,
                                                  const std::string& author) {
    auto typeResult = requireRecordType(typeName);
    if (!typeResult) return typeResult.error();
    const RecordType& type = **typeResult;
    if (fields.empty())
        return validationError(ErrorCode::InvalidInput, "nothing to change: give field=value pairs");
    {
        CachedRecord& rec = load(recordId);
        if (rec.type && *rec.type != type.name)
            return validationError(ErrorCode::InvalidInput,
                                   "record " + recordId + " is a " + *rec.type + ", not a " + type.name);
        std::vector<Op> ops;
        if (type.immutable) {
            if (rec.type)
                return Error{ErrorDomain::Validation, ErrorCode::Immutable,
                             type.name + " " + recordId + " already exists and " + type.name +
                                 " records are immutable"};
            nlohmann::json body = nlohmann::json::object();
            for (const auto& [k, v] : fields)
                body[k] = v;
            if (type.name == "signature" && !body.contains("signed_versions") &&
                body.contains("inspection_id") && body["inspection_id"].is_string())
                body["signed_versions"] = merge::seenVersions(
                    "inspection", m_store.fields(body["inspection_id"].get<std::string>()));
            if (auto s = validateBody(type, body); !s) return s.error();
            Hlc base = 0;
            if (type.name == "signature")
                base = load(body["inspection_id"].get<std::string>()).fold.newestHlc();
            ops.push_back(makeOp(type.name, recordId, kBodyField, std::move(body), base, author));
        } else {
            std::optional<std::string> newStatus;
            std::vector<std::pair<std::string, nlohmann::json>> edits;
            for (const auto& [k, v] : fields) {
                if (k == kStatusField && type.hasStatus) {
                    if (!v.is_string())
                        return validationError(ErrorCode::InvalidInput, type.name + ".status: must be text");
                    newStatus = v.get<std::string>();
                } else if (auto s = validateField(type, k, v); !s) {
                    return s.error();
                } else {
                    edits.emplace_back(k, v);
                }
            }
            const auto changeStatus = [&]() -> Status {
                recomputePending();
                const auto& fold = load(recordId).fold;
                if (auto s = checkStatusTransition(fold.status, *newStatus); !s) return s;
                const auto current = m_store.fields(recordId);
                const bool hasConclusion =
                    std::any_of(current.begin(), current.end(), [](const FieldState& f) {
                        return f.field == "conclusion" && !f.value.is_null();
                    });
                if (*newStatus == status::kSubmitted && type.name == "inspection" && !hasConclusion)
                    return validationError(ErrorCode::MissingField,
                                           "inspection " + recordId +
                                               " needs a conclusion before it is submitted");
                Op op =
                    makeOp(type.name, recordId, kStatusField,
                           nlohmann::json{{"status", *newStatus},
                                          {"seen", merge::seenVersions(type.name, current)},
                                          {"after", fold.lastStatus ? fold.lastStatus->opId : std::string()}},
                           fold.newestHlc(), author);
                if (auto r = applyOne(op, true); !r) return r.error();
                recomputePending();
                ops.push_back(std::move(op));
                return ok();
            };
            // A reviewer's decision on a locked record comes first, so that a comment or, after a
            // return, corrections made with it are made on the status they follow. Otherwise the
            // edits come first, so that a submission sees them.
            const bool reviewing = newStatus && type.hasStatus && statusIsLocked(rec.fold.status);
            if (reviewing)
                if (auto s = changeStatus(); !s) return s.error();
            const auto& fold = load(recordId).fold;
            std::vector<std::string> names;
            for (const auto& [k, v] : edits) {
                if (type.hasStatus && statusIsLocked(fold.status) && !isReviewNote(type.name, k))
                    return validationError(ErrorCode::IllegalTransition,
                                           type.name + " " + recordId + " is " + fold.status +
                                               "; it can be edited again only after a supervisor returns it");
                if (!v.is_null()) names.push_back(k);
            }
            if (!rec.type)
                if (auto s = validateRequired(type, names); !s) return s.error();
            const Hlc base = fold.newestHlc();
            for (const auto& [k, v] : edits) {
                Op op = makeOp(type.name, recordId, k, v, base, author);
                if (auto r = applyOne(op, true); !r) return r.error();
                ops.push_back(std::move(op));
            }
            if (newStatus && !reviewing)
                if (auto s = changeStatus(); !s) return s.error();
        }
        if (type.immutable)
            if (auto r = applyOne(ops.front(), true); !r) return r.error();
        return ops;
    }
}

Status Replica::precheck(const std::vector<Op>& ops) {
    try {
        std::unordered_map<std::string, const Op*> byId;
        std::unordered_map<std::string, const Op*> bodies;
        std::unordered_map<std::string, std::string> types;
        for (const Op& op : ops) {
            if (auto s = validateOp(op); !s) return s;
            if (auto s = m_clock.check(op.hlc); !s)
                return Error{s.error().domain, s.error().code, "op " + op.opId + ": " + s.error().message};
            if (auto [it, fresh] = byId.try_emplace(op.opId, &op); !fresh && *it->second != op)
                return tampered("op id " + op.opId + " is used by two different ops");
            if (auto known = m_store.findOp(op.opId); known && known->op != op)
                return tampered("op id " + op.opId +
                                " is already used by a different op (refused as tampering)");
            auto [t, freshType] = types.try_emplace(op.recordId, op.type);
            if (!freshType && t->second != op.type)
                return tampered("record " + op.recordId + " is given two types: " + t->second + " and " +
                                op.type);
            if (op.isBody()) {
                if (auto [b, freshBody] = bodies.try_emplace(op.recordId, &op);
                    !freshBody && b->second->value != op.value)
                    return tampered(op.type + " " + op.recordId + " is given two different bodies");
            }
            auto cached = m_cache.find(op.recordId);
            CachedRecord scratch;
            CachedRecord& rec = cached != m_cache.end() ? cached->second : scratch;
            if (cached == m_cache.end())
                if (auto meta = m_store.record(op.recordId)) rec.type = meta->type;
            if (auto s = checkNoTampering(op, rec); !s) return s;
        }
        return ok();
    } catch (const StoreFailure& e) {
        return storeError(e);
    }
}

Replica::PreparedOp Replica::prepare(const Op& op) {
    PreparedOp p;
    p.valid = validateOp(op);
    p.valueJson = op.value.dump();
    return p;
}

std::vector<Replica::PreparedOp> Replica::prepare(const std::vector<Op>& ops) {
    std::vector<PreparedOp> out;
    out.reserve(ops.size());
    for (const Op& op : ops)
        out.push_back(prepare(op));
    return out;
}

Result<ApplyReport> Replica::apply(const std::vector<Op>& ops, std::size_t commitEvery,
                                   const std::function<void(std::size_t)>& onCommit,
                                   const std::function<void(std::size_t)>& beforeCommit) {
    return applyBatches(ops, nullptr, commitEvery, onCommit, beforeCommit);
}

Result<ApplyReport> Replica::applyPrepared(const std::vector<Op>& ops, const std::vector<PreparedOp>& prepared,
                                           std::size_t commitEvery, const std::function<void(std::size_t)>& onCommit,
                                           const std::function<void(std::size_t)>& beforeCommit) {
    if (prepared.size() != ops.size())
        throw std::invalid_argument("Replica::applyPrepared: one PreparedOp per op is needed");
    return applyBatches(ops, prepared.data(), commitEvery, onCommit, beforeCommit);
}

Replica::LoggedAhead Replica::logAhead(const std::vector<Op>& ops, const PreparedOp* prepared,
                                       std::size_t start, std::size_t end) {
    LoggedAhead out;
    out.valid.reserve(end - start);
    out.seqs.resize(end - start);
    std::vector<std::size_t> at; // chunk positions of the valid ops
    std::vector<const Op*> toLog;
    std::vector<std::string_view> values;
    std::vector<std::string> dumped; // values serialised here when not prepared
    dumped.reserve(prepared ? 0 : end - start); // never reallocated: `values` points into it
    for (std::size_t i = start; i < end; ++i) {
        out.valid.push_back(prepared ? prepared[i].valid : validateOp(ops[i]));
        if (!out.valid.back()) continue;
        at.push_back(i - start);
        toLog.push_back(&ops[i]);
        values.emplace_back(prepared ? prepared[i].valueJson : dumped.emplace_back(ops[i].value.dump()));
    }
    const auto seqs = m_store.appendOps(toLog, values);
    for (std::size_t k = 0; k < seqs.size(); ++k) {
        out.seqs[at[k]] = seqs[k];
        if (seqs[k]) m_loggedAhead = {std::min(m_loggedAhead.first, *seqs[k]), *seqs[k]}; // ascending
    }
    return out;
}

Result<ApplyReport> Replica::applyBatches(const std::vector<Op>& ops, const PreparedOp* prepared,
                                          std::size_t commitEvery, const std::function<void(std::size_t)>& onCommit,
                                          const std::function<void(std::size_t)>& beforeCommit) {
    ApplyReport report;
    std::vector<std::string> deferred;
    if (commitEvery == 0) commitEvery = 1;
    try {
        for (std::size_t start = 0; start < ops.size(); start += commitEvery) {
            const std::size_t end = std::min(ops.size(), start + commitEvery);
            auto tx = m_store.begin();
            const LoggedAhead chunk = logAhead(ops, prepared, start, end);
            for (std::size_t i = start; i < end; ++i) {
                const Op& op = ops[i];
                if (const Status& s = chunk.valid[i - start]; !s) {
                    report.rejected.emplace_back(op.opId, s.error());
                    continue;
                }
                // Not logged ahead: a duplicate (applyOne logs it if its twin was refused).
                const auto loggedAs = chunk.seqs[i - start];
                auto outcome = applyOne(op, false, prepared ? &prepared[i].valueJson : nullptr, loggedAs);
                if (!outcome) {
                    report.rejected.emplace_back(op.opId, outcome.error());
                    continue;
                }
                switch (*outcome) {
                case ApplyOutcome::Applied:
                    if (m_pending.count(op.recordId))
                        deferred.push_back(op.opId);
                    else
                        ++report.applied;
                    break;
                case ApplyOutcome::Duplicate:
                    ++report.duplicates;
                    break;
                case ApplyOutcome::Stale:
                    ++report.stale;
                    break;
                }
            }
            m_loggedAhead = kNothingLoggedAhead;
            flush();
            // Ops whose effect waited for the recompute: applied, or kept out as a conflict.
            for (const auto& id : deferred)
                ++(m_store.findOp(id)->stale ? report.stale : report.applied);
            deferred.clear();
            if (m_commitObserver) m_commitObserver();
            if (beforeCommit) beforeCommit(end);
            tx->commit();
            m_touched.clear(); // only once committed: a failure above must still forget them
            if (onCommit) onCommit(end);
        }
        return report;
    } catch (const StoreFailure& e) {
        m_loggedAhead = kNothingLoggedAhead;
        forgetUncommitted(); // the rolled-back batch may be cached
        return storeError(e);
    }
}

} // namespace fieldseal
