#pragma once
// Where a draw's population comes from: the organisations of one kind in some districts, as they
// stand when the plan is made (the plan then carries them, so the draw never reads them again).
// The server's registry provides it (registry_population.h); tests may fill a registry themselves.

#include "draw/draw_plan.h"
#include "model/result.h"

#include <set>
#include <string>
#include <vector>

namespace fieldseal::server {

class PopulationSource {
public:
    virtual ~PopulationSource() = default;

    // Every organisation of `kind` (an organisation.org_type) in one of `districts`, in any order.
    // Called with ServerDatabase::lock() held. Errors: Validation (unknown kind or district),
    // Store (the backend failed).
    virtual Result<std::vector<draw::PlanOrganisation>> organisationsLocked(const std::set<std::string>& districts,
                                                                            const std::string& kind) = 0;
};

} // namespace fieldseal::server
