#pragma once
// Decoding a POST /v1/sync reply straight into ops, without building a JSON document of the
// whole reply first (a page of 5000 ops is about 1.4 MB: the document alone costs more than the
// ops). Each op's "value" and the small members (rejected, conflicts) are still built as JSON.
// Same rules and messages as opFromJson for each op; parseSyncReply (sync_protocol.h) uses it.

#include "client/sync_protocol.h"

namespace fieldseal {

Result<SyncReply> decodeSyncReply(std::string_view body);

} // namespace fieldseal
