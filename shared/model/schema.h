#pragma once
// The record types of DESIGN.md "Data model" and the rules for their fields. The schema is data
// (tables in schema.cpp) so that adding a field is one line; validation gives a message that
// names the record type, the field and the rule broken.

#include "result.h"

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace fieldseal {

enum class FieldKind {
    Text,     // non-empty UTF-8 string
    Enum,     // one of FieldSpec::values
    Date,     // YYYY-MM-DD, a real calendar date
    DateTime, // RFC 3339, e.g. 2026-11-05T09:30:00+08:00
    Uscc,     // unified social credit code with a valid check character
    District, // a code from assets/districts.json
    Integer,  // whole number >= 0
    Boolean,
    Hex64,    // lower-case hex SHA-256
    Location, // {"lat": -90..90, "lon": -180..180, "accuracy_m": >= 0 (optional)}
    TextList, // array of non-empty strings, at least minItems
    Object,   // any JSON object
    Array,    // any JSON array
    Answer,   // checklist answer {"result": pass|fail|not_applicable, "note": text, ...}
    Status,   // the inspection status machine (see statusTransitionAllowed)
};

struct FieldSpec {
    std::string name;
    FieldKind kind;
    bool required = false;
    std::vector<std::string> values; // Enum
    size_t minItems = 0;             // TextList
    bool isMap = false;              // edited per key as "name.KEY", merged per key
    bool reviewNote = false;         // written by reviewers: editable while locked, not content
};

struct RecordType {
    std::string name;
    bool immutable = false; // inserted once as a whole body; never edited
    bool hasStatus = false; // follows draft -> submitted -> approved | returned -> submitted
    std::vector<FieldSpec> fields;

    // The spec for a field name as used in ops: "conclusion", or "answers.ccc-1.2" for a map entry.
    const FieldSpec* findField(const std::string& opField) const;
};

const std::vector<RecordType>& recordTypes();
const RecordType* findRecordType(const std::string& name);
Result<const RecordType*> requireRecordType(const std::string& name);

// One field value against its spec.
Status validateField(const RecordType& type, const std::string& opField, const nlohmann::json& value);
// The whole body of an immutable record: every field valid, every required field present.
Status validateBody(const RecordType& type, const nlohmann::json& body);
// Required fields of a mutable record present among `fieldNames` (existing and new together).
Status validateRequired(const RecordType& type, const std::vector<std::string>& fieldNames);

// Inspection status machine.
namespace status {
inline constexpr const char* kDraft = "draft";
inline constexpr const char* kSubmitted = "submitted";
inline constexpr const char* kApproved = "approved";
inline constexpr const char* kReturned = "returned";
} // namespace status
bool statusTransitionAllowed(const std::string& from, const std::string& to);
Status checkStatusTransition(const std::string& from, const std::string& to);
// Submitted and approved records are locked: their fields change only after a return.
bool statusIsLocked(const std::string& s);
// A reviewer's note (e.g. inspection.review_comment): not part of the content that is submitted
// or signed, so it may be written on a locked record and does not make signatures stale.
bool isReviewNote(const std::string& type, const std::string& opField);

// Checks used by the schema, exposed for other validators (CLI, server).
Status validateDate(const std::string& s);
Status validateDateTime(const std::string& s);

} // namespace fieldseal
