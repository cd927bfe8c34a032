#include "hlc.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace fieldseal {

std::string hlcToString(Hlc h) {
    const auto ms = hlcMillis(h);
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03uZ#%u", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<unsigned>(ms % 1000),
                  static_cast<unsigned>(hlcCounter(h)));
    return buf;
}

HlcClock::HlcClock(WallClock wall, std::uint64_t maxDriftMillis)
    : m_wall(std::move(wall))
    , m_maxDrift(maxDriftMillis) {}

HlcClock::WallClock HlcClock::systemWallClock() {
    return [] {
        using namespace std::chrono;
        return static_cast<std::uint64_t>(
            duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
    };
}

Hlc HlcClock::now() {
    const Hlc wall = makeHlc(m_wall(), 0);
    // Either the wall clock moved past everything seen, or we stay on the last millisecond and count.
    m_last = wall > m_last ? wall : m_last + 1;
    return m_last;
}

Status HlcClock::observe(Hlc remote) {
    if (auto s = check(remote); !s) return s;
    if (remote > m_last) m_last = remote;
    return ok();
}

Status HlcClock::check(Hlc remote) const {
    const std::uint64_t wallMs = m_wall();
    if (hlcMillis(remote) > wallMs + m_maxDrift) {
        return Error{ErrorDomain::Clock, ErrorCode::ClockAhead,
                     "remote clock " + hlcToString(remote) + " is more than " +
                         std::to_string(m_maxDrift / 1000) + " s ahead of this device's clock " +
                         hlcToString(makeHlc(wallMs, 0)) +
                         "; check the date and time of the device that made it"};
    }
    return ok();
}

void HlcClock::restore(Hlc last) {
    if (last > m_last) m_last = last;
}

} // namespace fieldseal
