#pragma once
// The audit entry of the ops one transaction logged (a device's push, or one server edit): one
// hash-chained entry per batch instead of one per op, since the entry and its SHA-256 cost more
// than the op itself. The entry still names every op and commits to their content:
//
//   action "ops.accepted", detail {
//     "count": N, "first_seq": S1, "last_seq": SN,
//     "op_ids": [op ids in log order],
//     "ops_sha256": hex SHA-256 over the digest line "<seq>|<opDigest(op)>\n" of each op in log order,
//     "status_changes": [{"record_id": .., "status": ..}, ...]   // review decisions, submissions
//   }
//
// opDigest is the hex SHA-256 of the op's content, length-prefixed (no escaping is needed, and no
// two ops give the same input); the value is the JSON text the op log stores (nlohmann dump()).
// Anyone holding the op log can recompute ops_sha256 for a batch and see that no logged op was
// changed afterwards. Two levels, because a push's op digests can be made before the database
// lock (SyncService::sync): under it, only the short digest lines of the ops logged are hashed,
// not the ops' whole text (about 150 KB per push of 500).

#include "model/op.h"
#include "seal/sha256.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace fieldseal::server {

class AcceptedOpsAudit {
public:
    // An op appended to the log at `seq`, in log order. `digest`, when given, is opDigest(op)
    // made earlier (outside the database lock); otherwise it is made here.
    void add(const Op& op, std::int64_t seq, const std::string* digest = nullptr);
    bool empty() const { return m_opIds.empty(); }
    const std::vector<std::string>& opIds() const { return m_opIds; }
    // The record all ops are about, or "" when they touch several.
    std::string recordId() const { return m_severalRecords ? std::string() : m_recordId; }
    // The entry's detail (see above).
    nlohmann::json detail() const;
    void clear();

    // Hex SHA-256 of each of op_id, record_id, type, field, device, user, value-as-logged as
    // "<byte length>:<bytes>", then "<hlc>|<base_version>". `sha` is any stream, left empty.
    static std::string opDigest(const Op& op, std::string_view valueJson, seal::Sha256Stream& sha);
    static std::string opDigest(const Op& op) {
        seal::Sha256Stream sha;
        return opDigest(op, op.value.dump(), sha);
    }

private:
    // "<seq>|<opDigest(op)>\n": what ops_sha256 hashes for each op.
    static void appendDigestLine(std::int64_t seq, std::string_view digest, std::string& out);

    std::vector<std::string> m_opIds;
    std::int64_t m_firstSeq = 0;
    std::int64_t m_lastSeq = 0;
    std::string m_digestInput; // the digest lines
    std::string m_recordId;
    bool m_severalRecords = false;
    nlohmann::json m_statusChanges = nlohmann::json::array();
};

} // namespace fieldseal::server
