#include "client/sync_engine.h"

#include "client/push_batch.h"
#include "model/rfc3339.h"

#include <future>
#include <memory>
#include <optional>
#include <unordered_set>

namespace fieldseal {

namespace {

SyncError storeError(const std::string& message) {
    return SyncError{SyncErrorKind::Store, message, 0, {}, {}};
}

void appendToList(Store& store, const char* key, const nlohmann::json& entries) {
    auto list = nlohmann::json::array();
    if (auto text = store.meta(key)) {
        auto parsed = nlohmann::json::parse(*text, nullptr, false);
        if (parsed.is_array()) list = std::move(parsed);
    }
    for (const auto& e : entries)
        list.push_back(e);
    store.setMeta(key, list.dump());
}

using Clock = std::chrono::steady_clock;

// One POST /v1/sync and the decoding of its reply.
struct Exchange {
    std::optional<SyncResult<HttpResponse>> response;
    std::optional<Result<SyncReply>> reply; // when the response is a 200
    std::chrono::duration<double> waiting{0};
    std::chrono::duration<double> decoding{0};
};

HttpRequest syncRequest(std::int64_t cursor, const std::vector<Op>& ops, std::size_t limit) {
    HttpRequest request;
    request.method = "POST";
    request.path = "/v1/sync";
    request.headers.add("Content-Type", "application/json");
    request.headers.add("Accept", "application/json");
    request.body = syncRequestBody(cursor, ops, limit);
    return request;
}

Exchange exchange(ApiSession& session, HttpRequest request) {
    Exchange out;
    const auto sent = Clock::now();
    out.response = session.call(std::move(request));
    const auto answered = Clock::now();
    out.waiting = answered - sent;
    if (*out.response && (*out.response)->status == 200) {
        out.reply = parseSyncReply((*out.response)->body);
        out.decoding = Clock::now() - answered;
    }
    return out;
}

// The next page of a pull-only sync, fetched and decoded on another thread while this one merges
// the page before (the request only depends on the cursor that page's reply named, and nothing
// of it is committed before its own round). The session is used by that thread alone meanwhile;
// tokens it renews are handed to the session's own onTokensChanged on this thread, when the
// page is taken (or dropped), so the store is only written from here.
class Prefetch {
public:
    Prefetch(ApiSession& session, HttpRequest request)
        : m_session(session)
        , m_original(session.onTokensChanged)
        , m_renewed(std::make_shared<std::optional<SessionTokens>>()) {
        m_session.onTokensChanged = [renewed = m_renewed](const SessionTokens& t) { *renewed = t; };
        m_future = std::async(std::launch::async, [&session, r = std::move(request)]() mutable {
            return exchange(session, std::move(r));
        });
    }
    ~Prefetch() {
        if (m_future.valid()) m_future.wait();
        restore();
    }
    Prefetch(const Prefetch&) = delete;
    Prefetch& operator=(const Prefetch&) = delete;

    Exchange take() {
        Exchange out = m_future.get();
        restore();
        return out;
    }

private:
    void restore() {
        if (m_restored) return;
        m_restored = true;
        m_session.onTokensChanged = m_original;
        if (*m_renewed && m_original) m_original(**m_renewed);
    }

