#include "pending_field_writes.h"

#include <algorithm>
#include <cstdint>
#include <numeric>

namespace fieldseal {

std::vector<PendingFieldWrites::Write> PendingFieldWrites::takeAll() {
    // Sort positions, not the writes themselves (three strings each): by key, then the winner
    // first (greatest clock, and of equal clocks the first given).
    std::vector<std::uint32_t> order(m_writes.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        const Write& x = m_writes[a];
        const Write& y = m_writes[b];
        if (const int c = x.recordId.compare(y.recordId); c != 0) return c < 0;
        if (const int c = x.field.compare(y.field); c != 0) return c < 0;
        if (x.hlc != y.hlc) return x.hlc > y.hlc;
        if (const int c = x.device.compare(y.device); c != 0) return c > 0;
        return a < b;
    });
    std::vector<Write> out;
    out.reserve(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        Write& w = m_writes[order[i]];
        if (!out.empty() && out.back().recordId == w.recordId && out.back().field == w.field) continue;
        out.push_back(std::move(w));
    }
    m_writes.clear();
    return out;
}

} // namespace fieldseal
