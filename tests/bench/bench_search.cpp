// Registry search benchmark (issue 7): a device store holding N generated organisations (default
// 1,000,000; names like 上海浦东华谊电器有限公司 or "Shanghai Huayi Electric Co., Ltd.", addresses,
// 8% inspection and testing agencies with 2-5 CMA scope lines each), then the median time of a
// first page (50 hits) for each kind of query through searchRegistry, and for comparison the same
// index query written by hand on the raw SQLite API in the same run (ratio = API / raw).
// Target (issue 7): median query time under 20 ms on the device store.
// Usage: bench_search [N] [DB path: reused when it already holds N organisations]
#include "registry/registry_search.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>
#include <sqlite3.h>
#include <string>
#include <vector>

using namespace fieldseal;
using namespace fieldseal::registry;
using Clock = std::chrono::steady_clock;

namespace {

const std::vector<std::pair<std::string, std::string>> kDistricts = {
    {"310101", "黄浦"}, {"310104", "徐汇"}, {"310105", "长宁"}, {"310106", "静安"}, {"310107", "普陀"},
    {"310109", "虹口"}, {"310110", "杨浦"}, {"310112", "闵行"}, {"310113", "宝山"}, {"310114", "嘉定"},
    {"310115", "浦东"}, {"310116", "金山"}, {"310117", "松江"}, {"310118", "青浦"}, {"310120", "奉贤"},
    {"310151", "崇明"}, {"310199", "临港"}};
// Trade names (字号) with a pinyin form for English names.
const std::vector<std::pair<std::string, std::string>> kTradeNames = {
    {"华谊", "Huayi"},      {"东方", "Dongfang"},  {"浦江", "Pujiang"},  {"申通", "Shentong"},
    {"金桥", "Jinqiao"},    {"宏达", "Hongda"},    {"恒信", "Hengxin"},  {"瑞丰", "Ruifeng"},
    {"新元", "Xinyuan"},    {"天成", "Tiancheng"}, {"博睿", "Borui"},    {"中科", "Zhongke"},
    {"永盛", "Yongsheng"},  {"鼎力", "Dingli"},    {"嘉禾", "Jiahe"},    {"国泰", "Guotai"},
    {"联华", "Lianhua"},    {"光明", "Guangming"}, {"海纳", "Haina"},    {"晨曦", "Chenxi"},
    {"安捷", "Anjie"},      {"利民", "Limin"},     {"百川", "Baichuan"}, {"精诚", "Jingcheng"},
    {"远大", "Yuanda"},     {"正泰", "Zhengtai"},  {"华通", "Huatong"},  {"汇丰", "Huifeng"},
    {"长城", "Changcheng"}, {"星辰", "Xingchen"},  {"大众", "Dazhong"},  {"信达", "Xinda"},
    {"同济", "Tongji"},     {"复兴", "Fuxing"},    {"龙腾", "Longteng"}, {"凯利", "Kaili"},
    {"盛世", "Shengshi"},   {"明德", "Mingde"},    {"润泽", "Runze"},    {"宇航", "Yuhang"},
    {"泰和", "Taihe"},      {"德信", "Dexin"},     {"锦程", "Jincheng"}, {"旭日", "Xuri"},
    {"科华", "Kehua"},      {"振华", "Zhenhua"},   {"万邦", "Wanbang"},  {"银河", "Yinhe"},
    {"天翼", "Tianyi"},     {"华美", "Huamei"}};
struct Industry {
    std::string zh, en, kind;
};
const std::vector<Industry> kIndustries = {{"电器", "Electric", "manufacturer"},
                                           {"电子", "Electronics", "manufacturer"},
                                           {"机械", "Machinery", "manufacturer"},
                                           {"食品", "Food", "manufacturer"},
                                           {"玩具", "Toys", "manufacturer"},
                                           {"消防设备", "Fire Equipment", "manufacturer"},
                                           {"电动车", "E-bike", "manufacturer"},
                                           {"防爆电气", "Explosion-proof Electric", "manufacturer"},
                                           {"汽车零部件", "Auto Parts", "manufacturer"},
                                           {"医疗器械", "Medical Devices", "manufacturer"},
                                           {"贸易", "Trading", "seller"},
                                           {"商贸", "Commerce", "seller"},
                                           {"进出口", "Import and Export", "importer"},
                                           {"国际贸易", "International Trade", "importer"},
                                           {"展览服务", "Exhibition Services", "exhibitor"},
                                           {"会展", "Exhibitions", "exhibitor"},
                                           {"检测技术", "Testing Technology", "testing_agency"},
                                           {"质量检测", "Quality Inspection", "testing_agency"},
                                           {"计量检测", "Metrology and Testing", "testing_agency"},
                                           {"认证", "Certification", "certification_body"},
                                           {"咨询服务", "Consulting", "other"}};
const std::vector<std::string> kSuffixes = {"有限公司",     "有限公司",     "有限公司",
                                            "股份有限公司", "有限责任公司", "集团有限公司"};
const std::vector<std::string> kRoads = {
    "张江路", "世纪大道", "漕溪路", "南京西路",   "淮海中路", "军工路", "莘庄工业区", "曹安公路", "沪太路",
    "龙吴路", "金海路",   "航头镇", "松江工业区", "嘉松中路", "泰和路", "江场路",     "周家嘴路", "虹梅路"};
const std::vector<ScopeEntry> kScopeCatalogue = {
    {"", "建筑工程", "建筑材料", "水泥", "抗压强度", "GB/T 17671-2021"},
    {"", "建筑工程", "建筑材料", "钢筋", "屈服强度", "GB/T 228.1-2021"},
    {"", "建筑工程", "建筑材料", "混凝土", "抗压强度", "GB/T 50081-2019"},
    {"", "食品", "粮食加工品", "大米", "镉", "GB 5009.15-2014"},
    {"", "食品", "饮料", "瓶装饮用水", "菌落总数", "GB 4789.2-2022"},
    {"", "食品", "乳制品", "液体乳", "蛋白质", "GB 5009.5-2016"},
    {"", "电子电气", "家用电器", "电热水壶", "泄漏电流", "GB 4706.19-2008"},
    {"", "电子电气", "电动自行车", "整车", "最高车速", "GB 17761-2018"},
    {"", "电子电气", "防爆电气", "隔爆外壳", "耐压试验", "GB/T 3836.2-2021"},
    {"", "消防", "消防产品", "灭火器", "喷射性能", "GB 4351-2023"},
    {"", "消防", "消防产品", "火灾探测器", "响应阈值", "GB 4715-2005"},
    {"", "玩具", "儿童玩具", "塑胶玩具", "可迁移元素", "GB 6675.4-2014"},
    {"", "计量", "长度", "卡尺", "示值误差", "JJG 30-2012"},
    {"", "计量", "温度", "工作用玻璃液体温度计", "示值误差", "JJG 130-2011"},
    {"", "环境", "水质", "地表水", "化学需氧量", "HJ 828-2017"},
    {"", "环境", "空气", "环境空气", "PM2.5", "HJ 618-2011"},
    {"", "机动车", "安全技术", "货车", "制动性能", "GB 7258-2017"},
    {"", "Electrical", "Household appliances", "Electric kettle", "Leakage current", "IEC 60335-2-15"}};

std::string uscc(const std::string& district, std::uint64_t serial) {
    static const std::string a = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const int w[] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    char body[16];
    std::snprintf(body, sizeof body, "%09llu", static_cast<unsigned long long>(serial));
    const std::string s = "91" + district + body;
    int sum = 0;
    for (int i = 0; i < 17; ++i)
        sum += static_cast<int>(a.find(s[static_cast<size_t>(i)])) * w[i];
    return s + a[static_cast<size_t>((31 - sum % 31) % 31)];
}

template <class T> const T& pick(const std::vector<T>& v, std::mt19937_64& rng) {
    return v[rng() % v.size()];
}

// Organisation n of the generated registry; the same n always gives the same organisation.
RegistryOrganisation generate(std::uint64_t n, std::mt19937_64& rng) {
    const auto& [code, districtName] = pick(kDistricts, rng);
    const auto& [trade, tradeEn] = pick(kTradeNames, rng);
    const Industry& industry = pick(kIndustries, rng);
    RegistryOrganisation o;
    o.uscc = uscc(code, n);
    o.kind = industry.kind;
    o.district = code;
    if (rng() % 10 == 0) {
        o.name = "Shanghai " + tradeEn + " " + industry.en + " Co., Ltd.";
    } else {
        o.name =
            "上海" + std::string(rng() % 2 ? districtName : "") + trade + industry.zh + pick(kSuffixes, rng);
    }
    o.address = "上海市" + districtName + "区" + pick(kRoads, rng) + std::to_string(1 + rng() % 2000) + "号";
    return o;
}

std::int64_t existingCount(const std::string& path) {
    if (!std::filesystem::exists(path)) return -1;
    sqlite::Database db(path, false);
    RegistryStore store(db);
    return store.organisationCount();
}

void build(const std::string& path, std::uint64_t n) {
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    std::filesystem::remove(path + "-shm");
    sqlite::Database db(path, true);
    // Set-up only (not measured): a large page cache and no syncs while the registry is generated.
    db.exec("PRAGMA cache_size = -262144; PRAGMA synchronous = OFF");
    RegistryStore store(db);
    std::mt19937_64 rng(7);
    const auto t0 = Clock::now();
    const std::uint64_t kChunk = 50000;
    for (std::uint64_t start = 0; start < n; start += kChunk) {
        RegistryBulkLoad load(store);
        for (std::uint64_t i = start; i < std::min(n, start + kChunk); ++i) {
            const RegistryOrganisation o = generate(i, rng);
            load.add(o);
            if (o.kind != "testing_agency") continue;
            const int lines = 2 + static_cast<int>(rng() % 4);
            for (int l = 0; l < lines; ++l) {
                ScopeEntry e = pick(kScopeCatalogue, rng);
                e.uscc = o.uscc;
                load.add(e);
            }
        }
        load.commit();
    }
    db.exec("PRAGMA optimize");
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("generated %llu organisations, %lld scope lines in %.1f s (%.0f organisations/s)\n",
                static_cast<unsigned long long>(n), static_cast<long long>(store.scopeCount()), s, n / s);
}

double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

struct Stats {
    double median, p90, max;
};

Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v[v.size() * 9 / 10], v.back()};
}

