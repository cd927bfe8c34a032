#pragma once
// How long a username must rest after consecutive failed logins. Pure policy; the account service
// keeps the counts (login_failures) and asks this before it runs the expensive KDF.
//
// After `freeFailures` consecutive failures, each further attempt must wait a window that doubles
// from `firstDelaySeconds` up to `maxDelaySeconds` after the last failure (1 s, 2 s, 4 s, ... 5 min
// by default). An attempt refused for waiting too little does not count as a failure, so a
// refused client is never locked out longer than the cap.

#include <cstdint>

namespace fieldseal::server {

struct ThrottlePolicy {
    int freeFailures = 5;
    std::int64_t firstDelaySeconds = 1;
    std::int64_t maxDelaySeconds = 300;
};

// Seconds the next attempt must still wait; 0 when an attempt may be made now.
std::int64_t loginRetryAfter(const ThrottlePolicy& policy, int failures, std::int64_t lastFailureAt,
                             std::int64_t now);

// The window that `failures` consecutive failures impose after the last one (0 below the threshold).
std::int64_t loginBackoffWindow(const ThrottlePolicy& policy, int failures);

} // namespace fieldseal::server
