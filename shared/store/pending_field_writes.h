#pragma once
// PendingFieldWrites: the field writes of an open transaction, kept in memory so that SqliteStore
// writes each (record, field) once per transaction, in key order and many rows per statement,
// instead of one upsert per op at a random place of the fields table.
// Invariant: takeAll() gives, per (record, field), the write with the greatest clock among those
// added since the last take, and of equal clocks the first added; writing those equals upserting
// every write as it came (the last-writer-wins winner of a set of writes does not depend on their
// order, and the upsert keeps the stored row on an equal clock).

#include "store/store.h"

#include <string>
#include <vector>

namespace fieldseal {

class PendingFieldWrites {
public:
    struct Write {
        std::string recordId;
        std::string field;
        Hlc hlc = 0;
        std::string device;
        std::int64_t seq = 0;
    };

    // Appends (no lookup: merging waits for takeAll, which sorts anyway).
    void add(const FieldState& f) {
        m_writes.push_back(Write{f.recordId, f.field, f.clock.hlc, f.clock.device, f.seq});
    }
    // Removes and returns the winning write of every (record, field), sorted by (record, field).
    std::vector<Write> takeAll();
    void clear() { m_writes.clear(); }
    bool empty() const { return m_writes.empty(); }

private:
    std::vector<Write> m_writes; // in the order given
};

} // namespace fieldseal
