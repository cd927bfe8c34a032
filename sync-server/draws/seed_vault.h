#pragma once
// SeedVault: keeps a draw's seed secret at rest until the run. The seed is encrypted with
// AES-256-GCM under a key held in its own file in the data directory (DATA/draw-seed.key, 0600),
// outside the database: a copy of the database alone (a backup, a dump, a leaked file) does not
// reveal the seed of a draw not yet run, so nobody holding it can know the outcome before the
// run. The draw id and the published commitment are the additional authenticated data, so a
// sealed seed cannot be moved to another draw or swapped for another seed without failing.
// (Whoever holds both the database and the key file can read the seeds; that is the server
// itself.)

#include "draw/seed_commitment.h"
#include "model/result.h"

#include <filesystem>
#include <string>

namespace fieldseal::server {

class SeedVault {
public:
    // Reads the key file, or creates it (32 random bytes, 0600) when it does not exist. Errors:
    // unreadable, wrong size, or readable by others (the key would not be secret).
    static Result<SeedVault> open(const std::filesystem::path& keyFile);

    // "fieldseal-seed/1:" + hex(12-byte nonce || ciphertext || 16-byte tag).
    std::string seal(const draw::Seed& seed, const std::string& drawId, const std::string& commitment) const;
    // The seed, or an error when the text was not sealed by this key for this draw and commitment
    // (including a changed key file), or the seed does not hash to the commitment.
    Result<draw::Seed> open(const std::string& sealed, const std::string& drawId,
                            const std::string& commitment) const;

    const std::filesystem::path& keyFile() const { return m_keyFile; }

private:
    SeedVault(std::filesystem::path keyFile, std::string key)
        : m_keyFile(std::move(keyFile))
        , m_key(std::move(key)) {}

    std::filesystem::path m_keyFile;
    std::string m_key; // 32 bytes
};

} // namespace fieldseal::server
