#pragma once
// BlobFiles: where blob bytes live under DATA/blobs, and the durable file operations an upload
// needs. Layout: partial uploads in partial/<sha256>.part; complete blobs in <aa>/<sha256>
// (aa = the first two hex digits, so no directory grows past a few thousand entries).
//
// Durability: appended bytes are fdatasync'ed before the caller records the new offset; a new
// file's directory entry and a promotion's rename are fsync'ed on their directories. I/O failures
// (disk full, EIO) throw StoreFailure: the HTTP layer answers 503 and the upload resumes later.
// Not thread-safe per blob: BlobService serialises the operations on one sha256.

#include "model/result.h"
#include "model/unique_fd.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace fieldseal::seal {
class Sha256Stream;
}

namespace fieldseal::server {

class BlobFiles {
public:
    // How much of an upload's most recent bytes stay in the page cache while it is written.
    static constexpr std::int64_t kCachedBehindBytes = std::int64_t(8) << 20;

    // Creates the directory (and partial/) if needed.
    static Result<BlobFiles> open(const std::filesystem::path& directory);

    const std::filesystem::path& directory() const { return m_dir; }
    std::filesystem::path partialPath(const std::string& sha256) const;
    std::filesystem::path finalPath(const std::string& sha256) const;

    // Creates the partial file empty (truncating a leftover of a forgotten upload).
    void createPartial(const std::string& sha256) const;
    // The partial file's size; -1 when it does not exist.
    std::int64_t partialSize(const std::string& sha256) const;
    // Cuts bytes past `size` (written before a crash but never recorded) and syncs.
    void truncatePartial(const std::string& sha256, std::int64_t size) const;
    // The partial file opened for writing, for an upload that writes many pieces (see writeAt).
    UniqueFd openPartial(const std::string& sha256) const;
    // The partial file opened for direct writes (O_DIRECT: past the page cache); an empty fd when
    // the filesystem does not offer them (tmpfs, some network filesystems).
    UniqueFd openPartialDirect(const std::string& sha256) const;
    // Reserves disk space for the bytes [from, to) of the open partial file `fd` and makes the file
    // that long. False when the filesystem cannot reserve space; throws StoreFailure when the disk
    // is full.
    bool reserve(int fd, const std::string& sha256, std::int64_t from, std::int64_t to) const;
    // Writes `bytes` at `offset` of the open partial file `fd`, then starts their writeback to disk
    // without waiting for it (sync_file_range), so the sync before the blob becomes visible finds
    // little left to write; fdatasyncs instead when `sync`.
    void writeAt(int fd, const std::string& sha256, std::int64_t offset, std::string_view bytes, bool sync) const;
    // Only writes `bytes` at `offset` of `fd` (the partial file), through the page cache.
    void writeAll(int fd, const std::string& sha256, std::int64_t offset, std::string_view bytes) const;
    // Cuts the open partial file `fd` at `size`.
    void truncateOpen(int fd, const std::string& sha256, std::int64_t size) const;
    // fdatasyncs the partial file.
    void syncPartial(const std::string& sha256) const;
    // fdatasyncs the open partial file `fd`.
    void syncOpen(int fd, const std::string& sha256) const;
    // Waits for the writeback of everything more than kCachedBehindBytes before `offset` and drops
    // it from the page cache. An upload is hashed as it arrives and its evidence is rarely read back
    // soon, so a video of gigabytes should not push everything else out of memory; new pages for
    // each write also cost more than reusing the few just freed (first touch of memory in a VM).
    static void dropWrittenBehind(int fd, std::int64_t offset);
    // Moves the partial file to its final name and syncs both directories.
    void promote(const std::string& sha256) const;
    void removePartial(const std::string& sha256) const;
    void removeFinal(const std::string& sha256) const;
    bool finalExists(const std::string& sha256) const;

    // Feeds the bytes of `file` from `from` to its end into `hash`; returns the bytes fed.
    static std::int64_t hashFile(const std::filesystem::path& file, std::int64_t from, seal::Sha256Stream& hash);

private:
    explicit BlobFiles(std::filesystem::path dir)
        : m_dir(std::move(dir)) {}
    std::filesystem::path m_dir;
};

} // namespace fieldseal::server
