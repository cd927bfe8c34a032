#include "pending_field_writes.h"

#include <algorithm>

namespace fieldseal {

void PendingFieldWrites::add(const FieldState& f) {
    auto& entries = m_byRecord[f.recordId];
    for (auto& e : entries) {
        if (e.field != f.field) continue;
        if (FieldClock{e.hlc, e.device} < f.clock) {
            e.hlc = f.clock.hlc;
            e.device = f.clock.device;
            e.seq = f.seq;
        }
        return;
    }
    entries.push_back(Entry{f.field, f.clock.hlc, f.clock.device, f.seq});
}

std::vector<PendingFieldWrites::Write> PendingFieldWrites::take(const std::string& recordId) {
    std::vector<Write> out;
    const auto it = m_byRecord.find(recordId);
    if (it == m_byRecord.end()) return out;
    for (auto& e : it->second)
        out.push_back(Write{recordId, std::move(e.field), e.hlc, std::move(e.device), e.seq});
    m_byRecord.erase(it);
    std::sort(out.begin(), out.end(), [](const Write& a, const Write& b) { return a.field < b.field; });
    return out;
}

std::vector<PendingFieldWrites::Write> PendingFieldWrites::takeAll() {
    std::vector<Write> out;
    std::size_t n = 0;
    for (const auto& [id, entries] : m_byRecord)
        n += entries.size();
    out.reserve(n);
    for (auto& [id, entries] : m_byRecord)
        for (auto& e : entries)
            out.push_back(Write{id, std::move(e.field), e.hlc, std::move(e.device), e.seq});
    m_byRecord.clear();
    // Key order: the writes then walk the fields table's b-tree from one end to the other.
    std::sort(out.begin(), out.end(), [](const Write& a, const Write& b) {
        if (const int c = a.recordId.compare(b.recordId); c != 0) return c < 0;
        return a.field < b.field;
    });
    return out;
}

} // namespace fieldseal
