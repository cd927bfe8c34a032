#include "draw_stream.h"

#include "seal/encoding.h"

#include <stdexcept>

namespace fieldseal::draw {
namespace {

void appendBigEndian(std::string& out, std::uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i)
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

} // namespace

DrawStream::DrawStream(std::string key)
    : m_key(std::move(key)) {
    if (m_key.size() != 32) throw std::invalid_argument("DrawStream key must be 32 bytes");
}

std::uint64_t DrawStream::next64() {
    if (m_offset >= 32) {
        std::string input = m_key;
        appendBigEndian(input, m_blockIndex++, 8);
        m_block = seal::sha256(input);
        m_offset = 0;
    }
    std::uint64_t w = 0;
    for (int i = 0; i < 8; ++i)
        w = (w << 8) | static_cast<unsigned char>(m_block[m_offset++]);
    ++m_words;
    return w;
}

std::uint64_t DrawStream::uniform(std::uint64_t bound) {
    if (bound == 0) throw std::invalid_argument("DrawStream::uniform bound must be >= 1");
    // 2^64 mod bound, computed in 64 bits: (2^64 - bound) mod bound.
    const std::uint64_t excess = (0 - bound) % bound;
    for (;;) {
        const std::uint64_t w = next64();
        // Accept w < 2^64 - excess, i.e. w <= UINT64_MAX - excess (always when excess is 0).
        if (w <= UINT64_MAX - excess) return w % bound;
    }
}

std::string drawStreamKey(const std::string& algorithm, const std::string& seedBytes,
                          const std::string& canonicalPlan) {
    std::string input = algorithm;
    input.push_back('\0');
    appendBigEndian(input, seedBytes.size(), 4);
    input += seedBytes;
    input += canonicalPlan;
    return seal::sha256(input);
}

} // namespace fieldseal::draw
