#include "demo_registry.h"

#include "api/caller.h"
#include "model/csv_field.h"
#include "model/districts.h"
#include "model/uscc.h"
#include "registry/registry_service.h"
#include "setup/demo_data.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>

namespace fieldseal::server {
namespace {

// A small deterministic generator (the demo must be the same on every init): SplitMix64.
class DemoRandom {
public:
    explicit DemoRandom(std::uint64_t seed)
        : m_state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    template <class T, std::size_t N> const T& pick(const std::array<T, N>& a) { return a[below(N)]; }

private:
    std::uint64_t m_state;
};

constexpr std::array<const char*, 40> kTradeNames = {
    "恒信", "华通", "联创", "申达", "东方", "金桥", "宏达", "瑞丰", "天成", "新业",
    "嘉禾", "永盛", "中科", "博远", "海纳", "明德", "鼎盛", "康泰", "信达", "安捷",
    "启明", "华誉", "远航", "立信", "众合", "凯旋", "星辰", "锦程", "百川", "浦江",
    "长风", "卓越", "同济", "兴业", "正泰", "绿洲", "晨光", "万象", "九州", "和平"};

struct Industry {
    const char* name;    // in the company name
    const char* product; // what it makes, for the exhibitors' English names
};
constexpr std::array<Industry, 12> kManufacturing = {{{"玩具制造", "Toys"},
                                                      {"电动自行车", "E-bikes"},
                                                      {"家用电器", "Home Appliances"},
                                                      {"电线电缆", "Cables"},
                                                      {"服饰", "Apparel"},
                                                      {"食品", "Foods"},
                                                      {"建材", "Building Materials"},
                                                      {"消防器材", "Fire Equipment"},
                                                      {"儿童用品", "Baby Products"},
                                                      {"照明电器", "Lighting"},
                                                      {"燃气具", "Gas Appliances"},
                                                      {"精密机械", "Machinery"}}};

// Roads of the demo districts (Pudong, Xuhui, Qingpu); other districts use the generic list.
constexpr std::array<const char*, 7> kPudongRoads = {"张江路", "康桥东路", "世纪大道", "金科路",
                                                     "川沙路", "龙东大道", "锦绣路"};
constexpr std::array<const char*, 7> kXuhuiRoads = {"漕溪北路", "虹漕路", "宜山路", "龙华中路",
                                                    "田林路",   "桂林路", "钦州路"};
constexpr std::array<const char*, 7> kQingpuRoads = {"崧泽大道", "诸光路",     "华徐公路",  "盈港东路",
                                                     "徐泾北路", "外青松公路", "沪青平公路"};
constexpr std::array<const char*, 7> kOtherRoads = {"人民路", "建设路", "中山路",  "解放路",
                                                    "工业路", "科技路", "发展大道"};

const std::array<const char*, 7>& roadsOf(const std::string& district) {
    if (district == "310115") return kPudongRoads;
    if (district == "310104") return kXuhuiRoads;
    if (district == "310118") return kQingpuRoads;
    return kOtherRoads;
}
constexpr std::array<const char*, 12> kSurnames = {"王", "李", "张", "刘", "陈", "杨",
                                                   "赵", "黄", "周", "吴", "徐", "孙"};

// Foreign exhibitors (进博会) with their Chinese subsidiaries' names.
struct Exhibitor {
    const char* zh;
    const char* en;
};
constexpr std::array<Exhibitor, 12> kExhibitors = {{{"汉斯玩具", "Hanse Toys"},
                                                    {"米勒厨具", "Mueller Kitchenware"},
                                                    {"北欧家居", "Nordic Home"},
                                                    {"阿尔卑斯乳业", "Alpine Dairy"},
                                                    {"樱花电器", "Sakura Electric"},
                                                    {"枫叶食品", "Maple Leaf Foods"},
                                                    {"地中海橄榄油", "Mediterranean Olive Oil"},
                                                    {"莱茵精密", "Rhine Precision"},
                                                    {"南十字葡萄酒", "Southern Cross Wines"},
                                                    {"塞纳美妆", "Seine Cosmetics"},
                                                    {"维京户外", "Viking Outdoor"},
                                                    {"安第斯咖啡", "Andes Coffee"}}};

// CMA scope lines an agency can hold, grouped by the agency's speciality.
struct ScopeLine {
    const char *field, *category, *product, *parameter, *standard;
};
struct Speciality {
    const char* name; // in the agency's name
    std::array<ScopeLine, 4> lines;
};
constexpr std::array<Speciality, 6> kSpecialities = {{
    {"建设工程检测",
     {{{"建筑工程", "建筑材料", "水泥", "抗压强度", "GB/T 17671-2021"},
       {"建筑工程", "建筑材料", "钢筋混凝土用热轧带肋钢筋", "屈服强度", "GB/T 1499.2-2018"},
       {"建筑工程", "建筑材料", "混凝土", "抗渗性能", "GB/T 50082-2009"},
       {"建筑工程", "建筑节能", "保温材料", "导热系数", "GB/T 10294-2008"}}}},
    {"电器检测",
     {{{"电子电器", "家用电器", "家用和类似用途电器", "安全通用要求", "GB 4706.1-2005"},
       {"电子电器", "家用电器", "电冰箱", "能效限定值", "GB 12021.2-2015"},
       {"电子电器", "照明电器", "LED 灯具", "安全要求", "GB 7000.1-2015"},
       {"电子电器", "电线电缆", "额定电压 450/750V 聚氯乙烯绝缘电缆", "导体电阻", "GB/T 5023.1-2008"}}}},
    {"消费品检测",
     {{{"消费品", "玩具", "塑胶玩具", "可迁移元素", "GB 6675.4-2014"},
       {"消费品", "玩具", "电玩具", "电气安全", "GB 19865-2005"},
       {"消费品", "纺织品", "服装", "甲醛含量", "GB 18401-2010"},
       {"消费品", "儿童用品", "儿童推车", "安全要求", "GB 14748-2006"}}}},
    {"机动车检测",
     {{{"机动车", "电动自行车", "整车", "最高车速", "GB 17761-2018"},
       {"机动车", "电动自行车", "锂离子电池", "安全要求", "GB 43854-2024"},
       {"机动车", "电动自行车", "充电器", "电气安全", "GB 42295-2022"},
       {"消防产品", "灭火器", "手提式灭火器", "灭火性能", "GB 4351-2023"}}}},
    {"食品检测",
     {{{"食品", "食用农产品", "蔬菜", "农药最大残留限量", "GB 2763-2021"},
       {"食品", "预包装食品", "饮料", "菌落总数", "GB 4789.2-2022"},
       {"食品", "粮食加工品", "大米", "镉", "GB 2762-2022"},
       {"食品", "食品添加剂", "甜味剂", "糖精钠", "GB 2760-2014"}}}},
    {"环境检测",
     {{{"环境监测", "水质", "地表水", "化学需氧量", "HJ 828-2017"},
       {"环境监测", "环境空气", "环境空气", "PM2.5", "HJ 618-2011"},
       {"环境监测", "噪声", "工业企业厂界环境噪声", "等效声级", "GB 12348-2008"},
       {"环境监测", "土壤", "建设用地土壤", "重金属", "GB 36600-2018"}}}},
}};

std::string csvLine(std::initializer_list<std::string> fields) {
    std::string line;
    for (const auto& f : fields) {
        if (!line.empty()) line += ',';
        line += csvField(f);
    }
    line += '\n';
    return line;
}

// A USCC of an enterprise (登记管理部门 9, 类别 1) registered in `district`, whose organisation
// code starts "MA" like those issued since 2015, with a valid check character.
std::string demoUscc(const std::string& district, DemoRandom& rnd) {
    static constexpr std::string_view kSymbols = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    std::string first17 = "91" + district + "MA1";
    for (int i = 0; i < 6; ++i)
        first17 += kSymbols[rnd.below(kSymbols.size())];
    return first17 + usccCheckCharacter(first17);
}

std::string districtName(const std::string& code) {
    const District* d = findDistrict(code);
    return d ? d->nameZh : code;
}

class DemoRegistryWriter {
public:
    DemoRegistryCsv csv{"uscc,name,kind,district,address,contact\n",
                        "uscc,field,category,product,parameter,standard\n"};

