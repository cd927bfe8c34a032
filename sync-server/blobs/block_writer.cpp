#include "blobs/block_writer.h"

#include <stdexcept>
#include <utility>

namespace fieldseal::server {

BlockWriter::BlockWriter(Write write, std::size_t blockBytes, std::size_t buffers)
    : m_write(std::move(write))
    , m_blockBytes(blockBytes)
    , m_unallocated(buffers) {
    if (!m_write || blockBytes == 0 || buffers == 0)
        throw std::invalid_argument("BlockWriter needs a write function, a block size and a buffer");
    m_thread = std::thread([this] { run(); });
}

BlockWriter::~BlockWriter() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

std::vector<char> BlockWriter::buffer() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_failure || !m_free.empty() || m_unallocated > 0; });
    rethrowFailureLocked();
    std::vector<char> out;
    if (!m_free.empty()) {
        out = std::move(m_free.back());
        m_free.pop_back();
    } else {
        --m_unallocated;
    }
    lock.unlock();
    out.clear();
    out.reserve(m_blockBytes);
    return out;
}

void BlockWriter::submit(std::int64_t offset, std::vector<char> block) {
    {
        std::lock_guard lock(m_mutex);
        rethrowFailureLocked();
        m_queue.push_back(Job{offset, std::move(block)});
    }
    m_changed.notify_all();
}

void BlockWriter::drain() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_failure || (m_queue.empty() && !m_writing); });
    rethrowFailureLocked();
}

void BlockWriter::rethrowFailureLocked() {
    if (m_failure) std::rethrow_exception(m_failure);
}

void BlockWriter::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
        if (m_queue.empty()) return; // stopping, nothing left
        Job job = std::move(m_queue.front());
        m_queue.pop_front();
        m_writing = true;
        lock.unlock();
        std::exception_ptr failure;
        // After a failure nothing more is written: the bytes after it would leave a hole.
        try {
            m_write(job.offset, std::string_view(job.bytes.data(), job.bytes.size()));
        } catch (...) {
            failure = std::current_exception();
        }
        lock.lock();
        m_writing = false;
        m_free.push_back(std::move(job.bytes));
        if (failure && !m_failure) m_failure = failure;
        if (m_failure) {
            for (auto& dropped : m_queue)
                m_free.push_back(std::move(dropped.bytes));
            m_queue.clear();
        }
        m_changed.notify_all();
    }
}

} // namespace fieldseal::server
