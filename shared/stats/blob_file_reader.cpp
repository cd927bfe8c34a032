#include "stats/blob_file_reader.h"

#include <fstream>
#include <iterator>

namespace fieldseal::stats {
namespace {

constexpr std::uintmax_t kMaxReportBytes = 4u << 20;

bool isSha256Hex(const std::string& s) {
    return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

} // namespace

BlobText blobFileReader(std::function<std::filesystem::path(const std::string& sha256)> pathOf) {
    return [pathOf = std::move(pathOf)](const std::string& sha256) -> std::optional<std::string> {
        if (!isSha256Hex(sha256)) return std::nullopt;
        const std::filesystem::path path = pathOf(sha256);
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        if (ec || size > kMaxReportBytes) return std::nullopt;
        std::ifstream in(path, std::ios::binary);
        if (!in) return std::nullopt;
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
}

} // namespace fieldseal::stats
