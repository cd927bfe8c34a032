#pragma once
// RetryPolicy: which outcomes of an HTTP exchange are worth trying again, and how long to wait.
//
// Retryable: no connection, a broken connection, a TLS handshake that broke off, a timeout, 408,
// 429 and 5xx (but 501 and 505, which a retry cannot change). A Retry-After of delta-seconds on a
// 429 or 503 is honoured (up to maxRetryAfter) instead of the backoff.
// Final: every other 4xx — 401, 403, 404, 409, 422 and the rest are answers about the request,
// and what to do about them is the caller's business (renew a token, re-HEAD, record a
// rejection) — and the local or configuration errors: TLS verification, protocol, local I/O,
// invalid request. Cancellation stops everything.
//
// Backoff is exponential with "full jitter": before retry n (n = 1 after the first failure) wait
// a uniformly random time in [0, min(maxDelay, baseDelay * 2^(n-1))]. Randomness comes from a
// seeded generator and time from injected functions, so a test replays the same delays without
// really sleeping.

#include "client/cancel_token.h"
#include "client/http_client.h"
#include "client/sync_error.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>

namespace fieldseal {

enum class RetryVerdict {
    Success,   // a response below 400: done
    Retryable, // try again after a delay
    Final,     // stop; the outcome is the answer
    Cancelled, // stop; the token was raised
};

const char* toString(RetryVerdict verdict);

struct RetryClassification {
    RetryVerdict verdict = RetryVerdict::Final;
    std::optional<std::chrono::milliseconds> retryAfter; // from a Retry-After header
};

RetryClassification classifyOutcome(const HttpResult& outcome);
RetryVerdict classifyStatus(long status);
RetryVerdict classifyError(NetworkErrorKind kind);
// A failed call worth another attempt: the transport failed in a way classifyError retries (not a
// refusal, a local file failure or a cancel).
bool isRetryableNetworkFailure(const SyncError& e);
// Delta-seconds only ("120"); an HTTP-date or garbage gives nothing (the backoff applies).
std::optional<std::chrono::milliseconds> parseRetryAfter(const HttpHeaders& headers);

struct RetryPolicy {
    int maxAttempts = 6; // including the first
    std::chrono::milliseconds baseDelay{500};
    std::chrono::milliseconds maxDelay{30'000};
    // No retry starts once this much time has passed since the first attempt, and no wait would
    // end beyond it.
    std::chrono::milliseconds maxElapsed{120'000};
    std::chrono::milliseconds maxRetryAfter{300'000};

    // The upper bound of the jittered wait before retry n (n >= 1).
    std::chrono::milliseconds ceilingFor(int retry) const;
};

// What withRetries needs from the world, replaceable in tests.
struct RetryEnvironment {
    using Clock = std::chrono::steady_clock;
    std::uint64_t seed = std::random_device{}();
    // Waits `d`; returns true when cancelled meanwhile. Default: cancel.waitFor(d).
    std::function<bool(std::chrono::milliseconds)> sleep;
    std::function<Clock::time_point()> now; // default: steady_clock::now
    CancelToken cancel;
    // Told before each wait: the retry number (1 = first retry), why, and how long.
    std::function<void(int retry, const HttpResult& outcome, std::chrono::milliseconds delay)> onRetry;
};

// Draws the jittered delays of one retry sequence.
class Backoff {
public:
    Backoff(const RetryPolicy& policy, std::uint64_t seed)
        : m_policy(policy)
        , m_rng(seed) {}
    std::chrono::milliseconds delayFor(int retry);

private:
    RetryPolicy m_policy;
    std::mt19937_64 m_rng;
};

struct RetryReport {
    int attempts = 0;
    RetryVerdict lastVerdict = RetryVerdict::Final;
    bool gaveUp = false; // the last outcome was retryable but attempts or time ran out
    std::chrono::milliseconds waited{0};
};

// Runs `attempt` until it succeeds, fails finally, is cancelled, or the policy's attempts or
// elapsed time run out; returns the last outcome (Cancelled when cancellation stopped it).
HttpResult withRetries(const RetryPolicy& policy, RetryEnvironment env,
                       const std::function<HttpResult()>& attempt, RetryReport* report = nullptr);

// The waits between the attempts of a transfer that resumes where it stopped (BlobUploader::upload,
// fetchEvidence). Those run their own loops, because what a failure means and what to do after the
// wait are theirs; this keeps the count and waits. Only failures in a row without progress count,
// and the policy's maxAttempts-th of them ends the transfer. maxElapsed does not apply: a transfer
// that keeps moving may take as long as it needs.
class ProgressRetries {
public:
    enum class Next {
        TryAgain,  // it waited: try again
        GiveUp,    // that was the maxAttempts-th failure in a row: stop, with the caller's error
        Cancelled, // the token was raised before or during the wait
    };

    ProgressRetries(const RetryPolicy& policy, RetryEnvironment env);
    // After a failure: unless it gives up, waits the server's Retry-After (up to maxRetryAfter) or
    // else the backoff for this failure.
    Next failed(std::optional<std::chrono::milliseconds> retryAfter = std::nullopt);
    // The transfer moved on: failures count from 0 again.
    void progressed() { m_failures = 0; }
    int failures() const { return m_failures; } // in a row, without progress

private:
    RetryPolicy m_policy;
    RetryEnvironment m_env;
    Backoff m_backoff;
    int m_failures = 0;
};

} // namespace fieldseal
