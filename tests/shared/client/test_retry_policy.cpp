// RetryPolicy and withRetries: the verdict for every class of outcome, the capped exponential
// ceiling, full jitter inside its bounds and replayable from a seed, giving up after the attempts
// or the time allowed, Retry-After, cancellation (before, during a wait, from another thread), and
// one end-to-end run against a TestHttpServer that fails twice; ProgressRetries' count of failures
// in a row, its waits and its cancellation. Time is simulated: nothing sleeps.
#include "client/retry_policy.h"
#include "support/test_http_server.h"

#include <QtTest>
#include <thread>

using namespace fieldseal;
using namespace fieldseal::test;
using namespace std::chrono_literals;
using std::chrono::milliseconds;

Q_DECLARE_METATYPE(RetryVerdict)

namespace {

HttpResult status(long code, HttpHeaders headers = {}) {
    HttpResponse r;
    r.status = code;
    r.headers = std::move(headers);
    return r;
}

HttpResult failure(NetworkErrorKind kind) {
    return NetworkError{kind, "simulated"};
}

// A clock that only moves when the fake sleep says so.
struct FakeTime {
    RetryEnvironment::Clock::time_point now{};
    std::vector<milliseconds> sleeps;

    RetryEnvironment environment(std::uint64_t seed = 42) {
        RetryEnvironment env;
        env.seed = seed;
        env.now = [this] { return now; };
        env.sleep = [this](milliseconds d) {
            sleeps.push_back(d);
            now += d;
            return false;
        };
        return env;
    }
};

RetryPolicy smallPolicy() {
    RetryPolicy p;
    p.maxAttempts = 5;
    p.baseDelay = 100ms;
    p.maxDelay = 1000ms;
    p.maxElapsed = 60s;
    return p;
}

} // namespace

class TestRetryPolicy : public QObject {
    Q_OBJECT

private slots:
    void classification_data() {
        QTest::addColumn<int>("kind"); // -1: an HTTP status instead
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("retryAfter");
        QTest::addColumn<RetryVerdict>("verdict");
        QTest::addColumn<int>("retryAfterMs"); // -1: none

        const auto net = [](const char* name, NetworkErrorKind k, RetryVerdict v) {
            QTest::newRow(name) << static_cast<int>(k) << 0 << QString() << v << -1;
        };
        net("connect failure", NetworkErrorKind::ConnectFailed, RetryVerdict::Retryable);
        net("connection reset", NetworkErrorKind::ConnectionReset, RetryVerdict::Retryable);
        net("timeout", NetworkErrorKind::Timeout, RetryVerdict::Retryable);
        net("tls handshake broken", NetworkErrorKind::TlsHandshakeFailed, RetryVerdict::Retryable);
        net("tls not trusted", NetworkErrorKind::TlsVerificationFailed, RetryVerdict::Final);
        net("protocol", NetworkErrorKind::Protocol, RetryVerdict::Final);
        net("local io", NetworkErrorKind::LocalIo, RetryVerdict::Final);
        net("invalid request", NetworkErrorKind::InvalidRequest, RetryVerdict::Final);
        net("other", NetworkErrorKind::Other, RetryVerdict::Final);
        net("cancelled", NetworkErrorKind::Cancelled, RetryVerdict::Cancelled);

        const auto http = [](const char* name, int code, const char* retryAfter, RetryVerdict v, int ms) {
            QTest::newRow(name) << -1 << code << QString(retryAfter) << v << ms;
        };
        http("200", 200, "", RetryVerdict::Success, -1);
        http("204", 204, "", RetryVerdict::Success, -1);
        http("400", 400, "", RetryVerdict::Final, -1);
        http("401", 401, "", RetryVerdict::Final, -1);
        http("403", 403, "", RetryVerdict::Final, -1);
        http("404", 404, "", RetryVerdict::Final, -1);
        http("408", 408, "", RetryVerdict::Retryable, -1);
        http("409", 409, "", RetryVerdict::Final, -1);
        http("413", 413, "", RetryVerdict::Final, -1);
        http("422", 422, "", RetryVerdict::Final, -1);
        http("429 without Retry-After", 429, "", RetryVerdict::Retryable, -1);
        http("429 Retry-After 7", 429, "7", RetryVerdict::Retryable, 7000);
        http("429 Retry-After 0", 429, " 0 ", RetryVerdict::Retryable, 0);
        http("429 Retry-After date", 429, "Wed, 21 Oct 2026 07:28:00 GMT", RetryVerdict::Retryable, -1);
        http("429 Retry-After negative", 429, "-3", RetryVerdict::Retryable, -1);
        http("500", 500, "", RetryVerdict::Retryable, -1);
        http("500 ignores Retry-After", 500, "9", RetryVerdict::Retryable, -1);
        http("501", 501, "", RetryVerdict::Final, -1);
        http("502", 502, "", RetryVerdict::Retryable, -1);
        http("503", 503, "", RetryVerdict::Retryable, -1);
        http("503 Retry-After 2", 503, "2", RetryVerdict::Retryable, 2000);
        http("504", 504, "", RetryVerdict::Retryable, -1);
    }

