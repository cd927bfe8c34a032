#include "blobs/blob_service.h"

#include "blobs/sha256_stream.h"
#include "http/metrics.h"
#include "model/rfc3339.h"
#include "storage/server_database.h"

#include <chrono>
#include <future>

namespace fieldseal::server {
namespace {

std::string nowRfc3339() {
    return formatRfc3339(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

// Beyond this many idle entries the per-blob slots (mutex + cached hash) are pruned; a pruned
// hash cache only means the file is read back once at the end.
constexpr std::size_t kMaxIdleUploadSlots = 1024;
// From this chunk size on, hashing runs beside the write instead of after it.
constexpr std::size_t kParallelHashBytes = 1u << 20;

} // namespace

// The per-blob state: serialises appends to one sha256 and caches the running hash.
struct BlobService::Upload {
    std::mutex mutex;
    std::optional<Sha256Stream> hash; // SHA-256 of the partial file's first `hashedOffset` bytes
    std::int64_t hashedOffset = 0;

    void forgetHash() {
        hash.reset();
        hashedOffset = 0;
    }
};

Result<std::unique_ptr<BlobService>> BlobService::open(ServerDatabase& db, BlobStore& store, Metrics& metrics,
                                                       MayReadBlob mayRead, BlobServiceOptions options) {
    if (options.directory.empty())
        return Error{ErrorDomain::Usage, ErrorCode::InvalidInput, "the blob service needs a directory"};
    if (!mayRead) return Error{ErrorDomain::Usage, ErrorCode::InvalidInput, "the blob service needs a mayRead rule"};
    auto files = BlobFiles::open(options.directory);
    if (!files) return files.error();
    // Present from the start so dashboards see zeros rather than gaps.
    for (const char* name : {"fieldseal_blob_bytes_stored_total", "fieldseal_blob_bytes_received_total",
                             "fieldseal_blobs_completed_total", "fieldseal_blob_hash_mismatches_total"})
        metrics.add(name, 0);
    return std::unique_ptr<BlobService>(
        new BlobService(db, store, metrics, std::move(mayRead), std::move(options), std::move(*files)));
}

BlobService::BlobService(ServerDatabase& db, BlobStore& store, Metrics& metrics, MayReadBlob mayRead,
                         BlobServiceOptions options, BlobFiles files)
    : m_db(db)
    , m_store(store)
    , m_metrics(metrics)
    , m_mayRead(std::move(mayRead))
    , m_options(std::move(options))
    , m_files(std::move(files)) {}

BlobService::~BlobService() = default;

std::shared_ptr<BlobService::Upload> BlobService::uploadSlot(const std::string& sha256) {
    std::lock_guard lock(m_uploadsMutex);
    if (m_uploads.size() > kMaxIdleUploadSlots) {
        for (auto it = m_uploads.begin(); it != m_uploads.end();)
            it = it->second.use_count() == 1 ? m_uploads.erase(it) : std::next(it);
    }
    auto& slot = m_uploads[sha256];
    if (!slot) slot = std::make_shared<Upload>();
    return slot;
}

std::optional<BlobMeta> BlobService::find(const std::string& sha256) {
    auto lock = m_db.lock();
    return m_store.findLocked(sha256);
}

bool BlobService::mayRead(const Caller& caller, const std::string& sha256) const {
    return m_mayRead(caller, sha256);
}

AppendOutcome BlobService::append(const Caller& caller, const std::string& sha256, std::int64_t offset,
                                  std::optional<std::int64_t> uploadLength, std::string_view bytes) {
    using Kind = AppendOutcome::Kind;
    const auto n = static_cast<std::int64_t>(bytes.size());
    auto upload = uploadSlot(sha256);
    std::lock_guard uploadLock(upload->mutex);

    auto meta = find(sha256);
    if (!meta) {
        // A new upload: it must start at 0 and say how long it will be.
        if (offset != 0) return {Kind::OffsetMismatch, 0, 0};
        if (!uploadLength) return {Kind::MissingLength, 0, 0};
        if (*uploadLength < 0 || *uploadLength > m_options.maxBlobBytes) return {Kind::TooLarge, 0, 0};
        if (n > *uploadLength) return {Kind::BeyondLength, 0, *uploadLength};
        upload->forgetHash();
        upload->hash.emplace();
        m_files.createPartial(sha256);
        BlobMeta created;
        created.sha256 = sha256;
        created.length = *uploadLength;
        created.offset = n;
        created.uploader = caller.userId;
        created.createdAt = nowRfc3339();
        writeChunkHeld(*upload, sha256, 0, bytes, [&] { m_store.insertLocked(created); });
        if (n == created.length) return finishUploadHeld(*upload, created);
        return {Kind::Appended, n, created.length};
    }

    if (meta->complete) return {Kind::AlreadyComplete, meta->length, meta->length};
    if (uploadLength && *uploadLength != meta->length) return {Kind::LengthMismatch, meta->offset, meta->length};
    if (offset != meta->offset) return {Kind::OffsetMismatch, meta->offset, meta->length};
    if (n > meta->length - offset) return {Kind::BeyondLength, meta->offset, meta->length};
    if (meta->offset == meta->length) return finishUploadHeld(*upload, *meta); // a crash stopped the finish

    // Bring the file back to exactly the recorded offset before appending.
    const std::int64_t onDisk = m_files.partialSize(sha256);
    if (onDisk < meta->offset) {
        // Recorded bytes are missing (the file was lost or damaged outside the server): fall
        // back to what is there and let the client resume from it; the final hash check still
        // guards the content.
        const std::int64_t keep = onDisk < 0 ? 0 : onDisk;
        if (onDisk < 0) m_files.createPartial(sha256);
        {
            auto lock = m_db.lock();
            m_store.setOffsetLocked(sha256, keep);
        }
        upload->forgetHash();
        return {Kind::OffsetMismatch, keep, meta->length};
    }
    if (onDisk > meta->offset) m_files.truncatePartial(sha256, meta->offset);

    if (n > 0) writeChunkHeld(*upload, sha256, offset, bytes, [&] { m_store.setOffsetLocked(sha256, offset + n); });
    meta->offset = offset + n;
    if (meta->offset == meta->length) return finishUploadHeld(*upload, *meta);
    return {Kind::Appended, meta->offset, meta->length};
}

void BlobService::writeChunkHeld(Upload& upload, const std::string& sha256, std::int64_t offset,
                                 std::string_view bytes, const std::function<void()>& recordLocked) {
    // The running hash advances only if it covers exactly the bytes before this chunk.
    const bool advanceHash = upload.hash && upload.hashedOffset == offset;
    if (!advanceHash) upload.forgetHash();
    // Large chunks are hashed on another thread while this one writes and syncs: the hash then
    // costs no wall time when the disk is the slower of the two.
    std::future<void> hashing;
    const bool parallel = advanceHash && bytes.size() >= kParallelHashBytes;
    if (parallel) hashing = std::async(std::launch::async, [&upload, bytes] { upload.hash->update(bytes); });
    try {
        if (!bytes.empty()) m_files.writePartial(sha256, offset, bytes, m_options.syncEachChunk);
        {
            auto lock = m_db.lock();
            recordLocked();
        }
        if (parallel) hashing.get();
        else if (advanceHash) upload.hash->update(bytes);
    } catch (...) {
        if (hashing.valid()) hashing.wait();
        upload.forgetHash(); // it may have seen bytes that were never recorded
        throw;
    }
    if (advanceHash) upload.hashedOffset += static_cast<std::int64_t>(bytes.size());
    m_metrics.add("fieldseal_blob_bytes_received_total", static_cast<double>(bytes.size()));
}

AppendOutcome BlobService::finishUploadHeld(Upload& upload, const BlobMeta& meta) {
    using Kind = AppendOutcome::Kind;
    const std::string& sha256 = meta.sha256;
    const bool partialPresent = m_files.partialSize(sha256) >= 0;
    std::string digest;
    if (partialPresent) {
        if (!upload.hash || upload.hashedOffset > meta.length) upload.forgetHash();
        if (!upload.hash) upload.hash.emplace();
        // Hash whatever the running state has not seen yet (everything, after a restart).
        if (upload.hashedOffset < meta.length) {
            upload.hashedOffset +=
                BlobFiles::hashFile(m_files.partialPath(sha256), upload.hashedOffset, *upload.hash);
        }
        digest = upload.hashedOffset == meta.length ? upload.hash->finishHex() : std::string();
    } else if (m_files.finalExists(sha256)) {
        // A crash came after the rename and before the database said complete: check the moved file.
        Sha256Stream hash;
        const auto bytes = BlobFiles::hashFile(m_files.finalPath(sha256), 0, hash);
        digest = bytes == meta.length ? hash.finishHex() : std::string();
    }
    upload.forgetHash();

    if (digest != sha256) {
        m_files.removePartial(sha256);
        m_files.removeFinal(sha256);
        {
            auto lock = m_db.lock();
            m_store.removeLocked(sha256);
        }
        m_metrics.add("fieldseal_blob_hash_mismatches_total");
        return {Kind::HashMismatch, 0, meta.length};
    }
    if (partialPresent) {
        if (!m_options.syncEachChunk) m_files.syncPartial(sha256);
        m_files.promote(sha256);
    }
    {
        auto lock = m_db.lock();
        m_store.markCompleteLocked(sha256, nowRfc3339());
    }
    m_metrics.add("fieldseal_blob_bytes_stored_total", static_cast<double>(meta.length));
    m_metrics.add("fieldseal_blobs_completed_total");
    return {Kind::Completed, meta.length, meta.length};
}

BlobStatus BlobService::status(const std::string& sha256) {
    auto meta = find(sha256);
    if (!meta) return {};
    if (meta->complete) return {BlobState::Complete, meta->length, meta->length};
    if (meta->offset == meta->length) {
        // Everything arrived but a crash stopped the finish: finish it now.
        auto upload = uploadSlot(sha256);
        std::lock_guard uploadLock(upload->mutex);
        meta = find(sha256);
        if (!meta) return {};
        if (!meta->complete && meta->offset == meta->length) {
            const auto outcome = finishUploadHeld(*upload, *meta);
            if (outcome.kind == AppendOutcome::Kind::HashMismatch) return {};
            return {BlobState::Complete, meta->length, meta->length};
        }
    }
    return {meta->complete ? BlobState::Complete : BlobState::Uploading, meta->complete ? meta->length : meta->offset,
            meta->length};
}

std::optional<std::filesystem::path> BlobService::completeFile(const std::string& sha256) {
    if (status(sha256).state != BlobState::Complete) return std::nullopt;
    return m_files.finalPath(sha256);
}

} // namespace fieldseal::server
