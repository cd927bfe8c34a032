#pragma once
// The body of POST /v1/sync read straight into a SyncRequest, in one pass over the text (a SAX
// reader), for the common case: a well-formed request. Building the whole JSON document first and
// then copying each op out of it (opFromJson) was a quarter of the server's time on a push
// (bench_server profile): nine map nodes and strings per op before a single op existed.
//
// Only the op values are built as JSON documents. Anything unusual — malformed JSON, a missing,
// unknown, repeated or mistyped member, too many ops — makes this return nullopt, and the caller
// parses the body the thorough way, which says exactly what is wrong. So this reader never
// accepts what the thorough parse refuses, and yields the same request for what it accepts
// (test_sync_request_reader checks this on thousands of mutated bodies).
//
// readSyncRequest is the whole of it: the hand-written scanner (plain_request_scanner.h), then
// the SAX reader, then the thorough parse. The tiers are declared one by one for the tests.

#include "sync/sync_service.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace fieldseal::server {

// Why a body is not a sync request.
struct SyncRequestProblem {
    enum class Kind {
        MalformedJson, // not JSON at all
        Invalid,       // JSON, but not a request: `message` says which member is wrong and how
        TooManyOps,    // more than maxOps ops: the device sends the rest in the next push
    };
    Kind kind;
    std::string message;
};

// The request in `body`, or why it is none.
std::variant<SyncRequest, SyncRequestProblem> readSyncRequest(std::string_view body, std::size_t maxOps);

// nullopt: not a plain well-formed request of at most maxOps ops (parse it the thorough way).
// The hand-written scanner, then the SAX reader.
std::optional<SyncRequest> readSyncRequestFast(std::string_view body, std::size_t maxOps);
// The SAX reader alone.
std::optional<SyncRequest> readSyncRequestSax(std::string_view body, std::size_t maxOps);
// The thorough parse alone: the whole document first, then each member checked.
std::variant<SyncRequest, SyncRequestProblem> readSyncRequestThorough(std::string_view body, std::size_t maxOps);

} // namespace fieldseal::server
