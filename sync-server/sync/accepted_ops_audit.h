#pragma once
// The audit entry of the ops one transaction logged (a device's push, or one server edit): one
// hash-chained entry per batch instead of one per op, since the entry and its SHA-256 cost more
// than the op itself. The entry still names every op and commits to their content:
//
//   action "ops.accepted", detail {
//     "count": N, "first_seq": S1, "last_seq": SN,
//     "op_ids": [op ids in log order],
//     "ops_sha256": hex SHA-256 over digestLine(op, seq) of each op in log order,
//     "status_changes": [{"record_id": .., "status": ..}, ...]   // review decisions, submissions
//   }
//
// digestLine is length-prefixed, so no escaping is needed and no two op lists give the same
// input; the value is the JSON text the op log stores (nlohmann dump()). Anyone holding the op
// log can recompute ops_sha256 for a batch and see that no logged op was changed afterwards.

#include "model/op.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace fieldseal::server {

class AcceptedOpsAudit {
public:
    // An op appended to the log at `seq`, in log order. `valueJson`, when given, is op.value.dump()
    // made earlier (outside the database lock); otherwise the value is serialised here.
    void add(const Op& op, std::int64_t seq, const std::string* valueJson = nullptr);
    bool empty() const { return m_opIds.empty(); }
    const std::vector<std::string>& opIds() const { return m_opIds; }
    // The record all ops are about, or "" when they touch several.
    std::string recordId() const { return m_severalRecords ? std::string() : m_recordId; }
    // The entry's detail (see above).
    nlohmann::json detail() const;
    void clear();

    // "<seq>|" then each of op_id, record_id, type, field, device, user, value-as-logged as
    // "<byte length>:<bytes>", then "<hlc>|<base_version>\n".
    static void appendDigestLine(const Op& op, std::int64_t seq, std::string& out);
    static void appendDigestLine(const Op& op, std::int64_t seq, std::string_view valueJson, std::string& out);

private:
    std::vector<std::string> m_opIds;
    std::int64_t m_firstSeq = 0;
    std::int64_t m_lastSeq = 0;
    std::string m_digestInput;
    std::string m_recordId;
    bool m_severalRecords = false;
    nlohmann::json m_statusChanges = nlohmann::json::array();
};

} // namespace fieldseal::server
