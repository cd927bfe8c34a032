#include "draw_seal.h"

#include "draw.h"
#include "seal/encoding.h"

namespace fieldseal::draw {

seal::SealIdentity defaultDrawSealIdentity() {
    // No seal image is attached to draw results: the image hash is that of empty content.
    return {"fieldseal-draw-result", "双随机抽查结果公示专用", seal::sha256Hex("")};
}

Result<nlohmann::json> sealDrawResult(const seal::Sealer& sealer, const nlohmann::json& result,
                                      seal::Time signedAt, const seal::SealIdentity& identity) {
    if (!result.is_object() || !isDrawResultFormat(result.value("format", ""))) {
        return validationError(ErrorCode::InvalidInput, std::string("only a draw result (") + kResultFormat +
                                                            " or " + kResultFormatV2 +
                                                            ") is sealed as a draw result");
    }
    return sealer.seal(result, identity, signedAt);
}

} // namespace fieldseal::draw
