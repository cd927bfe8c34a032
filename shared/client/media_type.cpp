#include "client/media_type.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <utility>

namespace fieldseal {

std::string mediaTypeForFile(const std::string& path) {
    // What inspectors capture or import on site: photos, video, audio, scanned documents.
    static constexpr std::array<std::pair<const char*, const char*>, 22> kTypes{{
        {".jpg", "image/jpeg"},      {".jpeg", "image/jpeg"},     {".png", "image/png"},
        {".heic", "image/heic"},     {".heif", "image/heif"},     {".webp", "image/webp"},
        {".gif", "image/gif"},       {".tif", "image/tiff"},      {".tiff", "image/tiff"},
        {".mp4", "video/mp4"},       {".mov", "video/quicktime"}, {".3gp", "video/3gpp"},
        {".webm", "video/webm"},     {".m4a", "audio/mp4"},       {".aac", "audio/aac"},
        {".mp3", "audio/mpeg"},      {".wav", "audio/wav"},       {".amr", "audio/amr"},
        {".pdf", "application/pdf"}, {".txt", "text/plain"},      {".json", "application/json"},
        {".ogg", "audio/ogg"},
    }};
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
    for (const auto& [e, type] : kTypes)
        if (ext == e) return type;
    return "application/octet-stream";
}

} // namespace fieldseal
