#include "client/sync_reply_decoder.h"

#include <array>
#include <optional>
#include <vector>

namespace fieldseal {

namespace {

using json = nlohmann::json;

// Builds one JSON value from SAX events (a subtree kept whole).
class Capture {
public:
    bool done() const { return m_done; }
    json take() { return std::move(m_root); }

    void scalar(json v) {
        place(std::move(v));
        if (m_stack.empty()) m_done = true;
    }
    void open(json container) { m_stack.push_back(place(std::move(container))); }
    void close() {
        m_stack.pop_back();
        if (m_stack.empty()) m_done = true;
    }
    void key(std::string k) { m_key = std::move(k); }

private:
    // Pointers on the stack stay valid: only the innermost open container grows.
    json* place(json v) {
        if (m_stack.empty()) {
            m_root = std::move(v);
            return &m_root;
        }
        json* top = m_stack.back();
        if (top->is_array()) {
            top->push_back(std::move(v));
            return &top->back();
        }
        json& slot = (*top)[m_key];
        slot = std::move(v);
        return &slot;
    }

    json m_root;
    std::vector<json*> m_stack;
    std::string m_key;
    bool m_done = false;
};

// The op members in opFromJson's order of checks.
constexpr std::array<const char*, 9> kMembers = {"op_id", "record_id", "type",         "field", "device",
                                                 "user",  "hlc",       "base_version", "value"};

class ReplyDecoder final : public nlohmann::json_sax<json> {
public:
    explicit ReplyDecoder(SyncReply& reply)
        : m_reply(reply) {}

    // After a successful sax_parse: what a complete reply must have had.
    std::optional<std::string> finish() const {
        if (!m_error.empty()) return m_error;
        if (!m_sawAccepted) return std::string("'accepted' must be an array of op ids");
        if (!m_sawOps) return std::string("'ops' must be an array of ops");
        if (!m_sawCursor) return std::string("'cursor' must be a whole number >= 0");
        return std::nullopt;
    }
    const std::string& error() const { return m_error; }
    json rejected;
    json conflicts;
    bool sawRejected = false;
    bool sawConflicts = false;

    bool null() override { return value(json(nullptr)); }
    bool boolean(bool v) override { return value(json(v)); }
    bool number_integer(number_integer_t v) override { return value(json(v)); }
    bool number_unsigned(number_unsigned_t v) override { return value(json(v)); }
    bool number_float(number_float_t v, const string_t&) override { return value(json(v)); }
    bool string(string_t& v) override { return value(json(std::move(v))); }
    bool binary(binary_t&) override { return fail("the sync reply is not a JSON object"); }

    bool start_object(std::size_t) override {
        if (m_capture) {
            m_capture->open(json::object());
            return true;
        }
        if (m_depth == 0) {
            m_depth = 1;
            return true;
        }
        if (m_depth == 2 && m_top == Top::Ops) {
            m_depth = 3;
            m_op = Op{};
            m_seen = 0;
            m_unknown.clear();
            return true;
        }
        return unexpected();
    }

    bool end_object() override {
        if (m_capture) {
            m_capture->close();
            return captured();
        }
        if (m_depth == 3) {
            m_depth = 2;
            for (std::size_t i = 0; i < kMembers.size(); ++i)
                if (!(m_seen & (1u << i))) {
                    if (i == 8) return opError("op is missing \"value\"");
                    return opError(std::string("op is missing \"") + kMembers[i] + "\"");
                }
            if (!m_unknown.empty()) return opError("op has an unknown member \"" + m_unknown + "\"");
            m_reply.ops.push_back(std::move(m_op));
            ++m_opIndex;
            return true;
        }
        m_depth = 0;
        return true;
    }

    bool start_array(std::size_t) override {
        if (m_capture) {
            m_capture->open(json::array());
            return true;
        }
        if (m_depth == 0) return fail("the sync reply is not a JSON object");
        if (m_depth == 1 && (m_top == Top::Accepted || m_top == Top::Ops)) {
            m_depth = 2;
            if (m_top == Top::Accepted) {
                m_reply.accepted.clear();
                m_sawAccepted = true;
            } else {
                m_reply.ops.clear();
                m_opIndex = 0;
                m_sawOps = true;
            }
            return true;
        }
        return unexpected();
    }

    bool end_array() override {
        if (m_capture) {
            m_capture->close();
            return captured();
        }
        m_depth = 1;
        return true;
    }

    bool key(string_t& k) override {
        if (m_capture) {
            m_capture->key(std::move(k));
            return true;
        }
        if (m_depth == 1) {
            m_top = k == "accepted"    ? Top::Accepted
                    : k == "ops"       ? Top::Ops
                    : k == "cursor"    ? Top::Cursor
                    : k == "more"      ? Top::More
                    : k == "rejected"  ? Top::Rejected
                    : k == "conflicts" ? Top::Conflicts
                                       : Top::Other;
            if (m_top == Top::Rejected || m_top == Top::Conflicts || m_top == Top::Other) m_capture.emplace();
            return true;
        }
        // An op member.
        m_member = kMembers.size();
        for (std::size_t i = 0; i < kMembers.size(); ++i)
            if (k == kMembers[i]) m_member = i;
        if (m_member == kMembers.size()) {
            if (m_unknown.empty()) m_unknown = k;
            m_capture.emplace(); // read and dropped
        } else if (m_member == 8) {
            m_capture.emplace();
        }
        return true;
    }

    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
        if (m_error.empty()) m_error = "the sync reply is not a JSON object";
        return false;
    }

private:
    enum class Top { None, Accepted, Ops, Cursor, More, Rejected, Conflicts, Other };

