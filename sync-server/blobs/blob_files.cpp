#include "blobs/blob_files.h"

#include "model/unique_fd.h"
#include "seal/sha256.h"
#include "store/store.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace fieldseal::server {
namespace {

[[noreturn]] void ioFailure(const std::string& what, const std::filesystem::path& path, int err) {
    throw StoreFailure("blob storage: " + what + " '" + path.string() + "': " + std::strerror(err));
}

UniqueFd openOrThrow(const std::filesystem::path& path, int flags, const char* what) {
    UniqueFd fd(::open(path.c_str(), flags | O_CLOEXEC, 0640));
    if (!fd) ioFailure(what, path, errno);
    return fd;
}

void syncDirectory(const std::filesystem::path& dir) {
    UniqueFd fd = openOrThrow(dir, O_RDONLY | O_DIRECTORY, "cannot open directory");
    if (::fsync(fd.get()) != 0) ioFailure("cannot sync directory", dir, errno);
}

// Creates dir if missing; when it was created, syncs its parent so the new entry survives a crash.
void ensureDirectory(const std::filesystem::path& dir) {
    if (::mkdir(dir.c_str(), 0750) == 0) {
        syncDirectory(dir.parent_path());
        return;
    }
    if (errno != EEXIST) ioFailure("cannot create directory", dir, errno);
}

} // namespace

Result<BlobFiles> BlobFiles::open(const std::filesystem::path& directory) {
    std::error_code ec;
    std::filesystem::create_directories(directory / "partial", ec);
    if (ec)
        return Error{ErrorDomain::Store, ErrorCode::StoreFailure,
                     "cannot create the blob directory '" + directory.string() + "': " + ec.message()};
    try {
        syncDirectory(directory);
    } catch (const StoreFailure& e) {
        return Error{ErrorDomain::Store, ErrorCode::StoreFailure, e.what()};
    }
    return BlobFiles(directory);
}

std::filesystem::path BlobFiles::partialPath(const std::string& sha256) const {
    return m_dir / "partial" / (sha256 + ".part");
}

std::filesystem::path BlobFiles::finalPath(const std::string& sha256) const {
    return m_dir / sha256.substr(0, 2) / sha256;
}

void BlobFiles::createPartial(const std::string& sha256) const {
    const auto path = partialPath(sha256);
    UniqueFd fd = openOrThrow(path, O_WRONLY | O_CREAT | O_TRUNC, "cannot create");
    if (::fsync(fd.get()) != 0) ioFailure("cannot sync", path, errno);
    syncDirectory(path.parent_path());
}

std::int64_t BlobFiles::partialSize(const std::string& sha256) const {
    struct stat st {};
    const auto path = partialPath(sha256);
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return -1;
        ioFailure("cannot stat", path, errno);
    }
    return static_cast<std::int64_t>(st.st_size);
}

void BlobFiles::truncatePartial(const std::string& sha256, std::int64_t size) const {
    const auto path = partialPath(sha256);
    UniqueFd fd = openOrThrow(path, O_WRONLY, "cannot open");
    if (::ftruncate(fd.get(), size) != 0) ioFailure("cannot truncate", path, errno);
    if (::fdatasync(fd.get()) != 0) ioFailure("cannot sync", path, errno);
}

UniqueFd BlobFiles::openPartial(const std::string& sha256) const {
    return openOrThrow(partialPath(sha256), O_WRONLY, "cannot open");
}

UniqueFd BlobFiles::openPartialDirect(const std::string& sha256) const {
    const auto path = partialPath(sha256);
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_DIRECT | O_CLOEXEC));
    if (!fd && errno != EINVAL) ioFailure("cannot open", path, errno);
    return fd;
}

bool BlobFiles::reserve(int fd, const std::string& sha256, std::int64_t from, std::int64_t to) const {
    if (to <= from) return true;
    if (::fallocate(fd, 0, static_cast<off_t>(from), static_cast<off_t>(to - from)) == 0) return true;
    if (errno == EOPNOTSUPP || errno == ENOSYS) return false;
    ioFailure("cannot reserve space for", partialPath(sha256), errno);
}

