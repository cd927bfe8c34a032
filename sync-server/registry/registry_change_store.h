#pragma once
// RegistryChangeStore: the registry's change sequence per district, which the devices' district
// download reads. Every change of an organisation (inserted, updated, a scope line added or
// removed) takes the next sequence number for the district it is in; an organisation that leaves
// a district (moved to another, or removed from the registry) leaves a tombstone there with the
// next number. Only the latest change of each organisation per district is kept, so "the changes
// after R" is the set of organisations whose state a device at R lacks, each once.
// A district's revision is its largest sequence number (0 before any change).
// Store-level interface: implementations never lock; callers hold ServerDatabase::lock().
// Failures throw StoreFailure.

#include <cstdint>
#include <string>
#include <vector>

namespace fieldseal::server {

struct RegistryChange {
    std::int64_t seq = 0;
    std::string uscc;
    bool deleted = false; // a tombstone: the organisation is no longer in the district
};

class RegistryChangeStore {
public:
    virtual ~RegistryChangeStore() = default;

    virtual std::int64_t districtRevision(const std::string& district) = 0;
    // The largest sequence number of any district (the registry's latest change).
    virtual std::int64_t latestRevision() = 0;
    // The district's changes with seq > afterSeq in seq order, at most `limit`; tombstones only
    // when `withTombstones` (a device starting from nothing has nothing to delete).
    virtual std::vector<RegistryChange> changesAfter(const std::string& district, std::int64_t afterSeq,
                                                     std::size_t limit, bool withTombstones) = 0;
};

} // namespace fieldseal::server
