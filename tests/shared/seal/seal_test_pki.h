#pragma once
// A complete test PKI built in memory at test time (never committed): root -> intermediate ->
// seal signer and trust-list signer, for one algorithm, plus helpers to seal and publish lists.

#include "seal/certificates.h"
#include "seal/crl.h"
#include "seal/encoding.h"
#include "seal/keys.h"
#include "seal/sealer.h"
#include "seal/trust_list.h"
#include "seal/trust_store.h"

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace fieldseal::seal::test {

using namespace std::chrono_literals;

template <class T> T must(Result<T> r) {
    if (!r) throw std::runtime_error("test setup failed: " + r.error().message);
    return std::move(r).value();
}

inline PkeyPtr copyKey(evp_pkey_st* k) {
    return must(privateKeyFromPem(privateKeyPem(k)));
}
inline X509Ptr copyCert(const x509_st* c) {
    return must(certificateFromDer(certificateDer(c)));
}

struct Party {
    PkeyPtr key;
    X509Ptr cert;
};

struct TestPki {
    Algorithm alg;
    Time t0; // "now" of the test
    Party root, inter, signer, tsl;

    explicit TestPki(Algorithm a, Time now = seal::now())
        : alg(a)
        , t0(now) {
        root = issue(CertProfile::Root, "FieldSeal Test Root 根", nullptr, t0 - 24h * 30, t0 + 24h * 3650);
        inter = issue(CertProfile::Intermediate, "FieldSeal Test Issuing CA", &root, t0 - 24h * 30,
                      t0 + 24h * 1800);
        signer = issue(CertProfile::SealSigner, "市场监管局 检验检测专用章", &inter, t0 - 24h * 10,
                       t0 + 24h * 365);
        tsl = issue(CertProfile::TrustListSigner, "FieldSeal Trust List Signer", &inter, t0 - 24h * 10,
                    t0 + 24h * 365);
    }

    Party issue(CertProfile profile, const std::string& cn, const Party* issuer, Time nb, Time na) const {
        Party p;
        p.key = must(generateKey(alg));
        CertRequest req;
        req.profile = profile;
        req.commonName = cn;
        req.organization = "FieldSeal Test";
        req.notBefore = nb;
        req.notAfter = na;
        p.cert = must(issueCertificate(req, p.key.get(), issuer ? issuer->cert.get() : nullptr,
                                       issuer ? issuer->key.get() : p.key.get()));
        return p;
    }

    Sealer sealerFor(const Party& p, bool withInter = true) const {
        std::vector<X509Ptr> chain;
        if (withInter) chain.push_back(copyCert(inter.cert.get()));
        return must(Sealer::create(copyKey(p.key.get()), copyCert(p.cert.get()), std::move(chain)));
    }

    TrustListContent content(std::uint64_t sequence, std::vector<std::string> crls = {},
                             std::vector<const Party*> extraSigners = {}) const {
        TrustListContent c;
        c.sequence = sequence;
        c.issuedAt = t0 - 1h;
        c.nextUpdate = t0 + 24h * 7;
        c.anchorsDer = {certificateDer(root.cert.get()), certificateDer(inter.cert.get())};
        c.signersDer = {certificateDer(signer.cert.get())};
        for (const Party* p : extraSigners)
            c.signersDer.push_back(certificateDer(p->cert.get()));
        c.crlsDer = std::move(crls);
        c.fastChannelUnits = {"91310000MA1FL0000X"};
        return c;
    }

    nlohmann::json trustList(const TrustListContent& c) const {
        return must(sealTrustList(c, sealerFor(tsl)));
    }

    // A CRL of the intermediate revoking `serials` at `when`.
    std::string crl(const std::vector<std::string>& serials, Time when) const {
        std::vector<RevokedEntry> entries;
        for (const auto& s : serials)
            entries.push_back({s, when});
        return crlDer(
            must(issueCrl(inter.cert.get(), inter.key.get(), entries, t0 - 2h, t0 + 24h * 7, 1)).get());
    }

    std::vector<X509Ptr> roots() const {
        std::vector<X509Ptr> r;
        r.push_back(copyCert(root.cert.get()));
        return r;
    }

    // A trust store holding list `sequence` (with optional CRLs / extra signers).
    std::unique_ptr<TrustStore> store(std::vector<std::string> crls = {},
                                      std::vector<const Party*> extra = {}) const {
        auto s = std::make_unique<TrustStore>(roots());
        const auto st = s->install(trustList(content(1, std::move(crls), std::move(extra))), t0);
        if (!st) throw std::runtime_error("trust list install failed: " + st.error().message);
        return s;
    }

    static nlohmann::json samplePayload() {
        return {{"kind", "CCC"},
                {"number", "2026011101234567"},
                {"holder", {{"name", "上海示例电器有限公司"}, {"uscc", "91310000MA1FL0000X"}}},
                {"scope", "电动自行车 GB 17761-2018"},
                {"valid_until", "2029-12-31"},
                {"quantity", 12},
                {"ratio", 0.25}};
    }
    static SealIdentity sampleSeal() {
        return {"SEAL-310000-0001", "上海市市场监督管理局认证认可专用章", sha256Hex("seal image")};
    }
};

} // namespace fieldseal::seal::test
