#include "accepted_ops_audit.h"

#include "seal/encoding.h"

namespace fieldseal::server {
namespace {

void appendField(std::string_view bytes, std::string& out) {
    out += std::to_string(bytes.size());
    out += ':';
    out.append(bytes);
}

} // namespace

std::string AcceptedOpsAudit::opDigest(const Op& op, std::string_view valueJson, seal::Sha256Stream& sha) {
    std::string content;
    content.reserve(160 + valueJson.size());
    appendField(op.opId, content);
    appendField(op.recordId, content);
    appendField(op.type, content);
    appendField(op.field, content);
    appendField(op.device, content);
    appendField(op.user, content);
    appendField(valueJson, content);
    content += std::to_string(op.hlc);
    content += '|';
    content += std::to_string(op.baseVersion);
    sha.update(content);
    return sha.finishHex();
}

void AcceptedOpsAudit::appendDigestLine(std::int64_t seq, std::string_view digest, std::string& out) {
    out += std::to_string(seq);
    out += '|';
    out.append(digest);
    out += '\n';
}

void AcceptedOpsAudit::add(const Op& op, std::int64_t seq, const std::string* digest) {
    if (m_opIds.empty()) {
        m_firstSeq = seq;
        m_recordId = op.recordId;
    } else if (op.recordId != m_recordId) {
        m_severalRecords = true;
    }
    m_lastSeq = seq;
    m_opIds.push_back(op.opId);
    if (digest)
        appendDigestLine(seq, *digest, m_digestInput);
    else
        appendDigestLine(seq, opDigest(op), m_digestInput);
    if (op.isStatus() && op.value.is_object() && op.value.contains("status"))
        m_statusChanges.push_back({{"record_id", op.recordId}, {"status", op.value["status"]}});
}

nlohmann::json AcceptedOpsAudit::detail() const {
    return {{"count", m_opIds.size()},
            {"first_seq", m_firstSeq},
            {"last_seq", m_lastSeq},
            {"op_ids", m_opIds},
            {"ops_sha256", seal::sha256Hex(m_digestInput)},
            {"status_changes", m_statusChanges}};
}

void AcceptedOpsAudit::clear() {
    m_opIds.clear();
    m_firstSeq = m_lastSeq = 0;
    m_digestInput.clear();
    m_recordId.clear();
    m_severalRecords = false;
    m_statusChanges = nlohmann::json::array();
}

} // namespace fieldseal::server
