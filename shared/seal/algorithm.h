#pragma once
// The two signature algorithms of a sealed envelope, under their envelope names.

#include <optional>
#include <string_view>

namespace fieldseal::seal {

enum class Algorithm {
    Es256,  // ECDSA P-256 with SHA-256, DER signature
    Sm2Sm3, // SM2 with SM3, distinguishing ID 1234567812345678, DER signature
};

const char* toString(Algorithm alg); // "ES256" | "SM2-SM3"
std::optional<Algorithm> parseAlgorithm(std::string_view name);

} // namespace fieldseal::seal
