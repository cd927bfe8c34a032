#pragma once
// Password hashes: scrypt (OpenSSL 3's EVP_KDF "SCRYPT") with a random 16-byte salt, kept as one
// self-describing string "scrypt$N$r$p$salt_b64$hash_b64" (standard Base64, padded), so that a
// hash made with older parameters still verifies after the defaults change.
//
// Cost: scrypt needs 128 * r * N bytes. The default N = 2^15, r = 8, p = 1 takes 32 MiB and
// roughly 50-100 ms per hash on a server core. N = 2^14 (16 MiB) is the floor for real accounts:
// it is what OWASP lists as the lowest acceptable scrypt setting, and below it an attacker with a
// stolen users table tests guesses on a GPU cheaply enough that a 10-character password stops
// being a defence. Unit tests may go lower only through ScryptParams::forTestsOnly().

#include "model/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace fieldseal::server {

struct ScryptParams {
    std::uint64_t n = std::uint64_t{1} << 15; // CPU/memory cost, a power of two
    std::uint32_t r = 8;                      // block size
    std::uint32_t p = 1;                      // parallelism

    // The server's default: 32 MiB per hash.
    static ScryptParams standard() { return {}; }
    // The cheapest setting allowed for real accounts (demo data, small machines): 16 MiB.
    static ScryptParams reduced() { return {std::uint64_t{1} << 14, 8, 1}; }
    // Below the floor, for unit tests that hash many passwords. Never for stored accounts.
    static ScryptParams forTestsOnly(std::uint64_t n) {
        ScryptParams params{n, 8, 1};
        params.belowFloorForTests = true;
        return params;
    }

    // Set only by forTestsOnly(): lets hashPassword() accept N < kMinProductionScryptN.
    bool belowFloorForTests = false;
};

inline constexpr std::uint64_t kMinProductionScryptN = std::uint64_t{1} << 14;

// Throws std::invalid_argument for parameters below the floor (unless made by forTestsOnly) or
// malformed ones (N not a power of two, r or p zero, memory above the verification limit): a
// configuration error, caught when the account service is built.
void requireUsableScryptParams(const ScryptParams& params);

// The encoded hash of `password` under a fresh random salt. Slow and memory-hard by design:
// never call it while holding the database lock.
std::string hashPassword(std::string_view password, const ScryptParams& params);

// A stored hash taken apart. Errors name what is wrong with the encoded form.
struct DecodedPasswordHash {
    ScryptParams params;
    std::string salt; // raw bytes
    std::string hash; // raw bytes
};
Result<DecodedPasswordHash> decodePasswordHash(std::string_view encoded);

// How many scrypt derivations this process has run (hashes made and verified): for metrics,
// and for tests that check which login paths run the KDF and which do not.
std::uint64_t scryptDerivationCount();

// Whether `password` matches the encoded hash (constant-time comparison of the derived keys).
// An encoded form that does not decode is an Error, not a mismatch. Slow: outside the lock.
Result<bool> verifyPassword(std::string_view password, std::string_view encoded);

} // namespace fieldseal::server
