#include "schema.h"

#include "districts.h"
#include "rfc3339.h"
#include "uscc.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace fieldseal {
namespace {

using K = FieldKind;

FieldSpec req(std::string name, K kind) {
    return {std::move(name), kind, true, {}, 0, false};
}
FieldSpec opt(std::string name, K kind) {
    return {std::move(name), kind, false, {}, 0, false};
}
FieldSpec oneOf(std::string name, bool required, std::vector<std::string> values) {
    return {std::move(name), K::Enum, required, std::move(values), 0, false};
}
FieldSpec list(std::string name, bool required, size_t minItems) {
    return {std::move(name), K::TextList, required, {}, minItems, false};
}
FieldSpec map(std::string name, K entryKind) {
    return {std::move(name), entryKind, false, {}, 0, true};
}
FieldSpec reviewNote(std::string name) {
    return {std::move(name), K::Text, false, {}, 0, false, true};
}

const std::vector<std::string> kInspectionTypes = {
    "ccc_product",           // compulsory certification activity check on products
    "management_system",     // voluntary management-system certification body check
    "organic_product",       // organic-product certification check
    "testing_agency",        // inspection and testing agency (CMA) check
    "certification_body",    // certification body check
    "ccc_exemption_followup" // follow-up on a CCC exemption
};

std::vector<RecordType> buildTypes() {
    return {
        {"organisation",
         false,
         false,
         {req("uscc", K::Uscc), req("name", K::Text),
          oneOf("org_type", true,
                {"manufacturer", "certification_body", "testing_agency", "exhibitor", "seller", "importer",
                 "other"}),
          req("district", K::District), opt("address", K::Text), opt("contact", K::Text),
          opt("phone", K::Text)}},
        {"task",
         false,
         false,
         {opt("plan_id", K::Text), opt("draw_id", K::Text), req("organisation_id", K::Text),
          oneOf("inspection_type", true, kInspectionTypes), req("template_id", K::Text),
          list("inspectors", true, 2), req("due_date", K::Date), req("district", K::District),
          oneOf("task_status", false, {"open", "in_progress", "done", "cancelled"})}},
        {"inspection",
         false,
         true,
         {opt("task_id", K::Text), req("organisation_id", K::Text), req("template_id", K::Text),
          oneOf("inspection_type", false, kInspectionTypes), req("district", K::District),
          list("inspectors", false, 2), map("answers", K::Answer), opt("findings", K::Text),
          oneOf("conclusion", false, {"conforming", "nonconforming", "rectify", "not_inspected"}),
          opt("location", K::Location), opt("started_at", K::DateTime), opt("ended_at", K::DateTime),
          reviewNote("review_comment"), opt("status", K::Status)}},
        {"evidence",
         true,
         false,
         {req("inspection_id", K::Text), opt("item_id", K::Text), req("sha256", K::Hex64),
          req("media_type", K::Text), req("size", K::Integer), req("captured_at", K::DateTime),
          opt("location", K::Location), req("device", K::Text), req("inspector", K::Text),
          opt("file_name", K::Text), req("district", K::District)}},
        {"signature",
         true,
         false,
         {req("inspection_id", K::Text), req("signer_name", K::Text),
          oneOf("signer_role", true, {"inspector", "party", "witness"}), opt("strokes", K::Array),
          opt("image_sha256", K::Hex64), req("content_sha256", K::Hex64), opt("signed_versions", K::Object),
          opt("refused", K::Boolean), opt("witness", K::Text), opt("attestation", K::Text),
          opt("device_signature", K::Text), req("signed_at", K::DateTime), req("district", K::District)}},
        {"certificate",
         true,
         false,
         {oneOf("kind", true, {"ccc", "ccc_exemption", "cma", "organic", "management_system"}),
          req("number", K::Text), req("holder", K::Text), opt("holder_uscc", K::Uscc), opt("scope", K::Text),
          opt("valid_from", K::Date), opt("valid_to", K::Date), opt("envelope", K::Object),
          req("district", K::District)}},
        {"ccc_exemption",
         false,
         false,
         {req("exhibition", K::Text), opt("applicant_uscc", K::Uscc), req("applicant_name", K::Text),
          opt("exhibits", K::Array), opt("purpose", K::Text), opt("fast_channel", K::Boolean),
          opt("issued_by", K::Text),
          oneOf("exemption_status", false, {"draft", "issued", "sealed", "cancelled"}),
          opt("envelope", K::Object), opt("counter_seal", K::Object), req("district", K::District)}},
        // A supervisor's decision on a conflict (sync/merge_rules.h resolutionRecordId names it),
        // immutable so that a conflict is resolved once, the same way on every replica.
        {"conflict_resolution",
         true,
         false,
         {req("conflict_id", K::Text), req("record_id", K::Text),
          oneOf("choice", true, {"keep_ours", "take_theirs"}), list("fields", false, 0), opt("comment", K::Text),
          req("resolved_by", K::Text), req("resolved_at", K::DateTime), req("district", K::District)}},
        {"audit_event",
         true,
         false,
         {req("actor", K::Text), req("action", K::Text), opt("record_id", K::Text), req("at", K::DateTime),
          opt("prev_hash", K::Hex64), opt("detail", K::Object), req("district", K::District)}},
    };
}

std::string where(const RecordType& type, const std::string& field) {
    return type.name + "." + field + ": ";
}

bool isDigits(const std::string& s, size_t from, size_t n) {
    if (s.size() < from + n) return false;
    return std::all_of(s.begin() + static_cast<long>(from), s.begin() + static_cast<long>(from + n),
                       [](char c) { return c >= '0' && c <= '9'; });
}

int num(const std::string& s, size_t from, size_t n) {
    return std::stoi(s.substr(from, n));
}

bool validYmd(int y, int m, int d) {
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= kDays[m - 1] + ((m == 2 && leap) ? 1 : 0);
}

std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values)
        out += (out.empty() ? "" : ", ") + v;
    return out;
}

