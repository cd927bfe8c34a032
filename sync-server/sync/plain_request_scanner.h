#pragma once
// The first reader of a POST /v1/sync body: a hand-written scanner for the plain form devices send
// (what nlohmann's dump() writes). On a 500-op push, nlohmann's lexer (it copies every byte into
// a token buffer and checks UTF-8 byte by byte through a virtual-free but branchy get()) was the
// largest cost outside the database lock, a fifth of the server's CPU (bench_server profile).
//
// It accepts only a strict subset of JSON and declines (nullopt) everything else, which then goes
// to the SAX reader and, failing that, to the thorough parse (sync_request_reader.h): \u escapes,
// numbers with a fraction or exponent or beyond 64 bits, control characters, any byte sequence
// that is not well-formed UTF-8, nesting deeper than 64, and every request shape the SAX reader
// declines too (unknown, repeated, missing or mistyped members, too many ops). What it accepts it
// reads exactly as nlohmann's parser does (same value types, the last of repeated keys in a value).
// It also keeps each op value's text when it is exactly what dump() writes (SyncRequest::
// valueTexts): no space, keys in order and once each, no "\/" and no "-0". Devices send that
// form, so the server stores their text instead of serialising 500 values again.

#include "sync/sync_service.h"

#include <cstddef>
#include <optional>
#include <string_view>

namespace fieldseal::server {

std::optional<SyncRequest> scanPlainSyncRequest(std::string_view body, std::size_t maxOps);

} // namespace fieldseal::server
