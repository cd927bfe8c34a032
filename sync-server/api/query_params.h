#pragma once
// Reading a route's query string (HttpRequest::query, already percent-decoded) with one set of
// rules and messages for every route. Every refusal is badRequest() (api/errors.h): 400
// invalid_request through errorResponse().
//
//   auto limit = wholeNumberParam(ctx.request.query, "limit");
//   if (!limit) return errorResponse(limit.error());
//   const std::uint64_t n = limit->value_or(50);

#include "model/result.h"

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fieldseal::server {

using QueryParams = std::map<std::string, std::string>;

// The value of `name`; nullopt when the parameter is absent.
std::optional<std::string> queryParam(const QueryParams& query, std::string_view name);

// The value of `name`, "" when absent: for parameters where empty and absent mean the same.
std::string queryValue(const QueryParams& query, std::string_view name);

// "a, b,,c " -> {"a", "b", "c"}: items trimmed of the spaces around them, empty items dropped.
std::vector<std::string> commaList(std::string_view text);

// Decimal digits only (no sign, no spaces) that fit in 64 bits; nullopt otherwise.
std::optional<std::uint64_t> parseWholeNumber(std::string_view text);

// Absent: nullopt. Not a whole number: "'NAME' must be a whole number".
Result<std::optional<std::uint64_t>> wholeNumberParam(const QueryParams& query, std::string_view name);

// Absent: nullopt. Anything but exactly "true" or "false": "'NAME' must be true or false".
Result<std::optional<bool>> boolParam(const QueryParams& query, std::string_view name);

// Absent: nullopt. Anything but one of `choices` (exact match):
// "'NAME' must be A, B or C" (choices in the order given; "'NAME' must be A" for one).
Result<std::optional<std::string>> choiceParam(const QueryParams& query, std::string_view name,
                                               std::initializer_list<std::string_view> choices);

// Refuses the first parameter (in name order) that is not in `known`: "unknown query parameter 'X'".
// For routes where a misspelt parameter must not silently widen or change an answer.
Status onlyKnownParameters(const QueryParams& query, std::initializer_list<std::string_view> known);

} // namespace fieldseal::server
