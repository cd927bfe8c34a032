#include "ids.h"

#include <chrono>

namespace fieldseal {

IdGenerator::IdGenerator()
    : m_wall([] {
        using namespace std::chrono;
        return static_cast<std::uint64_t>(
            duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
    })
    , m_rng(std::random_device{}() ^ (static_cast<std::uint64_t>(std::random_device{}()) << 32)) {}

IdGenerator::IdGenerator(WallClock wall, std::uint64_t seed)
    : m_wall(std::move(wall))
    , m_rng(seed) {}

std::string IdGenerator::next() {
    std::uint64_t ms = m_wall();
    if (ms <= m_lastMs) {
        ms = m_lastMs; // clock went back or same millisecond: keep order with the counter
        ++m_seq;
    } else {
        m_seq = m_rng() & 0x1ff; // random start leaves room to count up within the millisecond
    }
    if (m_seq > 0xfff) { // counter exhausted: borrow the next millisecond
        ++ms;
        m_seq = 0;
    }
    m_lastMs = ms;

    std::uint8_t b[16];
    for (int i = 0; i < 6; ++i)
        b[i] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
    b[6] = static_cast<std::uint8_t>(0x70 | ((m_seq >> 8) & 0x0f)); // version 7 + counter high bits
    b[7] = static_cast<std::uint8_t>(m_seq & 0xff);
    const std::uint64_t r = m_rng();
    b[8] = static_cast<std::uint8_t>(0x80 | ((r >> 56) & 0x3f)); // variant 10
    for (int i = 9; i < 16; ++i)
        b[i] = static_cast<std::uint8_t>(r >> (8 * (15 - i)));

    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += kHex[b[i] >> 4];
        out += kHex[b[i] & 0x0f];
    }
    return out;
}

bool isUuid(const std::string& s) {
    if (s.size() != 36) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

} // namespace fieldseal