// The index query of a one-term text search written by hand: what searchRegistry adds on top
// (building SQL, binding, copying rows) is the API's overhead.
// The statement is prepared once, as the API's statement cache does.
double rawFtsQuery(sqlite3* db, const std::string& term, size_t& rows) {
    static sqlite3_stmt* st = nullptr; // lives as long as the benchmark's connection
    const auto t0 = Clock::now();
    if (!st)
        sqlite3_prepare_v2(
            db,
            "SELECT o.id, o.uscc, o.name, o.kind, o.district, o.address, o.contact FROM registry_fts f "
            "JOIN registry_organisation o ON o.id = f.rowid WHERE registry_fts MATCH ? ORDER BY f.rowid "
            "LIMIT 51",
            -1, &st, nullptr);
    const std::string match = "\"" + term + "\"";
    sqlite3_bind_text(st, 1, match.c_str(), -1, SQLITE_TRANSIENT);
    rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int c = 0; c < 7; ++c)
            (void)sqlite3_column_text(st, c);
        ++rows;
    }
    sqlite3_reset(st);
    return msSince(t0);
}

} // namespace

int main(int argc, char** argv) {
    const std::uint64_t n = argc > 1 ? std::stoull(argv[1]) : 1000000;
    const std::string path =
        argc > 2 ? argv[2] : (std::filesystem::temp_directory_path() / "fieldseal_bench_search.db").string();
    if (existingCount(path) != static_cast<std::int64_t>(n))
        build(path, n);
    else
        std::printf("reusing %s (%llu organisations)\n", path.c_str(), static_cast<unsigned long long>(n));
    std::printf("database: %.0f MB\n", std::filesystem::file_size(path) / 1e6);

    sqlite::Database db(path, false);
    RegistryStore store(db);
    std::mt19937_64 rng(11);
    const int kRuns = 60;
    struct Case {
        const char* name;
        std::function<SearchQuery()> make;
    };
    auto textQuery = [](std::string t) {
        SearchQuery q;
        q.text = std::move(t);
        return q;
    };
    const std::vector<Case> cases = {
        {"text, trade name + industry (华谊电器)",
         [&] { return textQuery(pick(kTradeNames, rng).first + pick(kIndustries, rng).zh); }},
        {"text, a whole name", [&] { return textQuery(generate(rng() % n, rng).name); }},
        {"text, a USCC (of an organisation in the registry)",
         [&] {
             auto q = db.query("SELECT uscc FROM registry_organisation WHERE id = ?");
             q.bind(1, static_cast<std::int64_t>(1 + rng() % n));
             q.step();
             return textQuery(q.text(0));
         }},
        {"text, English word (Machinery)", [&] { return textQuery(pick(kIndustries, rng).en); }},
        {"text, 2 characters (华谊: pair index)", [&] { return textQuery(pick(kTradeNames, rng).first); }},
        {"text, 1 character (鼎: pair index)",
         [&] { return textQuery(pick(kTradeNames, rng).first.substr(0, 3)); }},
        {"text + district + kind (电器 in 浦东, manufacturers)",
         [&] {
             SearchQuery q = textQuery(pick(kTradeNames, rng).first + "电器");
             q.districts = {pick(kDistricts, rng).first};
             q.kinds = {"manufacturer"};
             return q;
         }},
        {"district + kind",
         [&] {
             SearchQuery q;
             q.districts = {pick(kDistricts, rng).first};
             q.kinds = {pick(kIndustries, rng).kind};
             return q;
         }},
        {"kind + field + category (agencies for 建筑材料)",
         [&] {
             const ScopeEntry& e = pick(kScopeCatalogue, rng);
             SearchQuery q;
             q.kinds = {"testing_agency"};
             q.field = e.field;
             q.category = e.category;
             return q;
         }},
        {"district + product + standard (水泥, GB/T 17671)",
         [&] {
             const ScopeEntry& e = pick(kScopeCatalogue, rng);
             SearchQuery q;
             q.districts = {pick(kDistricts, rng).first};
             q.product = e.product;
             q.standard = e.standard.substr(0, e.standard.find('-'));
             return q;
         }},
        {"text, no match (3+ characters)",
         [&] { return textQuery("不存在的单位" + std::to_string(rng() % 100)); }},
        {"text, no match (1 character)", [&] { return textQuery("犇"); }},
    };

    std::vector<double> all;
    std::printf("\n%-55s %9s %9s %9s %7s\n", "query (first page, 50 hits)", "median ms", "p90 ms", "max ms",
                "hits");
    for (const auto& c : cases) {
        std::vector<double> times;
        size_t hits = 0;
        for (int i = 0; i < kRuns; ++i) {
            const SearchQuery q = c.make();
            const auto t0 = Clock::now();
            auto page = searchRegistry(store, q);
            times.push_back(msSince(t0));
            if (!page) {
                std::printf("search failed: %s\n", page.error().message.c_str());
                return 1;
            }
            hits += page->hits.size();
        }
        const Stats s = stats(times);
        all.insert(all.end(), times.begin(), times.end());
        std::printf("%-55s %9.2f %9.2f %9.2f %7.1f\n", c.name, s.median, s.p90, s.max,
                    static_cast<double>(hits) / kRuns);
    }
    const Stats overall = stats(all);
    std::printf("\nall queries: median %.2f ms, p90 %.2f ms (target: median under 20 ms)\n", overall.median,
                overall.p90);

    // API vs raw SQLite on the same one-term index queries, interleaved.
    std::vector<double> api, raw;
    for (int i = 0; i < kRuns * 2; ++i) {
        const std::string term = pick(kTradeNames, rng).first + pick(kIndustries, rng).zh;
        size_t rows = 0;
        // Alternate which goes first, so that neither always finds the pages the other warmed.
        if (i % 2 == 0) raw.push_back(rawFtsQuery(db.handle(), term, rows));
        const auto t0 = Clock::now();
        auto page = searchRegistry(store, textQuery(term));
        api.push_back(msSince(t0));
        if (i % 2 == 1) raw.push_back(rawFtsQuery(db.handle(), term, rows));
        if (!page || page->hits.size() + (page->more ? 1 : 0) != rows) {
            std::printf("API and raw query disagree on '%s'\n", term.c_str());
            return 1;
        }
    }
    const double apiMedian = stats(api).median, rawMedian = stats(raw).median;
    std::printf("one-term text query: API median %.2f ms, raw SQLite median %.2f ms, ratio API/raw %.2f\n",
                apiMedian, rawMedian, apiMedian / rawMedian);
    return 0;
}
