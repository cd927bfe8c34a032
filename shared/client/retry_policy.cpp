#include "client/retry_policy.h"

#include <algorithm>
#include <charconv>

namespace fieldseal {

using std::chrono::milliseconds;

const char* toString(RetryVerdict verdict) {
    switch (verdict) {
    case RetryVerdict::Success:
        return "success";
    case RetryVerdict::Retryable:
        return "retryable";
    case RetryVerdict::Final:
        return "final";
    case RetryVerdict::Cancelled:
        return "cancelled";
    }
    return "unknown";
}

RetryVerdict classifyStatus(long status) {
    if (status < 400) return RetryVerdict::Success;
    if (status == 408 || status == 429) return RetryVerdict::Retryable;
    if (status == 501 || status == 505) return RetryVerdict::Final;
    if (status >= 500) return RetryVerdict::Retryable;
    return RetryVerdict::Final;
}

RetryVerdict classifyError(NetworkErrorKind kind) {
    switch (kind) {
    case NetworkErrorKind::ConnectFailed:
    case NetworkErrorKind::Timeout:
    case NetworkErrorKind::ConnectionReset:
    case NetworkErrorKind::TlsHandshakeFailed:
        return RetryVerdict::Retryable;
    case NetworkErrorKind::Cancelled:
        return RetryVerdict::Cancelled;
    case NetworkErrorKind::TlsVerificationFailed:
    case NetworkErrorKind::Protocol:
    case NetworkErrorKind::LocalIo:
    case NetworkErrorKind::InvalidRequest:
    case NetworkErrorKind::Other:
        return RetryVerdict::Final;
    }
    return RetryVerdict::Final;
}

bool isRetryableNetworkFailure(const SyncError& e) {
    return e.kind == SyncErrorKind::Network && e.network && classifyError(e.network->kind) == RetryVerdict::Retryable;
}

std::optional<milliseconds> parseRetryAfter(const HttpHeaders& headers) {
    const auto value = headers.get("Retry-After");
    if (!value || value->empty()) return std::nullopt;
    std::uint64_t seconds = 0;
    const char* end = value->data() + value->size();
    const auto [p, ec] = std::from_chars(value->data(), end, seconds);
    if (ec != std::errc() || p != end) return std::nullopt;
    seconds = std::min<std::uint64_t>(seconds, 10'000'000); // no overflow in the milliseconds below
    return milliseconds(static_cast<std::int64_t>(seconds) * 1000);
}

RetryClassification classifyOutcome(const HttpResult& outcome) {
    if (!outcome.ok()) return {classifyError(outcome.error().kind), std::nullopt};
    const long status = outcome->status;
    RetryClassification c{classifyStatus(status), std::nullopt};
    if (c.verdict == RetryVerdict::Retryable && (status == 429 || status == 503))
        c.retryAfter = parseRetryAfter(outcome->headers);
    return c;
}

milliseconds RetryPolicy::ceilingFor(int retry) const {
    if (retry < 1) return milliseconds(0);
    // Doubling stops as soon as it reaches the cap, so no shift overflows.
    std::int64_t ceiling = std::max<std::int64_t>(baseDelay.count(), 0);
    for (int i = 1; i < retry && ceiling < maxDelay.count(); ++i)
        ceiling *= 2;
    return milliseconds(std::min(ceiling, static_cast<std::int64_t>(maxDelay.count())));
}

milliseconds Backoff::delayFor(int retry) {
    const auto ceiling = m_policy.ceilingFor(retry).count();
    std::uniform_int_distribution<std::int64_t> pick(0, ceiling);
    return milliseconds(pick(m_rng));
}

HttpResult withRetries(const RetryPolicy& policy, RetryEnvironment env,
                       const std::function<HttpResult()>& attempt, RetryReport* report) {
    if (!env.now) env.now = [] { return RetryEnvironment::Clock::now(); };
    if (!env.sleep) env.sleep = [cancel = env.cancel](milliseconds d) { return cancel.waitFor(d); };
    RetryReport local;
    RetryReport& r = report ? *report : local;
    r = RetryReport{};

    const auto cancelledError = [] { return NetworkError{NetworkErrorKind::Cancelled, "cancelled"}; };
    Backoff backoff(policy, env.seed);
    const auto started = env.now();
    for (;;) {
        if (env.cancel.cancelled()) {
            r.lastVerdict = RetryVerdict::Cancelled;
            return cancelledError();
        }
        HttpResult outcome = attempt();
        ++r.attempts;
        const RetryClassification c = classifyOutcome(outcome);
        r.lastVerdict = c.verdict;
        if (c.verdict != RetryVerdict::Retryable) return outcome;

        const int retry = r.attempts; // the retry we are about to make
        milliseconds delay =
            c.retryAfter ? std::min(*c.retryAfter, policy.maxRetryAfter) : backoff.delayFor(retry);
        const auto elapsed = std::chrono::duration_cast<milliseconds>(env.now() - started);
        if (r.attempts >= policy.maxAttempts || elapsed + delay > policy.maxElapsed) {
            r.gaveUp = true;
            return outcome;
        }
        if (env.onRetry) env.onRetry(retry, outcome, delay);
        if (env.sleep(delay)) {
            r.lastVerdict = RetryVerdict::Cancelled;
            return cancelledError();
        }
        r.waited += delay;
    }
}

ProgressRetries::ProgressRetries(const RetryPolicy& policy, RetryEnvironment env)
    : m_policy(policy)
    , m_env(std::move(env))
    , m_backoff(policy, m_env.seed) {
    if (!m_env.sleep) m_env.sleep = [cancel = m_env.cancel](milliseconds d) { return cancel.waitFor(d); };
}

ProgressRetries::Next ProgressRetries::failed(std::optional<milliseconds> retryAfter) {
    if (++m_failures >= m_policy.maxAttempts) return Next::GiveUp;
    const milliseconds delay =
        retryAfter ? std::min(*retryAfter, m_policy.maxRetryAfter) : m_backoff.delayFor(m_failures);
    if (m_env.sleep(delay) || m_env.cancel.cancelled()) return Next::Cancelled;
    return Next::TryAgain;
}

} // namespace fieldseal
