#include "base45.h"

#include <array>

namespace fieldseal::seal {
namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

constexpr std::array<signed char, 256> makeTable() {
    std::array<signed char, 256> t{};
    for (auto& v : t)
        v = -1;
    for (int i = 0; i < 45; ++i)
        t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<signed char>(i);
    return t;
}
constexpr auto kTable = makeTable();

} // namespace

std::string base45Encode(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() / 2 * 3 + 2);
    size_t i = 0;
    for (; i + 2 <= bytes.size(); i += 2) {
        unsigned n = static_cast<unsigned char>(bytes[i]) * 256u + static_cast<unsigned char>(bytes[i + 1]);
        out += kAlphabet[n % 45];
        n /= 45;
        out += kAlphabet[n % 45];
        out += kAlphabet[n / 45];
    }
    if (i < bytes.size()) {
        const unsigned n = static_cast<unsigned char>(bytes[i]);
        out += kAlphabet[n % 45];
        out += kAlphabet[n / 45];
    }
    return out;
}

std::optional<std::string> base45Decode(std::string_view text) {
    if (text.size() % 3 == 1) return std::nullopt;
    std::string out;
    out.reserve(text.size() / 3 * 2 + 1);
    for (size_t i = 0; i < text.size(); i += 3) {
        const size_t len = text.size() - i >= 3 ? 3 : 2;
        unsigned n = 0;
        unsigned factor = 1;
        for (size_t j = 0; j < len; ++j) {
            const int v = kTable[static_cast<unsigned char>(text[i + j])];
            if (v < 0) return std::nullopt;
            n += static_cast<unsigned>(v) * factor;
            factor *= 45;
        }
        if (len == 3) {
            if (n > 0xffff) return std::nullopt;
            out += static_cast<char>(n >> 8);
            out += static_cast<char>(n & 0xff);
        } else {
            if (n > 0xff) return std::nullopt;
            out += static_cast<char>(n);
        }
    }
    return out;
}

} // namespace fieldseal::seal
