#pragma once
// ScopeStore: what the server remembers about each accepted op to decide who may pull it — the
// district and type of its record, fixed when the op is accepted — and which evidence records
// reference a blob. Every method must be called with the database lock held.

#include "store/store.h"

#include <cstdint>
#include <string>
#include <vector>

namespace fieldseal::server {

struct PullFilter {
    bool everything = false;        // city-wide callers (admin)
    std::string district;           // otherwise: ops of records in this district
    std::vector<std::string> types; // of these record types
};

class ScopeStore {
public:
    virtual ~ScopeStore() = default;

    virtual void addOpScopeLocked(std::int64_t seq, const std::string& district, const std::string& type) = 0;
    // Ops after `cursor` the filter lets through, in seq order, at most `limit`.
    virtual std::vector<StoredOp> visibleOpsLocked(std::int64_t cursor, const PullFilter& filter,
                                                   std::size_t limit) = 0;

    virtual void addEvidenceLocked(const std::string& recordId, const std::string& sha256,
                                   const std::string& inspectionId, const std::string& district) = 0;
    // Districts of the evidence records that reference the blob (empty: none yet).
    virtual std::vector<std::string> evidenceBlobDistrictsLocked(const std::string& sha256) = 0;
    // Evidence record ids of an inspection, oldest first.
    virtual std::vector<std::string> evidenceOfInspectionLocked(const std::string& inspectionId) = 0;
    // Inspections whose status is `status`, in one district ("" = every district), oldest first.
    virtual std::vector<std::string> inspectionsWithStatusLocked(const std::string& status,
                                                                 const std::string& district) = 0;
};

} // namespace fieldseal::server