    void district(const std::string& code) {
        DemoRandom rnd(std::stoull(code) * 7919u);
        for (int i = 0; i < 24; ++i) {
            const auto& ind = rnd.pick(kManufacturing);
            organisation(code, rnd, std::string("上海") + tradeName(rnd) + ind.name + "有限公司",
                         "manufacturer");
        }
        for (int i = 0; i < 4; ++i)
            organisation(code, rnd, std::string("上海") + tradeName(rnd) + "认证有限公司",
                         "certification_body");
        for (std::size_t i = 0; i < 10; ++i) {
            const Speciality& main = kSpecialities[(i + rnd.below(2)) % kSpecialities.size()];
            const std::string uscc = organisation(
                code, rnd, std::string("上海") + tradeName(rnd) + main.name + "有限公司", "testing_agency");
            const std::size_t ownLines = 2 + rnd.below(3);
            for (std::size_t l = 0; l < ownLines; ++l)
                scope(uscc, main.lines[l]);
            const Speciality& extra = kSpecialities[rnd.below(kSpecialities.size())];
            if (&extra != &main) scope(uscc, extra.lines[rnd.below(extra.lines.size())]);
        }
        // Exhibitors: every one in Qingpu (the National Exhibition and Convention Center, where
        // the CIIE is held), a few branches elsewhere.
        const District* d = findDistrict(code);
        const bool expoDistrict = code == "310118";
        const std::size_t first = rnd.below(kExhibitors.size());
        for (std::size_t i = 0; i < (expoDistrict ? kExhibitors.size() : 4); ++i) {
            const auto& ex = kExhibitors[(first + i) % kExhibitors.size()];
            std::string name = std::string(ex.zh) + "（上海）有限公司";
            std::string en = std::string(ex.en) + " (Shanghai) Co., Ltd.";
            if (!expoDistrict && d) {
                name += d->nameZh + "分公司";
                en += " " + d->nameEn + " Branch";
            }
            organisation(code, rnd, name + " " + en, "exhibitor");
        }
        for (int i = 0; i < 4; ++i)
            organisation(code, rnd, std::string("上海") + tradeName(rnd) + "商贸有限公司", "seller");
        for (int i = 0; i < 2; ++i)
            organisation(code, rnd, std::string("上海") + tradeName(rnd) + "进出口有限公司", "importer");
    }

