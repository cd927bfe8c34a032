#pragma once
// The body of POST /v1/sync read straight into a SyncRequest, in one pass over the text (a SAX
// reader), for the common case: a well-formed request. Building the whole JSON document first and
// then copying each op out of it (opFromJson) was a quarter of the server's time on a push
// (bench_server profile): nine map nodes and strings per op before a single op existed.
//
// Only the op values are built as JSON documents. Anything unusual — malformed JSON, a missing,
// unknown, repeated or mistyped member, too many ops — makes this return nullopt, and the caller
// parses the body the thorough way, which says exactly what is wrong. So this reader never
// accepts what the thorough parse refuses, and yields the same request for what it accepts.

#include "sync/sync_service.h"

#include <cstddef>
#include <optional>
#include <string_view>

namespace fieldseal::server {

// nullopt: not a plain well-formed request of at most maxOps ops (parse it the thorough way).
std::optional<SyncRequest> readSyncRequestFast(std::string_view body, std::size_t maxOps);

} // namespace fieldseal::server
