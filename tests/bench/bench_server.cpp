// Server benchmark (issue 4): the real fieldseal-server (tests/support/server_process.h) over
// HTTPS on loopback, in one run:
//   1. C clients (default 4, each its own TLS connection and device) push batches of 500 ops of
//      admin.city at once; accepted ops/s over the wall time of all pushes. Then, in the same run,
//      raw batched SQLite inserts of the same rows into a plain table with the op columns (one
//      transaction per 500, the server's connection settings; the median of three runs, one before
//      the push and two after) and the ratio (target >= 0.3). SQLite runs here as in the server,
//      with its memory statistics off: sqlite::Database turns them off process-wide before the
//      first connection, which in this process is makeOps'. Also printed: the server's time under
//      its database lock per op (GET /metrics), beside the raw insert's time per row.
//   2. A fresh device (admin, SyncEngine, 5000 ops per reply) pulls everything: the time until
//      it holds 100,000 ops, and for all of them.
//   3. Three blobs uploaded one after the other with the BlobUploader (PATCHes of the size the
//      server says it takes: the whole blob in one, streamed to disk) and the raw SHA-256 rate of
//      the same bytes: the median upload MB/s over hash MB/s (target >= 0.5). Blob MiB 0 skips it.
// Request bodies are serialised before the clock starts, so the push rate is the server's.
// Usage: bench_server [ops (100000)] [blob MiB (64)] [clients (4)]
#include "client/blob_uploader.h"
#include "client/sync_engine.h"
#include "client/sync_protocol.h"
#include "model/ids.h"
#include "store/sqlite_store.h"
#include "support/server_process.h"
#include "sync/replica.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <openssl/evp.h>
#include <random>
#include <sqlite3.h>
#include <string>
#include <sstream>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace fieldseal;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t kBatch = 500;
constexpr const char* kPassword = "demo-password-2026";

// CPU seconds (user + system) a process has used: this one (pid 0) or the server.
double cpuSeconds(int pid) {
    if (pid == 0) {
        rusage u {};
        ::getrusage(RUSAGE_SELF, &u);
        return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
               static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
    }
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    std::istringstream rest(text.substr(text.rfind(')') + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i)
        if (i >= 14) ticks += std::stod(field);
    return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

double seconds(Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
}

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "bench_server: %s\n", what.c_str());
    std::exit(1);
}

HttpClient::Options clientOptions(const test::ServerProcess& server) {
    HttpClient::Options o;
    o.baseUrl = server.baseUrl();
    o.caFile = server.caFile().string();
    o.requestTimeout = 300s;
    o.maxBodyBytes = 256ull << 20;
    return o;
}

RetryPolicy noRetries() {
    RetryPolicy p;
    p.maxAttempts = 1;
    return p;
}

// One client's ops: inspections of Pudong made on its own device replica (10 ops each).
std::vector<Op> makeOps(const std::string& device, std::size_t n) {
    auto store = SqliteStore::open(":memory:");
    if (!store || !Replica::initialise(**store, {device, "admin.city", ""}).ok()) die("device store");
    auto replica = Replica::open(**store);
    if (!replica) die("device replica");
    IdGenerator ids;
    std::vector<Op> ops;
    ops.reserve(n + 10);
    for (std::size_t i = 0; ops.size() < n; ++i) {
        std::vector<std::pair<std::string, nlohmann::json>> fields = {
            {"district", "310115"},
            {"organisation_id", "org-" + std::to_string(i % 500)},
            {"template_id", "ccc-toys-v1"},
            {"findings", "浦东新区现场检查记录 " + std::to_string(i)}};
        for (int k = 0; k < 6; ++k)
            fields.emplace_back(
                "answers.item-" + std::to_string(k),
                nlohmann::json{{"result", k % 4 ? "pass" : "fail"}, {"note", "检查项说明 note"}});
        auto made = (*replica)->put("inspection", ids.next(), fields);
        if (!made) die("put: " + made.error().message);
        for (auto& op : *made)
            ops.push_back(std::move(op));
    }
    ops.resize(n);
    return ops;
}

