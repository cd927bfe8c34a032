#pragma once
// The outcome of verifying a sealed envelope: an ETSI EN 319 102-1 indication and sub-indication,
// who sealed what and when, and one sentence for people in Chinese and in English.

#include "envelope.h"

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

namespace fieldseal::seal {

enum class Indication { Passed, Failed, Indeterminate };

enum class SubIndication {
    None,                    // with PASSED
    FormatFailure,           // not a well-formed envelope (JSON, base64, DER, QR text, size)
    HashFailure,             // reserved: ECDSA/SM2 cannot tell a changed payload from a bad signature
    SigCryptoFailure,        // signature does not match the signed bytes and the signer's key
    NoCertificateChainFound, // signer unknown, or not chaining to an anchor of the trust list
    ChainConstraintsFailure, // key usage, CA flag, path length or extended key usage wrong
    Expired,                 // a certificate of the chain had expired at the signing time
    NotYetValid,             // a certificate of the chain was not yet valid at the signing time
    Revoked,                 // a certificate of the chain was revoked at or before the signing time
    TryLater,                // everything checks, but the trust list is past its next_update
};

const char* toString(Indication indication);       // "PASSED" | "FAILED" | "INDETERMINATE"
const char* toString(SubIndication subIndication); // "FORMAT_FAILURE", ... ("" for None)

struct VerificationReport {
    Indication indication = Indication::Failed;
    SubIndication subIndication = SubIndication::FormatFailure;
    std::string detail; // the technical reason, English, for logs and support
    std::string algorithm;
    std::string signerSubject;
    std::string signerSerial;
    std::string kid;
    std::optional<SealIdentity> seal;
    std::string signedAt;
    std::optional<std::uint64_t> trustListSequence;
    std::string explanationZh;
    std::string explanationEn;

    bool passed() const { return indication == Indication::Passed; }
    nlohmann::json toJson() const;
};

// Fills indication, sub-indication, detail and both explanations from the other fields.
void conclude(VerificationReport& report, Indication indication, SubIndication sub, std::string detail);

} // namespace fieldseal::seal
