#include "client/device_key.h"

#include "model/unique_fd.h"
#include "seal/keys.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace fieldseal {

namespace {

Error keyError(std::string message) {
    return Error{ErrorDomain::Seal, ErrorCode::InvalidInput, std::move(message)};
}

Status writePrivateFile(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".tmp";
    ::unlink(tmp.c_str()); // a leftover of a crash: never a complete key (it was not renamed)
    UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (fd.get() < 0) return keyError("cannot create " + tmp + ": " + std::strerror(errno));
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ::unlink(tmp.c_str());
            return keyError("cannot write " + tmp + ": " + std::strerror(errno));
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd.get()) != 0 || ::close(fd.release()) != 0) {
        ::unlink(tmp.c_str());
        return keyError("cannot write " + tmp + ": " + std::strerror(errno));
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        ::unlink(tmp.c_str());
        return keyError("cannot create " + path + ": " + std::strerror(errno));
    }
    // The rename itself must survive a power cut too.
    const auto dir = std::filesystem::absolute(path).parent_path();
    UniqueFd dirFd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dirFd.get() >= 0) ::fsync(dirFd.get());
    return ok();
}

} // namespace

Result<DeviceKey> loadDeviceKey(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return keyError("no device key in " + path + ": " + std::strerror(errno));
    if ((st.st_mode & 077) != 0 && ::chmod(path.c_str(), 0600) != 0)
        return keyError("the device key " + path + " is readable by others and cannot be narrowed to 0600");
    std::ifstream in(path, std::ios::binary);
    if (!in.is_open()) return keyError("cannot read the device key " + path);
    std::ostringstream text;
    text << in.rdbuf();
    auto key = seal::privateKeyFromPem(text.str());
    if (!key)
        return keyError("the device key " + path + " is not a usable private key: " + key.error().message);
    const auto alg = seal::algorithmOfKey(key->get());
    if (!alg) return keyError("the device key " + path + " is neither P-256 nor SM2");
    return DeviceKey{std::move(*key), *alg, false};
}

Result<DeviceKey> loadOrCreateDeviceKey(const std::string& path, seal::Algorithm alg) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        auto existing = loadDeviceKey(path);
        if (!existing) return existing.error();
        if (existing->alg != alg)
            return keyError(std::string("the device key in ") + path + " is " +
                            seal::toString(existing->alg) + " but the authority signs with " +
                            seal::toString(alg));
        return existing;
    }
    auto key = seal::generateKey(alg);
    if (!key) return key.error();
    if (auto s = writePrivateFile(path, seal::privateKeyPem(key->get())); !s) return s.error();
    return DeviceKey{std::move(*key), alg, true};
}

} // namespace fieldseal
