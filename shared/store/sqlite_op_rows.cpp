#include "sqlite_op_rows.h"

#include <nlohmann/json.hpp>

namespace fieldseal::sqlite {

std::string opColumnsOf(std::string_view alias) {
    std::string out;
    std::string_view cols = kOpColumns;
    while (!cols.empty()) {
        const auto comma = cols.find(',');
        auto col = cols.substr(0, comma);
        while (!col.empty() && col.front() == ' ')
            col.remove_prefix(1);
        if (!out.empty()) out += ", ";
        out.append(alias).append(".").append(col);
        cols = comma == std::string_view::npos ? std::string_view{} : cols.substr(comma + 1);
    }
    return out;
}

StoredOp readOp(const Query& q) {
    StoredOp s;
    s.seq = q.int64(0);
    s.op.opId = q.text(1);
    s.op.recordId = q.text(2);
    s.op.type = q.text(3);
    s.op.field = q.text(4);
    s.op.value = nlohmann::json::parse(q.text(5));
    s.op.hlc = static_cast<Hlc>(q.int64(6));
    s.op.baseVersion = static_cast<Hlc>(q.int64(7));
    s.op.device = q.text(8);
    s.op.user = q.text(9);
    s.stale = q.int64(10) != 0;
    return s;
}

} // namespace fieldseal::sqlite
