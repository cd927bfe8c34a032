#pragma once
// UploadFile: the partial file of one upload while a PATCH streams into it, written block by block
// (AlignedBlock) from the upload's writer thread.
//
// Whole pages go straight to the disk (O_DIRECT) with up to `depth` writes in flight (Linux native
// AIO); the ragged edges of a block (an upload resuming mid-page, the blob's last bytes) go
// through the page cache. Why: through the page cache every byte was copied once more, its
// writeback started and its pages dropped again (a video of gigabytes must not push the database
// out of memory), about a third of the writer thread's CPU beside the SHA-256 (bench_server);
// and one direct write at a time leaves the disk idle while the next block is hashed.
//
// Direct writes need the file to be as long as the PATCH's body up front (a direct write past the
// end of the file waits for itself), so the body's range is reserved with fallocate first, which
// also finds a full disk before any byte is sent; a PATCH cut off early has the file cut back to
// what it wrote (truncate). Where the filesystem offers no direct writes, no reservation or no
// AIO, or the body's length is unknown, every byte goes through the page cache as before
// (BlobFiles::writeAt), and so it does when each write must be synced (syncEachWrite) and for a
// body shorter than Options::directFromBytes.
//
// A reserved stretch stays marked "unwritten" on disk (it reads back as zeros) until the filesystem
// commits that the direct writes filled it: a power loss before that would leave zeros under a
// recorded offset, and the tablet would find out only at the final hash check (422) and send the
// whole blob again. So before each offset is recorded, makeWrittenDurable() syncs the file.

#include "blobs/aligned_block.h"
#include "blobs/blob_files.h"
#include "model/unique_fd.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace fieldseal::server {

class UploadFile {
public:
    struct Options {
        std::size_t depth = 4;      // direct writes in flight at most; tags are below this
        bool syncEachWrite = false; // fdatasync every write (BlobServiceOptions::syncEachChunk)
        // A body shorter than this goes through the page cache: it fits there comfortably, and a
        // disk busy with the database's writeback delays direct writes more than cached ones
        // (bench_server: 64 MiB uploads were slower direct, 380-410 MB/s against 440-550).
        std::int64_t directFromBytes = 0;
    };

    // The partial file of `sha256` for a PATCH whose body covers [from, to) of it (to < 0: length
    // unknown). Throws StoreFailure when the file cannot be opened or the disk is full.
    UploadFile(const BlobFiles& files, std::string sha256, std::int64_t from, std::int64_t to, Options options);
    // Waits for the writes in flight (their failures are dropped).
    ~UploadFile();
    UploadFile(const UploadFile&) = delete;
    UploadFile& operator=(const UploadFile&) = delete;

    // Whether whole pages go straight to the disk.
    bool direct() const { return m_direct; }

    // Starts writing `block` under `tag` (< depth, not in flight); the block's memory must stay as
    // it is until reap() names the tag. Throws StoreFailure.
    void write(const AlignedBlock& block, std::size_t tag);
    // Appends to `done` the tags of the writes that have finished, waiting for one when `wait` and
    // nothing has finished yet. Every finished tag is appended before a failure is thrown
    // (StoreFailure): its write did not happen, but its memory is free again.
    void reap(bool wait, std::vector<std::size_t>& done);
    // Makes every write reaped so far survive a power loss, when room was reserved (fdatasync:
    // cheap after direct writes, whose bytes are on the disk already; it commits which reserved
    // stretches now hold data). Without a reservation, nothing: a power loss leaves the file
    // shorter than its recorded offset, and recovery lowers the offset to what it holds. Call it
    // before recording an offset. Throws StoreFailure.
    void makeWrittenDurable();
    // Cuts the file at `size` when room was reserved for the body: a PATCH that ended early leaves
    // no reserved room past its bytes. (Without a reservation the file ends at its last byte.)
    void cutReservedRoom(std::int64_t size);

private:
    struct Aio;

    void writeCached(std::int64_t offset, std::string_view bytes);

    const BlobFiles& m_files;
    std::string m_sha256;
    Options m_options;
    UniqueFd m_fd;       // through the page cache
    UniqueFd m_directFd; // O_DIRECT
    bool m_direct = false;
    bool m_reserved = false; // the file was made as long as the body up front
    std::unique_ptr<Aio> m_aio;
    std::vector<std::size_t> m_finishedNow; // tags written synchronously, for the next reap
};

} // namespace fieldseal::server
