#pragma once
// Registry sync: a device keeps the registry of its user's district (organisations and the CMA
// scope of testing agencies, shared/registry) in its own store file, so that inspectors search it
// offline (`fieldseal registry search`, the app) with the same full-text index as the server.
//
// GET /v1/registry/export?district=D&known_revision=R: the server keeps one change sequence with
// a revision per district (sync-server/registry). When R is the district's revision the answer is
// "unchanged" and nothing is downloaded, so an import in another district costs this device
// nothing. Otherwise the device gets only the changes after R: organisations inserted or changed
// (each with all its scope lines, which replace the ones it held) and the USCCs removed from the
// district (moved to another district, or out of the registry). A device holding nothing (or a
// revision the server does not know) gets the whole district ("full") and drops what it held.
// Pages are keyset pages on the change sequence, so an import during the download is picked up
// on later pages, never skipped or half-read. Every page is fetched into memory first, then
// applied with RegistryBulkLoad in one transaction together with the new revision: a sync cut
// anywhere leaves the old registry and the old revision.
//
// Who downloads: inspectors and supervisors (their district). City-wide admins and exhibition
// staff do not (the server refuses them, and a city's registry does not belong on a tablet).
// A server without the registry routes (404) or one that refuses (403) is "skipped", not an error.

#include "client/api_session.h"
#include "client/sync_error.h"
#include "store/store.h"

#include <cstdint>
#include <functional>
#include <string>

namespace fieldseal {

namespace registry_sync_keys {
inline constexpr const char* kRevision = "registry.revision";
inline constexpr const char* kDistrict = "registry.district";
inline constexpr const char* kSyncedAt = "registry.synced_at"; // RFC 3339 UTC of the last download
} // namespace registry_sync_keys

struct RegistrySyncReport {
    enum class Outcome { Downloaded, Unchanged, Skipped };
    Outcome outcome = Outcome::Skipped;
    std::string district;
    std::int64_t revision = 0;    // the revision the device holds afterwards
    bool full = false;              // Downloaded: the whole district replaced what the device held
    std::size_t organisations = 0;  // inserted or changed (Downloaded only)
    std::size_t removed = 0;        // removed from the device (moved away or deregistered)
    std::size_t scopeLines = 0;
    std::string skippedBecause; // for Skipped
};

struct RegistrySyncOptions {
    std::size_t pageSize = 1000;
    // Organisations received so far, after each page.
    std::function<void(std::size_t received)> onProgress;
};

// Brings the device store's registry up to the server's for the signed-in user's district (read
// from the device profile in `store`). `store` must be a SqliteStore (the registry tables live in
// its file); other stores are skipped. Errors: Network/Cancelled/LoginRequired (stop a sync),
// BadResponse (the server's pages do not follow the protocol), Store.
SyncResult<RegistrySyncReport> syncDeviceRegistry(Store& store, ApiSession& session,
                                                  const RegistrySyncOptions& options = {});

} // namespace fieldseal
