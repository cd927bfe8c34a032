#include "blobs/blob_service.h"

#include "http/metrics.h"
#include "model/rfc3339.h"
#include "seal/sha256.h"
#include "storage/server_database.h"

#include <algorithm>
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
// From this chunk size on, a chunk is hashed on another thread after its PATCH is answered.
constexpr std::size_t kAsyncHashBytes = 1u << 20;

} // namespace

// The per-blob state: serialises appends to one sha256 and caches the running hash. A chunk's hash
// may still be running (`hashing`) after its PATCH was answered; whoever touches `hash` next waits
// for it first (settle), always with `mutex` held.
struct BlobService::Upload {
    std::mutex mutex;
    std::optional<seal::Sha256Stream> hash; // SHA-256 of the partial file's first `hashedOffset` bytes
    std::int64_t hashedOffset = 0;    // including a chunk whose hash is still running
    std::future<void> hashing;        // declared after `hash`: destroyed (waited for) first

    void settle() {
        if (hashing.valid()) hashing.get();
    }
    void forgetHash() {
        settle();
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
                                  std::optional<std::int64_t> uploadLength, std::string bytes) {
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
        writeChunkHeld(*upload, sha256, 0, std::move(bytes), [&] { m_store.insertLocked(created); });
        if (n == created.length) return finishUploadHeld(*upload, created);
        return {Kind::Appended, n, created.length};
    }

    if (meta->complete) return {Kind::AlreadyComplete, meta->length, meta->length};
    if (uploadLength && *uploadLength != meta->length) return {Kind::LengthMismatch, meta->offset, meta->length};
    if (meta->offset < meta->length) recoverHeld(*upload, *meta);
    if (offset != meta->offset) return {Kind::OffsetMismatch, meta->offset, meta->length};
    if (n > meta->length - offset) return {Kind::BeyondLength, meta->offset, meta->length};
    if (meta->offset == meta->length) return finishUploadHeld(*upload, *meta); // a crash stopped the finish

    if (n > 0)
        writeChunkHeld(*upload, sha256, offset, std::move(bytes),
                       [&] { m_store.setOffsetLocked(sha256, offset + n); });
    meta->offset = offset + n;
    if (meta->offset == meta->length) return finishUploadHeld(*upload, *meta);
    return {Kind::Appended, meta->offset, meta->length};
}

void BlobService::recoverHeld(Upload& upload, BlobMeta& meta) {
    // A running hash that covers the recorded offset means this process wrote and recorded every
    // byte of the file since it last checked it: nothing to recover.
    upload.settle();
    if (upload.hash && upload.hashedOffset == meta.offset) return;
    upload.forgetHash();
    const std::string& sha256 = meta.sha256;
    // Bytes past the recorded offset (a crash between the write and the record) are cut. Recorded
    // bytes that are missing (lost with the page cache in a power failure: chunks are not synced
    // one by one) lower the offset to what is there, so the client resends them; the final hash
    // check still guards the content.
    std::int64_t onDisk = m_files.partialSize(sha256);
    if (onDisk < 0) {
        m_files.createPartial(sha256);
        onDisk = 0;
    }
    const std::int64_t keep = std::min(onDisk, meta.offset);
    if (onDisk > keep) m_files.truncatePartial(sha256, keep);
    if (keep != meta.offset) {
        auto lock = m_db.lock();
        m_store.setOffsetLocked(sha256, keep);
        meta.offset = keep;
    }
    // Re-hash what is kept, so the upload goes on hashing chunks as they come.
    upload.hash.emplace();
    upload.hashedOffset = BlobFiles::hashFile(m_files.partialPath(sha256), 0, *upload.hash);
    if (upload.hashedOffset != keep) upload.forgetHash(); // changed under us: hash at the end
}

void BlobService::writeChunkHeld(Upload& upload, const std::string& sha256, std::int64_t offset,
                                 std::string bytes, const std::function<void()>& recordLocked) {
    upload.settle();
    // The running hash advances only if it covers exactly the bytes before this chunk.
    const bool advanceHash = upload.hash && upload.hashedOffset == offset;
    if (!advanceHash) upload.forgetHash();
    const auto n = static_cast<std::int64_t>(bytes.size());
    try {
        if (n > 0) m_files.writePartial(sha256, offset, bytes, m_options.syncEachChunk);
        auto lock = m_db.lock();
        recordLocked();
    } catch (...) {
        upload.forgetHash(); // the file may hold bytes that were never recorded: recover next time
        throw;
    }
    m_metrics.add("fieldseal_blob_bytes_received_total", static_cast<double>(n));
    if (!advanceHash) return;
    upload.hashedOffset += n;
    // Large chunks are hashed after the reply, while the client sends the next one: the next
    // append (or the finish) waits for it. The chunk's bytes go with the task.
    if (bytes.size() >= kAsyncHashBytes) {
        upload.hashing = std::async(std::launch::async, [hash = &*upload.hash, chunk = std::move(bytes)] {
            hash->update(chunk);
        });
    } else {
        upload.hash->update(bytes);
    }
}

AppendOutcome BlobService::finishUploadHeld(Upload& upload, const BlobMeta& meta) {
    using Kind = AppendOutcome::Kind;
    const std::string& sha256 = meta.sha256;
    upload.settle();
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
        seal::Sha256Stream hash;
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
    auto upload = uploadSlot(sha256);
    std::lock_guard uploadLock(upload->mutex);
    meta = find(sha256);
    if (!meta) return {};
    if (!meta->complete && meta->offset == meta->length) {
        // Everything arrived but a crash stopped the finish: finish it now.
        const auto outcome = finishUploadHeld(*upload, *meta);
        if (outcome.kind == AppendOutcome::Kind::HashMismatch) return {};
        return {BlobState::Complete, meta->length, meta->length};
    }
    // The offset told must be one the file really holds (after a restart or a failed write).
    if (!meta->complete) recoverHeld(*upload, *meta);
    return {meta->complete ? BlobState::Complete : BlobState::Uploading, meta->complete ? meta->length : meta->offset,
            meta->length};
}

std::optional<std::filesystem::path> BlobService::completeFile(const std::string& sha256) {
    if (status(sha256).state != BlobState::Complete) return std::nullopt;
    return m_files.finalPath(sha256);
}

} // namespace fieldseal::server