    void classification() {
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(QString, retryAfter);
        QFETCH(RetryVerdict, verdict);
        QFETCH(int, retryAfterMs);
        HttpHeaders headers;
        if (!retryAfter.isEmpty()) headers.add("retry-after", retryAfter.toStdString());
        const HttpResult outcome =
            kind >= 0 ? failure(static_cast<NetworkErrorKind>(kind)) : ::status(status, headers);
        const auto c = classifyOutcome(outcome);
        QCOMPARE(c.verdict, verdict);
        if (retryAfterMs < 0) {
            QVERIFY(!c.retryAfter);
        } else {
            QVERIFY(c.retryAfter);
            QCOMPARE(c.retryAfter->count(), static_cast<long>(retryAfterMs));
        }
    }

    void ceilingGrowsExponentiallyAndIsCapped() {
        const auto p = smallPolicy();
        const std::vector<long> expected{100, 200, 400, 800, 1000, 1000, 1000};
        for (int retry = 1; retry <= 7; ++retry)
            QCOMPARE(p.ceilingFor(retry).count(), expected[retry - 1]);
        QCOMPARE(p.ceilingFor(1000).count(), 1000L); // no overflow however far it goes
        QCOMPARE(p.ceilingFor(0).count(), 0L);
    }

    void jitterStaysWithinBoundsAndReplaysFromTheSeed() {
        const auto p = smallPolicy();
        Backoff a(p, 7), b(p, 7), c(p, 8);
        bool differs = false;
        for (int retry = 1; retry <= 6; ++retry) {
            milliseconds lo = milliseconds::max(), hi{0};
            for (int i = 0; i < 500; ++i) {
                const auto d = a.delayFor(retry);
                QCOMPARE(b.delayFor(retry), d);
                differs = differs || c.delayFor(retry) != d;
                QVERIFY(d >= 0ms);
                QVERIFY(d <= p.ceilingFor(retry));
                lo = std::min(lo, d);
                hi = std::max(hi, d);
            }
            // Full jitter spreads over the whole range, not around the ceiling.
            QVERIFY(lo <= p.ceilingFor(retry) / 4);
            QVERIFY(hi >= p.ceilingFor(retry) * 3 / 4);
        }
        QVERIFY(differs);
    }

    void givesUpAfterMaxAttempts() {
        FakeTime time;
        int calls = 0;
        RetryReport report;
        auto out = withRetries(
            smallPolicy(), time.environment(),
            [&] {
                ++calls;
                return status(503);
            },
            &report);
        QVERIFY(out.ok());
        QCOMPARE(out->status, 503L);
        QCOMPARE(calls, 5);
        QCOMPARE(report.attempts, 5);
        QVERIFY(report.gaveUp);
        QCOMPARE(report.lastVerdict, RetryVerdict::Retryable);
        QCOMPARE(time.sleeps.size(), std::size_t(4));
        for (std::size_t i = 0; i < time.sleeps.size(); ++i)
            QVERIFY(time.sleeps[i] <= smallPolicy().ceilingFor(static_cast<int>(i) + 1));
    }

    void sameSeedSameWaits() {
        FakeTime t1, t2;
        const auto fail = [] { return failure(NetworkErrorKind::ConnectionReset); };
        (void)withRetries(smallPolicy(), t1.environment(99), fail);
        (void)withRetries(smallPolicy(), t2.environment(99), fail);
        QCOMPARE(t1.sleeps, t2.sleeps);
    }

