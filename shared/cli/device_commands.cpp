// The networked device verbs of `fieldseal`, on the client module's engine:
//   device login|logout, sync [--progress], attach RECORD_ID FILE, status, fetch-evidence.
// Each opens the store of --db, does its one job and says in one line what happened; a final
// error gets a sentence the user can act on (and the store keeps everything it had).
#include "client/blob_folder.h"
#include "client/device_connection.h"
#include "client/device_sign_in.h"
#include "client/device_status.h"
#include "client/device_sync.h"
#include "client/evidence_attachment.h"
#include "client/evidence_download.h"
#include "command_table.h"
#include "store/sqlite_store.h"
#include "sync/replica.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <pthread.h>
#include <sstream>
#include <termios.h>
#include <thread>
#include <unistd.h>

namespace fieldseal::cli {
namespace {

int fail(CliContext& ctx, const std::string& message, int code = kExitError) {
    ctx.err << "fieldseal: " << message << '\n';
    return code;
}

// --name value options and --flags after the verb, plus positional arguments.
struct Args {
    std::map<std::string, std::string> values;
    std::vector<std::string> flags;
    std::vector<std::string> positional;
    std::string problem;

    bool has(const std::string& f) const { return std::find(flags.begin(), flags.end(), f) != flags.end(); }
    std::string get(const std::string& name) const {
        const auto it = values.find(name);
        return it == values.end() ? std::string() : it->second;
    }
};

Args parseArgs(const std::vector<std::string>& args, std::size_t from, const std::vector<std::string>& valued,
               const std::vector<std::string>& flags) {
    Args a;
    for (std::size_t i = from; i < args.size(); ++i) {
        const std::string& s = args[i];
        if (!s.starts_with("--")) {
            a.positional.push_back(s);
            continue;
        }
        const std::string name = s.substr(2);
        if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
            a.flags.push_back(name);
        } else if (std::find(valued.begin(), valued.end(), name) != valued.end()) {
            if (i + 1 >= args.size()) {
                a.problem = s + " needs a value";
                return a;
            }
            a.values[name] = args[++i];
        } else {
            a.problem = "unknown option " + s;
            return a;
        }
    }
    return a;
}

std::string readFile(const std::string& path, bool& ok) {
    std::ifstream in(path, std::ios::binary);
    ok = in.is_open();
    std::ostringstream text;
    if (ok) text << in.rdbuf();
    return text.str();
}

std::string megabytes(std::uint64_t bytes) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(1) << static_cast<double>(bytes) / (1024.0 * 1024.0) << " MB";
    return out.str();
}

// The password: FIELDSEAL_PASSWORD, else a prompt on the terminal with echo off, else one line of
// standard input (scripts). Never echoed, never stored.
std::optional<std::string> readPassword(CliContext& ctx, const std::string& user) {
    if (const char* env = std::getenv("FIELDSEAL_PASSWORD"); env && *env) return std::string(env);
    std::string password;
    if (&ctx.in == &std::cin && ::isatty(STDIN_FILENO)) {
        // Echo goes off before the prompt shows, so nothing typed after it can be echoed.
        termios saved{};
        const bool haveTerm = ::tcgetattr(STDIN_FILENO, &saved) == 0;
        if (haveTerm) {
            termios quiet = saved;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        }
        ctx.err << "password for " << user << ": " << std::flush;
        std::getline(ctx.in, password);
        if (haveTerm) ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        ctx.err << '\n';
    } else if (!std::getline(ctx.in, password)) {
        return std::nullopt;
    }
    if (password.empty()) return std::nullopt;
    return password;
}