    bool fail(std::string message) {
        if (m_error.empty()) m_error = std::move(message);
        return false;
    }
    bool opError(const std::string& message) {
        return fail("ops[" + std::to_string(m_opIndex) + "]: " + message);
    }
    bool unexpected() {
        if (m_depth == 3) return memberTypeError(m_member);
        switch (m_top) {
        case Top::Accepted:
            return fail("'accepted' must be an array of op ids");
        case Top::Ops:
            return m_depth == 1 ? fail("'ops' must be an array of ops")
                                : opError("an op must be a JSON object");
        case Top::Cursor:
            return fail("'cursor' must be a whole number >= 0");
        case Top::More:
            return fail("'more' must be true or false");
        default:
            return fail("the sync reply is not a JSON object");
        }
    }

    bool memberTypeError(std::size_t i) {
        return opError(std::string("op member \"") + kMembers[i] + "\" must be a " +
                       (i < 6 ? "string" : "whole number"));
    }

    // A scalar outside a capture: a top-level member's value, an accepted id or an op member.
    bool value(json v) {
        if (m_capture) {
            m_capture->scalar(std::move(v));
            return captured();
        }
        if (m_depth == 0) return fail("the sync reply is not a JSON object");
        if (m_depth == 1) {
            switch (m_top) {
            case Top::Cursor:
                if (!v.is_number_integer() || v.get<std::int64_t>() < 0)
                    return fail("'cursor' must be a whole number >= 0");
                m_reply.cursor = v.get<std::int64_t>();
                m_sawCursor = true;
                return true;
            case Top::More:
                if (!v.is_boolean()) return fail("'more' must be true or false");
                m_reply.more = v.get<bool>();
                return true;
            default:
                return unexpected();
            }
        }
        if (m_depth == 2) {
            if (m_top != Top::Accepted || !v.is_string()) return unexpected();
            m_reply.accepted.push_back(v.get<std::string>());
            return true;
        }
        // depth 3: an op member other than "value".
        const std::size_t i = m_member;
        m_seen |= 1u << i;
        if (i < 6) {
            if (!v.is_string()) return memberTypeError(i);
            std::string* into[] = {&m_op.opId,  &m_op.recordId, &m_op.type,
                                   &m_op.field, &m_op.device,   &m_op.user};
            *into[i] = std::move(v.get_ref<std::string&>());
            return true;
        }
        if (!v.is_number_unsigned()) return memberTypeError(i);
        (i == 6 ? m_op.hlc : m_op.baseVersion) = v.get<Hlc>();
        return true;
    }

    // A capture that completed: hand its value to its owner.
    bool captured() {
        if (!m_capture->done()) return true;
        json v = m_capture->take();
        m_capture.reset();
        if (m_depth == 3) {
            if (m_member == 8) {
                m_seen |= 1u << 8;
                m_op.value = std::move(v);
            }
            return true;
        }
        if (m_top == Top::Rejected) {
            rejected = std::move(v);
            sawRejected = true;
        } else if (m_top == Top::Conflicts) {
            conflicts = std::move(v);
            sawConflicts = true;
        }
        return true;
    }

    SyncReply& m_reply;
    std::string m_error;
    int m_depth = 0; // 1: the reply object, 2: inside accepted or ops, 3: inside an op
    Top m_top = Top::None;
    std::optional<Capture> m_capture;
    bool m_sawAccepted = false;
    bool m_sawOps = false;
    bool m_sawCursor = false;
    Op m_op;
    std::size_t m_member = 0;
    unsigned m_seen = 0;
    std::string m_unknown;
    std::size_t m_opIndex = 0;
};

Error malformed(std::string message) {
    return Error{ErrorDomain::Sync, ErrorCode::MalformedInput, std::move(message)};
}

} // namespace

Result<SyncReply> decodeSyncReply(std::string_view body) {
    SyncReply reply;
    ReplyDecoder decoder(reply);
    const bool parsed = json::sax_parse(body, &decoder);
    if (!parsed)
        return malformed(decoder.error().empty() ? "the sync reply is not a JSON object" : decoder.error());
    if (auto problem = decoder.finish()) return malformed(*problem);

    if (decoder.sawRejected) {
        if (!decoder.rejected.is_array()) return malformed("'rejected' must be an array");
        for (const auto& r : decoder.rejected) {
            if (!r.is_object()) return malformed("'rejected' entries must be objects");
            const auto id = r.find("op_id");
            if (id == r.end() || !id->is_string()) return malformed("a 'rejected' entry has no op_id");
            const auto text = [&](const char* name) {
                const auto it = r.find(name);
                return it != r.end() && it->is_string() ? it->get<std::string>() : std::string();
            };
            reply.rejected.push_back(RejectedOp{id->get<std::string>(), text("code"), text("message")});
        }
    }
    if (decoder.sawConflicts) {
        if (!decoder.conflicts.is_array()) return malformed("'conflicts' must be an array");
        reply.conflicts = std::move(decoder.conflicts);
    }
    return reply;
}

} // namespace fieldseal
