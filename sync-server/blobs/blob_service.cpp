#include "blobs/blob_service.h"

#include "blobs/block_writer.h"
#include "blobs/upload_file.h"

#include "http/metrics.h"
#include "model/rfc3339.h"
#include "seal/sha256.h"
#include "storage/server_database.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <vector>

namespace fieldseal::server {
namespace {

std::string nowRfc3339() {
    return formatRfc3339(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

// Beyond this many idle entries the per-blob slots (mutex + cached hash) are pruned; a pruned
// hash cache only means the file is read back once at the end.
constexpr std::size_t kMaxIdleUploadSlots = 1024;
// A streamed body is written in blocks of this size by a BlockWriter with this many buffers (the
// memory one PATCH takes): while the writer's thread hashes one block and the disk writes a few
// more, the connection fills the next; the spare ones absorb short stalls of the disk.
constexpr std::size_t kBlockBytes = 1u << 20;
constexpr std::size_t kBlocksPerStream = 6;
// While a PATCH streams, its offset is recorded every this many bytes (and at its end): what a
// crash can lose of a long PATCH, and how current HEAD is while it runs.
constexpr std::int64_t kRecordEveryBytes = std::int64_t(8) << 20;

} // namespace

// The per-blob state. `mutex` guards the fields and is held only for short moments. While an
// AppendStream holds the upload (`streaming`), the file and the running hash are its alone.
struct BlobService::Upload {
    std::mutex mutex;
    bool streaming = false;
    // While streaming: whose PATCH it is, how to end its request, and when its last bytes came.
    std::string streamingUser;
    std::function<void()> abortStreaming;
    std::atomic<std::chrono::steady_clock::rep> lastBytesAt{0};
    std::optional<seal::Sha256Stream> hash; // SHA-256 of the partial file's first `hashedOffset` bytes
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
                             "fieldseal_blobs_completed_total", "fieldseal_blob_hash_mismatches_total",
                             "fieldseal_blob_stalled_patches_ended_total"})
        metrics.add(name, 0);
    return std::make_unique<BlobService>(PassKey<BlobService>{}, db, store, metrics, std::move(mayRead),
                                         std::move(options), std::move(*files));
}

BlobService::BlobService(PassKey<BlobService>, ServerDatabase& db, BlobStore& store, Metrics& metrics,
                         MayReadBlob mayRead,
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

// One PATCH's body on its way to the partial file. Bytes collect in `block`; a full block goes to
// the BlockWriter, whose thread advances the running hash with it (in order) and starts its write
// (UploadFile), while the connection fills the next blocks: the connection waits for the disk only
// when the body ends. As writes finish, the offset up to which every byte is written is recorded
// every kRecordEveryBytes.
struct BlobService::AppendStream::State : BlockWriter::Sink {
    BlobService& service;
    std::shared_ptr<Upload> upload;
    std::string sha256;
    std::int64_t length = 0;   // Upload-Length
    std::atomic<std::int64_t> recorded; // the offset in the database (the writer's thread moves it)
    std::int64_t accepted = 0; // offset after the bytes taken so far (written, queued, or in `block`)
    std::optional<UploadFile> file;
    std::optional<seal::Sha256Stream> hash; // fed on the writer's thread, in file order
    // The writer thread's: the blocks taken, in file order, and whether each one's write is done.
    struct Taken {
        std::size_t tag;
        std::int64_t end;
        bool written = false;
    };
    std::deque<Taken> taken;
    std::int64_t writtenEnd = 0; // every byte before it is written
    bool writeFailed = false;
    std::unique_ptr<BlockWriter> writer; // after `file`, which it writes to: stops first
    AlignedBlock* block = nullptr;
    bool failed = false; // a write failed: the file may hold bytes past `recorded`
    bool done = false;   // finished, or refused more bytes

    State(BlobService& s, std::shared_ptr<Upload> u, std::string sha, std::int64_t len, std::int64_t offset)
        : service(s)
        , upload(std::move(u))
        , sha256(std::move(sha))
        , length(len)
        , recorded(offset)
        , accepted(offset)
        , writtenEnd(offset) {}

    // bodyEnd: where this PATCH's body ends in the file (-1: not declared).
    void start(std::int64_t bodyEnd) {
        UploadFile::Options options;
        options.depth = kBlocksPerStream;
        options.syncEachWrite = service.m_options.syncEachChunk;
        options.directFromBytes = service.m_options.directWritesFromBytes;
        file.emplace(service.m_files, sha256, accepted, bodyEnd, options);
        writer = std::make_unique<BlockWriter>(*this, kBlockBytes, kBlocksPerStream);
        block = &writer->next(accepted);
    }

    // BlockWriter::Sink, on the writer thread.
    void take(const AlignedBlock& b, std::size_t tag) override {
        if (hash) hash->update(b.bytes());
        file->write(b, tag);
        taken.push_back(Taken{tag, b.end()});
    }

    void reap(bool wait, std::vector<std::size_t>& finished) override {
        const std::size_t before = finished.size();
        try {
            file->reap(wait, finished);
        } catch (...) {
            writeFailed = true; // nothing after a failed write counts as written
            throw;
        }
        if (writeFailed) return;
        for (std::size_t i = before; i < finished.size(); ++i)
            for (auto& t : taken)
                if (t.tag == finished[i] && !t.written) {
                    t.written = true;
                    break;
                }
        while (!taken.empty() && taken.front().written) {
            writtenEnd = taken.front().end;
            taken.pop_front();
        }
        if (writtenEnd - recorded >= kRecordEveryBytes) recordOffset(writtenEnd);
    }

    // Runs a step that may rethrow the writer's failure, remembering that it failed.
    template <class Step> auto guarded(Step step) {
        try {
            return step();
        } catch (...) {
            failed = true;
            throw;
        }
    }

    // Queues the filled block for writing and takes an empty one.
    void submitBlock() {
        if (block->empty()) return;
        guarded([&] {
            writer->submit(*block);
            block = &writer->next(accepted);
        });
    }

    // Every byte taken is in the file (and the hash).
    void flush() {
        submitBlock();
        guarded([&] { writer->drain(); });
    }

    // Stops the writer thread (after the blocks it has), so `hash` and `file` are ours again.
    void stopWriter() { writer.reset(); }

    // The file holds every byte before `end`: that is the upload's offset now.
    void recordOffset(std::int64_t end) {
        file->makeWrittenDurable();
        {
            auto lock = service.m_db.lock();
            service.m_store.setOffsetLocked(sha256, end);
        }
        service.m_metrics.add("fieldseal_blob_bytes_received_total", static_cast<double>(end - recorded));
        recorded = end;
    }

    // Everything taken is written: record it (the file is never shorter than the recorded offset).
    void record() {
        flush();
        if (accepted != recorded) recordOffset(accepted);
    }

    // Gives the upload back, with the running hash when it covers exactly the recorded bytes.
    void release(Upload& u) {
        u.abortStreaming = nullptr;
        u.streamingUser.clear();
        u.forgetHash();
        if (!failed && hash) {
            u.hash = std::move(hash);
            u.hashedOffset = recorded;
        }
        u.streaming = false;
    }
};

BlobService::AppendStream::AppendStream(PassKey<BlobService>, std::unique_ptr<State> state)
    : m_state(std::move(state)) {}

BlobService::AppendStream::~AppendStream() {
    if (!m_state || m_state->done) return;
    State& s = *m_state;
    // Cut off mid-body: keep what was written (tus: the client resumes from what HEAD tells).
    try {
        if (!s.failed) s.record();
    } catch (...) {
        s.failed = true; // recovery brings the file back to the recorded offset next time
    }
    s.stopWriter();
    try {
        if (!s.failed) s.file->cutReservedRoom(s.recorded); // the room reserved for the rest of the body
    } catch (...) {
        s.failed = true;
    }
    std::lock_guard lock(s.upload->mutex);
    s.release(*s.upload);
}

bool BlobService::AppendStream::readyOrNotify(std::function<void()> ready) {
    // A piece of up to 1 MiB fills the block being filled and at most starts the next one.
    return m_state->done || !m_state->writer || m_state->writer->readyOrNotify(std::move(ready));
}

void BlobService::AppendStream::setAbort(std::function<void()> abort) {
    std::lock_guard lock(m_state->upload->mutex);
    m_state->upload->abortStreaming = std::move(abort);
}

std::optional<AppendOutcome> BlobService::AppendStream::write(std::string_view bytes) {
    State& s = *m_state;
    if (s.done || bytes.empty()) return std::nullopt;
    s.upload->lastBytesAt.store(std::chrono::steady_clock::now().time_since_epoch().count(),
                                std::memory_order_relaxed);
    if (static_cast<std::int64_t>(bytes.size()) > s.length - s.accepted)
        return AppendOutcome{AppendOutcome::Kind::BeyondLength, s.recorded, s.length};
    while (!bytes.empty()) {
        const std::size_t n = s.block->append(bytes);
        bytes.remove_prefix(n);
        s.accepted += static_cast<std::int64_t>(n);
        if (s.block->full()) s.submitBlock();
    }
    return std::nullopt;
}

AppendOutcome BlobService::AppendStream::finish() {
    State& s = *m_state;
    s.record();
    s.done = true;
    s.stopWriter();
    BlobService& service = s.service;
    std::lock_guard lock(s.upload->mutex);
    s.release(*s.upload);
    if (s.recorded < s.length) return {AppendOutcome::Kind::Appended, s.recorded, s.length};
    BlobMeta meta;
    meta.sha256 = s.sha256;
    meta.length = s.length;
    meta.offset = s.recorded;
    return service.finishUploadHeld(*s.upload, meta);
}

BlobService::AppendStart BlobService::beginAppend(const Caller& caller, const std::string& sha256,
                                                  std::int64_t offset, std::optional<std::int64_t> uploadLength,
                                                  std::optional<std::int64_t> bodyLength) {
    using Kind = AppendOutcome::Kind;
    const auto answer = [](Kind kind, std::int64_t at, std::int64_t length) {
        AppendStart start;
        start.answer = AppendOutcome{kind, at, length};
        return start;
    };
    auto upload = uploadSlot(sha256);
    std::lock_guard uploadLock(upload->mutex);
    auto meta = find(sha256);
    if (upload->streaming) {
        if (meta && meta->complete) return answer(Kind::AlreadyComplete, meta->length, meta->length);
        // Its uploader starts again while the body has stopped coming: that connection is gone
        // (a tablet whose network changed). End it; it records what it wrote and lets go, and the
        // retry this answer asks for goes on from there.
        const auto silent = std::chrono::steady_clock::now() -
                            std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(
                                upload->lastBytesAt.load(std::memory_order_relaxed)));
        if (upload->abortStreaming && upload->streamingUser == caller.userId &&
            silent >= m_options.endStalledPatchAfter) {
            upload->abortStreaming();
            upload->abortStreaming = nullptr;
            m_metrics.add("fieldseal_blob_stalled_patches_ended_total");
        }
        return answer(Kind::InProgress, meta ? meta->offset : 0, meta ? meta->length : 0);
    }

    if (!meta) {
        // A new upload: it must start at 0 and say how long it will be.
        if (offset != 0) return answer(Kind::OffsetMismatch, 0, 0);
        if (!uploadLength) return answer(Kind::MissingLength, 0, 0);
        if (*uploadLength < 0 || *uploadLength > m_options.maxBlobBytes) return answer(Kind::TooLarge, 0, 0);
        if (bodyLength && *bodyLength > *uploadLength) return answer(Kind::BeyondLength, 0, *uploadLength);
        upload->forgetHash();
        upload->hash.emplace();
        m_files.createPartial(sha256);
        BlobMeta created;
        created.sha256 = sha256;
        created.length = *uploadLength;
        created.offset = 0;
        created.uploader = caller.userId;
        created.createdAt = nowRfc3339();
        {
            auto lock = m_db.lock();
            m_store.insertLocked(created);
        }
        meta = created;
    } else {
        if (meta->complete) return answer(Kind::AlreadyComplete, meta->length, meta->length);
        if (uploadLength && *uploadLength != meta->length) return answer(Kind::LengthMismatch, meta->offset, meta->length);
        if (meta->offset < meta->length) recoverHeld(*upload, *meta);
        if (offset != meta->offset) return answer(Kind::OffsetMismatch, meta->offset, meta->length);
        if (bodyLength && *bodyLength > meta->length - offset)
            return answer(Kind::BeyondLength, meta->offset, meta->length);
        if (meta->offset == meta->length) { // a crash stopped the finish
            AppendStart start;
            start.answer = finishUploadHeld(*upload, *meta);
            return start;
        }
    }

    auto state = std::make_unique<AppendStream::State>(*this, upload, sha256, meta->length, meta->offset);
    // The running hash goes on only if it covers exactly the bytes before this PATCH.
    if (upload->hash && upload->hashedOffset == meta->offset) state->hash = std::move(upload->hash);
    upload->forgetHash();
    state->start(bodyLength ? meta->offset + *bodyLength : -1);
    upload->streaming = true;
    upload->streamingUser = caller.userId;
    upload->lastBytesAt.store(std::chrono::steady_clock::now().time_since_epoch().count(), std::memory_order_relaxed);
    AppendStart start;
    start.stream = std::make_unique<AppendStream>(PassKey<BlobService>{}, std::move(state));
    return start;
}

AppendOutcome BlobService::append(const Caller& caller, const std::string& sha256, std::int64_t offset,
                                  std::optional<std::int64_t> uploadLength, std::string_view bytes) {
    auto start = beginAppend(caller, sha256, offset, uploadLength, static_cast<std::int64_t>(bytes.size()));
    if (start.answer) return *start.answer;
    if (auto stop = start.stream->write(bytes)) return *stop;
    return start.stream->finish();
}

void BlobService::recoverHeld(Upload& upload, BlobMeta& meta) {
    // A running hash that covers the recorded offset means this process wrote and recorded every
    // byte of the file since it last checked it: nothing to recover.
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
    // A PATCH is writing it: the recorded offset is true, the file is that PATCH's to touch.
    if (upload->streaming && !meta->complete) return {BlobState::Uploading, meta->offset, meta->length};
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
