#pragma once
// ScopeStore: what the server remembers about each accepted op to decide who may pull it — the
// district and type of its record, fixed when the op is accepted, kept as runs of consecutive
// ops (one row for a push of one district's inspections, not one per op) — and which evidence records
// reference a blob. Every method must be called with the database lock held.

#include "store/store.h"

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace fieldseal::server {

struct PullFilter {
    bool everything = false;        // city-wide callers (admin)
    std::string district;           // otherwise: ops of records in this district
    std::vector<std::string> types; // of these record types
};

// An op as the log holds it, the value as its stored JSON text (not parsed: a pull only passes
// it on).
struct LoggedOpText {
    std::int64_t seq = 0;
    std::string opId, recordId, type, field, valueJson, device, user;
    Hlc hlc = 0;
    Hlc baseVersion = 0;
};

class ScopeStore {
public:
    virtual ~ScopeStore() = default;

    // Ops firstSeq..lastSeq (consecutive in the log) are of records of this district and type.
    virtual void addOpScopeLocked(std::int64_t firstSeq, std::int64_t lastSeq, const std::string& district,
                                  const std::string& type) = 0;
    // Ops after `cursor` the filter lets through, in seq order, at most `limit`, until fn returns
    // false; the row passed to fn is reused for the next one.
    virtual void forEachVisibleOpLocked(std::int64_t cursor, const PullFilter& filter, std::size_t limit,
                                        const std::function<bool(const LoggedOpText&)>& fn) = 0;

    virtual void addEvidenceLocked(const std::string& recordId, const std::string& sha256,
                                   const std::string& inspectionId, const std::string& district) = 0;
    // Districts of the evidence records that reference the blob (empty: none yet).
    virtual std::vector<std::string> evidenceBlobDistrictsLocked(const std::string& sha256) = 0;
    // Evidence record ids of an inspection, oldest first.
    virtual std::vector<std::string> evidenceOfInspectionLocked(const std::string& inspectionId) = 0;
    // The review queue's index: an inspection's status and district as they are now, written by
    // the sync service in the transaction that changed them (only inspections whose status has
    // changed at least once: drafts are not listed).
    virtual void setInspectionStatusLocked(const std::string& inspectionId, const std::string& district,
                                           const std::string& status) = 0;
    // Inspections whose status is `status` (not draft), in one district ("" = every district),
    // by id (UUIDv7: oldest first); an index range, not a scan of the inspections.
    virtual std::vector<std::string> inspectionsWithStatusLocked(const std::string& status,
                                                                 const std::string& district) = 0;
    // The core store's conflict rows of these records, by conflict id (an index lookup per record).
    virtual std::vector<ConflictRow> conflictRowsOfLocked(const std::set<std::string>& recordIds) = 0;
};

} // namespace fieldseal::server
