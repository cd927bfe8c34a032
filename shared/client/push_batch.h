#pragma once
// Where the next push batch ends. The server checks each op against the record it holds, so the
// ops of one put must travel together: a new record's first ops carry its district, task and
// organisation, and a batch that ended before them would have the server refuse (finally) the
// ops it did get. The outbox holds the ops of one put next to each other (a put is one
// transaction), all on one record with one base version (Replica::put), so a "put unit" is a run
// of consecutive outbox ops with the same record id and base version. A status change made with
// edits forms its own unit; it follows them, so the server already holds the record when it
// arrives.

#include "store/store.h"

#include <cstddef>
#include <vector>

namespace fieldseal {

// The number of ops of `pending` (the outbox, oldest first) the next push takes: as many whole
// put units as fit in `batchSize`, and at least the first unit whole even when it is larger
// (cut at `maxOps`, the server's own limit, only if it is larger still).
// `pending` must hold at least batchSize + 1 ops when the outbox has that many, so that the last
// unit is seen to go on; pushBatchNeedsMore() says when the first unit may continue past it.
std::size_t pushBatchLength(const std::vector<StoredOp>& pending, std::size_t batchSize,
                            std::size_t maxOps);

// True when every op of `pending` belongs to its first put unit and `pending` is a truncated
// read (it holds `readLimit` ops): read again, up to maxOps + 1, to find where the unit ends.
bool pushBatchNeedsMore(const std::vector<StoredOp>& pending, std::size_t readLimit);

} // namespace fieldseal