Status fail(const RecordType& type, const std::string& field, const std::string& rule) {
    return validationError(ErrorCode::InvalidInput, where(type, field) + rule);
}

Status wrap(const RecordType& type, const std::string& field, Status s) {
    if (s.ok()) return s;
    return validationError(s.error().code, where(type, field) + s.error().message);
}

Status validateAnswer(const RecordType& type, const std::string& field, const nlohmann::json& v) {
    if (!v.is_object()) return fail(type, field, "an answer must be an object like {\"result\":\"pass\"}");
    const auto r = v.find("result");
    if (r == v.end() || !r->is_string() ||
        (*r != "pass" && *r != "fail" && *r != "not_applicable" && *r != "unanswered"))
        return fail(type, field, "answer result must be one of pass, fail, not_applicable, unanswered");
    if (const auto n = v.find("note"); n != v.end() && !n->is_string())
        return fail(type, field, "answer note must be text");
    if (const auto d = v.find("deadline"); d != v.end())
        if (!d->is_string() || !validateDate(d->get<std::string>()).ok())
            return fail(type, field, "answer deadline must be a date YYYY-MM-DD");
    return ok();
}

} // namespace

const FieldSpec* RecordType::findField(const std::string& opField) const {
    const auto dot = opField.find('.');
    const std::string base = dot == std::string::npos ? opField : opField.substr(0, dot);
    for (const auto& f : fields) {
        if (f.name != base) continue;
        // Map fields are edited per key ("answers.KEY"); other fields only as a whole.
        if (f.isMap != (dot != std::string::npos)) return nullptr;
        if (f.isMap && dot + 1 >= opField.size()) return nullptr;
        return &f;
    }
    return nullptr;
}

const std::vector<RecordType>& recordTypes() {
    static const std::vector<RecordType> types = buildTypes();
    return types;
}

const RecordType* findRecordType(const std::string& name) {
    for (const auto& t : recordTypes())
        if (t.name == name) return &t;
    return nullptr;
}

Result<const RecordType*> requireRecordType(const std::string& name) {
    if (const auto* t = findRecordType(name)) return t;
    std::vector<std::string> names;
    for (const auto& t : recordTypes())
        names.push_back(t.name);
    return validationError(ErrorCode::UnknownType,
                           "unknown record type '" + name + "' (known: " + joined(names) + ")");
}

Status validateDate(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !isDigits(s, 0, 4) || !isDigits(s, 5, 2) ||
        !isDigits(s, 8, 2))
        return validationError(ErrorCode::InvalidInput, "'" + s + "' is not a date of the form YYYY-MM-DD");
    if (!validYmd(num(s, 0, 4), num(s, 5, 2), num(s, 8, 2)))
        return validationError(ErrorCode::InvalidInput, "'" + s + "' is not a real calendar date");
    return ok();
}

Status validateDateTime(const std::string& s) {
    if (!parseRfc3339(s) || !validateDate(s.substr(0, 10)).ok())
        return validationError(ErrorCode::InvalidInput,
                               "'" + s + "' is not an RFC 3339 time such as 2026-11-05T09:30:00+08:00");
    return ok();
}

