#include "demo/registry_demo.h"

#include "model/uscc.h"
#include "registry/registry_store.h"

#include <nlohmann/json.hpp>

namespace fieldseal::app {
namespace {

std::string uscc(const std::string& first17) {
    return first17 + usccCheckCharacter(first17);
}

struct DemoAgency {
    const char* first17;
    const char* name;
    const char* kind;
    const char* district;
    const char* address;
    std::vector<registry::ScopeEntry> scope;
};

const std::vector<DemoAgency>& demoAgencies() {
    static const std::vector<DemoAgency> agencies = {
        {"91310115MA1K5E2F3",
         "上海浦江建材检测有限公司",
         "testing_agency",
         "310115",
         "浦东新区川沙路 5558 号",
         {{"", "建筑工程", "建筑材料", "水泥", "抗压强度", "GB/T 17671-2021"},
          {"", "建筑工程", "建筑材料", "钢筋", "屈服强度", "GB/T 228.1-2021"},
          {"", "建筑工程", "建筑材料", "混凝土", "抗压强度", "GB/T 50081-2019"}}},
        {"91310104MA1G7H8J9",
         "上海徐汇食品质量检测中心有限公司",
         "testing_agency",
         "310104",
         "徐汇区宜山路 700 号",
         {{"", "食品", "粮食加工品", "大米", "镉", "GB 5009.15-2014"},
          {"", "食品", "饮料", "瓶装饮用水", "菌落总数", "GB 4789.2-2022"}}},
        {"91310112MA1H2K3L4",
         "Shanghai Minhang Electrical Testing Co., Ltd.",
         "testing_agency",
         "310112",
         "闵行区剑川路 951 号",
         {{"", "电子电器", "家用电器", "电热水壶", "泄漏电流", "GB 4706.1-2005"},
          {"", "电子电器", "电动自行车", "电动自行车", "整车质量", "GB 17761-2018"}}},
        {"91310115MA1K6M7N8",
         "上海消防产品检验所有限公司",
         "testing_agency",
         "310115",
         "浦东新区龙东大道 3000 号",
         {{"", "消防", "消防产品", "灭火器", "喷射性能", "GB 4351-2023"}}},
        {"91310106MA1B2C3D4",
         "上海静安认证服务有限公司",
         "certification_body",
         "310106",
         "静安区南京西路 1266 号",
         {}},
    };
    return agencies;
}

} // namespace

QString seedRegistryDemo(sqlite::Database& db, const QByteArray& demoJson) {
    try {
        registry::RegistryStore store(db);
        if (store.organisationCount() > 0) return {};
        const auto demo = nlohmann::json::parse(demoJson.toStdString(), nullptr, false);
        registry::RegistryBulkLoad load(store);
        if (demo.is_object())
            for (const auto& o : demo.value("organisations", nlohmann::json::array()))
                load.add({0, o.value("uscc", ""), o.value("name", ""), o.value("org_type", ""),
                          o.value("district", ""), o.value("address", ""), o.value("contact", "")});
        // The demo's own testing agency (上海精测) tests toys and e-bikes.
        load.add(registry::ScopeEntry{"91310115MA1K4C1D7H", "电子电器", "玩具", "儿童玩具", "机械物理性能",
                                      "GB 6675.2-2014"});
        load.add(registry::ScopeEntry{"91310115MA1K4C1D7H", "电子电器", "电动自行车", "电动自行车", "制动性能",
                                      "GB 17761-2018"});
        for (const auto& a : demoAgencies()) {
            const std::string code = uscc(a.first17);
            load.add({0, code, a.name, a.kind, a.district, a.address, ""});
            for (auto line : a.scope) {
                line.uscc = code;
                load.add(line);
            }
        }
        load.commit();
    } catch (const StoreFailure& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace fieldseal::app
