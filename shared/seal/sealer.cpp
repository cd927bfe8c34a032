#include "sealer.h"

#include "certificates.h"
#include "encoding.h"
#include "keys.h"
#include "ossl_private.h"

namespace fieldseal::seal {

namespace {
Error sealError(std::string message) {
    return Error{ErrorDomain::Seal, ErrorCode::InvalidInput, std::move(message)};
}
} // namespace

Result<Sealer> Sealer::create(PkeyPtr key, X509Ptr cert, std::vector<X509Ptr> chain) {
    if (!key || !cert) return sealError("a sealer needs a key and a certificate");
    const auto alg = algorithmOfKey(key.get());
    if (!alg) return sealError("the key is neither SM2 nor P-256");
    if (EVP_PKEY_eq(key.get(), X509_get0_pubkey(cert.get())) != 1)
        return sealError("the key does not belong to the certificate " + subjectString(cert.get()));
    Sealer s;
    s.m_alg = *alg;
    s.m_kid = certificateKid(cert.get());
    s.m_chainBase64.push_back(base64Encode(certificateDer(cert.get())));
    for (const auto& c : chain)
        s.m_chainBase64.push_back(base64Encode(certificateDer(c.get())));
    if (auto prepared = detail::prepareSignContext(key.get(), *alg))
        s.m_signContext =
            std::shared_ptr<const EVP_MD_CTX>(prepared.release(), detail::Deleter<EVP_MD_CTX_free>{});
    s.m_maxSignatureSize = static_cast<std::size_t>(EVP_PKEY_get_size(key.get()));
    s.m_key = SharedPkey(key.release(), PkeyFree{});
    s.m_cert = SharedX509(cert.release(), X509Free{});
    return s;
}

Result<nlohmann::json> Sealer::seal(const nlohmann::json& payload, const SealIdentity& identity,
                                    Time signedAt, bool includeChain) const {
    if (!payload.is_object()) return sealError("the payload must be a JSON object");
    if (identity.id.empty()) return sealError("the seal needs an id");
    if (!isLowerHex(identity.imageSha256, 64))
        return sealError("seal image_sha256 must be 64 lower-case hex digits");
    // Signed from the parts, then the document is built member by member (nlohmann's
    // initializer lists would copy the payload more than once).
    const std::string signedAtText = formatRfc3339(signedAt);
    std::string bytes;
    try {
        bytes = signedBytes(m_alg, m_kid, payload, identity, signedAtText);
    } catch (const std::invalid_argument& e) { // payload built in code with NaN or bad UTF-8
        return sealError(std::string("payload has no canonical form: ") + e.what());
    }
    auto sig = m_signContext ? detail::signWithPrepared(m_signContext.get(), m_maxSignatureSize, bytes)
                             : signBytes(m_key.get(), m_alg, bytes);
    if (!sig) return sig.error();
    nlohmann::json env = nlohmann::json::object();
    env["format"] = kEnvelopeFormat;
    env["alg"] = toString(m_alg);
    env["kid"] = m_kid;
    env["seal"] = {{"id", identity.id}, {"name", identity.name}, {"image_sha256", identity.imageSha256}};
    env["signed_at"] = signedAtText;
    env["payload"] = payload;
    env["signature"] = base64Encode(*sig);
    if (includeChain) env["chain"] = m_chainBase64;
    return env;
}

} // namespace fieldseal::seal
