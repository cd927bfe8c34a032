#pragma once
// The public listing of a draw (抽查结果公示): one CSV row per task, RFC 4180 quoting, UTF-8 with a
// byte-order mark so that spreadsheet programs show the Chinese text correctly.

#include "draw.h"

#include <string>

namespace fieldseal::draw {

// Columns: 序号 number, 统一社会信用代码 uscc, 单位名称 name, 区 district, 检查类型 inspection_type,
// 执法检查人员 inspectors (names joined by "、"), 完成期限 due_date; a header row first.
std::string drawListingCsv(const DrawPlan& plan, const DrawResult& result);

// The same listing as a self-contained HTML page (UTF-8, no scripts, no external resources): the
// plan's title and id, the commitment, the revealed seed, the plan's SHA-256 and how to re-run
// the draw, then the table of tasks. Every text from the plan is HTML-escaped.
std::string drawListingHtml(const DrawPlan& plan, const DrawResult& result);

} // namespace fieldseal::draw
