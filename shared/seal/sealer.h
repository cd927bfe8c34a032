#pragma once
// Sealer: a signing key with its certificate (and chain) that turns a JSON payload into a
// sealed envelope. Invariant: the key matches the certificate and signs the envelope algorithm.

#include "envelope.h"
#include "ossl_types.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace fieldseal::seal {

class Sealer {
public:
    // `chain`: the issuing CAs, nearest first (may be empty when verifiers hold them).
    static Result<Sealer> create(PkeyPtr key, X509Ptr cert, std::vector<X509Ptr> chain = {});

    Result<nlohmann::json> seal(const nlohmann::json& payload, const SealIdentity& identity, Time signedAt,
                                bool includeChain = true) const;

    Algorithm algorithm() const { return m_alg; }
    const std::string& kid() const { return m_kid; }
    x509_st* certificate() const { return m_cert.get(); }

private:
    Sealer() = default;
    SharedPkey m_key;
    SharedX509 m_cert;
    Algorithm m_alg = Algorithm::Es256;
    std::string m_kid;
    std::vector<std::string> m_chainBase64; // signer certificate first
    // Initialised once for m_key (see prepareSignContext); null: sign from scratch.
    std::shared_ptr<const evp_md_ctx_st> m_signContext;
    std::size_t m_maxSignatureSize = 0;
};

} // namespace fieldseal::seal
