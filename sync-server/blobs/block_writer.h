#pragma once
// BlockWriter: hands full blocks of an upload to one writer thread that passes them, in order, to
// a Sink (which hashes each block and starts writing it), so that the connection's thread goes on
// decrypting the next bytes meanwhile.
//
// Why one long-lived thread and a few blocks: a thread per block cost a thread start, a wake-up
// on another core and cold caches for every MiB (bench_server), and with only one block in flight
// a short stall of the disk stalled the network as well. Memory stays bounded: at most `buffers`
// blocks exist, and next() waits for the sink to give one back. A block is the sink's from take()
// until reap() names it: the disk may still be reading it after take() returns.

#include "blobs/aligned_block.h"

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace fieldseal::server {

class BlockWriter {
public:
    // What the writer thread does with the blocks. Both calls run on the writer thread and may
    // throw: the failure is rethrown to the submitting side by the next next(), submit() or drain(),
    // and no later block is taken (it would leave a hole in the file).
    class Sink {
    public:
        virtual ~Sink() = default;
        // Takes `block` (the blocks come in the order submitted) under `tag`.
        virtual void take(const AlignedBlock& block, std::size_t tag) = 0;
        // Appends the tags of the blocks it is done with (in any order), waiting for one when
        // `wait`. Appends every tag it is done with even when it then throws.
        virtual void reap(bool wait, std::vector<std::size_t>& done) = 0;
    };

    // blockBytes: a multiple of AlignedBlock::kPage. Tags given to the sink are below `buffers`.
    BlockWriter(Sink& sink, std::size_t blockBytes, std::size_t buffers);
    // Lets the blocks already submitted finish (their failures are dropped), then stops.
    ~BlockWriter();
    BlockWriter(const BlockWriter&) = delete;
    BlockWriter& operator=(const BlockWriter&) = delete;

    // An empty block for the bytes from `offset` of the file; waits while every block is queued,
    // being written, or in the sink.
    AlignedBlock& next(std::int64_t offset);
    // Queues `block` (from next()); returns at once unless the writer failed.
    void submit(AlignedBlock& block);
    // Waits until the sink is done with every submitted block; rethrows the writer's first failure.
    void drain();
    // Whether next() would return at once (a block is free, or the writer failed: next() throws).
    // When not, keeps `ready` (unless empty) and calls it once, on the writer thread, when it would;
    // a later call replaces it.
    bool readyOrNotify(std::function<void()> ready);

private:
    void run();
    void rethrowFailureLocked();
    std::size_t tagOf(const AlignedBlock& block) const;

    Sink& m_sink;
    std::size_t m_blockBytes;
    std::vector<std::unique_ptr<AlignedBlock>> m_blocks; // by tag; made when first needed
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::size_t> m_queue; // tags submitted, not yet taken
    std::vector<std::size_t> m_free; // tags of blocks made and free
    std::size_t m_unmade;            // blocks not made yet
    std::size_t m_inSink = 0;        // taken, not yet reaped
    bool m_busy = false;             // the writer thread is in the sink
    bool m_stopping = false;
    std::exception_ptr m_failure;
    std::function<void()> m_ready; // readyOrNotify's, until a block is free
    std::thread m_thread; // last: started once everything above is ready
};

} // namespace fieldseal::server
