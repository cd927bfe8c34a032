#pragma once
// Hybrid logical clock (Kulkarni et al.): a 64-bit timestamp, 48 bits of wall-clock milliseconds
// and 16 bits of logical counter. It orders ops across devices whose clocks disagree, never runs
// backwards, and stays close to real time so that "last writer wins" means what users expect.

#include "result.h"

#include <cstdint>
#include <functional>
#include <string>

namespace fieldseal {

using Hlc = std::uint64_t;

constexpr int kHlcCounterBits = 16;
constexpr Hlc kHlcCounterMask = (Hlc{1} << kHlcCounterBits) - 1;

constexpr Hlc makeHlc(std::uint64_t millis, std::uint64_t counter) {
    return (millis << kHlcCounterBits) | (counter & kHlcCounterMask);
}
constexpr std::uint64_t hlcMillis(Hlc h) {
    return h >> kHlcCounterBits;
}
constexpr std::uint64_t hlcCounter(Hlc h) {
    return h & kHlcCounterMask;
}

// "2026-11-25T19:48:30.123Z#2": for people; ops carry the integer.
std::string hlcToString(Hlc h);

// HlcClock issues timestamps for local events and merges timestamps seen on remote ops.
// Invariant: every value it returns is greater than every value it returned or observed before.
// A remote timestamp more than maxDriftMillis ahead of the local wall clock is refused (ClockAhead)
// so that one device with a wrong clock cannot push everyone's clocks into the future.
class HlcClock {
public:
    using WallClock = std::function<std::uint64_t()>; // milliseconds since the Unix epoch

    static constexpr std::uint64_t kDefaultMaxDriftMillis = 10 * 60 * 1000; // ten minutes

    explicit HlcClock(WallClock wall = systemWallClock(),
                      std::uint64_t maxDriftMillis = kDefaultMaxDriftMillis);

    // A new timestamp for a local event.
    Hlc now();
    // Merges a remote timestamp; afterwards now() returns something greater than it.
    Status observe(Hlc remote);
    // Whether observe() would accept the timestamp, without merging it.
    Status check(Hlc remote) const;
    // Restores the last value (persisted by the store) so that restarts never go backwards.
    void restore(Hlc last);
    Hlc last() const { return m_last; }

    static WallClock systemWallClock();

private:
    WallClock m_wall;
    std::uint64_t m_maxDrift;
    Hlc m_last = 0;
};

} // namespace fieldseal
