#include "blobs/block_writer.h"

#include <optional>
#include <stdexcept>
#include <utility>

namespace fieldseal::server {

BlockWriter::BlockWriter(Sink& sink, std::size_t blockBytes, std::size_t buffers)
    : m_sink(sink)
    , m_blockBytes(blockBytes)
    , m_blocks(buffers)
    , m_unmade(buffers) {
    if (buffers == 0 || blockBytes == 0 || blockBytes % AlignedBlock::kPage != 0)
        throw std::invalid_argument("BlockWriter needs whole pages per block and a block");
    m_free.reserve(buffers);
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

AlignedBlock& BlockWriter::next(std::int64_t offset) {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_failure || !m_free.empty() || m_unmade > 0; });
    rethrowFailureLocked();
    std::size_t tag = 0;
    if (!m_free.empty()) {
        tag = m_free.back();
        m_free.pop_back();
    } else {
        tag = m_blocks.size() - m_unmade--;
        lock.unlock();
        m_blocks[tag] = std::make_unique<AlignedBlock>(m_blockBytes); // only this thread reads it until submit()
    }
    m_blocks[tag]->reset(offset);
    return *m_blocks[tag];
}

std::size_t BlockWriter::tagOf(const AlignedBlock& block) const {
    for (std::size_t tag = 0; tag < m_blocks.size(); ++tag)
        if (m_blocks[tag].get() == &block) return tag;
    throw std::logic_error("BlockWriter: a block it did not give out");
}

void BlockWriter::submit(AlignedBlock& block) {
    {
        std::lock_guard lock(m_mutex);
        const std::size_t tag = tagOf(block);
        if (m_failure) {
            m_free.push_back(tag);
            rethrowFailureLocked();
        }
        m_queue.push_back(tag);
    }
    m_changed.notify_all();
}

void BlockWriter::drain() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_failure || (m_queue.empty() && !m_busy && m_inSink == 0); });
    rethrowFailureLocked();
}

bool BlockWriter::readyOrNotify(std::function<void()> ready) {
    std::lock_guard lock(m_mutex);
    if (m_failure || !m_free.empty() || m_unmade > 0) return true;
    if (ready) m_ready = std::move(ready);
    return false;
}

void BlockWriter::rethrowFailureLocked() {
    if (m_failure) std::rethrow_exception(m_failure);
}

void BlockWriter::run() {
    std::vector<std::size_t> done;
    std::unique_lock lock(m_mutex);
    for (;;) {
        // With nothing new to take the thread waits for the sink to finish a block, if it has one.
        m_changed.wait(lock, [&] { return m_stopping || !m_queue.empty() || m_inSink > 0; });
        if (m_queue.empty() && m_inSink == 0) return; // stopping, nothing left
        std::optional<std::size_t> tag;
        if (!m_queue.empty()) {
            tag = m_queue.front();
            m_queue.pop_front();
        }
        m_busy = true;
        lock.unlock();
        done.clear();
        std::exception_ptr failure;
        bool taken = false;
        try {
            if (tag) {
                m_sink.take(*m_blocks[*tag], *tag);
                taken = true;
            }
            m_sink.reap(!tag, done);
        } catch (...) {
            failure = std::current_exception();
        }
        lock.lock();
        if (taken) ++m_inSink;
        else if (tag) m_free.push_back(*tag); // the sink refused it: never in flight
        m_inSink -= done.size();
        m_free.insert(m_free.end(), done.begin(), done.end());
        if (failure && !m_failure) m_failure = failure;
        // A sink that fails to tell what it is done with cannot be waited for (its writes are
        // gone with it): stop rather than wait forever.
        const bool sinkBroken = failure && !tag && done.empty();
        if (sinkBroken) m_inSink = 0;
        if (m_failure) {
            m_free.insert(m_free.end(), m_queue.begin(), m_queue.end());
            m_queue.clear();
        }
        if (m_ready && (m_failure || !m_free.empty())) {
            auto ready = std::move(m_ready);
            m_ready = nullptr;
            lock.unlock();
            ready(); // still busy meanwhile: drain() returns only after it
            lock.lock();
        }
        m_busy = false;
        m_changed.notify_all();
    }
}

} // namespace fieldseal::server
