#pragma once
// The wire form of ops (JSON, one object per op; JSON Lines in files) and the checks every op
// must pass before it is merged, whoever sent it.

#include "model/op.h"
#include "model/result.h"

#include <istream>
#include <string>
#include <vector>

namespace fieldseal {

nlohmann::json opToJson(const Op& op);
// Strict: every member present with the right JSON type; no extra members.
Result<Op> opFromJson(const nlohmann::json& j);

// Structure and schema: known type, a field that type has, a valid value, sane clock and ids.
Status validateOp(const Op& op);

// Reads JSON Lines until end of input: all ops, or the first error with its line number
// (malformed JSON, a bad op, or a last line cut short).
Result<std::vector<Op>> readOpLines(std::istream& in);

} // namespace fieldseal
