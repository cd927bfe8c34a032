#include "http/metrics.h"

#include "http/router.h"

#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <mutex>
#include <stdexcept>
#include <tuple>
#include <vector>

namespace fieldseal::server {
namespace {

constexpr std::size_t kBucketCount = std::size(Metrics::kLatencyBuckets);

bool validMetricName(std::string_view name) {
    if (name.empty()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
        const bool digit = c >= '0' && c <= '9';
        if (!alpha && !(digit && i > 0)) return false;
    }
    return true;
}

// Prometheus label values escape backslash, double quote and newline.
std::string escapeLabel(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    for (char c : v) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

// HELP text escapes backslash and newline.
std::string escapeHelp(std::string_view v) {
    std::string out;
    for (char c : v) {
        if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

std::string formatNumber(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    std::array<char, 64> buf{};
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
    if (ec != std::errc{}) return "NaN";
    return std::string(buf.data(), end);
}

struct Histogram {
    std::array<std::uint64_t, kBucketCount> buckets{}; // per bucket, not cumulative
    std::uint64_t count = 0;
    double sum = 0;
};

enum class Kind { Counter, Gauge };

struct Named {
    Kind kind = Kind::Counter;
    double value = 0;
};

// Known metrics other parts bump, with their HELP text.
const std::map<std::string, std::string, std::less<>>& defaultHelp() {
    static const std::map<std::string, std::string, std::less<>> help = {
        {"fieldseal_ops_accepted_total", "Ops accepted from devices (each op once)."},
        {"fieldseal_conflicts_total", "Conflicts raised by the sync rules."},
        {"fieldseal_blob_bytes_stored_total", "Bytes of evidence blobs that completed and became visible."},
        {"fieldseal_blob_bytes_received_total", "Bytes of blob upload chunks written to disk."},
        {"fieldseal_blobs_completed_total", "Evidence blobs whose SHA-256 matched and became visible."},
        {"fieldseal_blob_hash_mismatches_total", "Blob uploads discarded because their SHA-256 did not match."},
        {"fieldseal_http_connections_open", "Open client connections."},
        {"fieldseal_db_lock_wait_seconds_total", "Time requests waited for the database lock (one writer)."},
        {"fieldseal_db_lock_held_seconds_total", "Time requests held the database lock."},
        {"fieldseal_http_connections_refused_total", "Connections closed at accept because of the connection limit."},
    };
    return help;
}

} // namespace

struct Metrics::Impl {
    mutable std::mutex mutex;
    std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests;
    std::map<std::string, Histogram, std::less<>> latency;
    std::map<std::string, Named, std::less<>> named;
    std::map<std::string, std::string, std::less<>> help;
    std::vector<std::function<void(Metrics&)>> sources;

    Named& namedLocked(std::string_view name, Kind kind) {
        if (!validMetricName(name))
            throw std::invalid_argument("invalid Prometheus metric name: " + std::string(name));
        auto it = named.find(name);
        if (it == named.end()) it = named.emplace(std::string(name), Named{kind, 0}).first;
        if (it->second.kind != kind)
            throw std::invalid_argument("metric " + std::string(name) + " is used both as counter and gauge");
        return it->second;
    }
};

Metrics::Metrics()
    : m_impl(std::make_unique<Impl>()) {}

Metrics::~Metrics() = default;

void Metrics::observeRequest(std::string_view routePattern, std::string_view method, int status, double seconds) {
    std::lock_guard lock(m_impl->mutex);
    ++m_impl->requests[{std::string(routePattern), std::string(method), status}];
    auto it = m_impl->latency.find(routePattern);
    if (it == m_impl->latency.end()) it = m_impl->latency.emplace(std::string(routePattern), Histogram{}).first;
    Histogram& h = it->second;
    for (std::size_t i = 0; i < kBucketCount; ++i) {
        if (seconds <= kLatencyBuckets[i]) {
            ++h.buckets[i];
            break;
        }
    }
    ++h.count;
    h.sum += seconds;
}

void Metrics::add(std::string_view name, double v) {
    if (!(v >= 0)) throw std::invalid_argument("a counter only goes up: " + std::string(name));
    std::lock_guard lock(m_impl->mutex);
    m_impl->namedLocked(name, Kind::Counter).value += v;
}

void Metrics::set(std::string_view name, double v) {
    std::lock_guard lock(m_impl->mutex);
    m_impl->namedLocked(name, Kind::Gauge).value = v;
}

void Metrics::setTotal(std::string_view name, double total) {
    std::lock_guard lock(m_impl->mutex);
    m_impl->namedLocked(name, Kind::Counter).value = total;
}

void Metrics::addSource(std::function<void(Metrics&)> refresh) {
    std::lock_guard lock(m_impl->mutex);
    m_impl->sources.push_back(std::move(refresh));
}

void Metrics::describe(std::string_view name, std::string_view help) {
    std::lock_guard lock(m_impl->mutex);
    m_impl->help[std::string(name)] = std::string(help);
}

double Metrics::value(std::string_view name) const {
    std::lock_guard lock(m_impl->mutex);
    auto it = m_impl->named.find(name);
    return it == m_impl->named.end() ? 0.0 : it->second.value;
}

std::string Metrics::renderPrometheus() {
    std::vector<std::function<void(Metrics&)>> sources;
    {
        std::lock_guard lock(m_impl->mutex);
        sources = m_impl->sources;
    }
    for (const auto& refresh : sources) // outside the mutex: they set metrics through it
        refresh(*this);
    std::lock_guard lock(m_impl->mutex);
    std::string out;
    out.reserve(4096);

    out += "# HELP fieldseal_http_requests_total HTTP requests by route pattern, method and status.\n";
    out += "# TYPE fieldseal_http_requests_total counter\n";
    for (const auto& [key, n] : m_impl->requests) {
        const auto& [route, method, status] = key;
        out += "fieldseal_http_requests_total{route=\"" + escapeLabel(route) + "\",method=\"" + escapeLabel(method) +
               "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(n) + "\n";
    }

    out += "# HELP fieldseal_http_request_duration_seconds Time from a complete request to its response, by route "
           "pattern.\n";
    out += "# TYPE fieldseal_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : m_impl->latency) {
        const std::string label = "route=\"" + escapeLabel(route) + "\"";
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i < kBucketCount; ++i) {
            cumulative += h.buckets[i];
            out += "fieldseal_http_request_duration_seconds_bucket{" + label + ",le=\"" +
                   formatNumber(kLatencyBuckets[i]) + "\"} " + std::to_string(cumulative) + "\n";
        }
        out += "fieldseal_http_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " +
               std::to_string(h.count) + "\n";
        out += "fieldseal_http_request_duration_seconds_sum{" + label + "} " + formatNumber(h.sum) + "\n";
        out += "fieldseal_http_request_duration_seconds_count{" + label + "} " + std::to_string(h.count) + "\n";
    }

    for (const auto& [name, m] : m_impl->named) {
        std::string help;
        if (auto it = m_impl->help.find(name); it != m_impl->help.end()) help = it->second;
        else if (auto d = defaultHelp().find(name); d != defaultHelp().end()) help = d->second;
        else help = name;
        out += "# HELP " + name + " " + escapeHelp(help) + "\n";
        out += "# TYPE " + name + (m.kind == Kind::Counter ? " counter\n" : " gauge\n");
        out += name + " " + formatNumber(m.value) + "\n";
    }
    return out;
}

void addMetricsRoute(Router& router, Metrics& metrics) {
    Route route;
    route.method = "GET";
    route.pattern = "/metrics";
    route.roles = {Role::Admin};
    route.maxBodyBytes = 0;
    route.handler = [&metrics](RequestContext&) {
        return HttpResponse::text(200, metrics.renderPrometheus(), "text/plain; version=0.0.4; charset=utf-8");
    };
    router.add(std::move(route));
}

} // namespace fieldseal::server
