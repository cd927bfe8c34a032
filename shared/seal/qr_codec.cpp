#include "qr_codec.h"

#include "base45.h"
#include "canonical_json.h"
#include "envelope.h"

#include <nlohmann/json.hpp>
#include <zlib.h>

namespace fieldseal::seal {
namespace {

Error qrError(std::string message) {
    return Error{ErrorDomain::Seal, ErrorCode::InvalidInput, std::move(message)};
}

// RAII for an inflate stream.
class Inflater {
public:
    Inflater() { m_ok = inflateInit(&m_z) == Z_OK; }
    ~Inflater() {
        if (m_ok) inflateEnd(&m_z);
    }
    Inflater(const Inflater&) = delete;
    Inflater& operator=(const Inflater&) = delete;
    bool ok() const { return m_ok; }
    z_stream* get() { return &m_z; }

private:
    z_stream m_z{};
    bool m_ok = false;
};

} // namespace

Result<std::string> encodeQr(const nlohmann::json& envelope) {
    if (!envelope.is_object()) return qrError("envelope is not a JSON object");
    nlohmann::json stripped = envelope;
    stripped.erase("chain");
    std::string text;
    try {
        text = canonicalJson(stripped);
    } catch (const std::invalid_argument& e) {
        return qrError(e.what());
    }
    uLongf size = compressBound(static_cast<uLong>(text.size()));
    std::string packed(size, '\0');
    if (compress2(reinterpret_cast<Bytef*>(packed.data()), &size, reinterpret_cast<const Bytef*>(text.data()),
                  static_cast<uLong>(text.size()), Z_BEST_COMPRESSION) != Z_OK)
        return qrError("zlib compression failed");
    packed.resize(size);
    return std::string(kQrPrefix) + base45Encode(packed);
}

Result<nlohmann::json> decodeQr(std::string_view text) {
    // Scanners often append a line end; nothing else is forgiven.
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.remove_suffix(1);
    if (text.size() > kMaxQrText)
        return qrError("QR text longer than " + std::to_string(kMaxQrText) + " characters");
    if (!text.starts_with(kQrPrefix)) return qrError("QR text does not start with \"FS1:\"");
    auto packed = base45Decode(text.substr(kQrPrefix.size()));
    if (!packed) return qrError("QR text is not valid Base45 (truncated or altered)");
    Inflater inflater;
    if (!inflater.ok()) return qrError("zlib unavailable");
    z_stream* z = inflater.get();
    z->next_in = reinterpret_cast<Bytef*>(packed->data());
    z->avail_in = static_cast<uInt>(packed->size());
    std::string out;
    char buf[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
        z->next_out = reinterpret_cast<Bytef*>(buf);
        z->avail_out = sizeof buf;
        rc = inflate(z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) break;
        out.append(buf, sizeof buf - z->avail_out);
        if (out.size() > kMaxQrInflated)
            return qrError("QR content inflates beyond " + std::to_string(kMaxQrInflated) + " bytes");
        if (rc == Z_OK && z->avail_in == 0 && z->avail_out != 0) break; // input ended early
    }
    if (rc != Z_STREAM_END) return qrError("QR content is not a complete zlib stream (truncated or altered)");
    if (z->avail_in != 0) return qrError("trailing bytes after the zlib stream");
    return parseJsonText(out, kMaxQrInflated);
}

} // namespace fieldseal::seal
