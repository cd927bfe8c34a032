#include "audit_log.h"

#include "audit_store.h"
#include "model/rfc3339.h"
#include "seal/canonical_json.h"
#include "seal/encoding.h"
#include "storage/server_database.h"

#include <chrono>
#include <stdexcept>

namespace fieldseal::server {
namespace {

constexpr std::size_t kVerifyChunk = 2000;

std::int64_t systemNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

AuditVerifyResult broken(AuditVerifyResult::Problem problem, std::int64_t events, std::int64_t seq,
                         const std::string& what) {
    AuditVerifyResult r;
    r.problem = problem;
    r.events = events;
    r.brokenSeq = seq;
    r.message = "broken at seq " + std::to_string(seq) + ": " + what;
    return r;
}

// SHA-256 of prevHash followed by the RFC 8785 form of the event object, written out directly:
// the members are fixed and already in canonical order, and building a JSON object first would
// cost more than the hash itself on every append.
std::string chainHash(const AuditEvent& e, const std::string& canonicalDetail) {
    std::string input;
    input.reserve(e.prevHash.size() + canonicalDetail.size() + e.actor.size() + e.action.size() +
                  e.recordId.size() + 128);
    input += e.prevHash;
    input += "{\"action\":";
    appendCanonicalString(e.action, input);
    input += ",\"actor\":";
    appendCanonicalString(e.actor, input);
    input += ",\"at\":";
    appendCanonicalString(e.at, input);
    input += ",\"detail\":";
    input += canonicalDetail;
    input += ",\"record_id\":";
    appendCanonicalString(e.recordId, input);
    input += ",\"seq\":";
    input += canonicalNumber(static_cast<double>(e.seq));
    input += '}';
    return seal::sha256Hex(input);
}

std::string shortHash(const std::string& h) {
    return h.size() > 16 ? h.substr(0, 16) + "..." : h;
}

} // namespace

AuditLog::AuditLog(ServerDatabase& db, AuditStore& store, AuditLogOptions options)
    : m_db(db)
    , m_store(store)
    , m_options(std::move(options)) {
    if (!m_options.now) m_options.now = systemNow;
}

std::string AuditLog::computeHash(const AuditEvent& e) {
    return chainHash(e, canonicalJson(e.detail));
}

AuditEvent AuditLog::appendLocked(std::string_view actor, std::string_view action, std::string_view recordId,
                                  nlohmann::json detail) {
    if (!detail.is_object()) throw std::invalid_argument("audit detail must be a JSON object");
    // The head is read on every append, not cached: the caller's transaction may roll back after
    // we return, and a cached head would then name an event that no longer exists (and another
    // AuditLog on the same file may have appended). Inside the caller's transaction the read is
    // one B-tree descent to the page the insert writes next, cheaper than hashing the event.
    const auto head = m_store.head();
    AuditEvent e;
    e.seq = head ? head->seq + 1 : 1;
    e.at = formatRfc3339(UtcSeconds(std::chrono::seconds(m_options.now())));
    e.actor = std::string(actor);
    e.action = std::string(action);
    e.recordId = std::string(recordId);
    e.detail = std::move(detail);
    e.prevHash = head ? head->hash : std::string(kGenesisHash);
    std::string canonicalDetail = canonicalJson(e.detail);
    e.hash = chainHash(e, canonicalDetail);
    m_store.insert(
        AuditRow{e.seq, e.at, e.actor, e.action, e.recordId, std::move(canonicalDetail), e.prevHash, e.hash});
    return e;
}

Result<AuditEvent> AuditLog::append(std::string_view actor, std::string_view action,
                                    std::string_view recordId, nlohmann::json detail) {
    try {
        auto lock = m_db.lock();
        auto tx = m_db.store().begin();
        AuditEvent e = appendLocked(actor, action, recordId, std::move(detail));
        tx->commit();
        return e;
    } catch (const StoreFailure& f) {
        return Error{ErrorDomain::Store, ErrorCode::StoreFailure,
                     std::string("cannot write the audit log: ") + f.what()};
    }
}

Result<AuditVerifyResult> AuditLog::verify() {
    using Problem = AuditVerifyResult::Problem;
    std::int64_t expectedSeq = 1;
    std::string prevHash(kGenesisHash);
    try {
        while (true) {
            std::vector<AuditRow> rows;
            {
                auto lock = m_db.lock();
                rows = m_store.readAfter(expectedSeq - 1, kVerifyChunk);
            }
            if (rows.empty()) break;
            for (const auto& row : rows) {
                const std::int64_t verified = expectedSeq - 1;
                if (row.seq != expectedSeq) {
                    const std::string missing = row.seq == expectedSeq + 1
                                                    ? "seq " + std::to_string(expectedSeq) + " is missing"
                                                    : "seqs " + std::to_string(expectedSeq) + " to " +
                                                          std::to_string(row.seq - 1) + " are missing";
                    return broken(Problem::SeqGap, verified, expectedSeq, "gap in seq (" + missing + ")");
                }
                if (row.prevHash != prevHash)
                    return broken(Problem::PrevHashMismatch, verified, row.seq,
                                  "prev_hash mismatch (it is " + shortHash(row.prevHash) +
                                      ", the event before has hash " + shortHash(prevHash) + ")");
                AuditEvent e;
                e.seq = row.seq;
                e.at = row.at;
                e.actor = row.actor;
                e.action = row.action;
                e.recordId = row.recordId;
                e.detail = nlohmann::json::parse(row.detail, nullptr, false);
                e.prevHash = row.prevHash;
                if (!e.detail.is_object())
                    return broken(Problem::MalformedEvent, verified, row.seq,
                                  "the detail is not a JSON object");
                const std::string computed = computeHash(e);
                if (computed != row.hash)
                    return broken(Problem::HashMismatch, verified, row.seq,
                                  "hash mismatch (stored " + shortHash(row.hash) + ", the content gives " +
                                      shortHash(computed) + ")");
                prevHash = row.hash;
                ++expectedSeq;
            }
        }
    } catch (const StoreFailure& f) {
        return Error{ErrorDomain::Store, ErrorCode::StoreFailure,
                     std::string("cannot read the audit log: ") + f.what()};
    } catch (const std::invalid_argument& e) {
        // canonicalJson refuses strings that are not UTF-8: only a doctored row has them.
        return broken(Problem::MalformedEvent, expectedSeq - 1, expectedSeq,
                      std::string("the event cannot be canonicalised: ") + e.what());
    }
    AuditVerifyResult r;
    r.events = expectedSeq - 1;
    r.message = "ok, " + std::to_string(r.events) + " events";
    return r;
}

} // namespace fieldseal::server