    // demo.json's organisations, so that the demo tasks' organisations are in the registry too.
    void demoOrganisations(const std::set<std::string>& districts) {
        for (const auto& o : demoData()["organisations"]) {
            const std::string district = o["district"];
            if (!districts.count(district)) continue;
            std::string contact = o.value("contact", "");
            if (o.contains("phone")) {
                if (!contact.empty()) contact += ' ';
                contact += o["phone"].get<std::string>();
            }
            add(o["uscc"], o["name"], o["org_type"], district, o.value("address", ""), contact);
            if (o["org_type"] == "testing_agency") {
                scope(o["uscc"], kSpecialities[1].lines[0]); // its CMA certificate: GB 4706.1
                scope(o["uscc"], kSpecialities[2].lines[0]); // and toy safety
            }
        }
    }

private:
    const char* tradeName(DemoRandom& rnd) { return rnd.pick(kTradeNames); }

    std::string organisation(const std::string& district, DemoRandom& rnd, std::string name,
                             const char* kind) {
        // Names are unique within the demo: a repeated one becomes a branch (分公司) of the first.
        if (m_names.count(name)) {
            const std::string base = name + districtName(district);
            name = base + "分公司";
            for (int n = 2; m_names.count(name); ++n)
                name = base + "第" + std::to_string(n) + "分公司";
        }
        std::string uscc = demoUscc(district, rnd);
        while (m_usccs.count(uscc))
            uscc = demoUscc(district, rnd);
        const std::string address = districtName(district) + rnd.pick(roadsOf(district)) + " " +
                                    std::to_string(1 + rnd.below(2999)) + " 号";
        const std::string contact = std::string(rnd.pick(kSurnames)) + "经理 021-" +
                                    std::to_string(5000 + rnd.below(2000)) + " " +
                                    std::to_string(1000 + rnd.below(8999));
        add(uscc, name, kind, district, address, contact);
        return uscc;
    }

    void add(const std::string& uscc, const std::string& name, const std::string& kind,
             const std::string& district, const std::string& address, const std::string& contact) {
        m_usccs.insert(uscc);
        m_names.insert(name);
        csv.organisations += csvLine({uscc, name, kind, district, address, contact});
    }

    void scope(const std::string& uscc, const ScopeLine& s) {
        const std::string line = csvLine({uscc, s.field, s.category, s.product, s.parameter, s.standard});
        if (m_scopeLines.insert(line).second) csv.scope += line;
    }

    std::set<std::string> m_usccs, m_names, m_scopeLines;
};

} // namespace

DemoRegistryCsv demoRegistryCsv(const std::vector<std::string>& districts) {
    DemoRegistryWriter writer;
    writer.demoOrganisations({districts.begin(), districts.end()});
    for (const auto& d : districts)
        writer.district(d);
    return writer.csv;
}

std::vector<std::string> demoDistricts() {
    std::vector<std::string> out;
    for (const auto& u : demoData()["users"]) {
        const std::string d = u["district"];
        if (!d.empty() && std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
    }
    return out;
}

Result<std::size_t> loadDemoRegistry(RegistryService& registry) {
    const DemoRegistryCsv csv = demoRegistryCsv(demoDistricts());
    const Caller admin{"", "init --demo", Role::Admin, "", ""};
    std::size_t stored = 0;
    for (const auto& [kind, text] : {std::pair{registry::CsvKind::Organisations, &csv.organisations},
                                     std::pair{registry::CsvKind::Scope, &csv.scope}}) {
        auto report = registry.importCsv(admin, kind, *text);
        if (!report)
            return Error{report.error().domain, report.error().code,
                         "demo registry: " + report.error().message};
        if (!report->rejected.empty())
            return Error{ErrorDomain::Validation, ErrorCode::InvalidInput,
                         "demo registry: line " + std::to_string(report->rejected.front().line) + ": " +
                             report->rejected.front().reason};
        if (kind == registry::CsvKind::Organisations)
            stored = report->inserted + report->updated + report->unchanged;
    }
    return stored;
}

} // namespace fieldseal::server
