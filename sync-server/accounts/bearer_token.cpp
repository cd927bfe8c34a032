#include "bearer_token.h"

#include "seal/encoding.h"

#include <algorithm>
#include <cctype>
#include <openssl/rand.h>
#include <stdexcept>

namespace fieldseal::server {
namespace {

constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kTokenChars = 43; // ceil(32 * 4 / 3), no padding

bool isBase64UrlChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

} // namespace

std::string newBearerToken() {
    std::string bytes(kTokenBytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size())) != 1)
        throw std::runtime_error("RAND_bytes failed");
    std::string token = seal::base64Encode(bytes);
    while (!token.empty() && token.back() == '=')
        token.pop_back();
    std::replace(token.begin(), token.end(), '+', '-');
    std::replace(token.begin(), token.end(), '/', '_');
    return token;
}

std::string tokenHash(std::string_view token) {
    return seal::sha256Hex(token);
}

bool looksLikeBearerToken(std::string_view text) {
    return text.size() == kTokenChars && std::all_of(text.begin(), text.end(), isBase64UrlChar);
}

std::string_view bearerFromAuthorization(std::string_view value) {
    constexpr std::string_view kScheme = "bearer ";
    if (value.size() <= kScheme.size()) return {};
    for (std::size_t i = 0; i < kScheme.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(value[i])) != kScheme[i]) return {};
    value.remove_prefix(kScheme.size());
    while (!value.empty() && value.front() == ' ')
        value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ')
        value.remove_suffix(1);
    return value;
}

} // namespace fieldseal::server
