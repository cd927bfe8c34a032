#pragma once
// ReportArchive: the issued reports, as files under DATA/reports/<inspection>/:
//   <version>.pdf         the PDF exactly as first served
//   <version>.seal.json   the authority's sealed envelope over its SHA-256
// `version` names the approval the report was drawn for (the id of the op that set the status to
// approved), so a report returned and approved again gets a new file, while every download of one
// approval gets the same bytes — the ones the seal binds. Files are written to a temporary name,
// synced and renamed, so a reader never sees half a file.

#include "model/result.h"

#include <filesystem>
#include <optional>
#include <string>

namespace fieldseal::server {

class ReportArchive {
public:
    explicit ReportArchive(std::filesystem::path directory)
        : m_dir(std::move(directory)) {}

    std::optional<std::string> pdf(const std::string& inspectionId, const std::string& version) const;
    std::optional<std::string> seal(const std::string& inspectionId, const std::string& version) const;
    // I/O failures throw StoreFailure (answered 503).
    void putPdf(const std::string& inspectionId, const std::string& version, const std::string& bytes) const;
    void putSeal(const std::string& inspectionId, const std::string& version, const std::string& json) const;

    std::filesystem::path pdfPath(const std::string& inspectionId, const std::string& version) const;

private:
    std::filesystem::path file(const std::string& inspectionId, const std::string& version,
                               const char* suffix) const;
    void put(const std::filesystem::path& path, const std::string& bytes) const;

    std::filesystem::path m_dir;
};

} // namespace fieldseal::server
