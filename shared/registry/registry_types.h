#pragma once
// The registry's records: organisations (manufacturers, certification bodies, inspection and
// testing agencies, exhibitors, ...) and the CMA qualification scope (资质认定能力范围) of
// inspection and testing agencies, one line per field / category / product / parameter /
// standard, as the agency's CMA certificate annex lists them.

#include <cstdint>
#include <string>
#include <vector>

namespace fieldseal::registry {

struct RegistryOrganisation {
    std::int64_t rowId = 0; // the registry's own row id; 0 before it is stored
    std::string uscc;       // key: 18 characters, check character valid
    std::string name;
    std::string kind;     // organisation.org_type of the schema
    std::string district; // administrative division code
    std::string address;
    std::string contact;

    bool operator==(const RegistryOrganisation& o) const {
        return uscc == o.uscc && name == o.name && kind == o.kind && district == o.district &&
               address == o.address && contact == o.contact;
    }
};

struct ScopeEntry {
    std::string uscc;      // the agency
    std::string field;     // 领域, e.g. 建筑工程
    std::string category;  // 类别, e.g. 建筑材料
    std::string product;   // 产品/对象, e.g. 水泥
    std::string parameter; // 参数, e.g. 抗压强度 (may be empty)
    std::string standard;  // 依据的标准, e.g. GB/T 17671-2021

    bool operator==(const ScopeEntry&) const = default;
};

} // namespace fieldseal::registry
