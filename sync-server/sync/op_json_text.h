#pragma once
// The wire form of a logged op (op_codec.h opToJson, dumped) written straight from the op log's
// columns: the value is already stored as JSON text, so a pull passes it on instead of parsing
// and re-serialising every op. The bytes are exactly opToJson(op).dump(): members in name order,
// strings escaped as nlohmann::json escapes them (UTF-8 kept, control characters escaped).

#include "sync/scope_store.h"

#include <string>
#include <string_view>

namespace fieldseal::server {

void appendJsonString(std::string_view utf8, std::string& out);
void appendOpJson(const LoggedOpText& op, std::string& out);

} // namespace fieldseal::server
