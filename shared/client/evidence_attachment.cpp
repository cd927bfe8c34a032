#include "client/evidence_attachment.h"

#include "client/blob_folder.h"
#include "client/media_type.h"
#include "client/pending_blobs.h"
#include "model/rfc3339.h"

#include <chrono>
#include <filesystem>

namespace fieldseal {

namespace {

Error invalid(std::string message) {
    return Error{ErrorDomain::Usage, ErrorCode::InvalidInput, std::move(message)};
}

} // namespace

Result<AttachedEvidence> attachEvidence(Replica& replica, const AttachRequest& request) {
    auto inspection = replica.record(request.inspectionId);
    if (!inspection) return inspection.error();
    if (inspection->value("type", std::string()) != "inspection")
        return invalid(request.inspectionId + " is a " + inspection->value("type", std::string("record")) +
                       ", not an inspection");
    const std::string district = inspection->value("district", std::string());
    if (district.empty()) return invalid("inspection " + request.inspectionId + " has no district yet");

    AttachedEvidence out;
    if (request.blobFolder.empty()) {
        auto digest = digestFile(request.path);
        if (!digest) return digest.error();
        out.digest = *digest;
        std::error_code ec;
        const auto absolute = std::filesystem::absolute(request.path, ec);
        out.storedPath = ec ? request.path : absolute.string();
    } else {
        // Copied before anything is recorded: a failed copy leaves no record and no entry.
        auto stored = copyIntoBlobFolder(request.blobFolder, request.path);
        if (!stored) return stored.error();
        out.digest = stored->digest;
        out.storedPath = stored->path;
    }
    out.mediaType = mediaTypeForFile(request.path);
    const std::string capturedAt =
        request.capturedAt.empty()
            ? formatRfc3339(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()))
            : request.capturedAt;
    std::vector<std::pair<std::string, nlohmann::json>> body = {
        {"inspection_id", request.inspectionId},
        {"sha256", out.digest.sha256},
        {"media_type", out.mediaType},
        {"size", out.digest.size},
        {"captured_at", capturedAt},
        {"device", replica.identity().device},
        {"inspector", replica.identity().user},
        {"file_name", std::filesystem::path(request.path).filename().string()},
        {"district", district},
    };
    if (!request.itemId.empty()) body.emplace_back("item_id", request.itemId);
    if (!request.location.is_null()) body.emplace_back("location", request.location);

    PendingBlob pending{out.digest.sha256, out.storedPath, out.digest.size, {}, {}};
    IdGenerator ids;
    out.evidenceId = ids.next();
    pending.evidenceId = out.evidenceId;
    Store& store = replica.store();
    try {
        // Listed first: a crash before the record leaves an entry the uploader drops.
        auto tx = store.begin();
        pending_blobs::add(store, pending);
        tx->commit();
    } catch (const StoreFailure& e) {
        return Error{ErrorDomain::Store, ErrorCode::StoreFailure, e.what()};
    }
    auto ops = replica.put("evidence", out.evidenceId, body);
    if (!ops) {
        try {
            auto tx = store.begin();
            const auto listed = pending_blobs::list(store);
            for (const auto& b : listed)
                if (b.sha256 == pending.sha256 && b.evidenceId == pending.evidenceId)
                    pending_blobs::remove(store, pending.sha256);
            tx->commit();
        } catch (const StoreFailure&) {
            // Left listed: the uploader drops entries whose record does not exist.
        }
        return ops.error();
    }
    for (const auto& [k, v] : body)
        out.body[k] = v;
    return out;
}

} // namespace fieldseal
