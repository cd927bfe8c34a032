#pragma once
// BlockWriter: hands full blocks of an upload to one writer thread that writes (and hashes) them
// in order, so that the connection's thread goes on decrypting the next bytes meanwhile.
//
// Why one long-lived thread and a few buffers: a thread per block cost a thread start, a wake-up
// on another core and cold caches for every MiB (bench_server), and with only one block in flight
// a short stall of the disk stalled the network as well. Memory stays bounded: at most `buffers`
// blocks exist, and buffer() waits for the writer to give one back.

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

namespace fieldseal::server {

class BlockWriter {
public:
    // Called on the writer thread for each block, in the order submitted; may throw (the failure
    // is rethrown to the submitting side by the next buffer(), submit() or drain()).
    using Write = std::function<void(std::int64_t offset, std::string_view bytes)>;

    BlockWriter(Write write, std::size_t blockBytes, std::size_t buffers);
    // Lets the blocks already submitted finish (their failures are dropped), then stops.
    ~BlockWriter();
    BlockWriter(const BlockWriter&) = delete;
    BlockWriter& operator=(const BlockWriter&) = delete;

    // An empty buffer with room for a block; waits while every buffer is queued or being written.
    std::vector<char> buffer();
    // Queues `block` (written at `offset`); returns at once unless the writer failed.
    void submit(std::int64_t offset, std::vector<char> block);
    // Waits until every submitted block is written; rethrows the writer's first failure.
    void drain();

private:
    struct Job {
        std::int64_t offset = 0;
        std::vector<char> bytes;
    };

    void run();
    void rethrowFailureLocked();

    Write m_write;
    std::size_t m_blockBytes;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Job> m_queue;
    std::vector<std::vector<char>> m_free; // buffers given back by the writer
    std::size_t m_unallocated;             // buffers not made yet
    bool m_writing = false;
    bool m_stopping = false;
    std::exception_ptr m_failure;
    std::thread m_thread; // last: started once everything above is ready
};

} // namespace fieldseal::server
