#pragma once
// The QR text form of an envelope: "FS1:" + Base45(zlib(RFC 8785 JSON of the envelope without
// chain)). The verifier finds the signer certificate in the trust list by kid.

#include "model/result.h"

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace fieldseal::seal {

inline constexpr std::string_view kQrPrefix = "FS1:";
inline constexpr std::size_t kMaxQrText = 16384;        // far above a version 40 QR code (4296 chars)
inline constexpr std::size_t kMaxQrInflated = 1u << 18; // refuses compression bombs

Result<std::string> encodeQr(const nlohmann::json& envelope);
Result<nlohmann::json> decodeQr(std::string_view text);

} // namespace fieldseal::seal
