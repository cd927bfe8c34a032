#pragma once
// Metrics: the server's counters, gauges and request-latency histograms, rendered in the
// Prometheus text exposition format (version 0.0.4) at GET /metrics.
//
// Thread-safe: every method may be called from any io thread. Request series are labelled with
// the route *pattern* ("/v1/blobs/{sha256}"), never the concrete path, so the number of series
// stays bounded whatever clients send. Named metrics are created on first use; a name is either a
// counter (add) or a gauge (set), never both.

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace fieldseal::server {

class Router;

class Metrics {
public:
    Metrics();
    ~Metrics();
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    // One finished request: counts fieldseal_http_requests_total{route,method,status} and
    // observes fieldseal_http_request_duration_seconds{route}.
    void observeRequest(std::string_view routePattern, std::string_view method, int status, double seconds);

    // Counter: adds v (>= 0) to the named counter, e.g. add("fieldseal_ops_accepted_total", n).
    void add(std::string_view name, double v = 1.0);
    // Gauge: sets the named gauge, e.g. set("fieldseal_http_connections_open", 3).
    void set(std::string_view name, double v);
    // Counter whose running total another part keeps (a source, below): sets it to `total`.
    void setTotal(std::string_view name, double total);
    // A source refreshes such metrics right before each render (GET /metrics), e.g. from the
    // atomics the database lock keeps, so their owner pays nothing per event for the metric.
    void addSource(std::function<void(Metrics&)> refresh);
    // Optional HELP text for a named metric (a default text is used otherwise).
    void describe(std::string_view name, std::string_view help);

    // The current value of a named counter or gauge (0 when never touched); for tests and health.
    double value(std::string_view name) const;

    // Refreshes the sources' metrics, then renders everything.
    std::string renderPrometheus();

    // The histogram's upper bounds in seconds (Prometheus client defaults), +Inf implied.
    static constexpr double kLatencyBuckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// GET /metrics (authenticated, role admin): the text above.
void addMetricsRoute(Router& router, Metrics& metrics);

} // namespace fieldseal::server