// The server's running totals of time waited for and held its database lock (GET /metrics);
// {-1, -1} from a server too old to report them (BENCH_SERVER_BINARY).
std::pair<double, double> databaseLockSeconds(ApiSession& admin) {
    HttpRequest r;
    r.method = "GET";
    r.path = "/metrics";
    auto response = admin.call(std::move(r), ApiSession::Retries::None);
    if (!response || response->status != 200) die("GET /metrics failed");
    const auto total = [&](const std::string& name) {
        const auto at = response->body.find("\n" + name + " ");
        return at == std::string::npos ? -1.0 : std::stod(response->body.substr(at + name.size() + 2));
    };
    return {total("fieldseal_db_lock_wait_seconds_total"), total("fieldseal_db_lock_held_seconds_total")};
}

double rawInsertRate(const std::string& path, const std::vector<std::vector<Op>>& perClient) {
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) die("raw sqlite open");
    sqlite3_exec(
        db,
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        "PRAGMA cache_size=-65536;"
        "CREATE TABLE ops (seq INTEGER PRIMARY KEY, op_id TEXT NOT NULL UNIQUE, record_id TEXT NOT NULL,"
        " type TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, hlc INTEGER NOT NULL,"
        " base INTEGER NOT NULL, device TEXT NOT NULL, user TEXT NOT NULL);",
        nullptr, nullptr, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO ops(op_id, record_id, type, field, value, hlc, base, device, user) "
                       "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       -1, &st, nullptr);
    std::size_t rows = 0;
    const auto start = Clock::now();
    for (const auto& ops : perClient)
        for (std::size_t i = 0; i < ops.size(); ++i) {
            if (i % kBatch == 0) sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
            const Op& op = ops[i];
            const std::string value = op.value.dump(); // the serialisation the server's store does
            sqlite3_bind_text(st, 1, op.opId.c_str(), -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, op.recordId.c_str(), -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 3, op.type.c_str(), -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 4, op.field.c_str(), -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 5, value.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 6, static_cast<sqlite3_int64>(op.hlc));
            sqlite3_bind_int64(st, 7, static_cast<sqlite3_int64>(op.baseVersion));
            sqlite3_bind_text(st, 8, op.device.c_str(), -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 9, op.user.c_str(), -1, SQLITE_STATIC);
            if (sqlite3_step(st) != SQLITE_DONE) die(std::string("raw insert: ") + sqlite3_errmsg(db));
            sqlite3_reset(st);
            ++rows;
            if (i % kBatch == kBatch - 1 || i + 1 == ops.size())
                sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
        }
    const double rate = static_cast<double>(rows) / seconds(start);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rate;
}

double sha256Rate(const std::string& bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    const int repeats = 3; // the best of three: the baseline should be what the CPU can do
    double best = 0;
    for (int r = 0; r < repeats; ++r) {
        EVP_MD_CTX* ctx = EVP_MD_CTX_new();
        const auto start = Clock::now();
        EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
        for (std::size_t off = 0; off < bytes.size(); off += 1u << 20)
            EVP_DigestUpdate(ctx, bytes.data() + off, std::min<std::size_t>(1u << 20, bytes.size() - off));
        EVP_DigestFinal_ex(ctx, digest, &len);
        best = std::max(best, static_cast<double>(bytes.size()) / seconds(start));
        EVP_MD_CTX_free(ctx);
    }
    return best;
}

std::string sha256Hex(const std::string& bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < len; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

// `bytes` pseudo-random bytes (a video does not compress either).
std::string randomBytes(std::size_t bytes, std::uint64_t seed) {
    std::string out(bytes, '\0');
    std::mt19937_64 rng(seed);
    for (std::size_t i = 0; i + 8 <= out.size(); i += 8) {
        const std::uint64_t v = rng();
        std::memcpy(out.data() + i, &v, 8);
    }
    return out;
}

// One upload of a fresh blob of random bytes (the BlobUploader, PATCHes of the size the server
// says it takes) with the CPU both sides used meanwhile.
struct BlobUpload {
    std::string sha;
    double seconds = 0;
    double rate = 0; // bytes/s
    double serverCpu = 0;
    double clientCpu = 0;
    int patches = 0;
};

BlobUpload uploadBlob(ApiSession& session, int serverPid, const std::filesystem::path& dir, std::size_t bytes,
                      std::uint64_t seed) {
    const std::string blob = randomBytes(bytes, seed);
    BlobUpload run;
    run.sha = sha256Hex(blob);
    const auto path = dir / ("evidence-" + std::to_string(seed) + ".mp4");
    std::ofstream(path, std::ios::binary).write(blob.data(), static_cast<std::streamsize>(blob.size()));
    BlobUploader uploader(session);
    const double serverCpuBefore = cpuSeconds(serverPid);
    const double clientCpuBefore = cpuSeconds(0);
    const auto start = Clock::now();
    auto uploaded = uploader.upload(run.sha, path.string());
    run.seconds = seconds(start);
    run.serverCpu = cpuSeconds(serverPid) - serverCpuBefore;
    run.clientCpu = cpuSeconds(0) - clientCpuBefore;
    if (!uploaded) die("upload: " + uploaded.error().describe());
    run.rate = static_cast<double>(bytes) / run.seconds;
    run.patches = uploaded->chunksSent;
    std::filesystem::remove(path);
    return run;
}

} // namespace

