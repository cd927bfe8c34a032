#include "districts.h"

#include "districts_data.h"

#include <nlohmann/json.hpp>

namespace fieldseal {

const std::vector<District>& districts() {
    static const std::vector<District> list = [] {
        std::vector<District> out;
        const auto doc = nlohmann::json::parse(kDistrictsJson);
        for (const auto& d : doc.at("districts"))
            out.push_back({d.at("code").get<std::string>(), d.at("name_zh").get<std::string>(),
                           d.at("name_en").get<std::string>()});
        return out;
    }();
    return list;
}

const District* findDistrict(const std::string& code) {
    for (const auto& d : districts())
        if (d.code == code) return &d;
    return nullptr;
}

Status validateDistrict(const std::string& code) {
    if (findDistrict(code)) return ok();
    return validationError(ErrorCode::InvalidInput,
                           "'" + code + "' is not a known district code (e.g. 310115 for 浦东新区 Pudong)");
}

} // namespace fieldseal
