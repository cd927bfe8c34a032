#include "client/evidence_download.h"

#include "client/blob_download.h"
#include "client/file_digest.h"

#include <filesystem>

namespace fieldseal {

SyncResult<FetchedEvidence> fetchEvidence(Replica& replica, ApiSession& session,
                                          const std::string& evidenceId, const std::string& cacheDir,
                                          const std::function<void(const BlobProgress&)>& onProgress) {
    auto record = replica.record(evidenceId);
    if (!record) return localIoError(record.error().message);
    if (record->value("type", std::string()) != "evidence")
        return localIoError(evidenceId + " is not an evidence record");
    FetchedEvidence out;
    out.sha256 = record->value("sha256", std::string());
    out.size = record->value("size", std::uint64_t{0});
    std::error_code ec;
    std::filesystem::create_directories(cacheDir, ec);
    if (ec) return localIoError("cannot create " + cacheDir + ": " + ec.message());
    out.path = (std::filesystem::path(cacheDir) / out.sha256).string();

    if (std::filesystem::exists(out.path, ec)) {
        auto digest = digestFile(out.path);
        if (digest && digest->sha256 == out.sha256) return out;
        std::filesystem::remove(out.path, ec); // damaged: fetch again
    }
    auto got = downloadBlob(session, {out.sha256, out.path, out.size, "evidence " + evidenceId}, onProgress);
    if (!got) return got.error();
    out.downloaded = true;
    out.resumedFrom = got->resumedFrom;
    out.bytesReceived = got->bytesReceived;
    return out;
}

} // namespace fieldseal
