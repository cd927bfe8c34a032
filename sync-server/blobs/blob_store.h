#pragma once
// BlobStore: the metadata of evidence blob uploads (the bytes live in files, see blob_files.h).
// One row per SHA-256: the declared length, how many bytes are durably on disk (the offset is
// recorded only after those bytes were fsynced, so the file is never shorter than it), whether
// the hash matched and the blob is visible, who started it and when.
//
// Every method must be called with the database lock (ServerDatabase::lock()) held. Backend
// failures throw StoreFailure.

#include <cstdint>
#include <optional>
#include <string>

namespace fieldseal::server {

struct BlobMeta {
    std::string sha256;       // lower-case hex, the blob's name
    std::int64_t length = 0;  // Upload-Length declared by the first PATCH
    std::int64_t offset = 0;  // bytes durably received
    bool complete = false;    // hash checked, file in its final place, visible to GET
    std::string uploader;     // user id of the first PATCH
    std::string createdAt;    // RFC 3339
    std::string completedAt;  // RFC 3339; empty until complete
};

class BlobStore {
public:
    virtual ~BlobStore() = default;

    virtual std::optional<BlobMeta> findLocked(const std::string& sha256) = 0;
    // A new upload; the sha256 must not exist yet.
    virtual void insertLocked(const BlobMeta& meta) = 0;
    virtual void setOffsetLocked(const std::string& sha256, std::int64_t offset) = 0;
    virtual void markCompleteLocked(const std::string& sha256, const std::string& completedAt) = 0;
    // Forgets an upload (its hash did not match): a later upload starts from nothing.
    virtual void removeLocked(const std::string& sha256) = 0;
};

} // namespace fieldseal::server
