#include "access_rules.h"

#include "model/schema.h"
#include "seal/exemption_payload.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace fieldseal::server {
namespace {

OpRefusal forbidden(const Op& op, const std::string& why) {
    return {"forbidden", op.type + " " + op.recordId + ": " + why};
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

std::string targetStatus(const Op& op) {
    return op.value.is_object() && op.value.contains("status") && op.value["status"].is_string()
               ? op.value["status"].get<std::string>()
               : std::string();
}

std::optional<OpRefusal> inspectorRules(const Caller& caller, const Op& op, const RecordFacts& facts) {
    if (op.type == "certificate") return std::nullopt; // certificates presented on site, recorded by the inspector
    if (op.type != "inspection" && op.type != "evidence" && op.type != "signature")
        return forbidden(op, "inspectors do not edit " + op.type + " records");
    if (!contains(facts.assignees, caller.username))
        return forbidden(op, "the inspection is not assigned to " + caller.username);
    if (op.type == "inspection") {
        if (isReviewNote(op.type, op.field)) return forbidden(op, "only a supervisor writes the review comment");
        if (op.isStatus()) {
            const auto to = targetStatus(op);
            if (to != status::kSubmitted && to != status::kDraft)
                return forbidden(op, "an inspector may submit an inspection but not set it to '" + to + "'");
        }
    }
    return std::nullopt;
}

std::optional<OpRefusal> supervisorRules(const Op& op) {
    if (op.type == "conflict_resolution") return std::nullopt;
    if (op.type != "inspection") return forbidden(op, "supervisors review inspections; they do not edit " + op.type);
    if (op.isStatus()) {
        const auto to = targetStatus(op);
        if (to != status::kApproved && to != status::kReturned)
            return forbidden(op, "a supervisor approves or returns an inspection, not '" + to + "'");
        return std::nullopt;
    }
    if (!isReviewNote(op.type, op.field))
        return forbidden(op, "a supervisor writes only the review (status and review comment), not " + op.field);
    return std::nullopt;
}

std::optional<OpRefusal> exhibitionStaffRules(const Op& op) {
    if (op.type != "ccc_exemption") return forbidden(op, "exhibition staff issue CCC exemptions only");
    return std::nullopt;
}

} // namespace

std::optional<OpRefusal> checkWrite(const Caller& caller, const Op& op, const RecordFacts& facts) {
    if (op.user != caller.username)
        return forbidden(op, "op " + op.opId + " was made by '" + op.user + "', not by " + caller.username);
    if (op.type == "audit_event") return forbidden(op, "audit events are written by the server only");
    if (op.type == "ccc_exemption" &&
        (op.field == "counter_seal" || (op.field == "exemption_status" && op.value == "sealed")))
        return forbidden(op, "only the server counter-seals an exemption");
    if (op.type == "ccc_exemption" && facts.sealed) {
        const auto& sealedFields = seal::kExemptionSealedFields;
        if (op.field == "envelope" ||
            std::find(sealedFields.begin(), sealedFields.end(), op.field) != sealedFields.end())
            return OpRefusal{"sealed", op.type + " " + op.recordId + ": the exemption is counter-sealed; '" +
                                           op.field + "' is part of its sealed certificate and cannot change"};
        if (op.field == "exemption_status" && op.value != "cancelled")
            return OpRefusal{"sealed", op.type + " " + op.recordId +
                                           ": the exemption is counter-sealed; it can only be cancelled"};
    }
    if (facts.district.empty())
        return OpRefusal{"missing_district", op.type + " " + op.recordId +
                                                 ": the record's district is unknown; push its district "
                                                 "field (or body) before or with its other changes"};
    if (op.field == "district" && facts.exists && op.value.is_string() && op.value != facts.district)
        return OpRefusal{"district_change", op.type + " " + op.recordId + ": a record stays in its district (" +
                                                facts.district + "); create a new record instead"};
    if (caller.role != Role::Admin && facts.district != caller.district)
        return forbidden(op, "the record is in district " + facts.district + ", outside yours (" +
                                 caller.district + ")");
    switch (caller.role) {
    case Role::Admin: return std::nullopt;
    case Role::Inspector: return inspectorRules(caller, op, facts);
    case Role::Supervisor: return supervisorRules(op);
    case Role::ExhibitionStaff: return exhibitionStaffRules(op);
    }
    return forbidden(op, "unknown role");
}

PullFilter pullFilterFor(const Caller& caller) {
    PullFilter f;
    switch (caller.role) {
    case Role::Admin: f.everything = true; break;
    case Role::Inspector:
        f.types = {"organisation", "task", "inspection", "evidence", "signature", "certificate", "conflict_resolution"};
        break;
    case Role::Supervisor:
        f.types = {"organisation", "task",        "inspection",    "evidence",
                   "signature",    "certificate", "ccc_exemption", "conflict_resolution"};
        break;
    case Role::ExhibitionStaff: f.types = {"organisation", "certificate", "ccc_exemption"}; break;
    }
    f.district = caller.district;
    return f;
}

} // namespace fieldseal::server