void BlobFiles::truncateOpen(int fd, const std::string& sha256, std::int64_t size) const {
    if (::ftruncate(fd, static_cast<off_t>(size)) != 0) ioFailure("cannot truncate", partialPath(sha256), errno);
}

void BlobFiles::writeAt(int fd, const std::string& sha256, std::int64_t offset, std::string_view bytes,
                        bool sync) const {
    writeAll(fd, sha256, offset, bytes);
    if (sync) {
        syncOpen(fd, sha256);
    } else if (!bytes.empty()) {
        // Only a head start for the final fdatasync: a failure here changes nothing.
        (void)::sync_file_range(fd, static_cast<off_t>(offset), static_cast<off_t>(bytes.size()),
                                SYNC_FILE_RANGE_WRITE);
    }
    dropWrittenBehind(fd, offset);
}

void BlobFiles::writeAll(int fd, const std::string& sha256, std::int64_t offset, std::string_view bytes) const {
    const char* p = bytes.data();
    std::size_t left = bytes.size();
    off_t at = static_cast<off_t>(offset);
    while (left > 0) {
        const ssize_t n = ::pwrite(fd, p, left, at);
        if (n < 0) {
            if (errno == EINTR) continue;
            ioFailure("cannot write", partialPath(sha256), errno);
        }
        p += n;
        left -= static_cast<std::size_t>(n);
        at += n;
    }
}

void BlobFiles::dropWrittenBehind(int fd, std::int64_t offset) {
    const off_t behind = static_cast<off_t>(offset) - static_cast<off_t>(kCachedBehindBytes);
    if (behind <= 0) return;
    // Failures only leave pages in the cache.
    (void)::sync_file_range(fd, 0, behind,
                            SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
    (void)::posix_fadvise(fd, 0, behind, POSIX_FADV_DONTNEED);
}

void BlobFiles::syncPartial(const std::string& sha256) const {
    const auto path = partialPath(sha256);
    UniqueFd fd = openOrThrow(path, O_RDONLY, "cannot open");
    if (::fdatasync(fd.get()) != 0) ioFailure("cannot sync", path, errno);
}

void BlobFiles::syncOpen(int fd, const std::string& sha256) const {
    if (::fdatasync(fd) != 0) ioFailure("cannot sync", partialPath(sha256), errno);
}

void BlobFiles::promote(const std::string& sha256) const {
    const auto from = partialPath(sha256);
    const auto to = finalPath(sha256);
    ensureDirectory(to.parent_path());
    if (::rename(from.c_str(), to.c_str()) != 0) ioFailure("cannot move into place", from, errno);
    syncDirectory(to.parent_path());
    syncDirectory(from.parent_path());
}

void BlobFiles::removePartial(const std::string& sha256) const {
    const auto path = partialPath(sha256);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) ioFailure("cannot remove", path, errno);
}

void BlobFiles::removeFinal(const std::string& sha256) const {
    const auto path = finalPath(sha256);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) ioFailure("cannot remove", path, errno);
}

bool BlobFiles::finalExists(const std::string& sha256) const {
    struct stat st {};
    return ::stat(finalPath(sha256).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::int64_t BlobFiles::hashFile(const std::filesystem::path& file, std::int64_t from,
                                 seal::Sha256Stream& hash) {
    UniqueFd fd = openOrThrow(file, O_RDONLY, "cannot open");
    ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
    std::vector<char> buf(1 << 20);
    std::int64_t total = 0;
    off_t at = static_cast<off_t>(from);
    for (;;) {
        const ssize_t n = ::pread(fd.get(), buf.data(), buf.size(), at);
        if (n < 0) {
            if (errno == EINTR) continue;
            ioFailure("cannot read", file, errno);
        }
        if (n == 0) break;
        hash.update(std::string_view(buf.data(), static_cast<std::size_t>(n)));
        at += n;
        total += n;
    }
    return total;
}

} // namespace fieldseal::server
