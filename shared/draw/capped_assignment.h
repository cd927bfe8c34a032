#pragma once
// The per-inspector task cap of fieldseal-draw/2 (shared/draw/README.md, steps 8b and 10b):
// the seed-independent capacity refusal, and the assignment of inspectors to the drawn tasks that
// never gives anyone more than max_tasks_per_inspector tasks and never paints itself into a
// corner: a candidate is offered only if every remaining slot can still be filled afterwards.
// Whether that holds is a yes/no property of the remaining slots (a bipartite b-matching, decided
// here by augmenting paths), so any correct re-implementation gets the same candidate lists.

#include "draw_plan.h"
#include "model/result.h"

#include <cstdint>
#include <vector>

namespace fieldseal::draw {

// README step 8b: Ok, or the refusal when, for some capacity group (the organisations' district
// when same_district_only, otherwise the whole plan), min(sample, organisations in the group) x
// inspectors_per_task exceeds (inspectors of the group eligible for at least one of its
// organisations) x max_tasks_per_inspector. `eligible` is eligibleOrganisations(plan).
Status checkInspectorCapacity(const DrawPlan& plan, const std::vector<PlanOrganisation>& eligible,
                              std::uint64_t sampleSize);

// README step 10b. Inspectors are numbered 0..P-1; each task lists the numbers of its eligible
// inspectors in ascending order (the order of the candidate lists).
class CappedAssignment {
public:
    CappedAssignment(std::vector<std::vector<std::uint32_t>> eligiblePerTask, std::uint32_t inspectorCount,
                     std::uint32_t perTask, std::uint32_t cap);

    // Ok when every task can get `perTask` different eligible inspectors within the cap; otherwise
    // the refusal (naming how many of the assignments fit). Call once before candidates().
    Status start();
    // The inspectors that may take the next slot of `task`, ascending: eligible, not yet on the
    // task, under the cap, and leaving every remaining slot fillable.
    std::vector<std::uint32_t> candidates(std::uint32_t task);
    // Puts `inspector` (one of candidates(task)) on `task`.
    void assign(std::uint32_t task, std::uint32_t inspector);

private:
    char& inCompletion(std::uint32_t task, std::uint32_t p) { return m_completion[size_t{task} * m_inspectors + p]; }
    char& onTask(std::uint32_t task, std::uint32_t p) { return m_onTask[size_t{task} * m_inspectors + p]; }
    bool spare(std::uint32_t p) const { return m_completionCount[p] + m_load[p] < m_cap; }
    bool augment(std::uint32_t task);
    // Makes the completion fit `inspector` fixed on `task`; false (state unspecified) if no
    // completion exists then.
    bool place(std::uint32_t task, std::uint32_t inspector);

    std::vector<std::vector<std::uint32_t>> m_eligible;
    std::uint32_t m_inspectors;
    std::uint32_t m_perTask;
    std::uint32_t m_cap;
    std::vector<std::uint32_t> m_load;            // tasks assigned for good, per inspector
    std::vector<char> m_onTask;                   // assigned for good: [task][inspector] flattened
    std::vector<std::uint32_t> m_open;            // slots still to fill, per task
    // One way to fill every open slot (a witness that they can all be filled): [task][inspector]
    // flattened, and per inspector how many open slots it fills in it.
    std::vector<char> m_completion;
    std::vector<std::uint32_t> m_completionCount;
};

} // namespace fieldseal::draw
