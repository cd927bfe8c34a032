#pragma once
// Authority: the certification authority of the seal PKI, kept in one folder, that issues seal
// signer and device certificates, revokes them and publishes trust lists. Used by
// `fieldseal authority ...` on an offline machine and by fieldseal-server (DATA/authority).
//
// Hierarchy: root (self-signed, pathlen 1) -> intermediate "Issuing CA" (pathlen 0, also the
// device CA) -> seal signers, the trust-list signer (EKU tslSigning) and device certificates.
//
// Folder layout (private keys unencrypted, mode 0600; the folder belongs on a guarded machine):
//   authority.json              state: alg ("sm2"|"p256"), name, sequence, crl_number, signers
//                               (seal signer certificate files), devices (device certificate
//                               files), revoked ([{serial, at}]), fast_channel_units
//   root.{key,pem}  intermediate.{key,pem}  signer.{key,pem}  trust-list-signer.{key,pem}
//   chain.pem                   the intermediate, for `seal sign --chain`
//   signers/SERIAL.{key,pem}    signers issued later (issueSigner)
//   devices/SERIAL.pem          device certificates (the device keeps its key)
//   trust-list.json             the last published trust list
//
// Every trust list carries both CAs as anchors, every seal signer and device certificate ever
// issued (so that envelopes without chain, e.g. QR codes, still find their signer), a CRL from
// each CA, and the fast-channel unit list. State files are replaced atomically (write + rename).
//
// Not thread-safe: one owner at a time (the server serialises calls under its database lock).

#include "algorithm.h"
#include "crl.h"
#include "envelope.h"
#include "model/result.h"
#include "ossl_types.h"
#include "sealer.h"
#include "time_util.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fieldseal::seal {

inline constexpr int kDefaultNextUpdateDays = 7;
inline constexpr std::chrono::days kDefaultDeviceValidity{365};

struct AuthorityNames {
    std::string organization = "FieldSeal Authority"; // O of every certificate; prefix of the CAs' CN
    std::string sealName;                             // CN of the seal signer; empty: "<organization> Seal"
};

// Whom a device certificate is issued to: always the enrolling account, never the request's subject.
// Subject: C=CN, O=<organization>, L=<district>, title=<role>, serialNumber=<deviceId>, CN=<userName>
// (L, title and serialNumber only when non-empty; title is X.520 2.5.4.12, serialNumber 2.5.4.5).
struct DeviceIdentity {
    std::string userName; // the account's user name
    std::string role;     // inspector | supervisor | exhibition_staff | admin
    std::string district; // district code, e.g. "310118"; empty for city-wide accounts
    std::string deviceId; // the server's id for the device
};

// A certificate the authority just issued (and recorded in its state).
struct IssuedCertificate {
    X509Ptr certificate;
    std::string serial; // lower-case hex, no leading zeros
    std::string pem;
    Time notAfter;
    std::filesystem::path certPath;
    std::filesystem::path keyPath; // empty for device certificates: the device keeps its key
};

struct PublishedTrustList {
    std::uint64_t sequence = 0;
    nlohmann::json envelope;
};

class Authority {
public:
    // Makes a new authority in `dir` (created if needed; refused if it already holds one) and
    // publishes trust list 1.
    static Result<Authority> create(const std::filesystem::path& dir, Algorithm alg,
                                    const AuthorityNames& names = {},
                                    int nextUpdateDays = kDefaultNextUpdateDays);
    static Result<Authority> open(const std::filesystem::path& dir);

    Authority(Authority&&) noexcept;
    Authority& operator=(Authority&&) noexcept;
    ~Authority();

    // A seal signer (or, with device = true, a device-profile certificate whose key stays in
    // the folder) under the intermediate; valid from an hour ago for `validity`, never beyond
    // the intermediate. Appears in the next published trust list.
    Result<IssuedCertificate> issueSigner(const std::string& commonName, bool device = false,
                                          std::chrono::days validity = std::chrono::days{365 * 3});

    // A device certificate (CertProfile::Device, issued by the intermediate) for the key of a
    // PKCS#10 request whose self-signature checks out, with the subject of `identity`; valid
    // from an hour ago for `validity`, never beyond the intermediate's notAfter; random serial.
    Result<IssuedCertificate> issueDeviceCertificate(std::string_view csrPem, const DeviceIdentity& identity,
                                                     std::chrono::days validity = kDefaultDeviceValidity);

    // Records the revocation of a certificate this authority issued (serial in hex, any case,
    // leading zeros allowed) at `at`, and publishes the next trust list with it in the CRL.
    Result<PublishedTrustList> revoke(std::string_view serial, Time at,
                                      int nextUpdateDays = kDefaultNextUpdateDays);

    // Publishes the next trust list (sequence + 1), replacing the fast-channel unit list when
    // given: a JSON array of USCC/name strings or {"uscc"?, "name"?} objects.
    Result<PublishedTrustList> publishTrustList(std::optional<nlohmann::json> fastChannelUnits = std::nullopt,
                                                int nextUpdateDays = kDefaultNextUpdateDays);

    Algorithm algorithm() const;
    const std::filesystem::path& directory() const;
    const std::string& organization() const;

    // The authority's seal: signer.key with signer.pem and the intermediate as chain.
    const Sealer& sealer() const;
    SealIdentity sealIdentity() const; // id "fieldseal-authority-seal", name = the signer's CN

    std::string rootCertificatePem() const;
    std::string issuingCaCertificatePem() const;   // the intermediate: issuer of device certificates
    std::vector<X509Ptr> provisionedRoots() const; // a copy of the root, for a TrustStore

    const nlohmann::json& currentTrustList() const; // the last published trust-list envelope
    std::uint64_t trustListSequence() const;
    Time trustListIssuedAt() const;
    Time trustListNextUpdate() const;
    nlohmann::json fastChannelUnits() const;
    std::vector<RevokedEntry> revocations() const;

    // Lower-case hex without leading zeros, or nullopt when `serial` is not hex.
    static std::optional<std::string> normalizeSerial(std::string_view serial);

    std::filesystem::path keyPath(const std::string& name) const;  // DIR/<name>.key
    std::filesystem::path certPath(const std::string& name) const; // DIR/<name>.pem
    std::filesystem::path chainPath() const;                       // DIR/chain.pem
    std::filesystem::path trustListPath() const;                   // DIR/trust-list.json

private:
    struct State;
    explicit Authority(std::unique_ptr<State> state);
    Result<PublishedTrustList> publish(nlohmann::json nextState, int nextUpdateDays);
    Result<IssuedCertificate> recordIssued(X509Ptr cert, const PkeyPtr* key, const std::string& folder,
                                           const char* stateList);

    std::unique_ptr<State> m_s;
};

} // namespace fieldseal::seal