Status validateField(const RecordType& type, const std::string& opField, const nlohmann::json& v) {
    const FieldSpec* spec = type.findField(opField);
    if (!spec) {
        std::vector<std::string> names;
        for (const auto& f : type.fields)
            names.push_back(f.isMap ? f.name + ".KEY" : f.name);
        return validationError(ErrorCode::UnknownField, "record type '" + type.name + "' has no field '" +
                                                            opField + "' (fields: " + joined(names) + ")");
    }
    if (v.is_null()) {
        if (spec->required) return fail(type, opField, "is required and cannot be cleared");
        return ok(); // clearing an optional field
    }
    const auto needString = [&](const char* what) -> Status {
        if (!v.is_string()) return fail(type, opField, std::string("must be ") + what);
        return ok();
    };
    switch (spec->kind) {
    case K::Text:
        if (!v.is_string() || v.get_ref<const std::string&>().empty())
            return fail(type, opField, "must be non-empty text");
        if (v.get_ref<const std::string&>().size() > 100000)
            return fail(type, opField, "is longer than 100000 bytes");
        return ok();
    case K::Enum:
    case K::Status: {
        const auto& values = spec->kind == K::Status
                                 ? std::vector<std::string>{status::kDraft, status::kSubmitted,
                                                            status::kApproved, status::kReturned}
                                 : spec->values;
        if (!v.is_string() || std::find(values.begin(), values.end(), v.get<std::string>()) == values.end())
            return fail(type, opField, "must be one of " + joined(values) + ", not " + v.dump());
        return ok();
    }
    case K::Date:
        if (auto s = needString("a date YYYY-MM-DD"); !s) return s;
        return wrap(type, opField, validateDate(v.get<std::string>()));
    case K::DateTime:
        if (auto s = needString("an RFC 3339 time"); !s) return s;
        return wrap(type, opField, validateDateTime(v.get<std::string>()));
    case K::Uscc:
        if (auto s = needString("a unified social credit code"); !s) return s;
        return wrap(type, opField, validateUscc(v.get<std::string>()));
    case K::District:
        if (auto s = needString("a district code"); !s) return s;
        return wrap(type, opField, validateDistrict(v.get<std::string>()));
    case K::Integer:
        if (!v.is_number_integer() ||
            (v.is_number_integer() && !v.is_number_unsigned() && v.get<long long>() < 0))
            return fail(type, opField, "must be a whole number of at least 0");
        return ok();
    case K::Boolean:
        if (!v.is_boolean()) return fail(type, opField, "must be true or false");
        return ok();
    case K::Hex64: {
        if (auto s = needString("a SHA-256 in lower-case hex"); !s) return s;
        const auto& h = v.get_ref<const std::string&>();
        if (h.size() != 64 || !std::all_of(h.begin(), h.end(), [](char c) {
                return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            }))
            return fail(type, opField, "must be a SHA-256 in lower-case hex (64 characters)");
        return ok();
    }
    case K::Location: {
        const auto inRange = [&](const char* key, double lo, double hi) {
            const auto it = v.find(key);
            return it != v.end() && it->is_number() && it->get<double>() >= lo && it->get<double>() <= hi;
        };
        if (!v.is_object() || !inRange("lat", -90, 90) || !inRange("lon", -180, 180))
            return fail(type, opField, "must be {\"lat\": -90..90, \"lon\": -180..180}");
        if (v.contains("accuracy_m") && !inRange("accuracy_m", 0, 1e7))
            return fail(type, opField, "accuracy_m must be a number of metres >= 0");
        return ok();
    }
    case K::TextList: {
        if (!v.is_array()) return fail(type, opField, "must be a list of names");
        for (const auto& e : v)
            if (!e.is_string() || e.get_ref<const std::string&>().empty())
                return fail(type, opField, "must hold only non-empty text");
        if (v.size() < spec->minItems)
            return fail(type, opField,
                        "needs at least " + std::to_string(spec->minItems) + " entries, has " +
                            std::to_string(v.size()));
        return ok();
    }
    case K::Object:
        if (!v.is_object()) return fail(type, opField, "must be a JSON object");
        return ok();
    case K::Array:
        if (!v.is_array()) return fail(type, opField, "must be a JSON array");
        return ok();
    case K::Answer:
        return validateAnswer(type, opField, v);
    }
    return ok();
}

Status validateBody(const RecordType& type, const nlohmann::json& body) {
    if (!body.is_object())
        return validationError(ErrorCode::InvalidInput, type.name + ": body must be a JSON object");
    std::vector<std::string> names;
    for (const auto& [key, value] : body.items()) {
        if (auto s = validateField(type, key, value); !s) return s;
        names.push_back(key);
    }
    return validateRequired(type, names);
}

Status validateRequired(const RecordType& type, const std::vector<std::string>& fieldNames) {
    for (const auto& f : type.fields) {
        if (!f.required) continue;
        if (std::find(fieldNames.begin(), fieldNames.end(), f.name) == fieldNames.end())
            return validationError(ErrorCode::MissingField, where(type, f.name) + "is required");
    }
    return ok();
}

bool statusTransitionAllowed(const std::string& from, const std::string& to) {
    using namespace status;
    return (from == kDraft && to == kSubmitted) ||
           (from == kSubmitted && (to == kApproved || to == kReturned)) ||
           (from == kReturned && to == kSubmitted);
}

Status checkStatusTransition(const std::string& from, const std::string& to) {
    if (statusTransitionAllowed(from, to)) return ok();
    return validationError(ErrorCode::IllegalTransition,
                           "an inspection cannot go from " + from + " to " + to +
                               " (allowed: draft -> submitted -> approved | returned -> submitted)");
}

bool statusIsLocked(const std::string& s) {
    return s == status::kSubmitted || s == status::kApproved;
}

bool isReviewNote(const std::string& type, const std::string& opField) {
    const RecordType* t = findRecordType(type);
    const FieldSpec* f = t ? t->findField(opField) : nullptr;
    return f && f->reviewNote;
}

} // namespace fieldseal
