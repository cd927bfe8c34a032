#pragma once
// Op: one change, the unit that is logged, exchanged and merged (DESIGN.md "Sync" rule 1).

#include "hlc.h"

#include <compare>
#include <nlohmann/json.hpp>
#include <string>

namespace fieldseal {

// The field name an op uses to insert the whole body of an immutable record.
inline constexpr const char* kBodyField = "*";
// The field of a status change; its value is {"status": TO, "seen": {field: [hlc, device]}}.
inline constexpr const char* kStatusField = "status";

struct Op {
    std::string opId;     // UUIDv7, unique per device
    std::string recordId; // the record changed
    std::string type;     // the record's type
    std::string field; // the field set, kBodyField for an immutable insert, kStatusField for a status change
    nlohmann::json value; // the new value (null clears an optional field)
    Hlc hlc = 0;          // when, by the author's hybrid logical clock
    Hlc baseVersion = 0;  // the record version the author had seen (see sync/merge_rules.h)
    std::string device;   // author's device id
    std::string user;     // author's user name

    bool isBody() const { return field == kBodyField; }
    bool isStatus() const { return field == kStatusField; }
    bool operator==(const Op&) const = default;
};

// The version of one field write: last writer wins by HLC, ties broken by device id.
struct FieldClock {
    Hlc hlc = 0;
    std::string device;
    auto operator<=>(const FieldClock&) const = default;
};

} // namespace fieldseal
