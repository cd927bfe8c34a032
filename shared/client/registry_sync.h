#pragma once
// Registry sync: a device keeps the registry of its user's district (organisations and the CMA
// scope of testing agencies, shared/registry) in its own store file, so that inspectors search it
// offline (`fieldseal registry search`, the app) with the same full-text index as the server.
//
// GET /v1/registry/export?district=D&known_revision=R: when the server's registry revision is the
// one the device holds (store meta "registry.revision", for the district in "registry.district"),
// the answer is "unchanged" and nothing is downloaded. Otherwise every page is fetched into memory
// first (the server pages by cursor; pages carrying another revision mean an import happened
// meanwhile, and the download starts again, at most a few times), then written with
// RegistryBulkLoad in one transaction together with the new revision: a sync cut anywhere leaves
// the old registry and the old revision, never half of the new one.
//
// Who downloads: inspectors and supervisors (their district). City-wide admins and exhibition
// staff do not (the server refuses them, and a city's registry does not belong on a tablet).
// A server without the registry routes (404) or one that refuses (403) is "skipped", not an error.
//
// Known limit: organisations removed from the district on the server (moved to another district)
// stay on the device; the registry has no deletions yet.

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
    std::size_t organisations = 0; // downloaded (Downloaded only)
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
