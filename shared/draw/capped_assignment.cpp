#include "capped_assignment.h"

#include "draw.h"
#include "model/districts.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

namespace fieldseal::draw {

Status checkInspectorCapacity(const DrawPlan& plan, const std::vector<PlanOrganisation>& eligible,
                              std::uint64_t sampleSize) {
    if (!plan.maxTasksPerInspector) return ok();
    const std::uint64_t cap = *plan.maxTasksPerInspector;
    // Capacity groups: inspectors serve only their own district's organisations when
    // same_district_only, so each district must carry its share on its own.
    std::map<std::string, std::vector<const PlanOrganisation*>> groups;
    for (const auto& o : eligible)
        groups[plan.sameDistrictOnly ? o.district : std::string()].push_back(&o);
    for (const auto& [district, orgs] : groups) {
        std::set<std::string> pool; // inspectors eligible for at least one organisation of the group
        for (const auto* o : orgs)
            for (const auto& p : eligibleInspectors(plan, *o))
                pool.insert(p.id);
        // The sample may put up to this many tasks in the group, whatever the seed.
        const std::uint64_t tasks = std::min<std::uint64_t>(sampleSize, orgs.size());
        const std::uint64_t needed = tasks * plan.inspectorsPerTask;
        const std::uint64_t capacity = pool.size() * cap;
        if (needed <= capacity) continue;
        std::string where = "the plan";
        if (!district.empty()) {
            const District* d = findDistrict(district);
            where = (d ? d->nameZh + " " : std::string()) + district;
        }
        const std::string minimumCap =
            pool.empty() ? std::string() : std::to_string((needed + pool.size() - 1) / pool.size());
        return validationError(
            ErrorCode::InvalidInput,
            "draw refused: inspector capacity too small: in " + where + " the sample can draw " +
                std::to_string(tasks) + " task(s) x " + std::to_string(plan.inspectorsPerTask) +
                " inspectors per task = " + std::to_string(needed) + " assignments, but only " +
                std::to_string(pool.size()) + " inspector(s) are eligible there after avoidance x " +
                "max_tasks_per_inspector " + std::to_string(cap) + " = " + std::to_string(capacity) + ". " +
                (minimumCap.empty() ? std::string() : "Raise max_tasks_per_inspector to " + minimumCap + ", ") +
                "add inspectors or lower the sample");
    }
    return ok();
}

CappedAssignment::CappedAssignment(std::vector<std::vector<std::uint32_t>> eligiblePerTask,
                                   std::uint32_t inspectorCount, std::uint32_t perTask, std::uint32_t cap)
    : m_eligible(std::move(eligiblePerTask))
    , m_inspectors(inspectorCount)
    , m_perTask(perTask)
    , m_cap(cap)
    , m_load(inspectorCount, 0)
    , m_onTask(m_eligible.size() * inspectorCount, 0)
    , m_open(m_eligible.size(), perTask)
    , m_completion(m_eligible.size() * inspectorCount, 0)
    , m_completionCount(inspectorCount, 0) {
    for (const auto& list : m_eligible)
        for (const auto p : list)
            if (p >= inspectorCount) throw std::invalid_argument("CappedAssignment: inspector out of range");
}

// One augmenting path (breadth first): `task` lacks one inspector in the completion. Look for an
// inspector it may take who has spare capacity, directly or by a chain of tasks each handing its
// inspector to the previous one and taking another.
bool CappedAssignment::augment(std::uint32_t start) {
    const auto tasks = static_cast<std::uint32_t>(m_eligible.size());
    constexpr std::uint32_t kNone = UINT32_MAX;
    std::vector<std::uint32_t> fromTask(tasks, kNone), viaInspector(tasks, kNone);
    std::vector<char> seenTask(tasks, 0), seenInspector(m_inspectors, 0);
    std::vector<std::uint32_t> queue{start};
    seenTask[start] = 1;
    for (size_t head = 0; head < queue.size(); ++head) {
        const std::uint32_t x = queue[head];
        for (const auto r : m_eligible[x]) {
            if (onTask(x, r) || inCompletion(x, r) || seenInspector[r]) continue;
            seenInspector[r] = 1;
            if (spare(r)) {
                // r joins x; back along the chain each task takes the inspector its successor gave up.
                inCompletion(x, r) = 1;
                ++m_completionCount[r];
                for (std::uint32_t y = x; y != start;) {
                    const std::uint32_t prev = fromTask[y], moved = viaInspector[y];
                    inCompletion(y, moved) = 0;
                    inCompletion(prev, moved) = 1;
                    y = prev;
                }
                return true;
            }
            for (std::uint32_t y = 0; y < tasks; ++y) {
                if (seenTask[y] || !inCompletion(y, r)) continue;
                seenTask[y] = 1;
                fromTask[y] = x;
                viaInspector[y] = r;
                queue.push_back(y);
            }
        }
    }
    return false;
}

Status CappedAssignment::start() {
    const auto tasks = static_cast<std::uint32_t>(m_eligible.size());
    std::uint64_t filled = 0;
    for (std::uint32_t t = 0; t < tasks; ++t)
        for (std::uint32_t s = 0; s < m_perTask; ++s)
            if (augment(t)) ++filled;
    const std::uint64_t needed = std::uint64_t{tasks} * m_perTask;
    if (filled == needed) return ok();
    return validationError(
        ErrorCode::InvalidInput,
        "draw refused: the drawn organisations cannot all be staffed: with max_tasks_per_inspector " +
            std::to_string(m_cap) + " and the avoidance rules only " + std::to_string(filled) + " of the " +
            std::to_string(needed) + " inspector assignments fit (the avoidance rules of the drawn " +
            "organisations fall on the same inspectors). Raise max_tasks_per_inspector or add inspectors");
}

bool CappedAssignment::place(std::uint32_t task, std::uint32_t p) {
    onTask(task, p) = 1;
    ++m_load[p];
    --m_open[task];
    if (inCompletion(task, p)) { // the completion had p on this task already
        inCompletion(task, p) = 0;
        --m_completionCount[p];
        return true;
    }
    // The task now needs one inspector fewer from the completion: drop its first one.
    for (const auto q : m_eligible[task]) {
        if (inCompletion(task, q)) {
            inCompletion(task, q) = 0;
            --m_completionCount[q];
            break;
        }
    }
    if (m_completionCount[p] + m_load[p] <= m_cap) return true;
    // p is now over its cap by one in the completion: take it off its first task there, which
    // then looks for another inspector.
    for (std::uint32_t y = 0; y < m_eligible.size(); ++y) {
        if (inCompletion(y, p)) {
            inCompletion(y, p) = 0;
            --m_completionCount[p];
            return augment(y);
        }
    }
    return false; // unreachable: p counted in the completion
}

std::vector<std::uint32_t> CappedAssignment::candidates(std::uint32_t task) {
    std::vector<std::uint32_t> out;
    if (m_open[task] == 0) return out;
    for (const auto p : m_eligible[task]) {
        if (onTask(task, p) || m_load[p] >= m_cap) continue;
        // Cheap cases first: p already fills this task in the completion, or has room to spare.
        if (inCompletion(task, p) || spare(p)) {
            out.push_back(p);
            continue;
        }
        const auto load = m_load;
        const auto onTaskCopy = m_onTask;
        const auto open = m_open;
        const auto completion = m_completion;
        const auto count = m_completionCount;
        if (place(task, p)) out.push_back(p);
        m_load = load;
        m_onTask = onTaskCopy;
        m_open = open;
        m_completion = completion;
        m_completionCount = count;
    }
    return out;
}

void CappedAssignment::assign(std::uint32_t task, std::uint32_t p) {
    if (!place(task, p)) throw std::logic_error("CappedAssignment::assign: not a candidate");
}

} // namespace fieldseal::draw
