#pragma once
// The records a draw's run creates in the server's replica: one task per drawn organisation,
// assigned to the drawn inspectors, in the organisation's district (so that it reaches those
// inspectors' tablets on their next sync), and the organisation record itself when the replica
// has none for that USCC yet (the tablet shows the task's organisation by that record). Each
// task carries plan_id and draw_id, both the draw id: draw_id is what a tablet opens the draw's
// public result by (plan_id is a general plan code; tasks made by hand have one too).
// Ids are derived from the draw id and the task number (or the USCC), so that re-running the
// writes after a failure between them makes the same records, never a second set.

#include "draw/draw.h"
#include "sync/replica.h"

#include <map>
#include <string>
#include <vector>

namespace fieldseal::server {

// A UUID (version 8, RFC 9562 "custom") made from SHA-256 of `name`.
std::string nameBasedUuid(const std::string& name);
std::string drawTaskId(const std::string& drawId, std::uint32_t taskNumber);
std::string organisationRecordIdFor(const std::string& uscc);

struct DrawRecords {
    std::vector<Replica::Edit> edits;  // new organisation records first, then the tasks
    std::vector<std::string> taskIds; // in task order
};

// `organisationIds`: the replica's organisation record per USCC (OrganisationHistory).
DrawRecords drawRecords(const std::string& drawId, const draw::DrawPlan& plan, const draw::DrawResult& result,
                        const std::map<std::string, std::string>& organisationIds);

} // namespace fieldseal::server
