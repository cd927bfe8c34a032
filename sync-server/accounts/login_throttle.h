#pragma once
// How long a username must rest after consecutive failed logins. Pure policy; the account service
// keeps the counts (login_failures) and asks this before it runs the expensive KDF.
//
// After `freeFailures` consecutive failures, each further attempt must wait a window that doubles
// from `firstDelaySeconds` up to `maxDelaySeconds` after the last failure (1 s, 2 s, 4 s, ... 5 min
// by default). An attempt refused for waiting too little does not count as a failure, so a
// refused client is never locked out longer than the cap.
//
// Times are unix milliseconds: with whole seconds a failure at 12.999 s was stored as 12 s, and
// the 1 s window was over at 13.0 s, 1 ms later. The wait is told in whole seconds (Retry-After),
// rounded up, so a client that waits what it was told is never refused again for the same window.

#include <cstdint>

namespace fieldseal::server {

struct ThrottlePolicy {
    int freeFailures = 5;
    std::int64_t firstDelaySeconds = 1;
    std::int64_t maxDelaySeconds = 300;
};

// Milliseconds the next attempt must still wait; 0 when an attempt may be made now.
std::int64_t loginRetryAfterMs(const ThrottlePolicy& policy, int failures, std::int64_t lastFailureAtMs,
                               std::int64_t nowMs);

// The same wait in whole seconds, rounded up (what Retry-After says); 0 when none.
std::int64_t loginRetryAfterSeconds(const ThrottlePolicy& policy, int failures, std::int64_t lastFailureAtMs,
                                    std::int64_t nowMs);

// The window, in seconds, that `failures` consecutive failures impose after the last one (0 below
// the threshold).
std::int64_t loginBackoffWindow(const ThrottlePolicy& policy, int failures);

} // namespace fieldseal::server
