#pragma once
// Plans for the draw tests: organisations with valid USCCs in chosen districts and an inspector
// pool, built in code so that each test states the population it relies on.

#include "draw/draw_plan.h"
#include "draw/seed_commitment.h"
#include "seal/encoding.h"

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace fieldseal::draw::test {

// A valid USCC for organisation number n in `district` (GB 32100 check character computed here,
// independently of model/uscc.cpp).
inline std::string usccFor(int n, const std::string& district = "310115") {
    static const std::string a = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const int w[] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    char body[16];
    std::snprintf(body, sizeof body, "%09d", 100000 + n);
    const std::string s = "91" + district + body;
    int sum = 0;
    for (int i = 0; i < 17; ++i)
        sum += static_cast<int>(a.find(s[static_cast<size_t>(i)])) * w[i];
    return s + a[static_cast<size_t>((31 - sum % 31) % 31)];
}

inline nlohmann::json organisation(int n, const std::string& district = "310115",
                                   const std::string& kind = "testing_agency") {
    return {{"uscc", usccFor(n, district)},
            {"name", "上海第" + std::to_string(n) + "检测技术有限公司"},
            {"district", district},
            {"kind", kind}};
}

inline nlohmann::json inspector(const std::string& id, const std::string& district = "310115") {
    return {{"id", id}, {"name", "检查员" + id}, {"district", district}, {"certificate_no", "SH" + id}};
}

// `orgs` testing agencies in Pudong, `pool` inspectors in Pudong, sample `size`.
inline nlohmann::json basicPlan(int orgs, int pool, int size) {
    nlohmann::json plan = {{"format", "fieldseal-draw-plan/1"},
                           {"plan_id", "DRAW-2026-12-310115-01"},
                           {"title", "2026年12月 检验检测机构 双随机抽查"},
                           {"inspection_type", "testing_agency"},
                           {"template_id", "cma-agency-v1"},
                           {"due_date", "2026-12-31"},
                           {"districts", {"310115"}},
                           {"organisation_kind", "testing_agency"},
                           {"sample", {{"size", size}}},
                           {"inspectors_per_task", 2},
                           {"organisations", nlohmann::json::array()},
                           {"inspectors", nlohmann::json::array()}};
    for (int i = 0; i < orgs; ++i)
        plan["organisations"].push_back(organisation(i));
    for (int i = 0; i < pool; ++i)
        plan["inspectors"].push_back(inspector("insp" + std::to_string(i)));
    return plan;
}

// A plan the test expects to be accepted (a refusal is a test failure with its message).
inline DrawPlan planOf(const nlohmann::json& doc) {
    auto p = parseDrawPlan(doc);
    if (!p) throw std::runtime_error("plan refused: " + p.error().message);
    return std::move(p).value();
}

inline Seed seedOf(const std::string& hex) {
    auto s = parseSeed(hex);
    if (!s) throw std::runtime_error(s.error().message);
    return std::move(s).value();
}

// The i-th seed of a fixed, reproducible series named by `series` (each test file keeps its own
// series so that its expectations do not move when another file's change).
inline Seed seriesSeed(const std::string& series, int i) {
    return seedOf(seal::sha256Hex(series + " " + std::to_string(i)));
}

inline const char* kSeedHex = "6f1c0a3e9b2d4c5f8a7e6d5c4b3a29180f1e2d3c4b5a69788796a5b4c3d2e1f0";

} // namespace fieldseal::draw::test