// Raises a CancelToken on SIGINT or SIGTERM while it lives, so ^C stops a sync cleanly (what was
// committed stays) instead of killing the process mid-write. The signals are blocked in this
// thread and waited for in a helper thread (a handler could not lock the token's mutex).
class InterruptCancels {
public:
    explicit InterruptCancels(CancelToken token)
        : m_token(std::move(token)) {
        sigemptyset(&m_signals);
        sigaddset(&m_signals, SIGINT);
        sigaddset(&m_signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &m_signals, &m_saved);
        m_thread = std::thread([this] {
            const timespec tick{0, 100'000'000};
            while (!m_stop.load()) {
                if (sigtimedwait(&m_signals, nullptr, &tick) > 0) {
                    m_interrupted = true;
                    m_token.cancel();
                }
            }
        });
    }
    ~InterruptCancels() {
        m_stop = true;
        m_thread.join();
        pthread_sigmask(SIG_SETMASK, &m_saved, nullptr);
    }
    InterruptCancels(const InterruptCancels&) = delete;
    InterruptCancels& operator=(const InterruptCancels&) = delete;
    bool interrupted() const { return m_interrupted.load(); }

private:
    CancelToken m_token;
    sigset_t m_signals{};
    sigset_t m_saved{};
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_interrupted{false};
    std::thread m_thread;
};

// Sync progress: a bar redrawn in place on a terminal, plain lines (one per round, phase and
// tenth of an upload) otherwise.
class ProgressView {
public:
    ProgressView(std::ostream& out, bool tty)
        : m_out(out)
        , m_tty(tty) {}

    void show(const DeviceSyncProgress& p) {
        using Phase = DeviceSyncProgress::Phase;
        if (m_tty) {
            const auto now = std::chrono::steady_clock::now();
            // At most ten redraws a second, but every new phase and every new file is shown.
            if (p.phase == m_phase && p.blobIndex == m_blobIndex &&
                now - m_lastDraw < std::chrono::milliseconds(100))
                return;
            m_lastDraw = now;
            m_phase = p.phase;
            m_blobIndex = p.blobIndex;
            draw(p);
            return;
        }
        if (p.phase == Phase::Ops) {
            if (p.ops.round != m_round &&
                (p.ops.pushDone != m_pushed || p.ops.pullDone != m_pulled || p.ops.round == 0)) {
                m_out << "sync: pushed " << p.ops.pushDone << " of " << p.ops.pushTotal << " ops, pulled "
                      << p.ops.pullDone << (p.ops.caughtUp ? " (caught up)" : "") << '\n';
                m_round = p.ops.round;
                m_pushed = p.ops.pushDone;
                m_pulled = p.ops.pullDone;
            }
        } else if (p.phase != m_phase) {
            if (p.phase == Phase::TrustList) m_out << "sync: checking the trust list\n";
            if (p.phase == Phase::Blobs)
                m_out << "sync: " << p.blobCount << " evidence file(s) to upload, "
                      << megabytes(p.blobBytesTotal) << '\n';
        } else if (p.phase == Phase::Blobs && p.blobBytesTotal > 0) {
            const auto tenth = p.blobBytesDone * 10 / p.blobBytesTotal;
            if (tenth != m_tenth) {
                m_tenth = tenth;
                m_out << "sync: evidence " << p.blobIndex << " of " << p.blobCount << ", "
                      << megabytes(p.blobBytesDone) << " of " << megabytes(p.blobBytesTotal) << '\n';
            }
        }
        m_phase = p.phase;
        m_out.flush();
    }

    void finish() {
        if (m_tty) m_out << "\r\033[K" << std::flush;
    }

private:
    void draw(const DeviceSyncProgress& p) {
        using Phase = DeviceSyncProgress::Phase;
        double fraction = 0;
        std::string text;
        if (p.phase == Phase::Ops) {
            fraction = p.ops.pushTotal
                           ? static_cast<double>(p.ops.pushDone) / static_cast<double>(p.ops.pushTotal)
                           : (p.ops.caughtUp ? 1.0 : 0.0);
            text = "ops up " + std::to_string(p.ops.pushDone) + "/" + std::to_string(p.ops.pushTotal) +
                   " down " + std::to_string(p.ops.pullDone) + "  " +
                   megabytes(p.ops.bytesSent + p.ops.bytesReceived);
        } else if (p.phase == Phase::Blobs) {
            fraction = p.blobBytesTotal
                           ? static_cast<double>(p.blobBytesDone) / static_cast<double>(p.blobBytesTotal)
                           : 1.0;
            text = "evidence " + std::to_string(p.blobIndex) + "/" + std::to_string(p.blobCount) + "  " +
                   megabytes(p.blobBytesDone) + " / " + megabytes(p.blobBytesTotal);
        } else {
            fraction = 1.0;
            text = toString(p.phase);
        }
        constexpr int kWidth = 30;
        const int filled = static_cast<int>(std::min(1.0, fraction) * kWidth);
        m_out << "\r\033[K[" << std::string(static_cast<std::size_t>(filled), '#')
              << std::string(static_cast<std::size_t>(kWidth - filled), '.') << "] " << text << std::flush;
    }

