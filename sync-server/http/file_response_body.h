#pragma once
// FileResponseBody: a Beast body that sends a file (an evidence video, a report), or one byte range
// of it (a 206), read in pieces of kPieceBytes with pread from the range's start. Beast's own
// file_body reads 4 KiB at a time, and each piece became a TLS record of its own and a send: a
// 512 MiB download cost the server about 3 s of CPU per GB.
//
// Included only by https_server.cpp (Beast stays in one translation unit).

#include "http/http_message.h"
#include "model/unique_fd.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <utility>
#include <vector>

namespace fieldseal::server {

struct FileResponseBody {
    static constexpr std::size_t kPieceBytes = 256u << 10;

    class value_type {
    public:
        // Opens `path` for reading, to send all of it or only `range`; false (errno set) when it
        // cannot, or when the range does not lie inside the file (ERANGE).
        bool open(const std::filesystem::path& path, const std::optional<ByteRange>& range = std::nullopt) {
            m_file = UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
            struct stat st {};
            if (!m_file || ::fstat(m_file.get(), &st) != 0) return false;
            const auto fileSize = static_cast<std::uint64_t>(st.st_size);
            m_offset = range ? range->first : 0;
            m_size = range ? range->length : fileSize;
            if (m_offset > fileSize || fileSize - m_offset < m_size) {
                errno = ERANGE;
                return false;
            }
            // A hint: read ahead more (from the range's start; nothing before it is read).
            (void)::posix_fadvise(m_file.get(), static_cast<off_t>(m_offset), static_cast<off_t>(m_size),
                                  POSIX_FADV_SEQUENTIAL);
            return true;
        }
        int fd() const { return m_file.get(); }
        std::uint64_t offset() const { return m_offset; }
        // The bytes to send.
        std::uint64_t size() const { return m_size; }

    private:
        UniqueFd m_file;
        std::uint64_t m_offset = 0;
        std::uint64_t m_size = 0;
    };

    static std::uint64_t size(const value_type& body) { return body.size(); }

    class writer {
    public:
        using const_buffers_type = boost::asio::const_buffer;

        template <bool isRequest, class Fields>
        writer(const boost::beast::http::header<isRequest, Fields>&, const value_type& body)
            : m_body(body) {}

        void init(boost::beast::error_code& ec) {
            ec = {};
            m_position = m_body.offset();
            m_left = m_body.size();
            m_piece.resize(static_cast<std::size_t>(std::min<std::uint64_t>(kPieceBytes, m_left)));
        }

        // The next piece (valid until the next call), and whether more follow.
        boost::optional<std::pair<const_buffers_type, bool>> get(boost::beast::error_code& ec) {
            ec = {};
            if (m_left == 0) return boost::none;
            const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(m_piece.size(), m_left));
            ssize_t n;
            do n = ::pread(m_body.fd(), m_piece.data(), want, static_cast<off_t>(m_position));
            while (n < 0 && errno == EINTR);
            if (n <= 0) { // the file shrank, or cannot be read: the response is cut short
                ec = n == 0 ? boost::beast::error_code(boost::beast::http::error::short_read)
                            : boost::beast::error_code(errno, boost::system::system_category());
                return boost::none;
            }
            m_position += static_cast<std::uint64_t>(n);
            m_left -= static_cast<std::uint64_t>(n);
            return std::make_pair(const_buffers_type(m_piece.data(), static_cast<std::size_t>(n)), m_left > 0);
        }

    private:
        const value_type& m_body;
        std::uint64_t m_position = 0; // of the next byte in the file
        std::uint64_t m_left = 0;
        std::vector<char> m_piece;
    };
};

} // namespace fieldseal::server
