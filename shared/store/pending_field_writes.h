#pragma once
// PendingFieldWrites: the field writes of an open transaction, merged last-writer-wins in memory,
// so that SqliteStore writes each (record, field) once per transaction, in key order and many
// rows per statement, instead of one upsert per op at a random place of the fields table.
// Invariant: it holds, per (record, field), the greatest clock given since the last take; the
// outcome of writing it equals upserting every write as it came (the last-writer-wins winner of
// a set of writes does not depend on their order; on equal clocks the first one given stays,
// as the upsert keeps the stored row).

#include "store/store.h"

#include <string>
#include <unordered_map>
#include <utility>
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

    void add(const FieldState& f);
    // Removes and returns the writes of one record, or of every record, sorted by (record, field).
    std::vector<Write> take(const std::string& recordId);
    std::vector<Write> takeAll();
    void clear() { m_byRecord.clear(); }
    bool empty() const { return m_byRecord.empty(); }

private:
    struct Entry {
        std::string field;
        Hlc hlc = 0;
        std::string device;
        std::int64_t seq = 0;
    };
    // Per record its few written fields (a linear search beats a map at that size).
    std::unordered_map<std::string, std::vector<Entry>> m_byRecord;
};

} // namespace fieldseal