    std::ostream& m_out;
    bool m_tty;
    DeviceSyncProgress::Phase m_phase = DeviceSyncProgress::Phase::Ops;
    std::chrono::steady_clock::time_point m_lastDraw{};
    int m_round = -1;
    std::uint64_t m_pushed = ~0ull;
    std::uint64_t m_pulled = ~0ull;
    std::uint64_t m_tenth = ~0ull;
    std::size_t m_blobIndex = 0;
};

std::string keyFileFor(const std::string& db) {
    return db + ".key.pem";
}

// The store and replica of --db for the verbs that need an initialised one.
struct Device {
    std::unique_ptr<SqliteStore> store;
    std::unique_ptr<Replica> replica;
};

Result<Device> openDevice(CliContext& ctx) {
    if (!ctx.dbPath) return Error{ErrorDomain::Usage, ErrorCode::InvalidInput, "this verb needs --db FILE"};
    auto store = SqliteStore::open(*ctx.dbPath, {.create = false});
    if (!store) return store.error();
    auto replica = Replica::open(**store);
    if (!replica)
        return Error{ErrorDomain::Usage, ErrorCode::NotFound,
                     "the store has no device identity yet: run 'fieldseal --db " + *ctx.dbPath +
                         " device login --server URL --ca CA.pem --user NAME' first"};
    return Device{std::move(*store), std::move(*replica)};
}

