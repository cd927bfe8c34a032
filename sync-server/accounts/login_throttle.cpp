#include "login_throttle.h"

#include <algorithm>

namespace fieldseal::server {

std::int64_t loginBackoffWindow(const ThrottlePolicy& policy, int failures) {
    if (failures < policy.freeFailures) return 0;
    std::int64_t window = policy.firstDelaySeconds;
    for (int i = policy.freeFailures; i < failures && window < policy.maxDelaySeconds; ++i)
        window *= 2;
    return std::min(window, policy.maxDelaySeconds);
}

std::int64_t loginRetryAfterMs(const ThrottlePolicy& policy, int failures, std::int64_t lastFailureAtMs,
                               std::int64_t nowMs) {
    const std::int64_t window = loginBackoffWindow(policy, failures) * 1000;
    // A clock that stepped back still waits the window from now, never longer.
    const std::int64_t elapsed = std::max<std::int64_t>(0, nowMs - lastFailureAtMs);
    return std::max<std::int64_t>(0, window - elapsed);
}

std::int64_t loginRetryAfterSeconds(const ThrottlePolicy& policy, int failures, std::int64_t lastFailureAtMs,
                                    std::int64_t nowMs) {
    const std::int64_t ms = loginRetryAfterMs(policy, failures, lastFailureAtMs, nowMs);
    return (ms + 999) / 1000;
}

} // namespace fieldseal::server
