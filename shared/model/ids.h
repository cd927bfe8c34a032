#pragma once
// Record and op ids: UUIDv7 (RFC 9562), time-ordered so that ids made later sort later and
// indexes on them stay append-mostly.

#include <cstdint>
#include <functional>
#include <random>
#include <string>

namespace fieldseal {

// Makes UUIDv7 strings. Not thread-safe: give each thread (or each replica) its own generator.
class IdGenerator {
public:
    using WallClock = std::function<std::uint64_t()>; // milliseconds since the Unix epoch

    IdGenerator();                                   // system clock, random seed
    IdGenerator(WallClock wall, std::uint64_t seed); // deterministic, for tests and simulations

    std::string next();

private:
    WallClock m_wall;
    std::mt19937_64 m_rng;
    std::uint64_t m_lastMs = 0;
    std::uint64_t m_seq = 0; // monotonic counter within one millisecond (RFC 9562 method 1)
};

// True for a canonical lower-case 8-4-4-4-12 hex UUID string.
bool isUuid(const std::string& s);

} // namespace fieldseal