int cmdDeviceLogin(CliContext& ctx, const std::vector<std::string>& args) {
    const Args a = parseArgs(args, 1, {"server", "ca", "user", "label", "key"}, {});
    if (!a.problem.empty()) return fail(ctx, "device login: " + a.problem, kExitUsage);
    if (!a.positional.empty())
        return fail(ctx, "device login: unexpected argument '" + a.positional[0] + "'", kExitUsage);
    if (!ctx.dbPath) return fail(ctx, "device login needs --db FILE", kExitUsage);
    if (a.get("server").empty() || a.get("ca").empty() || a.get("user").empty())
        return fail(ctx,
                    "usage: device login --server URL --ca CA.pem --user NAME [--label TEXT] [--key FILE]",
                    kExitUsage);
    bool readable = false;
    ServerLink link{a.get("server"), readFile(a.get("ca"), readable)};
    if (!readable || link.caPem.find("-----BEGIN CERTIFICATE-----") == std::string::npos)
        return fail(ctx, "device login: " + a.get("ca") + " is not a readable PEM CA certificate",
                    kExitUsage);
    while (link.url.ends_with('/'))
        link.url.pop_back();
    const auto password = readPassword(ctx, a.get("user"));
    if (!password)
        return fail(ctx, "device login: no password (set FIELDSEAL_PASSWORD or type it)", kExitUsage);

    std::error_code ec;
    const bool newStore = !std::filesystem::exists(*ctx.dbPath, ec);
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    SignInRequest request{a.get("user"), *password,
                          a.get("key").empty() ? keyFileFor(*ctx.dbPath) : a.get("key"),
                          a.get("label").empty() ? std::string("fieldseal CLI on ") + host : a.get("label")};
    const bool newKey = !std::filesystem::exists(request.keyFile, ec);
    auto store = SqliteStore::open(*ctx.dbPath);
    if (!store) return fail(ctx, store.error().message);
    auto connection = std::make_unique<DeviceConnection>(**store, link);
    std::optional<InterruptCancels> interrupts(std::in_place, connection->cancelToken());
    auto outcome = signInDevice(**store, *connection, request);
    interrupts.reset();
    if (!outcome && newStore) {
        // A first sign-in that failed leaves nothing behind: no half-made store, no orphan key.
        connection.reset();
        store->reset();
        for (const auto& suffix : {"", "-wal", "-shm"})
            std::filesystem::remove(*ctx.dbPath + suffix, ec);
        if (newKey) std::filesystem::remove(request.keyFile, ec);
    }
    if (!outcome) {
        const SyncError& e = outcome.error();
        if (e.kind == SyncErrorKind::Forbidden && e.serverCode == "account_disabled")
            return fail(ctx, "sign-in refused: this account is disabled (" + e.message + ")");
        if (e.httpStatus == 401) return fail(ctx, "sign-in refused: wrong user name or password");
        return fail(ctx, "sign-in failed: " + explainSyncError(e, 0));
    }
    const auto& user = outcome->user;
    ctx.out << "signed in as " << user.value("username", "") << " (" << user.value("role", "") << ", "
            << (user.value("district", "").empty() ? "city-wide" : "district " + user.value("district", ""))
            << ") at " << link.url << '\n';
    if (!outcome->rekeyReason.empty()) {
        // Said plainly: the user must know the tablet is a new device on the server now.
        ctx.out << "re-keyed: " << outcome->rekeyReason
                << ", so this tablet was enrolled again as a new device "
                << "with a new key (device " << outcome->previousDeviceId << " is no longer used"
                << (outcome->retiredKeyFile.empty() ? ""
                                                    : "; its old key file is now " + outcome->retiredKeyFile)
                << "); local records and pending changes are kept and will sync\n";
    }
    ctx.out << "device " << outcome->deviceId << (outcome->enrolled ? " enrolled" : " already enrolled")
            << "; key in " << request.keyFile << "; trust list " << outcome->trustListSequence << '\n';
    if (outcome->identityInitialised)
        ctx.out << "new store " << *ctx.dbPath << " initialised for this device\n";
    if (!outcome->trustListProblem.empty())
        ctx.err << "fieldseal: warning: trust list not renewed: " << outcome->trustListProblem << '\n';
    return kExitOk;
}

int cmdDeviceLogout(CliContext& ctx, const std::vector<std::string>& args) {
    if (args.size() != 1) return fail(ctx, "usage: device logout", kExitUsage);
    if (!ctx.dbPath) return fail(ctx, "device logout needs --db FILE", kExitUsage);
    auto store = SqliteStore::open(*ctx.dbPath, {.create = false});
    if (!store) return fail(ctx, store.error().message);
    auto connection = DeviceConnection::fromStore(**store, {});
    if (connection && (*connection)->session().tokens()) {
        HttpRequest request;
        request.method = "POST";
        request.path = "/v1/auth/logout";
        (void)(*connection)->session().call(std::move(request), ApiSession::Retries::None);
    }
    clearSession(**store); // whether or not the server heard it: this device forgets the tokens
    ctx.out << "signed out; the local data stays\n";
    return kExitOk;
}

int cmdDevice(CliContext& ctx, const std::vector<std::string>& args) {
    if (args.empty()) return fail(ctx, "usage: device login|logout ...", kExitUsage);
    try {
        if (args[0] == "login") return cmdDeviceLogin(ctx, args);
        if (args[0] == "logout") return cmdDeviceLogout(ctx, args);
    } catch (const StoreFailure& e) {
        return fail(ctx, std::string("storage failure: ") + e.what());
    }
    return fail(ctx, "unknown device verb '" + args[0] + "' (login, logout)", kExitUsage);
}

