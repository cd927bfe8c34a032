#pragma once
// The seed of a draw and its commitment. The administrator publishes SHA-256(seed) before the
// draw (in the plan's seed_commitment) and reveals the seed after it, so that nobody, the
// administrator included, can pick a seed that favours an outcome once the plan is public.

#include "model/result.h"

#include <string>

namespace fieldseal::draw {

// A seed is 16 to 64 bytes written as hex (32 to 128 hex digits, either case).
struct Seed {
    std::string bytes; // raw
    std::string hex;   // lower case
};

Result<Seed> parseSeed(const std::string& hexText);
// A fresh 32-byte seed from the operating system's random source (std::random_device = getrandom).
Seed generateSeed();
// Lower-case hex SHA-256 of the seed's bytes (not of its hex text).
std::string seedCommitment(const Seed& seed);
// Ok when the revealed seed hashes to the published commitment; otherwise an error that says so.
Status verifySeedReveal(const Seed& seed, const std::string& commitmentHex);

} // namespace fieldseal::draw
