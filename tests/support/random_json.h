#pragma once
// Random JSON for the tests that hold a hand-written JSON reader or writer against nlohmann's
// (test_op_json_text, test_sync_reply_decoder): well-formed UTF-8 text weighted towards what a
// writer must escape (control characters, quote, backslash, DEL) and towards Chinese, with the
// rest of Unicode between; and values of every JSON type (integers signed and beyond 2^63,
// doubles), nested a few levels. The same generator state gives the same values, so a failure
// repeats. Header-only: the tests including it already link Qt (for the UTF-8 encoding).
#include <QString>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace fieldseal::test {

// Up to `maxCodePoints` code points as UTF-8 (never a surrogate: always well-formed).
inline std::string randomUtf8Text(std::mt19937& rng, std::uint32_t maxCodePoints = 24) {
    const auto pick = [&rng](std::uint32_t lo, std::uint32_t hi) {
        return std::uniform_int_distribution<std::uint32_t>(lo, hi)(rng);
    };
    std::u32string codePoints;
    for (std::uint32_t n = pick(0, maxCodePoints); n > 0; --n) {
        switch (pick(0, 5)) {
        case 0: codePoints += static_cast<char32_t>(pick(0, 0x1f)); break;
        case 1: codePoints += U"\"\\/\x7f"[pick(0, 3)]; break;
        case 2: codePoints += static_cast<char32_t>(pick(0x20, 0x7e)); break;
        case 3: codePoints += static_cast<char32_t>(pick(0x4e00, 0x9fff)); break;
        case 4: codePoints += static_cast<char32_t>(pick(0x80, 0xd7ff)); break;
        default: codePoints += static_cast<char32_t>(pick(0, 1) ? pick(0xe000, 0xffff) : pick(0x10000, 0x10ffff)); break;
        }
    }
    return QString::fromUcs4(codePoints.data(), static_cast<qsizetype>(codePoints.size())).toStdString();
}

inline nlohmann::json randomJsonValue(std::mt19937& rng, int depth = 0) {
    const auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    switch (pick(0, depth < 3 ? 7 : 5)) {
    case 0: return nullptr;
    case 1: return pick(0, 1) == 1;
    case 2: return std::uniform_int_distribution<std::int64_t>()(rng);
    case 3: return std::uniform_int_distribution<std::uint64_t>()(rng);
    case 4: return static_cast<double>(pick(0, 100000)) / 7.0;
    case 5: return randomUtf8Text(rng);
    case 6: {
        nlohmann::json a = nlohmann::json::array();
        for (int n = pick(0, 4); n > 0; --n)
            a.push_back(randomJsonValue(rng, depth + 1));
        return a;
    }
    default: {
        nlohmann::json o = nlohmann::json::object();
        for (int n = pick(0, 4); n > 0; --n) {
            std::string key = randomUtf8Text(rng, 8);
            o[key] = randomJsonValue(rng, depth + 1);
        }
        return o;
    }
    }
}

} // namespace fieldseal::test