int cmdSync(CliContext& ctx, const std::vector<std::string>& args) {
    const Args a = parseArgs(args, 0, {}, {"progress"});
    if (!a.problem.empty() || !a.positional.empty()) return fail(ctx, "usage: sync [--progress]", kExitUsage);
    auto device = openDevice(ctx);
    if (!device) return fail(ctx, device.error().message);
    Store& store = *device->store;
    auto connection = DeviceConnection::fromStore(store, {});
    if (!connection) return fail(ctx, explainSyncError(connection.error(), store.outboxSize()));
    InterruptCancels interrupts((*connection)->cancelToken());
    const bool tty = &ctx.err == &std::cerr && ::isatty(STDERR_FILENO);
    ProgressView view(ctx.err, tty);
    DeviceSync sync(*device->replica, **connection);
    auto report = sync.run([&](const DeviceSyncProgress& p) {
        if (a.has("progress")) view.show(p);
    });
    if (a.has("progress")) view.finish();
    if (!report) return fail(ctx, "sync stopped: " + explainSyncError(report.error(), store.outboxSize()));
    const auto& r = *report;
    ctx.out << "synced: pushed " << r.ops.accepted + r.ops.rejected.size() << " ops ("
            << r.ops.rejected.size() << " rejected), pulled " << r.ops.pulled << " (" << r.ops.applied
            << " new, " << r.ops.stale << " kept as conflicts); trust list " << r.trustList.sequence
            << (r.trustList.installed ? " (new)" : "") << "; evidence: " << r.blobsUploaded << " uploaded";
    if (r.blobsFailed) ctx.out << ", " << r.blobsFailed << " refused";
    ctx.out << '\n';
    for (const auto& rej : r.ops.rejected)
        ctx.err << "fieldseal: the server rejected op " << rej.opId << " (" << rej.code
                << "): " << rej.message << '\n';
    for (const auto& b : r.blobs)
        if (b.error)
            ctx.err << "fieldseal: evidence " << b.blob.evidenceId << " (" << b.blob.path
                    << ") was not uploaded: " << b.error->describe() << '\n';
    if (!r.trustListProblem.empty()) ctx.err << "fieldseal: warning: " << r.trustListProblem << '\n';
    return r.ops.rejected.empty() && r.blobsFailed == 0 ? kExitOk : kExitError;
}

int cmdAttach(CliContext& ctx, const std::vector<std::string>& args) {
    const Args a = parseArgs(args, 0, {"item"}, {});
    if (!a.problem.empty() || a.positional.size() != 2)
        return fail(ctx, "usage: attach INSPECTION_ID FILE [--item CHECKLIST_ITEM]", kExitUsage);
    auto device = openDevice(ctx);
    if (!device) return fail(ctx, device.error().message);
    AttachRequest request;
    request.inspectionId = a.positional[0];
    request.path = a.positional[1];
    request.itemId = a.get("item");
    request.blobFolder = blobFolderFor(*ctx.dbPath);
    auto attached = attachEvidence(*device->replica, request);
    if (!attached) return fail(ctx, "attach: " + attached.error().message);
    ctx.out << "attached evidence " << attached->evidenceId << " to inspection " << request.inspectionId
            << ": " << attached->mediaType << ", " << attached->digest.size << " bytes, sha256 "
            << attached->digest.sha256 << "; copied to " << attached->storedPath
            << ", it uploads at the next sync\n";
    return kExitOk;
}

