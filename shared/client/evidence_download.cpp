#include "client/evidence_download.h"

#include "client/blob_uploader.h"
#include "client/file_digest.h"

#include <filesystem>

namespace fieldseal {

SyncResult<FetchedEvidence> fetchEvidence(Replica& replica, ApiSession& session,
                                          const std::string& evidenceId, const std::string& cacheDir) {
    const auto localIo = [](std::string message) {
        return SyncError{SyncErrorKind::LocalIo, std::move(message), 0, {}, {}};
    };
    auto record = replica.record(evidenceId);
    if (!record) return localIo(record.error().message);
    if (record->value("type", std::string()) != "evidence")
        return localIo(evidenceId + " is not an evidence record");
    FetchedEvidence out;
    out.sha256 = record->value("sha256", std::string());
    out.size = record->value("size", std::uint64_t{0});
    std::error_code ec;
    std::filesystem::create_directories(cacheDir, ec);
    if (ec) return localIo("cannot create " + cacheDir + ": " + ec.message());
    out.path = (std::filesystem::path(cacheDir) / out.sha256).string();

    const auto verify = [&]() -> bool {
        auto digest = digestFile(out.path);
        return digest && digest->sha256 == out.sha256;
    };
    if (std::filesystem::exists(out.path, ec)) {
        if (verify()) return out;
        std::filesystem::remove(out.path, ec); // damaged: fetch again
    }
    BlobUploader blobs(session);
    auto got = blobs.download(out.sha256, out.path);
    if (!got) return got.error();
    if (!verify()) {
        std::filesystem::remove(out.path, ec);
        return SyncError{SyncErrorKind::Untrusted,
                         "the server's copy of evidence " + evidenceId + " does not hash to " + out.sha256 +
                             ": it was discarded",
                         0,
                         {},
                         {}};
    }
    out.downloaded = true;
    return out;
}

} // namespace fieldseal
