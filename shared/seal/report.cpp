#include "report.h"

#include <nlohmann/json.hpp>

namespace fieldseal::seal {

const char* toString(Indication indication) {
    switch (indication) {
    case Indication::Passed:
        return "PASSED";
    case Indication::Failed:
        return "FAILED";
    case Indication::Indeterminate:
        return "INDETERMINATE";
    }
    return "?";
}

const char* toString(SubIndication s) {
    switch (s) {
    case SubIndication::None:
        return "";
    case SubIndication::FormatFailure:
        return "FORMAT_FAILURE";
    case SubIndication::HashFailure:
        return "HASH_FAILURE";
    case SubIndication::SigCryptoFailure:
        return "SIG_CRYPTO_FAILURE";
    case SubIndication::NoCertificateChainFound:
        return "NO_CERTIFICATE_CHAIN_FOUND";
    case SubIndication::ChainConstraintsFailure:
        return "CHAIN_CONSTRAINTS_FAILURE";
    case SubIndication::Expired:
        return "EXPIRED";
    case SubIndication::NotYetValid:
        return "NOT_YET_VALID";
    case SubIndication::Revoked:
        return "REVOKED";
    case SubIndication::TryLater:
        return "TRY_LATER";
    }
    return "?";
}

void conclude(VerificationReport& r, Indication indication, SubIndication sub, std::string detail) {
    r.indication = indication;
    r.subIndication = sub;
    r.detail = std::move(detail);
    const std::string who = r.signerSubject.empty() ? std::string("an unknown signer") : r.signerSubject;
    const std::string whoZh = r.signerSubject.empty() ? std::string("未知签章人") : r.signerSubject;
    const std::string sealName = r.seal ? r.seal->name : std::string();
    switch (sub) {
    case SubIndication::None:
        r.explanationEn = "The seal \"" + sealName + "\" is valid: sealed by " + who + " at " + r.signedAt +
                          " and trusted by the current trust list.";
        r.explanationZh =
            "印章“" + sealName + "”有效：由 " + whoZh + " 于 " + r.signedAt + " 签章，且受当前信任列表信任。";
        break;
    case SubIndication::FormatFailure:
        r.explanationEn = "The document is not a well-formed sealed certificate (" + r.detail + ").";
        r.explanationZh = "该文件不是格式正确的电子签章证书（" + r.detail + "）。";
        break;
    case SubIndication::HashFailure:
    case SubIndication::SigCryptoFailure:
        r.explanationEn = "The signature does not match the content: the certificate was altered after "
                          "sealing or the signature is forged.";
        r.explanationZh = "签名与内容不符：证书在签章后被篡改，或签名系伪造。";
        break;
    case SubIndication::NoCertificateChainFound:
        r.explanationEn = "The signer is not trusted: " + who +
                          " does not chain to an authority in the trust list (" + r.detail + ").";
        r.explanationZh =
            "签章人不受信任：" + whoZh + " 的证书无法链接到信任列表中的发证机构（" + r.detail + "）。";
        break;
    case SubIndication::ChainConstraintsFailure:
        r.explanationEn = "The signer's certificate may not be used for seals (" + r.detail + ").";
        r.explanationZh = "签章人证书的用途不允许用于电子签章（" + r.detail + "）。";
        break;
    case SubIndication::Expired:
        r.explanationEn = "A certificate of the signer had already expired when the seal was applied at " +
                          r.signedAt + ".";
        r.explanationZh = "签章时间 " + r.signedAt + " 时，签章人的证书已经过期。";
        break;
    case SubIndication::NotYetValid:
        r.explanationEn =
            "A certificate of the signer was not yet valid when the seal was applied at " + r.signedAt + ".";
        r.explanationZh = "签章时间 " + r.signedAt + " 时，签章人的证书尚未生效。";
        break;
    case SubIndication::Revoked:
        r.explanationEn =
            "The signer's certificate had been revoked before the seal was applied at " + r.signedAt + ".";
        r.explanationZh = "签章人的证书在签章时间 " + r.signedAt + " 之前已被吊销。";
        break;
    case SubIndication::TryLater:
        r.explanationEn =
            "The seal checks out, but the trust list is out of date: update it and verify again.";
        r.explanationZh = "签章本身核验无误，但信任列表已过期：请更新信任列表后重新核验。";
        break;
    }
}

nlohmann::json VerificationReport::toJson() const {
    nlohmann::json j = {
        {"indication", toString(indication)},
        {"sub_indication", subIndication == SubIndication::None ? nlohmann::json(nullptr)
                                                                : nlohmann::json(toString(subIndication))},
        {"detail", detail},
        {"explanation", {{"zh", explanationZh}, {"en", explanationEn}}},
    };
    if (!algorithm.empty()) j["alg"] = algorithm;
    if (!kid.empty()) j["kid"] = kid;
    if (!signerSubject.empty()) j["signer"] = {{"subject", signerSubject}, {"serial", signerSerial}};
    if (seal) j["seal"] = {{"id", seal->id}, {"name", seal->name}, {"image_sha256", seal->imageSha256}};
    if (!signedAt.empty()) j["signed_at"] = signedAt;
    if (trustListSequence) j["trust_list_sequence"] = *trustListSequence;
    return j;
}

} // namespace fieldseal::seal
