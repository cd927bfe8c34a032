#pragma once
// Strict JSON request bodies and the one mapping from Error values to HTTP error responses, for
// every route handler:
//
//   auto body = parseJsonObject(ctx.request);
//   if (!body) return errorResponse(body.error());
//   if (auto s = requireMembers(*body, {{"username", JsonType::String},
//                                       {"device_id", JsonType::String, false}});
//       !s)
//       return errorResponse(s.error());
//
// Request-shape errors use ErrorDomain::Usage (HTTP 400); validation of the values is the
// service's job (ErrorDomain::Validation, HTTP 422).

#include "http/http_message.h"
#include "model/result.h"

#include <cstddef>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string_view>

namespace fieldseal::server {

inline constexpr std::size_t kDefaultJsonDepth = 32;

// The body as a JSON object.
// - 400 malformed_json (ErrorCode::MalformedInput): empty, not JSON, invalid UTF-8, a member name
//   twice in one object, or nested deeper than maxDepth;
// - 400 invalid_request (ErrorDomain::Usage): JSON, but not an object.
Result<nlohmann::json> parseJsonObject(const HttpRequest& request, std::size_t maxDepth = kDefaultJsonDepth);

enum class JsonType { String, Integer, Number, Boolean, Object, Array };

struct JsonMember {
    std::string_view name;
    JsonType type;
    bool required = true;
};

// `object` has each required member, no member that is not listed, and each of its listed type
// (null is a wrong type too). Errors are ErrorDomain::Usage (400 invalid_request) naming the
// member, prefixed with `where` for nested objects (e.g. "user").
Status requireMembers(const nlohmann::json& object, std::initializer_list<JsonMember> members,
                      std::string_view where = {});

// {"error":{"code","message"}} with the status for the error:
//   Forbidden (any domain)                  -> 403 forbidden
//   MalformedInput                          -> 400 malformed_json
//   any other ErrorDomain::Usage error      -> 400 invalid_request
//   NotFound                                -> 404 not_found
//   Conflict, Tampered, IllegalTransition,
//   Immutable                               -> 409 conflict / tampered / illegal_transition / immutable
//   ErrorDomain::Store, StoreFailure,
//   SchemaTooNew                            -> 503 storage_unavailable (as the router's own 503)
//   ErrorDomain::Network                    -> 503 unavailable
//   everything else (Validation, Sync, Clock, Seal)
//                                           -> 422 invalid_input (or the code's own name, e.g. clock_ahead)
HttpResponse errorResponse(const Error& error);

// The HTTP status errorResponse() gives `error`.
int httpStatusFor(const Error& error);

} // namespace fieldseal::server
