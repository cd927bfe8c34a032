#pragma once
// Mutations for the tests that feed a reader bytes it was not written for (sync request bodies,
// raw HTTP requests): one to three random edits of a good input, each a byte replaced (often by
// one from `telling`: bytes that mean something to the format at hand), dropped or inserted, a
// short stretch repeated elsewhere, or the end cut. Most results are broken; enough stay readable
// to compare readers on what they accept. The same generator state gives the same edits.
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>

namespace fieldseal::test {

// Bytes that mean something to JSON or to UTF-8 (the NUL included).
inline constexpr char kJsonTellingBytes[] =
    "{}[]\":,\\-+.0123456789eEtfnu \t\n\x00\x1f\x7f\x80\xbf\xc0\xc3\xe4\xed\xf0\xf4\xff";
inline constexpr std::string_view kJsonTelling{kJsonTellingBytes, sizeof kJsonTellingBytes - 1};

inline std::string mutated(std::string text, std::mt19937& rng, std::string_view telling) {
    const auto pick = [&rng](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    const auto byte = [&] { return pick(3) ? telling[pick(telling.size())] : static_cast<char>(pick(256)); };
    for (std::size_t edits = pick(2) ? 1 : 2 + pick(2); edits > 0 && !text.empty(); --edits) {
        const std::size_t at = pick(text.size());
        switch (pick(5)) {
        case 0: text[at] = byte(); break;
        case 1: text.erase(at, 1); break;
        case 2: text.insert(at, 1, byte()); break;
        case 3: text.insert(pick(text.size()), text.substr(at, 1 + pick(16))); break;
        default: text.resize(at); break;
        }
    }
    return text;
}

// How many mutated inputs a test tries and from which seed: `count` and 20261126 unless the
// environment asks for a longer search (FIELDSEAL_FUZZ_COUNT=1000000 FIELDSEAL_FUZZ_SEED=7).
struct MutationRun {
    std::mt19937 rng;
    int count;
};

inline MutationRun mutationRun(int count) {
    const char* seed = std::getenv("FIELDSEAL_FUZZ_SEED");
    const char* longer = std::getenv("FIELDSEAL_FUZZ_COUNT");
    return {std::mt19937(seed ? static_cast<unsigned>(std::strtoul(seed, nullptr, 10)) : 20261126u),
            longer ? std::atoi(longer) : count};
}

} // namespace fieldseal::test