int cmdStatus(CliContext& ctx, const std::vector<std::string>& args) {
    const Args a = parseArgs(args, 0, {}, {"json"});
    if (!a.problem.empty() || !a.positional.empty()) return fail(ctx, "usage: status [--json]", kExitUsage);
    if (!ctx.dbPath) return fail(ctx, "status needs --db FILE", kExitUsage);
    auto store = SqliteStore::open(*ctx.dbPath, {.create = false});
    if (!store) return fail(ctx, store.error().message);
    auto s = readDeviceStatus(**store);
    if (!s) return fail(ctx, s.error().message);
    if (a.has("json")) {
        ctx.out << nlohmann::json{{"device", s->deviceId},
                                  {"user", s->user},
                                  {"district", s->district},
                                  {"server", s->server},
                                  {"signed_in", s->signedIn},
                                  {"enrolled", s->enrolled},
                                  {"pending_ops", s->pendingOps},
                                  {"pending_blobs", s->pendingBlobs},
                                  {"pending_bytes", s->pendingBlobBytes},
                                  {"failed_blobs", s->failedBlobs},
                                  {"rejected_ops", s->rejectedOps},
                                  {"cursor", s->cursor},
                                  {"last_sync", s->lastSync},
                                  {"last_error", s->lastError},
                                  {"trust_list", s->trustListSequence}}
                       .dump(2)
                << '\n';
        return kExitOk;
    }
    ctx.out << "device:        " << (s->deviceId.empty() ? "(none yet)" : s->deviceId) << '\n'
            << "user:          " << (s->user.empty() ? "(none)" : s->user)
            << (s->district.empty() ? "" : " (district " + s->district + ")") << '\n'
            << "server:        " << (s->server.empty() ? "(never signed in)" : s->server)
            << (s->server.empty() ? ""
                : s->signedIn     ? " (signed in)"
                                  : " (signed out)")
            << '\n'
            << "pending ops:   " << s->pendingOps << '\n'
            << "pending bytes: " << s->pendingBlobBytes << " (" << s->pendingBlobs << " evidence file"
            << (s->pendingBlobs == 1 ? "" : "s") << ")\n";
    if (s->failedBlobs) ctx.out << "refused files: " << s->failedBlobs << '\n';
    if (s->rejectedOps) ctx.out << "rejected ops:  " << s->rejectedOps << '\n';
    ctx.out << "last sync:     " << (s->lastSync.empty() ? "never" : s->lastSync) << '\n'
            << "last error:    " << (s->lastError.empty() ? "none" : s->lastError) << '\n'
            << "trust list:    " << s->trustListSequence << '\n';
    return kExitOk;
}

int cmdFetchEvidence(CliContext& ctx, const std::vector<std::string>& args) {
    const Args a = parseArgs(args, 0, {"dir"}, {});
    if (!a.problem.empty() || a.positional.size() != 1)
        return fail(ctx, "usage: fetch-evidence EVIDENCE_ID [--dir DIR]", kExitUsage);
    auto device = openDevice(ctx);
    if (!device) return fail(ctx, device.error().message);
    auto connection = DeviceConnection::fromStore(*device->store, {});
    if (!connection) return fail(ctx, explainSyncError(connection.error(), 0));
    InterruptCancels interrupts((*connection)->cancelToken());
    const std::string dir = a.get("dir").empty() ? blobFolderFor(*ctx.dbPath) : a.get("dir");
    auto fetched = fetchEvidence(*device->replica, (*connection)->session(), a.positional[0], dir);
    if (!fetched) {
        if (fetched.error().httpStatus == 409)
            return fail(ctx,
                        "evidence " + a.positional[0] + " has not been fully uploaded by its inspector yet");
        return fail(ctx, "fetch-evidence: " + explainSyncError(fetched.error(), 0));
    }
    ctx.out << fetched->path << '\n';
    return kExitOk;
}

} // namespace

void registerDeviceCommands(CommandTable& table) {
    table.add({"device",
               "login --server URL --ca CA.pem --user NAME [--label TEXT] [--key FILE] | logout   sign this "
               "device in (password from FIELDSEAL_PASSWORD or a prompt; enrolls it the first time)",
               cmdDevice});
    table.add({"sync", "[--progress]   push and pull ops, renew the trust list, upload evidence", cmdSync});
    table.add({"attach",
               "INSPECTION_ID FILE [--item ITEM]   add a file as evidence (uploads at the next sync)",
               cmdAttach});
    table.add({"status", "[--json]   pending ops and bytes, last sync, last error", cmdStatus});
    table.add({"fetch-evidence",
               "EVIDENCE_ID [--dir DIR]   download an evidence file (checked by its SHA-256)",
               cmdFetchEvidence});
}

} // namespace fieldseal::cli
