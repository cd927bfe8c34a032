#pragma once
// What the server's replica knows about organisations that a draw needs: the organisation record
// of each USCC (a task refers to it, and the tablet shows its name), and the inspectors of each
// organisation's previous inspection (the rotation rule: not the same officers twice running).

#include "sync/replica.h"

#include <map>
#include <set>
#include <string>

namespace fieldseal::server {

struct OrganisationHistory {
    std::map<std::string, std::string> recordIdByUscc; // the oldest organisation record per USCC
    // USCC -> inspectors of its latest inspection (by started_at, then id), or, for an
    // organisation never inspected, of its latest task not cancelled (by due_date, then id).
    std::map<std::string, std::set<std::string>> previousInspectors;
};

// Reads the organisation, inspection and task records of the replica (hold ServerDatabase::lock()).
// Throws StoreFailure when the store fails.
OrganisationHistory readOrganisationHistoryLocked(Replica& replica);

} // namespace fieldseal::server
