#include "blobs/upload_file.h"

#include "store/store.h"

#include <linux/aio_abi.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace fieldseal::server {
namespace {

constexpr auto kPage = static_cast<std::int64_t>(AlignedBlock::kPage);

std::int64_t pageUp(std::int64_t v) {
    return (v + kPage - 1) / kPage * kPage;
}
std::int64_t pageDown(std::int64_t v) {
    return v / kPage * kPage;
}

// glibc has no wrappers for the native AIO calls (libaio is a separate library): the syscalls.
long ioSetup(unsigned events, aio_context_t* context) {
    return ::syscall(SYS_io_setup, events, context);
}
long ioDestroy(aio_context_t context) {
    return ::syscall(SYS_io_destroy, context);
}
long ioSubmit(aio_context_t context, long n, iocb** iocbs) {
    return ::syscall(SYS_io_submit, context, n, iocbs);
}
long ioGetEvents(aio_context_t context, long minimum, long maximum, io_event* events) {
    return ::syscall(SYS_io_getevents, context, minimum, maximum, events, nullptr);
}

} // namespace

// The AIO context and what is in flight in it.
struct UploadFile::Aio {
    aio_context_t context = 0;
    struct Write {
        std::int64_t offset = 0;
        std::string_view bytes; // the whole pages sent directly
        bool inFlight = false;
    };
    std::vector<Write> writes; // by tag
    std::size_t inFlight = 0;

    explicit Aio(std::size_t depth)
        : writes(depth) {}
    ~Aio() {
        if (context) ioDestroy(context);
    }
    Aio(const Aio&) = delete;
    Aio& operator=(const Aio&) = delete;
};

UploadFile::UploadFile(const BlobFiles& files, std::string sha256, std::int64_t from, std::int64_t to,
                       Options options)
    : m_files(files)
    , m_sha256(std::move(sha256))
    , m_options(options)
    , m_fd(files.openPartial(m_sha256)) {
    if (options.depth == 0) throw std::invalid_argument("an upload file needs room for one write");
    if (to < 0 || to - from < options.directFromBytes || options.syncEachWrite) return;
    m_directFd = files.openPartialDirect(m_sha256);
    if (!m_directFd) return;
    if (!files.reserve(m_fd.get(), m_sha256, from, to)) return;
    m_reserved = true;
    auto aio = std::make_unique<Aio>(options.depth);
    if (ioSetup(static_cast<unsigned>(options.depth), &aio->context) != 0) return;
    m_aio = std::move(aio);
    m_direct = true;
}

UploadFile::~UploadFile() {
    if (!m_aio) return;
    // The kernel may still read the blocks' memory: wait for every write before it is freed.
    std::vector<io_event> events(m_options.depth);
    while (m_aio->inFlight > 0) {
        const long n = ioGetEvents(m_aio->context, 1, static_cast<long>(events.size()), events.data());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break; // the context is gone: nothing is in flight any more
        m_aio->inFlight -= static_cast<std::size_t>(n);
    }
}

void UploadFile::writeCached(std::int64_t offset, std::string_view bytes) {
    if (!bytes.empty()) m_files.writeAll(m_fd.get(), m_sha256, offset, bytes);
}

void UploadFile::write(const AlignedBlock& block, std::size_t tag) {
    if (tag >= m_options.depth) throw std::logic_error("upload file: write tag beyond the depth");
    const std::int64_t offset = block.offset();
    const std::int64_t end = block.end();
    const std::int64_t first = std::min(pageUp(offset), end); // the whole pages: [first, last)
    const std::int64_t last = std::max(pageDown(end), first);
    if (!m_direct || first == last) {
        m_files.writeAt(m_fd.get(), m_sha256, offset, block.bytes(), m_options.syncEachWrite);
        m_finishedNow.push_back(tag);
        return;
    }
    auto& w = m_aio->writes[tag];
    if (w.inFlight) throw std::logic_error("upload file: a tag written twice at once");
    const std::string_view bytes = block.bytes();
    writeCached(offset, bytes.substr(0, static_cast<std::size_t>(first - offset)));
    writeCached(last, bytes.substr(static_cast<std::size_t>(last - offset)));
    w.offset = first;
    w.bytes = bytes.substr(static_cast<std::size_t>(first - offset), static_cast<std::size_t>(last - first));

    iocb request {};
    request.aio_data = tag;
    request.aio_lio_opcode = IOCB_CMD_PWRITE;
    request.aio_fildes = static_cast<std::uint32_t>(m_directFd.get());
    request.aio_buf = reinterpret_cast<std::uint64_t>(w.bytes.data());
    request.aio_nbytes = w.bytes.size();
    request.aio_offset = first;
    iocb* requests[] = {&request};
    long submitted = 0;
    do {
        submitted = ioSubmit(m_aio->context, 1, requests);
    } while (submitted < 0 && errno == EINTR);
    if (submitted == 1) {
        w.inFlight = true;
        ++m_aio->inFlight;
        return;
    }
    // The kernel would not take it (no direct AIO on this file after all): this block and every
    // later one through the page cache.
    m_direct = false;
    writeCached(first, w.bytes);
    m_finishedNow.push_back(tag);
}

void UploadFile::reap(bool wait, std::vector<std::size_t>& done) {
    done.insert(done.end(), m_finishedNow.begin(), m_finishedNow.end());
    const bool waitForOne = wait && m_finishedNow.empty();
    m_finishedNow.clear();
    if (!m_aio || m_aio->inFlight == 0) return;
    std::vector<io_event> events(m_aio->inFlight);
    long n = 0;
    do {
        n = ioGetEvents(m_aio->context, waitForOne ? 1 : 0, static_cast<long>(events.size()), events.data());
    } while (n < 0 && errno == EINTR);
    if (n < 0) throw StoreFailure("blob storage: cannot wait for the writes of '" + m_sha256 + "': " + std::strerror(errno));
    std::string failure;
    for (long i = 0; i < n; ++i) {
        const auto tag = static_cast<std::size_t>(events[static_cast<std::size_t>(i)].data);
        const auto result = static_cast<std::int64_t>(events[static_cast<std::size_t>(i)].res);
        auto& w = m_aio->writes[tag];
        w.inFlight = false;
        --m_aio->inFlight;
        done.push_back(tag);
        if (result == static_cast<std::int64_t>(w.bytes.size()) || !failure.empty()) continue;
        if (result == -EINVAL) {
            // Refused for its alignment after all (a device with larger sectors): write it through
            // the page cache, as every later block will be.
            m_direct = false;
            try {
                writeCached(w.offset, w.bytes);
            } catch (const StoreFailure& e) {
                failure = e.what();
            }
            continue;
        }
        failure = "blob storage: cannot write '" + m_sha256 + "': " +
                  (result < 0 ? std::strerror(static_cast<int>(-result)) : "the disk took only part of a block");
    }
    if (!failure.empty()) throw StoreFailure(failure);
}

void UploadFile::makeWrittenDurable() {
    if (m_reserved) m_files.syncOpen(m_fd.get(), m_sha256);
}

void UploadFile::cutReservedRoom(std::int64_t size) {
    if (m_reserved) m_files.truncateOpen(m_fd.get(), m_sha256, size);
}

} // namespace fieldseal::server
