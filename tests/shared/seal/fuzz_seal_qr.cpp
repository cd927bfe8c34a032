// libFuzzer target: the text decoders (QR text, Base45, Base64, RFC 3339) and canonicalisation
// of whatever JSON they yield. Must never crash, hang or inflate without bound.
#include "seal/base45.h"
#include "seal/canonical_json.h"
#include "seal/encoding.h"
#include "seal/envelope.h"
#include "seal/qr_codec.h"
#include "seal/time_util.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

using namespace fieldseal;
using namespace fieldseal::seal;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto doc = decodeQr(text)) {
        const std::string canonical = canonicalJson(*doc); // parsed JSON always has a canonical form
        // Canonical text parses back to the same value and is a fixed point.
        auto again = parseJsonText(canonical);
        if (!again || canonicalJson(*again) != canonical)
            throw std::logic_error("canonical form is not stable");
    }
    if (auto bytes = base45Decode(text); bytes && base45Encode(*bytes) != text)
        throw std::logic_error("base45 does not round-trip");
    if (auto bytes = base64Decode(text); bytes && base64Encode(*bytes) != text)
        throw std::logic_error("base64 does not round-trip");
    (void)parseRfc3339(text);
    if (auto doc = parseJsonText(text)) {
        try {
            (void)canonicalJson(*doc);
        } catch (const std::invalid_argument&) { // numbers beyond double range
        }
    }
    return 0;
}

std::vector<std::string> fieldsealFuzzSeeds() {
    return {*encodeQr(nlohmann::json{{"a", 1}, {"b", "中文"}}),
            *encodeQr(nlohmann::json::object()),
            "BB8",
            "%69 VD92EX0",
            "Zm9vYmFy",
            "2026-11-25T19:52:36.5+08:00"};
}
