#include "algorithm.h"

namespace fieldseal::seal {

const char* toString(Algorithm alg) {
    switch (alg) {
    case Algorithm::Es256:
        return "ES256";
    case Algorithm::Sm2Sm3:
        return "SM2-SM3";
    }
    return "?";
}

std::optional<Algorithm> parseAlgorithm(std::string_view name) {
    if (name == "ES256") return Algorithm::Es256;
    if (name == "SM2-SM3") return Algorithm::Sm2Sm3;
    return std::nullopt;
}

} // namespace fieldseal::seal
