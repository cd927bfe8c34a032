#include "seed_commitment.h"

#include "seal/encoding.h"

#include <algorithm>
#include <cctype>
#include <random>

namespace fieldseal::draw {

Result<Seed> parseSeed(const std::string& hexText) {
    std::string lower = hexText;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    auto bytes = seal::hexDecode(lower);
    if (!bytes || lower.size() < 32 || lower.size() > 128) {
        return validationError(
            ErrorCode::InvalidInput,
            "seed must be 32 to 128 hex digits (16 to 64 random bytes), e.g. from `fieldseal draw seed`");
    }
    return Seed{std::move(*bytes), lower};
}

Seed generateSeed() {
    std::random_device device;
    std::string bytes(32, '\0');
    for (size_t i = 0; i < bytes.size(); i += 4) {
        const std::uint32_t word = device();
        for (size_t b = 0; b < 4; ++b)
            bytes[i + b] = static_cast<char>((word >> (8 * b)) & 0xff);
    }
    return Seed{bytes, seal::hexEncode(bytes)};
}

std::string seedCommitment(const Seed& seed) {
    return seal::sha256Hex(seed.bytes);
}

Status verifySeedReveal(const Seed& seed, const std::string& commitmentHex) {
    if (seedCommitment(seed) == commitmentHex) return ok();
    return validationError(ErrorCode::Tampered,
                           "the seed does not match the published commitment: SHA-256(seed) is " +
                               seedCommitment(seed) + ", the plan committed to " + commitmentHex);
}

} // namespace fieldseal::draw
