#include "draw_listing.h"

#include "model/districts.h"

namespace fieldseal::draw {

std::string csvField(const std::string& value) {
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

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

} // namespace fieldseal::draw
