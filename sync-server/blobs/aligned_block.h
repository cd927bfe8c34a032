#pragma once
// AlignedBlock: one block of an upload on its way to the partial file: the bytes for the file
// range [offset, offset + size), held in page-aligned memory so that the block's whole pages can
// be written to the disk directly (O_DIRECT wants the memory, the file offset and the length
// aligned alike).
//
// The bytes start `offset % kPage` bytes into the memory, so memory and file agree on where each
// page begins even when an upload resumes at an odd offset. A block ends at the next multiple of
// `blockBytes` in the file: every block of a long upload but its first and last covers exactly
// one aligned stretch of the file.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>
#include <string_view>

namespace fieldseal::server {

class AlignedBlock {
public:
    static constexpr std::size_t kPage = 4096;

    // blockBytes: a multiple of kPage.
    explicit AlignedBlock(std::size_t blockBytes)
        : m_blockBytes(blockBytes) {
        if (blockBytes == 0 || blockBytes % kPage != 0)
            throw std::invalid_argument("an aligned block is a whole number of pages");
        // One page more than a block: room for the lead of a block that starts mid-page.
        m_memory.reset(static_cast<char*>(std::aligned_alloc(kPage, blockBytes + kPage)));
        if (!m_memory) throw std::bad_alloc();
    }

    // Empties the block; the next bytes appended go to `offset` of the file.
    void reset(std::int64_t offset) {
        m_offset = offset;
        m_lead = static_cast<std::size_t>(offset % static_cast<std::int64_t>(kPage));
        m_size = 0;
        const auto block = static_cast<std::int64_t>(m_blockBytes);
        m_room = static_cast<std::size_t>(block - offset % block);
    }

    // Takes as many of `bytes` as fit before the block's end; returns how many.
    std::size_t append(std::string_view bytes) {
        const std::size_t n = std::min(bytes.size(), m_room - m_size);
        std::memcpy(m_memory.get() + m_lead + m_size, bytes.data(), n);
        m_size += n;
        return n;
    }

    bool full() const { return m_size == m_room; }
    bool empty() const { return m_size == 0; }
    std::int64_t offset() const { return m_offset; }
    std::int64_t end() const { return m_offset + static_cast<std::int64_t>(m_size); }
    std::size_t size() const { return m_size; }
    const char* data() const { return m_memory.get() + m_lead; }
    std::string_view bytes() const { return {data(), m_size}; }

private:
    struct Free {
        void operator()(char* p) const { std::free(p); }
    };
    std::size_t m_blockBytes;
    std::unique_ptr<char, Free> m_memory;
    std::int64_t m_offset = 0;
    std::size_t m_lead = 0; // bytes of the first page before `offset`
    std::size_t m_size = 0;
    std::size_t m_room = 0; // bytes from `offset` to the block's end
};

} // namespace fieldseal::server
