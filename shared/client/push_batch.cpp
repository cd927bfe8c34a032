#include "client/push_batch.h"

namespace fieldseal {

namespace {

bool samePut(const StoredOp& a, const StoredOp& b) {
    return a.op.recordId == b.op.recordId && a.op.baseVersion == b.op.baseVersion;
}

// The end of the put unit that starts at `begin`.
std::size_t unitEnd(const std::vector<StoredOp>& ops, std::size_t begin) {
    std::size_t end = begin + 1;
    while (end < ops.size() && samePut(ops[end - 1], ops[end]))
        ++end;
    return end;
}

} // namespace

std::size_t pushBatchLength(const std::vector<StoredOp>& pending, std::size_t batchSize,
                            std::size_t maxOps) {
    if (batchSize == 0) batchSize = 1;
    if (maxOps < batchSize) maxOps = batchSize;
    if (pending.empty()) return 0;
    const std::size_t first = unitEnd(pending, 0);
    if (first >= batchSize) return std::min(first, maxOps); // a large put goes alone
    std::size_t end = first;
    while (end < pending.size()) {
        const std::size_t next = unitEnd(pending, end);
        if (next > batchSize) break;
        end = next;
    }
    return end;
}

bool pushBatchNeedsMore(const std::vector<StoredOp>& pending, std::size_t readLimit) {
    return !pending.empty() && pending.size() >= readLimit && unitEnd(pending, 0) == pending.size();
}

} // namespace fieldseal
