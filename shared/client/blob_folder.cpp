#include "client/blob_folder.h"

#include "model/unique_fd.h"
#include "seal/sha256.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>
#include <utility>
#include <vector>

namespace fieldseal {

namespace {

// The temporary copy, removed unless it was renamed into place.
class TempFile {
public:
    explicit TempFile(std::string path)
        : m_path(std::move(path)) {}
    ~TempFile() {
        if (!m_kept) ::unlink(m_path.c_str());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return m_path; }
    void keep() { m_kept = true; }

private:
    std::string m_path;
    bool m_kept = false;
};

Error unreadable(const std::string& what, const std::string& path) {
    return Error{ErrorDomain::Usage, ErrorCode::InvalidInput,
                 what + " " + path + ": " + std::strerror(errno)};
}

Error unwritable(const std::string& what, const std::string& path) {
    return Error{ErrorDomain::Store, ErrorCode::StoreFailure,
                 what + " " + path + ": " + std::strerror(errno)};
}

bool writeAll(int fd, const char* p, std::size_t n) {
    while (n > 0) {
        const ssize_t w = ::write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

} // namespace

std::string blobFolderFor(const std::string& dbPath) {
    return dbPath + ".blobs";
}

Result<StoredBlob> copyIntoBlobFolder(const std::string& folder, const std::string& source) {
    UniqueFd in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
    if (!in) return unreadable("cannot open", source);
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec)
        return Error{ErrorDomain::Store, ErrorCode::StoreFailure,
                     "cannot create the evidence folder " + folder + ": " + ec.message()};

    std::string name = (std::filesystem::path(folder) / ".incoming-XXXXXX").string();
    UniqueFd out(::mkostemp(name.data(), O_CLOEXEC));
    if (!out) return unwritable("cannot create a file in", folder);
    TempFile temp(name);

    seal::Sha256Stream hash;
    StoredBlob stored;
    std::vector<char> buffer(1 << 20);
    for (;;) {
        const ssize_t n = ::read(in.get(), buffer.data(), buffer.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return unreadable("cannot read", source);
        }
        if (n == 0) break;
        const auto bytes = static_cast<std::size_t>(n);
        hash.update(std::string_view(buffer.data(), bytes));
        if (!writeAll(out.get(), buffer.data(), bytes)) return unwritable("cannot write", temp.path());
        stored.digest.size += bytes;
    }
    if (::fsync(out.get()) != 0) return unwritable("cannot sync", temp.path());
    stored.digest.sha256 = hash.finishHex();
    stored.path = (std::filesystem::path(folder) / stored.digest.sha256).string();

    // Replaces a file of that name, whatever became of it, with the copy just checked.
    if (::rename(temp.path().c_str(), stored.path.c_str()) != 0)
        return unwritable("cannot move the copy into place as", stored.path);
    temp.keep();
    UniqueFd dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir || ::fsync(dir.get()) != 0) return unwritable("cannot sync", folder);
    return stored;
}

} // namespace fieldseal
