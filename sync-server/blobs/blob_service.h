#pragma once
// BlobService: content-addressed evidence files with resumable (tus 1.0 core) uploads.
//
// An upload is named by the SHA-256 its bytes must have. The first PATCH (offset 0) declares the
// length; each PATCH appends at the recorded offset. A PATCH body is streamed (AppendStream): its
// bytes are written to the partial file as they arrive, 1 MiB at a time, never held whole, so one
// PATCH may carry any part of the blob up to the whole of it (maxChunkBytes). Order of every
// append: write the bytes, then record the new offset (every 8 MiB and at the end of the PATCH),
// so the recorded offset never covers bytes that were not written. A PATCH cut off mid-body
// records what it wrote (tus: keep as much as possible), so the client resumes from there.
// Writes are not fsync'ed one by one (see BlobServiceOptions::syncEachChunk): the whole pages of a
// long body go straight to the disk, past the page cache, a few at a time (UploadFile), the file
// is synced before each offset recorded for them, and every file is synced when all bytes are in,
// before it becomes visible.
// When the offset reaches the length the SHA-256 is checked: only a match moves the (synced) file
// to its final name (rename + directory fsync) and marks the blob complete, i.e. visible to GET. A
// mismatch discards the upload entirely. A crash between the rename and the mark is repaired
// the next time the blob is looked at (offset == length but not complete: check and finish).
//
// Recovery (the first HEAD or PATCH of an upload after a restart or a failed write): the partial
// file is brought back to the recorded offset — bytes past it (written, never recorded) are cut;
// if the file is shorter (a power loss took unsynced bytes) the offset is lowered to what it
// holds, so HEAD never tells an offset the file does not have — and what it keeps is re-hashed.
// (A PATCH that reserves its body's room in the file up front syncs the file before each offset it
// records, so that after a power loss the recorded bytes never read back as the reservation's
// zeros: see UploadFile.)
//
// Hashing: a running SHA-256 per upload is kept in memory as a cache of the hash of the file's
// first `hashedOffset` bytes, advanced with each block written: each full 1 MiB block is hashed
// (and its write started) on a helper thread while the next one arrives, so a sequential upload is hashed once,
// as it arrives, beside the network transfer, and never read back. The cache carries over from one
// PATCH to the next. It is never persisted: after a restart recovery re-reads the file once. A
// write that fails drops the cache.
//
// Locking: one PATCH at a time per sha256: a PATCH reserves the upload (AppendStream) from its
// header to the end of its body, and a second PATCH meanwhile is answered 409 (InProgress) with
// the recorded offset; HEAD then tells the recorded offset without touching the file. The per-blob
// mutex guards the upload's state for short moments only (never while waiting for the network);
// the database lock is taken only around BlobStore calls, so uploads of different blobs proceed
// in parallel. mayRead is called with no lock held (it may take the database lock itself).
//
// Who may do what: any authenticated caller may upload (the hash decides what is stored, so an
// upload cannot plant other content under a name; a caller who appends wrong bytes to someone
// else's unfinished upload only makes it fail its hash check and start over). Reading is decided
// by the MayReadBlob callback the server's wiring passes in.

#include "model/pass_key.h"
#include "api/caller.h"
#include "blobs/blob_files.h"
#include "blobs/blob_store.h"
#include "model/result.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace fieldseal::server {

class Metrics;
class ServerDatabase;

// Decides whether the caller may download the blob (from the evidence records that reference
// it). Called without any lock held.
using MayReadBlob = std::function<bool(const Caller& caller, const std::string& sha256)>;

struct BlobServiceOptions {
    std::filesystem::path directory;                   // DATA/blobs
    std::int64_t maxBlobBytes = std::int64_t(4) << 30; // Tus-Max-Size (4 GiB: long inspection videos)
    // Body limit of one PATCH (also told to clients in HEAD and OPTIONS as FieldSeal-Max-Chunk-Size).
    // Streamed to disk, a PATCH costs 6 MiB of memory whatever its size: by default one PATCH
    // may carry a whole blob.
    std::size_t maxChunkBytes = std::size_t(4) << 30;
    // false (the default): chunks are recorded once written — exact across process crashes;
    // after a power loss recovery lowers the offset to what the file holds, and the final hash
    // check (422, re-upload) guards anything the disk got wrong. true: every chunk is also
    // fdatasync'ed before its offset is recorded (slow: one disk flush per chunk). Either way a
    // blob is synced before it is visible.
    bool syncEachChunk = false;
    // A PATCH body this long or longer is written straight to the disk, past the page cache (see
    // UploadFile): a video of gigabytes would push everything else out of the cache, and copying
    // it there costs CPU. Shorter ones go through the cache, which absorbs a disk busy with the
    // database's writeback better.
    std::int64_t directWritesFromBytes = std::int64_t(256) << 20;
    // A PATCH that has sent nothing for this long while its uploader sends a new PATCH of the same
    // blob is ended (its connection closed; it keeps what it wrote), and the new one is told to
    // retry (409 upload_in_progress, Retry-After: 1). A tablet whose network changed mid-upload
    // resumes at once instead of after the old connection's read timeout (30 s); a body that
    // still moves, or another caller's PATCH, is never ended.
    std::chrono::milliseconds endStalledPatchAfter{2000};
};