    void finalOutcomeStopsAtOnce() {
        for (long code : {401L, 403L, 404L, 409L, 422L}) {
            FakeTime time;
            int calls = 0;
            RetryReport report;
            auto out = withRetries(
                smallPolicy(), time.environment(),
                [&] {
                    ++calls;
                    return status(code);
                },
                &report);
            QCOMPARE(out->status, code);
            QCOMPARE(calls, 1);
            QVERIFY(!report.gaveUp);
            QCOMPARE(report.lastVerdict, RetryVerdict::Final);
            QVERIFY(time.sleeps.empty());
        }
    }

    void succeedsAfterTransientFailures() {
        FakeTime time;
        int calls = 0;
        RetryReport report;
        auto out = withRetries(
            smallPolicy(), time.environment(),
            [&]() -> HttpResult {
                ++calls;
                if (calls == 1) return failure(NetworkErrorKind::ConnectionReset);
                if (calls == 2) return failure(NetworkErrorKind::Timeout);
                return status(200);
            },
            &report);
        QVERIFY(out.ok());
        QCOMPARE(out->status, 200L);
        QCOMPARE(report.attempts, 3);
        QCOMPARE(report.lastVerdict, RetryVerdict::Success);
        QCOMPARE(time.sleeps.size(), std::size_t(2));
    }

    void honoursRetryAfter() {
        FakeTime time;
        int calls = 0;
        std::vector<int> retriesSeen;
        auto env = time.environment();
        env.onRetry = [&](int retry, const HttpResult& outcome, milliseconds delay) {
            retriesSeen.push_back(retry);
            QCOMPARE(outcome->status, 429L);
            QCOMPARE(delay, milliseconds(3000));
        };
        auto out = withRetries(smallPolicy(), env, [&] {
            return ++calls == 1 ? status(429, {{"Retry-After", "3"}}) : status(200);
        });
        QCOMPARE(out->status, 200L);
        QCOMPARE(time.sleeps, std::vector<milliseconds>{3000ms});
        QCOMPARE(retriesSeen, std::vector<int>{1});
    }

    void retryAfterIsCappedAndBoundedByElapsed() {
        auto p = smallPolicy();
        p.maxRetryAfter = 5s;
        FakeTime time;
        int calls = 0;
        auto out = withRetries(p, time.environment(), [&] {
            return ++calls == 1 ? status(503, {{"Retry-After", "86400"}}) : status(200);
        });
        QCOMPARE(out->status, 200L);
        QCOMPARE(time.sleeps, std::vector<milliseconds>{5000ms});

        p.maxRetryAfter = 600s; // a wait past maxElapsed (60 s) is not worth starting
        FakeTime time2;
        RetryReport report;
        out = withRetries(
            p, time2.environment(),
            [&] {
                return status(429, {{"Retry-After", "120"}});
            },
            &report);
        QCOMPARE(out->status, 429L);
        QCOMPARE(report.attempts, 1);
        QVERIFY(report.gaveUp);
        QVERIFY(time2.sleeps.empty());
    }

    void givesUpWhenTimeRunsOut() {
        auto p = smallPolicy();
        p.maxAttempts = 100;
        p.maxElapsed = 10s;
        FakeTime time;
        RetryReport report;
        auto out = withRetries(
            p, time.environment(),
            [&] {
                time.now += 3s; // each attempt itself takes 3 s
                return failure(NetworkErrorKind::Timeout);
            },
            &report);
        QVERIFY(!out.ok());
        QCOMPARE(out.error().kind, NetworkErrorKind::Timeout);
        QVERIFY(report.gaveUp);
        QVERIFY(report.attempts >= 3 && report.attempts <= 4);
        QVERIFY(time.now - RetryEnvironment::Clock::time_point{} <= 10s + 3s);
    }

    void cancellationStopsBeforeAndDuringWaits() {
        FakeTime time;
        auto env = time.environment();
        env.cancel.cancel();
        int calls = 0;
        auto out = withRetries(smallPolicy(), env, [&] {
            ++calls;
            return status(200);
        });
        QVERIFY(!out.ok());
        QCOMPARE(out.error().kind, NetworkErrorKind::Cancelled);
        QCOMPARE(calls, 0);

        // Cancelled while waiting for the next attempt.
        auto env2 = time.environment();
        env2.sleep = [token = env2.cancel](milliseconds) mutable {
            token.cancel();
            return true;
        };
        RetryReport report;
        out = withRetries(
            smallPolicy(), env2, [&] { return status(503); }, &report);
        QVERIFY(!out.ok());
        QCOMPARE(out.error().kind, NetworkErrorKind::Cancelled);
        QCOMPARE(report.attempts, 1);
        QCOMPARE(report.lastVerdict, RetryVerdict::Cancelled);
    }

