#pragma once
// The Error values of the expected failures every server part reports, in one place so that each
// kind of failure has one domain and code (and so one HTTP answer through errorResponse() in
// api/json_body.h). Routes answer with errorResponse(badRequest(...)) rather than composing a
// status and code by hand.

#include "model/result.h"

#include <string>

namespace fieldseal::server {

// The request itself is wrong (a query parameter, a member's shape): 400 invalid_request.
Error badRequest(std::string message);

// The caller may not do this (role, district, ownership): 403 forbidden.
Error forbidden(std::string message);

// The addressed thing does not exist: 404 not_found.
Error notFound(std::string message);

// A well-formed request whose values are refused (an unknown district, a bad time): 422 invalid_input.
Error invalidInput(std::string message);

// The storage failed (I/O, corruption, a lost race to retry): 503 storage_unavailable.
Error storeFailure(std::string message);

} // namespace fieldseal::server
