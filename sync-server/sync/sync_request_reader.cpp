#include "sync_request_reader.h"

#include "sync/op_codec.h"
#include "sync/plain_request_scanner.h"

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace fieldseal::server {
namespace {

using json = nlohmann::json;

// Builds one op value from SAX events (what the DOM parser would have built for it).
class ValueBuilder {
public:
    void reset() {
        m_root = json();
        m_stack.clear();
    }
    bool done() const { return m_stack.empty(); }
    json take() { return std::move(m_root); }

    void scalar(json v) { place(std::move(v)); }
    void key(std::string& k) { m_key = std::move(k); }
    void open(json container) { m_stack.push_back(place(std::move(container))); }
    void close() { m_stack.pop_back(); }

private:
    json* place(json v) {
        if (m_stack.empty()) {
            m_root = std::move(v);
            return &m_root;
        }
        json& parent = *m_stack.back();
        if (parent.is_array()) {
            parent.push_back(std::move(v));
            return &parent.back();
        }
        json& slot = parent[m_key]; // a repeated key: the last one wins, as in the DOM parser
        slot = std::move(v);
        return &slot;
    }

    json m_root;
    std::vector<json*> m_stack; // the open containers, innermost last
    std::string m_key;
};

// The SAX handler: returning false stops the parse, and the caller falls back.
class Reader {
public:
    explicit Reader(std::size_t maxOps)
        : m_maxOps(maxOps) {}

    std::optional<SyncRequest> result() {
        if (m_state != State::End || !m_sawCursor) return std::nullopt;
        return std::move(m_request);
    }

    bool null() { return valueEvent(json(nullptr)); }
    bool boolean(bool v) { return valueEvent(json(v)); }
    bool number_integer(json::number_integer_t v) { return valueEvent(json(v)); }
    bool number_float(json::number_float_t v, const std::string&) { return valueEvent(json(v)); }
    bool binary(json::binary_t&) { return false; }

    bool number_unsigned(json::number_unsigned_t v) {
        if (m_state == State::Value) return valueEvent(json(v));
        constexpr auto kMaxSigned = static_cast<json::number_unsigned_t>(std::numeric_limits<std::int64_t>::max());
        if (m_state == State::Top && m_topKey == TopKey::Cursor && !m_sawCursor && v <= kMaxSigned) {
            m_request.cursor = static_cast<std::int64_t>(v);
            m_sawCursor = true;
            return true;
        }
        if (m_state == State::Top && m_topKey == TopKey::Limit && !m_sawLimit && v >= 1 && v <= kMaxSigned) {
            m_request.limit = static_cast<std::size_t>(v);
            m_sawLimit = true;
            return true;
        }
        const std::size_t member = m_member;
        if (m_state == State::Op && (member == kHlc || member == kBase) && take(member)) {
            (member == kHlc ? m_op.hlc : m_op.baseVersion) = v;
            return true;
        }
        return false;
    }

    bool string(std::string& v) {
        if (m_state == State::Value) return valueEvent(json(std::move(v)));
        const std::size_t member = m_member;
        if (m_state != State::Op || member >= kStringMembers || !take(member)) return false;
        *stringMember(member) = std::move(v);
        return true;
    }

    bool key(std::string& k) {
        switch (m_state) {
        case State::Top:
            if (k == "cursor")
                m_topKey = TopKey::Cursor;
            else if (k == "limit")
                m_topKey = TopKey::Limit;
            else if (k == "ops")
                m_topKey = TopKey::Ops;
            else
                return false;
            return true;
        case State::Op:
            if (k == "value") {
                if (!take(kValue)) return false;
                m_value.reset();
                m_state = State::Value;
                return true;
            }
            for (std::size_t i = 0; i < kNames.size(); ++i)
                if (k == kNames[i]) {
                    m_member = i;
                    return true;
                }
            return false;
        case State::Value:
            m_value.key(k);
            return true;
        default:
            return false;
        }
    }

    bool start_object(std::size_t) {
        switch (m_state) {
        case State::Start:
            m_state = State::Top;
            return true;
        case State::Ops:
            if (m_request.ops.size() == m_maxOps) return false;
            m_op = Op{};
            m_seen = 0;
            m_member = kNone;
            m_state = State::Op;
            return true;
        case State::Value:
            m_value.open(json::object());
            return true;
        default:
            return false;
        }
    }

    bool end_object() {
        switch (m_state) {
        case State::Top:
            m_state = State::End;
            return true;
        case State::Op:
            if (m_seen != kAllMembers) return false;
            m_request.ops.push_back(std::move(m_op));
            m_state = State::Ops;
            return true;
        case State::Value:
            m_value.close();
            if (m_value.done()) finishValue();
            return true;
        default:
            return false;
        }
    }

    bool start_array(std::size_t) {
        if (m_state == State::Value) {
            m_value.open(json::array());
            return true;
        }
        if (m_state != State::Top || m_topKey != TopKey::Ops || m_sawOps) return false;
        m_sawOps = true;
        m_state = State::Ops;
        return true;
    }

    bool end_array() {
        if (m_state == State::Value) {
            m_value.close();
            if (m_value.done()) finishValue();
            return true;
        }
        if (m_state != State::Ops) return false;
        m_state = State::Top;
        return true;
    }

    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

private:
    enum class State { Start, Top, Ops, Op, Value, End };
    enum class TopKey { None, Cursor, Limit, Ops };
    // Op members: the six strings first, then the numbers and the value.
    static constexpr std::array<const char*, 8> kNames = {"op_id", "record_id", "type", "field",
                                                          "device", "user",      "hlc",  "base_version"};
    static constexpr std::size_t kStringMembers = 6;
    static constexpr std::size_t kHlc = 6, kBase = 7, kValue = 8, kNone = 9;
    static constexpr unsigned kAllMembers = (1u << 9) - 1;

    std::string* stringMember(std::size_t i) {
        std::string* members[] = {&m_op.opId, &m_op.recordId, &m_op.type, &m_op.field, &m_op.device, &m_op.user};
        return members[i];
    }

    // Marks a member as given; false when it was given before (the thorough parse decides).
    bool take(std::size_t member) {
        const unsigned bit = 1u << member;
        if (m_seen & bit) return false;
        m_seen |= bit;
        m_member = kNone;
        return true;
    }

    bool valueEvent(json v) {
        if (m_state != State::Value) return false;
        m_value.scalar(std::move(v));
        if (m_value.done()) finishValue();
        return true;
    }

    void finishValue() {
        m_op.value = m_value.take();
        m_state = State::Op;
    }

    std::size_t m_maxOps;
    State m_state = State::Start;
    TopKey m_topKey = TopKey::None;
    bool m_sawCursor = false, m_sawLimit = false, m_sawOps = false;
    SyncRequest m_request;
    Op m_op;
    unsigned m_seen = 0;
    std::size_t m_member = kNone;
    ValueBuilder m_value;
};

} // namespace

std::variant<SyncRequest, SyncRequestProblem> readSyncRequest(std::string_view body, std::size_t maxOps) {
    if (auto fast = readSyncRequestFast(body, maxOps)) return std::move(*fast);
    return readSyncRequestThorough(body, maxOps);
}

std::optional<SyncRequest> readSyncRequestFast(std::string_view body, std::size_t maxOps) {
    // The plain form devices send, first; then anything nlohmann's SAX parser reads.
    if (auto plain = scanPlainSyncRequest(body, maxOps)) return plain;
    return readSyncRequestSax(body, maxOps);
}

std::optional<SyncRequest> readSyncRequestSax(std::string_view body, std::size_t maxOps) {
    Reader reader(maxOps);
    if (!json::sax_parse(body.begin(), body.end(), &reader)) return std::nullopt;
    return reader.result();
}

// The body: {"cursor": N, "ops": [op...], "limit": L}; "ops" and "limit" optional. Anything
// malformed refuses the whole request, so nothing is half-applied.
std::variant<SyncRequest, SyncRequestProblem> readSyncRequestThorough(std::string_view body, std::size_t maxOps) {
    using Kind = SyncRequestProblem::Kind;
    const auto invalid = [](std::string message) { return SyncRequestProblem{Kind::Invalid, std::move(message)}; };
    auto doc = json::parse(body, nullptr, false);
    if (doc.is_discarded()) return SyncRequestProblem{Kind::MalformedJson, "the body is not valid JSON"};
    if (!doc.is_object()) return invalid("the body must be a JSON object");
    for (const auto& [key, value] : doc.items())
        if (key != "cursor" && key != "ops" && key != "limit")
            return invalid("unknown member '" + key + "' (expected cursor, ops, limit)");
    SyncRequest req;
    const auto cursor = doc.find("cursor");
    if (cursor == doc.end() || !cursor->is_number_integer() || cursor->get<std::int64_t>() < 0)
        return invalid("'cursor' must be a whole number >= 0 (0 for a first pull)");
    req.cursor = cursor->get<std::int64_t>();
    if (const auto limit = doc.find("limit"); limit != doc.end()) {
        if (!limit->is_number_integer() || limit->get<std::int64_t>() < 1)
            return invalid("'limit' must be a whole number >= 1");
        req.limit = limit->get<std::size_t>();
    }
    if (const auto ops = doc.find("ops"); ops != doc.end()) {
        if (!ops->is_array()) return invalid("'ops' must be an array of ops");
        if (ops->size() > maxOps)
            return SyncRequestProblem{Kind::TooManyOps,
                                      "at most " + std::to_string(maxOps) + " ops per push; send the rest next"};
        req.ops.reserve(ops->size());
        for (std::size_t i = 0; i < ops->size(); ++i) {
            // opFromJson copies the value; move it out first and back in after (the checks
            // only need to see that it is there).
            json& element = (*ops)[i];
            json value;
            const auto v = element.is_object() ? element.find("value") : element.end();
            if (element.is_object() && v != element.end()) std::swap(value, *v);
            auto op = opFromJson(element);
            if (!op) return invalid("ops[" + std::to_string(i) + "]: " + op.error().message);
            op->value = std::move(value);
            req.ops.push_back(std::move(*op));
        }
    }
    return req;
}

} // namespace fieldseal::server
