#include "report_archive.h"

#include "model/unique_fd.h"
#include "store/store.h"
#include "seal/encoding.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <unistd.h>

namespace fieldseal::server {
namespace {

// Ids come from devices: used as a file name only when plainly safe, otherwise hashed.
std::string safeName(const std::string& id) {
    const bool safe = !id.empty() && id.size() <= 100 && id[0] != '.' &&
                      id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") ==
                          std::string::npos;
    return safe ? id : "h-" + seal::sha256Hex(id).substr(0, 40);
}

[[noreturn]] void ioFailure(const std::string& what, const std::filesystem::path& path, int err) {
    throw StoreFailure("report archive: " + what + " " + path.string() + ": " + std::strerror(err));
}

std::optional<std::string> readAll(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void syncDirectory(const std::filesystem::path& dir) {
    UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd) ioFailure("cannot open directory", dir, errno);
    if (::fsync(fd.get()) != 0) ioFailure("cannot sync directory", dir, errno);
}

} // namespace

std::filesystem::path ReportArchive::file(const std::string& inspectionId, const std::string& version,
                                          const char* suffix) const {
    return m_dir / safeName(inspectionId) / (safeName(version) + suffix);
}

std::filesystem::path ReportArchive::pdfPath(const std::string& inspectionId, const std::string& version) const {
    return file(inspectionId, version, ".pdf");
}

std::optional<std::string> ReportArchive::pdf(const std::string& inspectionId, const std::string& version) const {
    return readAll(pdfPath(inspectionId, version));
}

std::optional<std::string> ReportArchive::seal(const std::string& inspectionId, const std::string& version) const {
    return readAll(file(inspectionId, version, ".seal.json"));
}

void ReportArchive::putPdf(const std::string& inspectionId, const std::string& version,
                           const std::string& bytes) const {
    put(pdfPath(inspectionId, version), bytes);
}

void ReportArchive::putSeal(const std::string& inspectionId, const std::string& version,
                            const std::string& json) const {
    put(file(inspectionId, version, ".seal.json"), json);
}

void ReportArchive::put(const std::filesystem::path& path, const std::string& bytes) const {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) ioFailure("cannot create", path.parent_path(), ec.value());
    const std::filesystem::path tmp = path.string() + ".tmp";
    {
        UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640));
        if (!fd) ioFailure("cannot create", tmp, errno);
        size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) ioFailure("cannot write", tmp, errno);
            done += static_cast<size_t>(n);
        }
        if (::fsync(fd.get()) != 0) ioFailure("cannot sync", tmp, errno);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) ioFailure("cannot move into place", path, errno);
    syncDirectory(path.parent_path());
}

} // namespace fieldseal::server
