// Client benchmark (issue 5): a fresh device pulls N ops (default 100,000) from the real
// fieldseal-server and applies them; beside it, measured in the same run, the server-side apply
// rate of the same ops (merged into a fresh SqliteStore + Replica in this process, the way the
// server merges a push: one Replica::apply per batch of the same size). Prints both rates, their
// ratio (target >= 0.5) and the bytes on the wire per op (TLS included, counted by a pass-through
// TCP relay in front of the server during a second, untimed pull; the HTTP bodies shown apart).
//
// The ops are made first by an administrator's device pushing them to the server (organisations
// of Pudong, four fields each, like a registry import), so the pull is of ops the server accepted.
// Usage: bench_client [N] [ops per pull] [ops per push]
#include "../shared/client/device_fixture.h"
#include "client/sync_engine.h"
#include "support/fault_proxy.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

using namespace fieldseal;
using namespace fieldseal::test;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
}

void die(const std::string& what) {
    std::fprintf(stderr, "bench_client: %s\n", what.c_str());
    std::exit(1);
}

} // namespace

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100'000;
    const std::size_t pullLimit = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 5'000;
    const std::size_t pushBatch = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 2'000;
    std::printf("bench_client: %zu ops, %zu per pull, %zu per push\n", n, pullLimit, pushBatch);

    auto server = ServerProcess::start();
    const std::string ca = readText(server->caFile());
    TempDir dir;

    // 1. An administrator's device makes the ops and pushes them.
    TestDevice admin(dir.path(), "admin", server->baseUrl(), ca);
    if (auto in = admin.signIn("admin.city"); !in) die("admin sign-in: " + in.error().describe());
    auto t = Clock::now();
    std::vector<Op> ops;
    try {
        ops = pushRegistry(admin, n, pushBatch);
    } catch (const std::exception& e) {
        die(e.what());
    }
    std::printf("setup: the server accepted %zu ops in %.1f s (%.0f ops/s, through its access rules)\n",
                ops.size(), seconds(t), static_cast<double>(ops.size()) / seconds(t));

    // 2. A fresh device of the district pulls everything it may see and applies it: once one
    //    round after the other, once pipelined (the next page fetched while one is merged, the
    //    engine's default). Here the server shares the machine's cores with the device, so the
    //    pipelined threads compete for them; on a real network the pipeline hides the latency.
    struct PullRun {
        SyncReport report;
        double seconds = 0;
        double rate = 0;
    };
    const auto pullAll = [&](const std::string& name, bool prefetch) {
        TestDevice device(dir.path(), name, server->baseUrl(), ca);
        if (auto in = device.signIn("sup.pudong"); !in) die("sign-in: " + in.error().describe());
        SyncEngine::Options options;
        options.pullLimit = pullLimit;
        options.prefetch = prefetch;
        const auto start = Clock::now();
        SyncEngine engine(device.replica(), device.session(), options);
        auto r = engine.sync();
        const double s = seconds(start);
        if (!r) die("pull: " + r.error().describe());
        std::vector<Op> ops;
        device.store().forEachOpSince(0, [&](const StoredOp& o) {
            ops.push_back(o.op);
            return true;
        });
        return std::make_pair(PullRun{*r, s, static_cast<double>(r->pulled) / s}, std::move(ops));
    };
    auto first = pullAll("sequential", false);
    const PullRun sequential = std::move(first.first);
    const std::vector<Op> same = std::move(first.second);
    const PullRun pipelined = pullAll("pipelined", true).first;
    const SyncReport* report = &pipelined.report;
    const double pulled = static_cast<double>(report->pulled);
    SyncEngine::Options pull;
    pull.pullLimit = pullLimit;

    // The same pull once more by another fresh device through a pass-through TCP relay that
    // counts the bytes on the wire, TLS included (apart, so the relay's copying is not timed).
    FaultProxy relay("127.0.0.1", server->port(), 1);
    TestDevice counted(dir.path(), "counted", relay.url("https"), ca);
    if (auto in = counted.signIn("sup.pudong"); !in) die("sign-in: " + in.error().describe());
    const auto before = relay.counters();
    SyncEngine countedEngine(counted.replica(), counted.session(), pull);
    if (auto r = countedEngine.sync(); !r || r->pulled != report->pulled) die("second pull");
    const auto after = relay.counters();
    const auto wire = (after.bytesServerToClient - before.bytesServerToClient) +
                      (after.bytesClientToServer - before.bytesClientToServer);

    // 3. The server-side apply of the same ops, in this process: a fresh store and replica,
    //    merged in batches of the page size. Best of two runs.
    const auto serverSideSeconds = [&](const std::string& name) {
        auto store = SqliteStore::open(dir.file(name));
        if (!store || !Replica::initialise(**store, {"server", "fieldseal-server", ""}).ok())
            die("server-side store");
        auto replica = Replica::open(**store);
        if (!replica) die("server-side replica");
        const auto start = Clock::now();
        for (std::size_t i = 0; i < same.size(); i += pullLimit) {
            const std::vector<Op> batch(same.begin() + static_cast<long>(i),
                                        same.begin() +
                                            static_cast<long>(std::min(same.size(), i + pullLimit)));
            auto applied = (*replica)->apply(batch, batch.size());
            if (!applied || !applied->rejected.empty()) die("server-side apply");
        }
        return seconds(start);
    };
    const double serverSeconds =
        std::min(serverSideSeconds("server-side-1.db"), serverSideSeconds("server-side-2.db"));
    const double serverRate = static_cast<double>(same.size()) / serverSeconds;

    std::printf("server-side apply (in-process, best of 2): %zu ops in %.2f s = %.0f ops/s\n", same.size(),
                serverSeconds, serverRate);
    for (const auto* run : {&sequential, &pipelined}) {
        const double ratio = run->rate / serverRate;
        std::printf(
            "device pull + apply, %s: %.0f ops in %.2f s, %d rounds = %.0f ops/s; ratio %.2f (target >= 0.5: "
            "%s)\n  waiting for replies %.2f s, decoding %.2f s, merging %.2f s\n",
            run == &sequential ? "one round after the other" : "pipelined (the default)", pulled,
            run->seconds, run->report.rounds, run->rate, ratio, ratio >= 0.5 ? "met" : "NOT met",
            run->report.waiting.count(), run->report.decoding.count(), run->report.applying.count());
    }
    std::printf(
        "on the wire: %.1f bytes/op (TLS, both ways); HTTP bodies %.1f bytes/op received, %.1f sent\n",
        static_cast<double>(wire) / pulled, static_cast<double>(report->bytesReceived) / pulled,
        static_cast<double>(report->bytesSent) / pulled);
    return 0;
}