enum class BlobState { Unknown, Uploading, Complete };

struct BlobStatus {
    BlobState state = BlobState::Unknown;
    std::int64_t offset = 0;
    std::int64_t length = 0;
};

// What one PATCH did.
struct AppendOutcome {
    enum class Kind {
        Appended,        // bytes recorded, upload not finished
        Completed,       // this append finished the upload and the hash matched: the blob is visible
        AlreadyComplete, // the blob was complete before: nothing written
        OffsetMismatch,  // Upload-Offset differs from the recorded offset (reported in `offset`)
        MissingLength,   // first PATCH without Upload-Length
        LengthMismatch,  // Upload-Length differs from the one declared first
        TooLarge,        // Upload-Length over maxBlobBytes
        BeyondLength,    // the chunk would end past Upload-Length
        HashMismatch,    // all bytes arrived but their SHA-256 differs: the upload is discarded
        InProgress,      // another PATCH is writing this upload now (`offset`: the recorded one)
    };
    Kind kind = Kind::Appended;
    std::int64_t offset = 0; // the recorded offset after this call
    std::int64_t length = 0; // the declared length (0 when unknown)
};

class BlobService {
public:
    static Result<std::unique_ptr<BlobService>> open(ServerDatabase& db, BlobStore& store, Metrics& metrics,
                                                     MayReadBlob mayRead, BlobServiceOptions options);
    // Only open() makes one.
    BlobService(PassKey<BlobService>, ServerDatabase& db, BlobStore& store, Metrics& metrics, MayReadBlob mayRead,
                BlobServiceOptions options, BlobFiles files);
    ~BlobService();

    const BlobServiceOptions& options() const { return m_options; }

    // The body of one PATCH, written as it arrives; holds the upload for its request. Must not
    // outlive the service. I/O or database failures throw StoreFailure (503, retry later).
    class AppendStream {
    public:
        // Without finish() (the request was cut off or refused): records the bytes written so far.
        ~AppendStream();
        AppendStream(const AppendStream&) = delete;
        AppendStream& operator=(const AppendStream&) = delete;

        // The next bytes of the body; BeyondLength when they would pass Upload-Length (they are
        // not taken, and the stream takes nothing more).
        std::optional<AppendOutcome> write(std::string_view bytes);
        // The whole body is in: records the offset and, when the upload is complete, checks the hash.
        AppendOutcome finish();
        // How to end the request this body comes with (BodyStream::setAbort): used when the same
        // uploader starts the upload again while this body has stalled (see beginAppend).
        void setAbort(std::function<void()> abort);
        // Whether write() takes up to 1 MiB more without waiting for the disk; when not, `ready` is
        // called (once, from the writer thread) when it would (see BodyStream::readyOrNotify).
        bool readyOrNotify(std::function<void()> ready);

        struct State;
        // Only BlobService::beginAppend makes one.
        AppendStream(PassKey<BlobService>, std::unique_ptr<State> state);

    private:
        friend class BlobService;
        std::unique_ptr<State> m_state;
    };

    // The PATCH of tus, from its header: `uploadLength` is the Upload-Length header when sent,
    // `bodyLength` the Content-Length when known. `sha256` must be valid (seal::isSha256Hex).
    // Either `answer` is set (a refusal, or the finish of an upload a crash interrupted: nothing
    // more is written) or `stream`, which then holds the upload until it is finished or destroyed.
    struct AppendStart {
        std::optional<AppendOutcome> answer;
        std::unique_ptr<AppendStream> stream;
    };
    AppendStart beginAppend(const Caller& caller, const std::string& sha256, std::int64_t offset,
                            std::optional<std::int64_t> uploadLength, std::optional<std::int64_t> bodyLength);

    // One PATCH whose body is in memory (beginAppend, write, finish).
    AppendOutcome append(const Caller& caller, const std::string& sha256, std::int64_t offset,
                         std::optional<std::int64_t> uploadLength, std::string_view bytes);

    // HEAD: what the server holds for this sha256 (finishing an upload a crash interrupted).
    BlobStatus status(const std::string& sha256);

    // The file of a complete blob; nullopt when it is not complete (status() says why).
    std::optional<std::filesystem::path> completeFile(const std::string& sha256);

    bool mayRead(const Caller& caller, const std::string& sha256) const;

private:
    struct Upload;

    std::shared_ptr<Upload> uploadSlot(const std::string& sha256);
    std::optional<BlobMeta> find(const std::string& sha256);
    // With the blob's Upload mutex held, for an unfinished upload: unless this process knows the
    // file matches the recorded offset, make it so (see Recovery above); updates meta.offset.
    void recoverHeld(Upload& upload, BlobMeta& meta);
    // With the blob's Upload mutex held: all bytes are in, check the hash and publish or discard.
    AppendOutcome finishUploadHeld(Upload& upload, const BlobMeta& meta);

    ServerDatabase& m_db;
    BlobStore& m_store;
    Metrics& m_metrics;
    MayReadBlob m_mayRead;
    BlobServiceOptions m_options;
    BlobFiles m_files;

    std::mutex m_uploadsMutex;
    std::map<std::string, std::shared_ptr<Upload>> m_uploads;
};

} // namespace fieldseal::server
