#pragma once
// The merge rules of DESIGN.md "Sync: the rules that must always hold", as pure functions over
// the ops and milestones of one record. Replica applies them; tests check them directly.
//
// Versions. An op's `baseVersion` is the HLC of the newest milestone of its record that the
// author had seen (0 when none). A milestone is a status change or a signature of a record with
// a status machine; it carries `seen`, the field versions ({field: [hlc, device]}) its author
// had when making it.
//
// Status. A status op names the status change it follows (`after`, empty for the first). Status
// ops are folded in (hlc, device, op id) order from "draft": one applies when the transition is
// allowed, it follows the last applied status change, and every field version it had seen is
// itself applied (it did not submit or review an edit that missed an earlier milestone);
// otherwise it is kept as a conflict. So two concurrent submissions, or an approval of a
// submission that lost, never both apply. The result depends only on the set of ops, so every
// replica folds to the same status. A signature protects (applies) when its signer had seen the
// last applied status change and every version it signed stands.
//
// Stale edits. A field op other than a reviewer's note (never stale: it is not content, so no
// milestone locks or covers it) is stale (kept in the log, kept out of the record, raised as a
// conflict) when
//   - the status its author had seen was locked (submitted/approved): nobody may edit then; or
//   - an applied milestone newer than its baseVersion did not cover it: the author had not seen
//     that submission/review/signature, and its signer had not seen this edit, so applying it
//     would change what was submitted or signed without anyone having seen both.
// "Covers" means the milestone's `seen` holds a version of the field at least as new as the op:
// such an op cannot change the value the milestone saw, so it is harmless. An op covered by an
// applied milestone that a later milestone's author had seen (hlc <= its baseVersion) counts as
// covered by that later one too: ops may arrive after the milestones that endorsed them.

#include "model/op.h"
#include "store/store.h"

#include <optional>
#include <string>
#include <vector>

namespace fieldseal::merge {

struct FoldStep {
    const Milestone* milestone = nullptr;
    bool applied = false;
};

struct MilestoneFold {
    std::vector<FoldStep> steps;           // in (hlc, device, op id) order
    std::string status;                    // final status ("draft" when no status change applied)
    const Milestone* lastStatus = nullptr; // the last applied status change, if any

    bool empty() const { return steps.empty(); }
    // The newest milestone hlc, applied or not: the baseVersion of a local edit made now.
    Hlc newestHlc() const;
};

// Milestones of one record, sorted by (hlc, device, op id), folded against the record's ops
// (needed to judge the versions each status change had seen; ops not yet arrived count as fine).
MilestoneFold foldMilestones(const std::vector<Milestone>& sorted, const std::vector<StoredOp>& ops);

bool covers(const Milestone& m, const Op& op);

// Why a field op is kept out of the record: the milestone it missed (or the status change that
// locked the record it edited); nullptr when the op applies.
const Milestone* staleBecause(const MilestoneFold& fold, const Op& op);

// Orders field writes: last writer wins by HLC, ties broken by device id.
inline bool newer(const FieldClock& a, const FieldClock& b) {
    return b < a;
}

// The deterministic id of the conflict raised for stale ops of `device` that missed `milestoneOpId`.
std::string conflictId(const std::string& recordId, const std::string& milestoneOpId,
                       const std::string& device);
// The id of the conflict_resolution record that resolves conflict `conflictId`: one per conflict,
// so a second, different resolution is refused as tampering wherever it arrives.
std::string resolutionRecordId(const std::string& conflictId);

// The versions of a record's content fields (all but status and reviewers' notes): the `seen`
// of a milestone made now.
nlohmann::json seenVersions(const std::string& type, const std::vector<FieldState>& fields);

} // namespace fieldseal::merge
