#pragma once
// Who may push and pull what (issue 4 "Rules"): pure functions of the caller and what the server
// knows about the record an op changes, so they are tested without a database.
//
// Writes: an op must be authored by the caller (op.user) and touch a record of the caller's
// district (admins are city-wide). Then by role:
//   inspector        inspections of tasks assigned to them (or listing them as inspectors),
//                    their evidence and signatures, certificates checked on site; may submit,
//                    never approve, return or write the reviewer's comment;
//   supervisor       the review of their district's inspections: status approved/returned, the
//                    review comment, and conflict resolutions;
//   exhibition_staff CCC exemption records;
//   admin            everything but audit events.
// Nobody pushes audit events or the server's counter-seal of an exemption, and once an exemption
// is counter-sealed nobody changes what was sealed (seal/exemption_payload.h's fields, the
// device's envelope): the official certificate vouches for exactly those values.
// Pulls: a caller sees their district's records of the types their role works with; admins see all.

#include "api/caller.h"
#include "model/op.h"
#include "sync/scope_store.h"

#include <optional>
#include <string>
#include <vector>

namespace fieldseal::server {

// What the server knows of the record an op changes (merged with the rest of the push).
struct RecordFacts {
    bool exists = false;         // already on the server before this push
    std::string type;
    std::string district;        // "" while unknown
    std::string status;          // inspections: current status
    std::vector<std::string> assignees; // inspections, evidence, signatures: the assigned inspectors
    bool sealed = false; // a CCC exemption the server has counter-sealed (exemption_status "sealed")
};

struct OpRefusal {
    std::string code;    // machine-readable, e.g. "forbidden", "missing_district"
    std::string message; // for people
};

std::optional<OpRefusal> checkWrite(const Caller& caller, const Op& op, const RecordFacts& facts);

PullFilter pullFilterFor(const Caller& caller);

} // namespace fieldseal::server