    void progressRetriesCountOnlyFailuresInARow() {
        FakeTime time;
        ProgressRetries retries(smallPolicy(), time.environment()); // maxAttempts 5
        for (int i = 0; i < 4; ++i)
            QCOMPARE(retries.failed(), ProgressRetries::Next::TryAgain);
        QCOMPARE(retries.failures(), 4);
        retries.progressed(); // four failures, then progress: the count starts again
        QCOMPARE(retries.failures(), 0);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(retries.failed(), ProgressRetries::Next::TryAgain);
        QCOMPARE(retries.failed(), ProgressRetries::Next::GiveUp);
        QCOMPARE(retries.failures(), 5);
        QCOMPARE(time.sleeps.size(), std::size_t(8)); // no wait before giving up
        for (std::size_t i = 0; i < time.sleeps.size(); ++i)
            QVERIFY(time.sleeps[i] <= smallPolicy().ceilingFor(static_cast<int>(i % 4) + 1));
    }

    void progressRetriesHonourRetryAfterAndCancellation() {
        FakeTime time;
        auto p = smallPolicy();
        p.maxRetryAfter = 2s;
        ProgressRetries retries(p, time.environment());
        QCOMPARE(retries.failed(1500ms), ProgressRetries::Next::TryAgain);
        QCOMPARE(retries.failed(10s), ProgressRetries::Next::TryAgain); // capped
        QCOMPARE(time.sleeps, (std::vector<milliseconds>{1500ms, 2s}));

        auto env = time.environment();
        env.sleep = [token = env.cancel](milliseconds) mutable {
            token.cancel(); // cancelled during the wait
            return true;
        };
        ProgressRetries cancelled(p, env);
        QCOMPARE(cancelled.failed(), ProgressRetries::Next::Cancelled);
    }

    void defaultSleepWakesOnCancelFromAnotherThread() {
        auto p = smallPolicy();
        p.baseDelay = 600s; // a wait nobody wants to sit through
        p.maxDelay = 600s;
        p.maxElapsed = 3600s;
        RetryEnvironment env; // real clock, real (interruptible) sleep
        env.seed = 1;
        CancelToken token = env.cancel;
        std::atomic<int> calls{0};
        RetryReport report;
        std::thread canceller;
        auto out = withRetries(
            p, env,
            [&] {
                if (calls++ == 0) canceller = std::thread([token]() mutable { token.cancel(); });
                return status(503);
            },
            &report);
        canceller.join();
        QVERIFY(!out.ok());
        QCOMPARE(out.error().kind, NetworkErrorKind::Cancelled);
        QCOMPARE(calls.load(), 1);
        QCOMPARE(report.waited, 0ms);
    }

    void retriesARealServerUntilItRecovers() {
        std::atomic<int> hits{0};
        TestHttpServer server([&](const TestHttpRequest&) {
            const int n = ++hits;
            if (n == 1) return TestHttpResponse::json(503, R"({"error":{"code":"busy","message":"later"}})");
            if (n == 2) {
                auto r = TestHttpResponse::json(429, R"({"error":{"code":"rate","message":"slow down"}})");
                r.headers.emplace_back("Retry-After", "1");
                return r;
            }
            return TestHttpResponse::json(200, R"({"ok":true})");
        });
        HttpClient::Options o;
        o.baseUrl = server.baseUrl();
        HttpClient client(o);
        FakeTime time;
        RetryReport report;
        HttpRequest req;
        req.method = "POST";
        req.path = "/v1/sync";
        req.body = "{}";
        auto out = withRetries(
            smallPolicy(), time.environment(), [&] { return client.send(req); }, &report);
        QVERIFY(out.ok());
        QCOMPARE(out->status, 200L);
        QCOMPARE(out->body, std::string(R"({"ok":true})"));
        QCOMPARE(report.attempts, 3);
        QCOMPARE(time.sleeps.back(), 1000ms);
        QCOMPARE(server.connectionsAccepted(), std::size_t(1)); // retries reuse the connection
    }
};

QTEST_APPLESS_MAIN(TestRetryPolicy)
#include "test_retry_policy.moc"
