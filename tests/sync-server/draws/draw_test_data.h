#pragma once
// Registry rows and draw requests the draw tests share: testing agencies in Pudong (310115) and
// Xuhui (310104), with valid USCCs, as the CSV an administrator imports.

#include "model/uscc.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace fieldseal::drawtest {

inline constexpr const char* kPudong = "310115";
inline constexpr const char* kXuhui = "310104";

// A USCC with a valid check character: "91" + the district code + "MA1T" + five digits.
inline std::string agencyUscc(const std::string& district, int n) {
    const std::string first17 = "91" + district + "MA1T" + std::to_string(10000 + n);
    return first17 + usccCheckCharacter(first17);
}

struct Agency {
    std::string uscc, name, district;
};

// `perDistrict` testing agencies in each of Pudong and Xuhui.
inline std::vector<Agency> agencies(int perDistrict = 5) {
    std::vector<Agency> out;
    for (const char* d : {kPudong, kXuhui})
        for (int i = 0; i < perDistrict; ++i)
            out.push_back({agencyUscc(d, 100 + i), std::string(d == kPudong ? "浦东" : "徐汇") + "检测机构" +
                                                        std::to_string(i + 1) + "号 Lab " + std::to_string(i + 1),
                           d});
    return out;
}

inline std::string registryCsv(const std::vector<Agency>& rows) {
    std::string csv = "uscc,name,kind,district\n";
    for (const auto& a : rows)
        csv += a.uscc + "," + a.name + ",testing_agency," + a.district + "\n";
    return csv;
}

// A draw of testing agencies; members may be overwritten by the test.
inline nlohmann::json drawRequest(const std::string& planId, std::vector<std::string> districts, int size) {
    return {{"plan_id", planId},
            {"title", "2026年12月 检验检测机构 双随机抽查 " + planId},
            {"inspection_type", "testing_agency"},
            {"template_id", "cma-agency-v1"},
            {"due_date", "2026-12-31"},
            {"districts", districts},
            {"organisation_kind", "testing_agency"},
            {"sample", {{"size", size}}},
            {"inspectors_per_task", 2}};
}

} // namespace fieldseal::drawtest
