#pragma once
// mutateJson: one seeded random mutation of a JSON text, for the tests that check a fast JSON path
// against its reference on many near-valid inputs (test_seal_json_parse, test_seal_envelope_text).
// Header-only; a test keeps its own seed so that a failure names the round to replay.
#include <cstddef>
#include <random>
#include <span>
#include <string>

namespace fieldseal::seal::test {

// 1 to 3 edits of `text`, each at a random place: a byte replaced by one of `alphabet`, a byte
// deleted, one of `alphabet` inserted, or the text cut there. Pick an alphabet of the characters
// that matter to the parser (JSON's punctuation, escapes, digits, bytes that break UTF-8).
// The draws from `rng` are fixed for a given seed, text and alphabet.
inline std::string mutateJson(std::string text, std::mt19937& rng, std::span<const char> alphabet) {
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits && !text.empty(); ++e) {
        const std::size_t at = rng() % text.size();
        switch (rng() % 4) {
        case 0:
            text[at] = alphabet[rng() % alphabet.size()];
            break;
        case 1:
            text.erase(at, 1);
            break;
        case 2:
            text.insert(at, 1, alphabet[rng() % alphabet.size()]);
            break;
        default:
            text.resize(at);
        }
    }
    return text;
}

} // namespace fieldseal::seal::test
