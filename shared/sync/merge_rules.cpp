#include "merge_rules.h"

#include "model/schema.h"

#include <algorithm>
#include <cstdio>

namespace fieldseal::merge {

Hlc MilestoneFold::newestHlc() const {
    Hlc h = 0;
    for (const auto& s : steps)
        h = std::max(h, s.milestone->hlc);
    return h;
}

namespace {

// True when every field version `m` had seen is an op that applies under the fold so far.
bool seenVersionsStand(const MilestoneFold& prefix, const Milestone& m, const std::vector<StoredOp>& ops) {
    if (!m.seen.is_object()) return true;
    for (const auto& stored : ops) {
        const Op& op = stored.op;
        if (op.isBody() || op.isStatus()) continue;
        const auto it = m.seen.find(op.field);
        if (it == m.seen.end() || !it->is_array() || it->size() != 2) continue;
        if ((*it)[0].get<Hlc>() != op.hlc || (*it)[1].get<std::string>() != op.device) continue;
        if (staleBecause(prefix, op)) return false;
    }
    return true;
}

} // namespace

MilestoneFold foldMilestones(const std::vector<Milestone>& sorted, const std::vector<StoredOp>& ops) {
    MilestoneFold fold;
    fold.status = status::kDraft;
    for (const auto& m : sorted) {
        FoldStep step{&m, true};
        if (m.kind == "signature") {
            // A signature protects only what its signer could have seen as current: made after the
            // last applied status change, over versions that all stand.
            step.applied = (!fold.lastStatus || m.baseVersion >= fold.lastStatus->hlc) &&
                           seenVersionsStand(fold, m, ops);
        } else if (m.kind == "status") {
            const std::string expectedAfter = fold.lastStatus ? fold.lastStatus->opId : std::string();
            step.applied = statusTransitionAllowed(fold.status, m.value) && m.after == expectedAfter &&
                           seenVersionsStand(fold, m, ops);
            if (step.applied) {
                fold.status = m.value;
                fold.lastStatus = &m;
            }
        }
        fold.steps.push_back(step);
    }
    return fold;
}

bool covers(const Milestone& m, const Op& op) {
    if (!m.seen.is_object()) return false;
    const auto it = m.seen.find(op.field);
    if (it == m.seen.end() || !it->is_array() || it->size() != 2) return false;
    const FieldClock seen{(*it)[0].get<Hlc>(), (*it)[1].get<std::string>()};
    return !(seen < FieldClock{op.hlc, op.device});
}

const Milestone* staleBecause(const MilestoneFold& fold, const Op& op) {
    // The status the author saw: after the last applied status change at or before its base.
    const Milestone* seenStatus = nullptr;
    for (const auto& s : fold.steps) {
        if (s.milestone->hlc > op.baseVersion) break;
        if (s.applied && s.milestone->kind == "status") seenStatus = s.milestone;
    }
    // A reviewer's note is not content: milestones neither lock it nor record it in their seen
    // versions (so signatures do not go stale over it), hence no milestone can make it stale.
    // Concurrent notes merge last-writer-wins like draft fields.
    if (isReviewNote(op.type, op.field)) return nullptr;
    if (seenStatus && statusIsLocked(seenStatus->value)) return seenStatus;
    for (const auto& s : fold.steps) {
        if (!s.applied || s.milestone->hlc <= op.baseVersion) continue;
        if (covers(*s.milestone, op)) continue;
        // Ops travel in any order: the author of s may have seen a milestone that endorsed this op
        // without yet holding the op itself. An endorsed op is part of the history s built on.
        const bool endorsed = std::any_of(fold.steps.begin(), fold.steps.end(), [&](const FoldStep& e) {
            return e.applied && e.milestone->hlc <= s.milestone->baseVersion && covers(*e.milestone, op);
        });
        if (!endorsed) return s.milestone;
    }
    return nullptr;
}

std::string conflictId(const std::string& recordId, const std::string& milestoneOpId,
                       const std::string& device) {
    // FNV-1a 64: stable across platforms and runs, unlike std::hash.
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (const std::string* part : {&recordId, &milestoneOpId, &device}) {
        for (unsigned char c : *part) {
            h ^= c;
            h *= 0x100000001b3ull;
        }
        h ^= 0xff; // separator so ("ab","c") and ("a","bc") differ
        h *= 0x100000001b3ull;
    }
    char buf[24];
    std::snprintf(buf, sizeof buf, "cf-%016llx", static_cast<unsigned long long>(h));
    return buf;
}

std::string resolutionRecordId(const std::string& conflictId) {
    return "res-" + conflictId;
}

nlohmann::json seenVersions(const std::string& type, const std::vector<FieldState>& fields) {
    auto seen = nlohmann::json::object();
    for (const auto& f : fields)
        if (f.field != kStatusField && !isReviewNote(type, f.field))
            seen[f.field] = nlohmann::json::array({f.clock.hlc, f.clock.device});
    return seen;
}

} // namespace fieldseal::merge
