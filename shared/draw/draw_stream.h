#pragma once
// DrawStream: the deterministic random stream of a draw (README "The random stream"): SHA-256 in
// counter mode over a 32-byte key, read as big-endian 64-bit words, and unbiased integers below
// a bound by rejection sampling. Not a general-purpose RNG: its only job is to be simple enough
// that anyone can re-implement it bit for bit.

#include <cstdint>
#include <string>

namespace fieldseal::draw {

class DrawStream {
public:
    explicit DrawStream(std::string key); // 32 bytes

    // The next 64-bit word: bytes 8j..8j+7 of block(0) || block(1) || ..., block(i) =
    // SHA-256(key || uint64_be(i)), read big-endian.
    std::uint64_t next64();
    // Uniform in [0, bound), bound >= 1: words w with w >= 2^64 - (2^64 mod bound) are rejected
    // (so that every result is equally likely), the first accepted w gives w mod bound.
    std::uint64_t uniform(std::uint64_t bound);

    std::uint64_t wordsRead() const { return m_words; }

private:
    std::string m_key;
    std::string m_block;
    std::uint64_t m_blockIndex = 0;
    size_t m_offset = 32; // into m_block; 32 = exhausted
    std::uint64_t m_words = 0;
};

// The stream key of a draw: SHA-256(algorithm || 0x00 || uint32_be(len(seed)) || seed ||
// canonicalPlan), algorithm "fieldseal-draw/1" or "fieldseal-draw/2".
std::string drawStreamKey(const std::string& algorithm, const std::string& seedBytes,
                          const std::string& canonicalPlan);

} // namespace fieldseal::draw
