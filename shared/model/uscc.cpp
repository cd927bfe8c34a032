#include "uscc.h"

#include <array>
#include <string_view>

namespace fieldseal {
namespace {

// No I, O, S, V, Z: they are too easily read as 1, 0, 5, U, 2.
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<int, 17> kWeights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

int symbolValue(char c) {
    const auto pos = kAlphabet.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

} // namespace

char usccCheckCharacter(const std::string& first17) {
    if (first17.size() < 17) return 0;
    int sum = 0;
    for (size_t i = 0; i < 17; ++i) {
        const int v = symbolValue(first17[i]);
        if (v < 0) return 0;
        sum += v * kWeights[i];
    }
    return kAlphabet[static_cast<size_t>((31 - sum % 31) % 31)];
}

Status validateUscc(const std::string& code) {
    if (code.size() != 18) {
        return validationError(ErrorCode::InvalidInput,
                               "unified social credit code must have 18 characters, '" + code + "' has " +
                                   std::to_string(code.size()));
    }
    for (size_t i = 0; i < code.size(); ++i) {
        if (symbolValue(code[i]) < 0) {
            return validationError(
                ErrorCode::InvalidInput,
                "unified social credit code '" + code + "' has '" + std::string(1, code[i]) +
                    "' at position " + std::to_string(i + 1) +
                    "; only digits and upper-case letters other than I, O, S, V, Z are allowed");
        }
    }
    const char expected = usccCheckCharacter(code.substr(0, 17));
    if (code[17] != expected) {
        return validationError(ErrorCode::InvalidInput,
                               "unified social credit code '" + code + "' has check character '" +
                                   std::string(1, code[17]) + "' but its first 17 characters give '" +
                                   std::string(1, expected) + "'");
    }
    return ok();
}

} // namespace fieldseal
