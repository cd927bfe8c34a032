#include "draw_listing.h"

#include "model/csv_field.h"
#include "model/districts.h"

namespace fieldseal::draw {

std::string drawListingCsv(const DrawPlan& plan, const DrawResult& result) {
    std::string out = "\xEF\xBB\xBF";
    out += "序号 number,统一社会信用代码 uscc,单位名称 name,区 district,检查类型 inspection_type,"
           "执法检查人员 inspectors,完成期限 due_date\r\n";
    for (const auto& t : result.tasks) {
        std::string names;
        for (const auto& p : t.inspectors)
            names += (names.empty() ? "" : "、") + p.name;
        const District* d = findDistrict(t.organisation.district);
        const std::string district = d ? d->nameZh : t.organisation.district;
        out += std::to_string(t.number) + ',' + csvField(t.organisation.uscc) + ',' +
               csvField(t.organisation.name) + ',' + csvField(district) + ',' +
               csvField(plan.inspectionType) + ',' + csvField(names) + ',' + csvField(plan.dueDate) + "\r\n";
    }
    return out;
}

namespace {

std::string html(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace

std::string drawListingHtml(const DrawPlan& plan, const DrawResult& result) {
    const std::string title = plan.title.empty() ? plan.planId : plan.title;
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + html(title) +
        "</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:4px 8px}code{word-break:break-all}</style></head><body>\n";
    out += "<h1>" + html(title) + "</h1>\n<p>双随机抽查结果公示 · Double-random inspection draw</p>\n<dl>";
    auto item = [&](const std::string& term, const std::string& value) {
        out += "<dt>" + term + "</dt><dd><code>" + html(value) + "</code></dd>";
    };
    item("计划编号 Plan", plan.planId);
    item("检查类型 Inspection type", plan.inspectionType);
    item("抽取 Drawn", std::to_string(result.sampleSize) + " / " + std::to_string(result.eligibleCount));
    if (plan.maxTasksPerInspector)
        item("每名检查人员任务上限 Max tasks per inspector", std::to_string(*plan.maxTasksPerInspector));
    item("计划 SHA-256 Plan SHA-256", result.planSha256);
    item("种子承诺 Seed commitment SHA-256", result.seedSha256);
    item("种子 Seed", result.seed.hex);
    out += "</dl>\n<p>复核 Verify: <code>fieldseal draw verify PLAN.json " + html(result.seed.hex) +
           " RESULT.json</code> (algorithm " + result.algorithm + ", shared/draw/README.md)</p>\n";
    out += "<table><thead><tr><th>序号 No.</th><th>统一社会信用代码 USCC</th><th>单位名称 Name</th><th>区 "
           "District</th>"
           "<th>执法检查人员 Inspectors</th><th>完成期限 Due</th></tr></thead><tbody>\n";
    for (const auto& t : result.tasks) {
        std::string names;
        for (const auto& p : t.inspectors)
            names += (names.empty() ? "" : "、") + p.name;
        const District* d = findDistrict(t.organisation.district);
        out += "<tr><td>" + std::to_string(t.number) + "</td><td>" + html(t.organisation.uscc) + "</td><td>" +
               html(t.organisation.name) + "</td><td>" + html(d ? d->nameZh : t.organisation.district) +
               "</td><td>" + html(names) + "</td><td>" + html(plan.dueDate) + "</td></tr>\n";
    }
    out += "</tbody></table>\n</body></html>\n";
    return out;
}

} // namespace fieldseal::draw