int main(int argc, char** argv) {
    const std::size_t total = argc > 1 ? std::stoull(argv[1]) : 100000;
    const std::size_t blobMiB = argc > 2 ? std::stoull(argv[2]) : 64;
    const int clients = argc > 3 ? std::stoi(argv[3]) : 4;
    const auto dir =
        std::filesystem::temp_directory_path() / ("fieldseal-bench-server-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);

    std::printf("starting fieldseal-server (init --demo, serve with 4 threads)...\n");
    std::unique_ptr<test::ServerProcess> server;
    try {
        test::ServerProcess::Options serverOptions;
        if (const char* t = std::getenv("BENCH_SERVER_THREADS")) serverOptions.threads = std::atoi(t);
        // Another build of the server (say, of an earlier commit) to compare under the same conditions.
        if (const char* b = std::getenv("BENCH_SERVER_BINARY")) serverOptions.serverBinary = b;
        server = test::ServerProcess::start(serverOptions);
    } catch (const std::exception& e) {
        die(e.what());
    }

    // 1. Concurrent pushes.
    std::printf("preparing %zu ops for %d clients...\n", total, clients);
    std::vector<std::vector<Op>> perClient(clients);
    std::vector<std::vector<std::string>> bodies(clients);
    for (int c = 0; c < clients; ++c) {
        perClient[c] = makeOps("bench-tab-" + std::to_string(c), total / clients);
        for (std::size_t i = 0; i < perClient[c].size(); i += kBatch) {
            const std::vector<Op> batch(perClient[c].begin() + i,
                                        perClient[c].begin() + std::min(perClient[c].size(), i + kBatch));
            bodies[c].push_back(syncRequestBody(0, batch, 1));
        }
    }
    std::vector<std::unique_ptr<HttpClient>> https;
    std::vector<std::unique_ptr<ApiSession>> sessions;
    for (int c = 0; c < clients; ++c) {
        https.push_back(std::make_unique<HttpClient>(clientOptions(*server)));
        sessions.push_back(std::make_unique<ApiSession>(*https.back(), noRetries()));
        if (auto t = sessions.back()->login("admin.city", kPassword, "bench-tab-" + std::to_string(c)); !t)
            die("login: " + t.error().describe());
    }
    std::vector<double> rawRates{rawInsertRate((dir / "raw-1.db").string(), perClient)};
    std::vector<std::size_t> accepted(clients, 0);
    std::vector<std::string> errors(clients);
    // When each batch was answered: does the server slow down as its database grows?
    std::mutex doneMutex;
    std::vector<double> batchDone;
    std::vector<std::thread> threads;
    std::printf("pushing...\n");
    std::fflush(stdout);
    const auto [waitedBeforePush, heldBeforePush] = databaseLockSeconds(*sessions[0]);
    const double serverCpuBeforePush = cpuSeconds(server->pid());
    const double clientCpuBeforePush = cpuSeconds(0);
    const auto pushStart = Clock::now();
    for (int c = 0; c < clients; ++c)
        threads.emplace_back([&, c] {
            for (const auto& body : bodies[c]) {
                HttpRequest r;
                r.method = "POST";
                r.path = "/v1/sync";
                r.headers.add("Content-Type", "application/json");
                r.body = body;
                auto response = sessions[c]->call(std::move(r), ApiSession::Retries::None);
                if (!response || response->status != 200) {
                    errors[c] = response ? response->body : response.error().describe();
                    return;
                }
                auto reply = parseSyncReply(response->body);
                if (!reply || !reply->rejected.empty()) {
                    errors[c] = reply ? reply->rejected[0].message : reply.error().message;
                    return;
                }
                accepted[c] += reply->accepted.size();
                std::lock_guard lock(doneMutex);
                batchDone.push_back(seconds(pushStart));
            }
        });
    for (auto& t : threads)
        t.join();
    const double pushSeconds = seconds(pushStart);
    const double serverCpuPush = cpuSeconds(server->pid()) - serverCpuBeforePush;
    const double clientCpuPush = cpuSeconds(0) - clientCpuBeforePush;
    const auto [waitedAfterPush, heldAfterPush] = databaseLockSeconds(*sessions[0]);
    std::size_t acceptedTotal = 0;
    for (int c = 0; c < clients; ++c) {
        if (!errors[c].empty()) die("client " + std::to_string(c) + ": " + errors[c]);
        acceptedTotal += accepted[c];
    }
    const double pushRate = static_cast<double>(acceptedTotal) / pushSeconds;
    // Ops/s over the first and the last quarter of the batches, in the order they were answered.
    std::sort(batchDone.begin(), batchDone.end());
    const std::size_t quarter = batchDone.size() / 4;
    const double firstQuarterRate =
        quarter ? static_cast<double>(quarter * kBatch) / batchDone[quarter - 1] : 0.0;
    const double lastQuarterRate =
        quarter ? static_cast<double>(quarter * kBatch) /
                      (batchDone.back() - batchDone[batchDone.size() - 1 - quarter])
                : 0.0;
    // The raw rate swings by a quarter between runs on the same machine (page cache, the server's
    // checkpoints after the push): three runs, one before the push and two after, and the median.
    rawRates.push_back(rawInsertRate((dir / "raw-2.db").string(), perClient));
    rawRates.push_back(rawInsertRate((dir / "raw-3.db").string(), perClient));
    std::sort(rawRates.begin(), rawRates.end());
    const double rawRate = rawRates[1];

    // 2. A fresh device pulls everything.
    auto freshStore = SqliteStore::open((dir / "fresh-device.db").string());
    if (!freshStore || !Replica::initialise(**freshStore, {"bench-fresh", "admin.city", ""}).ok())
        die("fresh device store");
    auto fresh = Replica::open(**freshStore);
    if (!fresh) die("fresh replica");
    HttpClient pullHttp(clientOptions(*server));
    ApiSession pullSession(pullHttp, noRetries());
    if (auto t = pullSession.login("admin.city", kPassword, "bench-fresh"); !t)
        die("login: " + t.error().describe());
    SyncEngine::Options pullOptions;
    pullOptions.pullLimit = 5000;
    SyncEngine engine(**fresh, pullSession, pullOptions);
    const auto pullStart = Clock::now();
    double secondsTo100k = 0;
    auto pulled = engine.sync([&](const SyncProgress& p) {
        if (secondsTo100k == 0 && p.pullDone >= 100000) secondsTo100k = seconds(pullStart);
    });
    const double pullSeconds = seconds(pullStart);
    if (!pulled) die("pull: " + pulled.error().describe());

    // 3. Blob uploads: three blobs one after the other, reported by the median rate (one upload of
    // 64 MiB lasts about a tenth of a second, so a single one is at the mercy of the host's noise).
    std::vector<BlobUpload> uploads;
    double hashRate = 0;
    if (blobMiB > 0) {
        for (std::uint64_t seed = 1; seed <= 3; ++seed)
            uploads.push_back(uploadBlob(*sessions[0], server->pid(), dir, blobMiB << 20, seed));
        hashRate = sha256Rate(randomBytes(blobMiB << 20, 1));
        std::sort(uploads.begin(), uploads.end(), [](const BlobUpload& a, const BlobUpload& b) { return a.rate < b.rate; });
    }

    // The server's own time per request, from its access log: how much of the wall time it worked.
    const auto serverMs = [log = server->log()](const std::string& method, const std::string& path) {
        double sum = 0;
        std::size_t n = 0;
        const std::string key = "access method=" + method + " path=" + path;
        for (std::size_t at = log.find(key); at != std::string::npos; at = log.find(key, at + 1)) {
            const auto ms = log.find(" ms=", at);
            const auto eol = log.find('\n', at);
            if (ms == std::string::npos || ms > eol) continue;
            sum += std::stod(log.substr(ms + 4));
            ++n;
        }
        return std::pair<double, std::size_t>(sum, n);
    };
    const auto [syncMs, syncRequests] = serverMs("POST", "/v1/sync");
    std::vector<std::pair<double, std::size_t>> patchMs;
    for (const auto& u : uploads)
        patchMs.push_back(serverMs("PATCH", "/v1/blobs/" + u.sha));
    server.reset();
    std::filesystem::remove_all(dir);

    std::printf("\npush: %d clients x %zu batches of %zu ops over HTTPS\n", clients, bodies[0].size(),
                kBatch);
    std::printf("  accepted by the server:              %10.0f ops/s  (%zu ops in %.2f s)\n", pushRate,
                acceptedTotal, pushSeconds);
    std::printf("  first / last quarter of the batches:  %10.0f / %.0f ops/s (database growing)\n",
                firstQuarterRate, lastQuarterRate);
    std::printf("  raw batched SQLite INSERT, same rows: %10.0f rows/s (median of %.0f, %.0f, %.0f)\n", rawRate,
                rawRates[0], rawRates[1], rawRates[2]);
    std::printf(
        "  server time in /v1/sync (access log): %.2f s over %zu requests (%.1f ms each, incl. the pulls)\n",
        syncMs / 1000, syncRequests, syncRequests ? syncMs / static_cast<double>(syncRequests) : 0.0);
    std::printf("  CPU used meanwhile: server %.2f s (%.1f us per op), clients %.2f s (of %.2f s x 2 cores)\n",
                serverCpuPush, serverCpuPush * 1e6 / static_cast<double>(acceptedTotal), clientCpuPush, pushSeconds);
    // The one writer's share: what each op cost under the database lock, beside the raw insert's
    // cost per row (the ratio above is about this one, when the lock is never idle).
    if (heldAfterPush >= 0)
        std::printf("  database lock held %.2f s (%.1f us per op; raw insert %.1f us per row), waited for %.2f s\n",
                heldAfterPush - heldBeforePush,
                (heldAfterPush - heldBeforePush) * 1e6 / static_cast<double>(acceptedTotal), 1e6 / rawRate,
                waitedAfterPush - waitedBeforePush);
    std::printf("  ratio server/raw: %.2f (target >= 0.30)\n", pushRate / rawRate);
    std::printf("pull: a fresh device pulled %llu ops in %.2f s (%.0f ops/s; %llu rounds of <= 5000)\n",
                static_cast<unsigned long long>(pulled->pulled), pullSeconds,
                static_cast<double>(pulled->pulled) / pullSeconds,
                static_cast<unsigned long long>(pulled->rounds));
    if (secondsTo100k > 0)
        std::printf("  100,000 ops pulled (and merged) after %.2f s\n", secondsTo100k);
    else
        std::printf("  fewer than 100,000 ops on the server: push more (first argument)\n");
    if (uploads.empty()) return 0;
    std::printf("blob: 3 blobs of %zu MiB uploaded one after the other\n", blobMiB);
    for (std::size_t i = 0; i < uploads.size(); ++i) {
        const BlobUpload& u = uploads[i];
        const double gb = static_cast<double>(blobMiB << 20) / 1e9;
        // At this CPU cost per byte, two cores fully busy could carry at most this much (client and
        // server share the machine here): how far the upload is from what the CPU allows.
        std::printf("  %8.1f MB/s in %.3f s (%d PATCH, server handler %.3f s); CPU per GB: server %.2f s, "
                    "client %.2f s; two busy cores: <= %.0f MB/s\n",
                    u.rate / 1e6, u.seconds, u.patches, patchMs[i].first / 1000, u.serverCpu / gb, u.clientCpu / gb,
                    u.serverCpu + u.clientCpu > 0 ? 2.0 * gb / (u.serverCpu + u.clientCpu) * 1e3 : 0.0);
    }
    const double uploadRate = uploads[1].rate;
    std::printf("  upload (median):         %8.1f MB/s\n", uploadRate / 1e6);
    std::printf("  raw SHA-256, same bytes: %8.1f MB/s\n", hashRate / 1e6);
    std::printf("  ratio upload/SHA-256: %.2f (target >= 0.50)\n", uploadRate / hashRate);
    return 0;
}