    ApiSession& m_session;
    std::function<void(const SessionTokens&)> m_original;
    std::shared_ptr<std::optional<SessionTokens>> m_renewed;
    std::future<Exchange> m_future;
    bool m_restored = false;
};

} // namespace

SyncEngine::SyncEngine(Replica& replica, ApiSession& session, Options options)
    : m_replica(replica)
    , m_session(session)
    , m_options(std::move(options)) {
    if (m_options.pushBatch == 0) m_options.pushBatch = 1;
    if (m_options.maxPushOps < m_options.pushBatch) m_options.maxPushOps = m_options.pushBatch;
}

std::vector<RejectedOp> SyncEngine::rejectedOps(Store& store) {
    std::vector<RejectedOp> out;
    const auto text = store.meta(kRejectedOpsKey);
    if (!text) return out;
    const auto list = nlohmann::json::parse(*text, nullptr, false);
    if (!list.is_array()) return out;
    for (const auto& e : list)
        if (e.is_object())
            out.push_back(RejectedOp{e.value("op_id", ""), e.value("code", ""), e.value("message", "")});
    return out;
}

SyncResult<SyncReport> SyncEngine::sync(const std::function<void(const SyncProgress&)>& onProgress) {
    auto result = run(onProgress);
    // Bookkeeping for "status"; a failure to write it must not hide the sync's own outcome.
    try {
        Store& store = m_replica.store();
        auto tx = store.begin();
        if (result) {
            store.setMeta(kLastSyncKey, formatRfc3339(std::chrono::floor<std::chrono::seconds>(
                                            std::chrono::system_clock::now())));
            store.setMeta(kLastErrorKey, "");
        } else {
            store.setMeta(kLastErrorKey, result.error().describe());
        }
        tx->commit();
    } catch (const StoreFailure&) {
    }
    return result;
}

SyncResult<SyncReport> SyncEngine::run(const std::function<void(const SyncProgress&)>& onProgress) {
    Store& store = m_replica.store();
    SyncReport report;
    SyncProgress progress;
    const auto emit = [&] {
        if (onProgress) onProgress(progress);
    };

    std::int64_t cursor = 0;
    try {
        cursor = store.cursor(m_options.cursorName).value_or(0);
        progress.pushTotal = static_cast<std::uint64_t>(store.outboxSize());
    } catch (const StoreFailure& e) {
        return storeError(e.what());
    }
    report.cursor = cursor;
    emit();

    std::optional<Prefetch> prefetch; // joined (and the session restored) on every way out
    for (int round = 1;; ++round) {
        if (round > m_options.maxRounds)
            return SyncError{SyncErrorKind::BadResponse,
                             "the server kept saying there is more after " +
                                 std::to_string(m_options.maxRounds) + " rounds",
                             0,
                             {},
                             {}};
        progress.round = round;

        std::vector<StoredOp> batch;
        bool outboxHasMore = false; // beyond this batch, when it was read
        std::unordered_set<std::string> pushed;
        Exchange ex;
        if (prefetch) {
            ex = prefetch->take(); // a pull-only round: nothing to push
            prefetch.reset();
        } else {
            // Whole puts only (client/push_batch.h); one more op read shows whether the last goes on.
            try {
                std::size_t readLimit = m_options.pushBatch + 1;
                batch = store.outbox(readLimit);
                if (pushBatchNeedsMore(batch, readLimit) && readLimit <= m_options.maxPushOps) {
                    readLimit = m_options.maxPushOps + 1;
                    batch = store.outbox(readLimit);
                }
                const std::size_t length = pushBatchLength(batch, m_options.pushBatch, m_options.maxPushOps);
                outboxHasMore = length < batch.size();
                batch.resize(length);
            } catch (const StoreFailure& e) {
                return storeError(e.what());
            }
            std::vector<Op> ops;
            ops.reserve(batch.size());
            for (auto& s : batch) {
                pushed.insert(s.op.opId);
                ops.push_back(std::move(s.op));
            }
            HttpRequest request = syncRequest(cursor, ops, m_options.pullLimit);
            request.onProgress = [&](const TransferProgress& p) {
                progress.current = p;
                progress.bytesSent = report.bytesSent + p.uploaded;
                progress.bytesReceived = report.bytesReceived + p.downloaded;
                emit();
            };
            ex = exchange(m_session, std::move(request));
        }
        report.waiting += ex.waiting;
        report.decoding += ex.decoding;
        auto& response = *ex.response;
        if (!response) return response.error();
        report.bytesSent += response->bodyBytesSent;
        report.bytesReceived += response->bodyBytesReceived;
        if (response->status != 200) return ApiSession::errorFromResponse(*response, "sync");
        auto& reply = *ex.reply;
        if (!reply) return SyncError{SyncErrorKind::BadResponse, reply.error().message, 200, {}, {}};
        const auto decoded = Clock::now();

        // Only the ops this round sent can leave the outbox.
        std::vector<std::string> settled;
        std::uint64_t accepted = 0;
        for (const auto& id : reply->accepted)
            if (pushed.erase(id)) {
                settled.push_back(id);
                ++accepted;
            }
        std::vector<RejectedOp> rejected;
        auto rejectedJson = nlohmann::json::array();
        for (const auto& r : reply->rejected)
            if (pushed.erase(r.opId)) {
                settled.push_back(r.opId);
                rejected.push_back(r);
                rejectedJson.push_back({{"op_id", r.opId}, {"code", r.code}, {"message", r.message}});
            }
        // Ops this device's clock would refuse must not be skipped: stop before anything commits.
        for (const auto& op : reply->ops)
            if (auto s = m_replica.clock().check(op.hlc); !s)
                return SyncError{
                    SyncErrorKind::ClockBehind,
                    "op " + op.opId + " from " + op.device + " is dated " + hlcToString(op.hlc) +
                        ", too far ahead of this device's clock: set the clock right and sync again",
                    0,
                    {},
                    {}};

        // A pull-only round with more to come: fetch the next page while this one is merged.
        if (m_options.prefetch && batch.empty() && reply->more)
            prefetch.emplace(m_session, syncRequest(reply->cursor, {}, m_options.pullLimit));

        // The round's effects, in one transaction.
        const auto settle = [&] {
            store.acknowledge(settled);
            if (!rejectedJson.empty()) appendToList(store, kRejectedOpsKey, rejectedJson);
            store.setCursor(m_options.cursorName, reply->cursor);
        };
        try {
            if (reply->ops.empty()) {
                auto tx = store.begin();
                settle();
                tx->commit();
            } else {
                const std::size_t n = reply->ops.size();
                auto applied = m_replica.apply(reply->ops, n, {}, [&](std::size_t done) {
                    if (done == n) settle();
                });
                if (!applied) return storeError(applied.error().message);
                report.applied += applied->applied;
                report.duplicates += applied->duplicates;
                report.stale += applied->stale;
                if (!applied->rejected.empty()) {
                    auto list = nlohmann::json::array();
                    for (const auto& [id, error] : applied->rejected) {
                        list.push_back(
                            {{"op_id", id}, {"code", toString(error.code)}, {"message", error.message}});
                        report.pullRejected.emplace_back(id, error);
                    }
                    // After the round's commit: a crash in between forgets this note, not an op.
                    auto tx = store.begin();
                    appendToList(store, kPullRejectedKey, list);
                    tx->commit();
                }
            }
        } catch (const StoreFailure& e) {
            return storeError(e.what());
        }
        report.applying += Clock::now() - decoded;

        report.accepted += accepted;
        report.rejected.insert(report.rejected.end(), rejected.begin(), rejected.end());
        report.pulled += reply->ops.size();
        for (const auto& c : reply->conflicts)
            report.conflicts.push_back(c);
        report.cursor = cursor = reply->cursor;
        report.rounds = round;

        progress.pushDone += settled.size();
        progress.pullDone += reply->ops.size();
        progress.caughtUp = !reply->more;
        progress.current = {};
        progress.bytesSent = report.bytesSent;
        progress.bytesReceived = report.bytesReceived;
        emit();

        // The server must answer for every op it was sent; one that it ignores would be pushed
        // for ever. What the round did settle is committed above.
        if (!pushed.empty())
            return SyncError{SyncErrorKind::BadResponse,
                             "the server neither accepted nor rejected " + std::to_string(pushed.size()) +
                                 " of the " + std::to_string(batch.size()) + " ops pushed (e.g. " +
                                 *pushed.begin() + ")",
                             200,
                             {},
                             {}};

        // Done when caught up and the outbox had no more than this batch (edits made meanwhile
        // wait for the next sync).
        if (!reply->more && !outboxHasMore) break;
    }
    return report;
}

} // namespace fieldseal
