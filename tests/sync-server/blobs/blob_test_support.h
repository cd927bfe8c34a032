#pragma once
// TEST ONLY. What the blob route tests share: two fixed bearer tokens (bob, inspector of
// Huangpu; carol, inspector of Pudong), the SHA-256 that names a blob, reproducible random bytes,
// and the code of a JSON error reply.

#include "api/caller.h"
#include "curl_client.h"
#include "http/router.h"

#include <nlohmann/json.hpp>

#include <QCryptographicHash>

#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace fieldseal::testsupport {

class BlobTestTokens : public server::Authenticator {
public:
    std::optional<server::Caller> authenticate(std::string_view token) override {
        if (token == "inspector-token") return server::Caller{"u-bob", "bob", server::Role::Inspector, "310101", ""};
        if (token == "outsider-token") return server::Caller{"u-carol", "carol", server::Role::Inspector, "310115", ""};
        return std::nullopt;
    }
};

inline std::string sha256Hex(const std::string& bytes) {
    return QCryptographicHash::hash(QByteArray::fromRawData(bytes.data(), qsizetype(bytes.size())),
                                    QCryptographicHash::Sha256)
        .toHex()
        .toStdString();
}

inline std::string randomBytes(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::string s(n, '\0');
    for (auto& c : s)
        c = static_cast<char>(rng() & 0xff);
    return s;
}

inline std::string errorCode(const CurlReply& r) {
    try {
        return nlohmann::json::parse(r.body).at("error").at("code").get<std::string>();
    } catch (const std::exception&) {
        return "<not a JSON error: " + r.body + ">";
    }
}

} // namespace fieldseal::testsupport
