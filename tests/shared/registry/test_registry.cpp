// The registry: RFC 4180 reading (quotes, line breaks in fields, BOM, malformed records with
// their line numbers), importing organisations and CMA scope lines from the fixtures in
// tests/data/registry with every kind of bad row reported and left out, re-imports and dry runs,
// and search: Chinese and English free text (trigram index and the short-term fallback), USCC
// substrings, and filters combined (district, kind, field, category, product, standard on one
// scope line), paging and counts.
#include "registry/csv_reader.h"
#include "registry/registry_import.h"
#include "registry/registry_search.h"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <memory>

using namespace fieldseal;
using namespace fieldseal::registry;

namespace {

std::string fixture(const std::string& name) {
    std::ifstream f(std::string(FIELDSEAL_TEST_DATA_DIR "/registry/") + name, std::ios::binary);
    if (!f) throw std::runtime_error("missing fixture " + name);
    return std::string(std::istreambuf_iterator<char>(f), {});
}

// A registry in a fresh database file.
struct Registry {
    QTemporaryDir dir;
    std::unique_ptr<sqlite::Database> db;
    std::unique_ptr<RegistryStore> store;
    Registry() {
        db = std::make_unique<sqlite::Database>(dir.filePath("registry.db").toStdString(), true);
        store = std::make_unique<RegistryStore>(*db);
    }
    ImportReport import(const std::string& text, ImportOptions o = {}) {
        auto r = importRegistryCsv(*store, text, o);
        if (!r) throw std::runtime_error("import failed: " + r.error().message);
        return std::move(r).value();
    }
    // Fixture organisations and scope loaded.
    static std::unique_ptr<Registry> loaded() {
        auto r = std::make_unique<Registry>();
        r->import(fixture("organisations.csv"));
        r->import(fixture("scope.csv"));
        return r;
    }
    std::vector<std::string> names(const SearchQuery& q) {
        auto page = searchRegistry(*store, q);
        if (!page) throw std::runtime_error("search failed: " + page.error().message);
        std::vector<std::string> out;
        for (const auto& h : page->hits)
            out.push_back(h.name);
        return out;
    }
};

SearchQuery text(const std::string& t) {
    SearchQuery q;
    q.text = t;
    return q;
}

using Names = std::vector<std::string>;
const std::string kPujiang = "上海浦江检测技术有限公司";
const std::string kPudongEn = "Shanghai Pudong Testing Co. Ltd";
const std::string kXuhui = "上海徐汇计量检测研究院有限公司";
const std::string kMinhang = "上海闵行电动自行车制造有限公司";
const std::string kDongfang = "上海\"东方\"认证中心有限公司";
const std::string kJingan = "静安展览服务有限公司";
const std::string kYangpu = "上海杨浦建材检测有限公司";

} // namespace

class TestRegistry : public QObject {
    Q_OBJECT
private slots:
    void csvReading();
    void csvMalformedRecords();
    void importOrganisations();
    void importReportsBadRows();
    void reimportAndDryRun();
    void fileLevelErrors();
    void importScope();
    void searchChinese();
    void searchEnglishAndUscc();
    void searchShortTerms();
    void searchCombinedFilters();
    void searchScopeOnOneLine();
    void searchPagingCountAndErrors();
    void searchHostileText();
    void bulkLoad();
};

void TestRegistry::csvReading() {
    const auto recs = readCsv("\xEF\xBB\xBF"
                              "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n2,\"two\nlines\",\n3,,");
    QCOMPARE(recs.size(), size_t{4});
    QCOMPARE(recs[0].fields, (std::vector<std::string>{"a", "b", "c"})); // BOM gone
    QCOMPARE(recs[1].fields, (std::vector<std::string>{"1", "x, y", "say \"hi\""}));
    QCOMPARE(recs[2].line, size_t{4}); // after a blank line
    QCOMPARE(recs[2].fields, (std::vector<std::string>{"2", "two\nlines", ""}));
    QCOMPARE(recs[3].line, size_t{6}); // the quoted line break counted
    QCOMPARE(recs[3].fields, (std::vector<std::string>{"3", "", ""}));
    for (const auto& r : recs)
        QVERIFY(r.error.empty());
    QVERIFY(isValidUtf8("上海 abc"));
    QVERIFY(!isValidUtf8("\xC0\xAF"));     // overlong
    QVERIFY(!isValidUtf8("\xED\xA0\x80")); // surrogate
    QVERIFY(!isValidUtf8("\xE4\xB8"));     // truncated
}

void TestRegistry::csvMalformedRecords() {
    const auto recs = readCsv("h1,h2\nab\"c,d\n\"x\"y,z\nok,1\n\"\xff\",2\n\"never closed,3\nmore\n");
    QCOMPARE(recs.size(), size_t{6});
    QCOMPARE(recs[1].line, size_t{2});
    QVERIFY(recs[1].error.find("quote inside an unquoted field") != std::string::npos);
    QCOMPARE(recs[2].line, size_t{3});
    QVERIFY(recs[2].error.find("after the closing quote") != std::string::npos);
    QCOMPARE(recs[3].line, size_t{4}); // reading resumed
    QVERIFY(recs[3].error.empty());
    QVERIFY(recs[4].error.find("UTF-8") != std::string::npos);
    QCOMPARE(recs[5].line, size_t{6});
    QVERIFY(recs[5].error.find("opened on line 6 is never closed") != std::string::npos);
}

void TestRegistry::importOrganisations() {
    Registry r;
    const ImportReport rep = r.import(fixture("organisations.csv"));
    QCOMPARE(rep.kind, CsvKind::Organisations);
    QCOMPARE(rep.rows, size_t{7});
    QCOMPARE(rep.inserted, size_t{7});
    QVERIFY(rep.rejected.empty());
    QCOMPARE(r.store->organisationCount(), std::int64_t{7});
    const auto pudong = r.store->findOrganisation("91310115000000002Y");
    QVERIFY(pudong);
    QCOMPARE(pudong->district, std::string("310115")); // from "浦东新区"
    const auto xuhui = r.store->findOrganisation("913101040000000034");
    QCOMPARE(xuhui->kind, std::string("testing_agency")); // from "检验检测机构"
    QCOMPARE(r.store->findOrganisation("91310106000000006A")->district, std::string("310106")); // "Jing'an"
    QCOMPARE(r.store->findOrganisation("913101150000000058")->name, kDongfang);
    QCOMPARE(r.store->findOrganisation("913101100000000089")->address,
             std::string("上海市杨浦区\r\n军工路500号"));
    QCOMPARE(r.store->findOrganisation("91310115000000001U")->contact, std::string("021-5080 1234"));
}

void TestRegistry::importReportsBadRows() {
    Registry r;
    r.import(fixture("organisations.csv"));
    const ImportReport rep = r.import(fixture("organisations_bad.csv"));
    QCOMPARE(rep.rows, size_t{11});
    QCOMPARE(rep.inserted, size_t{1}); // line 2
    QCOMPARE(rep.updated, size_t{1});  // line 11: lower-case USCC of an existing organisation, renamed
    std::map<size_t, std::string> reasons;
    for (const auto& row : rep.rejected)
        reasons[row.line] = row.reason;
    const std::map<size_t, std::string> expected = {
        {3, "check character"},
        {4, "district '999999' is not a known district"},
        {5, "kind 'bank' is not a known organisation kind"},
        {6, "name is empty"},
        {7, "duplicate: 91310115000000007E already on line 2"},
        {8, "has 6 fields, the header has 5"},
        {9, "quote inside an unquoted field"},
        {10, "name is empty"},
        {12, "UTF-8"},
    };
    QCOMPARE(reasons.size(), expected.size());
    for (const auto& [line, fragment] : expected) {
        QVERIFY2(reasons.count(line), qPrintable(QString("line %1 not rejected").arg(line)));
        QVERIFY2(reasons[line].find(fragment) != std::string::npos, reasons[line].c_str());
    }
    QVERIFY(reasons[10].find("18 characters") != std::string::npos); // every problem of the row
    // Rejected rows changed nothing; the good ones are stored.
    QCOMPARE(r.store->organisationCount(), std::int64_t{8});
    QVERIFY(!r.store->findOrganisation("91310115000000001X"));
    QCOMPARE(r.store->findOrganisation("91310115000000007E")->name, std::string("上海浦东食品检测有限公司"));
    QCOMPARE(r.store->findOrganisation("91310106000000006A")->name,
             std::string("静安展览服务有限公司（更名）"));
    // The report as CSV: line, reason, the row under the file's header.
    const std::string csv = rejectedRowsCsv(rep);
    QVERIFY(csv.starts_with("\xEF\xBB\xBFline,reason,统一社会信用代码,名称,类型,区,地址\r\n"));
    QVERIFY(csv.find("\r\n4,district '999999' is not a known district,") != std::string::npos);
}

void TestRegistry::reimportAndDryRun() {
    Registry r;
    r.import(fixture("organisations.csv"));
    ImportReport again = r.import(fixture("organisations.csv"));
    QCOMPARE(again.unchanged, size_t{7});
    QCOMPARE(again.inserted + again.updated, size_t{0});
    // A dry run reports what would happen and stores nothing.
    const ImportReport dry = r.import(fixture("organisations_bad.csv"), {true});
    QCOMPARE(dry.inserted, size_t{1});
    QCOMPARE(dry.rejected.size(), size_t{9});
    QCOMPARE(r.store->organisationCount(), std::int64_t{7});
    QVERIFY(r.names(text("航头镇")).empty()); // nor its search-index row
}

void TestRegistry::fileLevelErrors() {
    Registry r;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "empty"},
        {"uscc,name,kind,distirct\n", "unknown column 'distirct'"},
        {"uscc,name,kind\n", "lacks required column(s): district"},
        {"uscc,name,name,kind,district\n", "appears twice"},
        {"uscc,field,category,product\n", "lacks required column(s): standard"},
        {"uscc,name,kind,district,standard\n", "does not belong in a scope file"},
    };
    for (const auto& [csv, fragment] : cases) {
        auto rep = importRegistryCsv(*r.store, csv);
        QVERIFY(!rep);
        QVERIFY2(rep.error().message.find(fragment) != std::string::npos, rep.error().message.c_str());
    }
    QCOMPARE(r.store->organisationCount(), std::int64_t{0});
}

void TestRegistry::importScope() {
    Registry r;
    r.import(fixture("organisations.csv"));
    const ImportReport rep = r.import(fixture("scope.csv"));
    QCOMPARE(rep.kind, CsvKind::Scope);
    QCOMPARE(rep.inserted, size_t{8});
    QCOMPARE(r.store->scopeOf("91310115000000001U").size(), size_t{3});
    QCOMPARE(r.store->scopeOf("91310115000000001U")[0].standard, std::string("GB/T 17671-2021"));
    QCOMPARE(r.import(fixture("scope.csv")).unchanged, size_t{8}); // idempotent

    const ImportReport bad = r.import(fixture("scope_bad.csv"));
    QCOMPARE(bad.inserted, size_t{1});
    std::map<size_t, std::string> reasons;
    for (const auto& row : bad.rejected)
        reasons[row.line] = row.reason;
    QCOMPARE(reasons.size(), size_t{4});
    QVERIFY(reasons[3].find("is not in the registry") != std::string::npos);
    QVERIFY(reasons[4].find("is a manufacturer; CMA scope belongs to inspection and testing agencies") !=
            std::string::npos);
    QVERIFY(reasons[5].find("standard is empty") != std::string::npos);
    QVERIFY(reasons[6].find("duplicate of the scope line on line 2") != std::string::npos);
    QCOMPARE(r.store->scopeCount(), std::int64_t{9});
    // The new scope line is searchable at once.
    QCOMPARE(r.names(text("混凝土")), Names{kYangpu});
}

void TestRegistry::searchChinese() {
    auto r = Registry::loaded();
    QCOMPARE(r->names(text("检测技术")), Names{kPujiang});
    QCOMPARE(r->names(text("计量检测研究院")), Names{kXuhui});
    // Scope text is searchable: products, parameters, standards.
    QCOMPARE(r->names(text("瓶装饮用水")), Names{kPudongEn});
    QCOMPARE(r->names(text("抗压强度")), Names{kPujiang});
    // Two terms: both must match (one in the name, one in the scope).
    QCOMPARE(r->names(text("上海 大米")), (Names{kPujiang, kXuhui}));
    QCOMPARE(r->names(text("杨浦 水泥")), Names{kYangpu});
    // Address, across the quoted line break of the fixture.
    QCOMPARE(r->names(text("军工路")), Names{kYangpu});
    QVERIFY(r->names(text("不存在的机构")).empty());
    // The ideographic space separates terms too.
    QCOMPARE(r->names(text("上海\xE3\x80\x80大米")), (Names{kPujiang, kXuhui}));
}

void TestRegistry::searchEnglishAndUscc() {
    auto r = Registry::loaded();
    QCOMPARE(r->names(text("pudong testing")), Names{kPudongEn}); // case-insensitive
    QCOMPARE(r->names(text("KETTLE")), Names{kPudongEn});
    QCOMPARE(r->names(text("GB/T 17671")), Names{kPujiang});
    QCOMPARE(r->names(text("GB 5009.15")), (Names{kPujiang, kXuhui}));
    QCOMPARE(r->names(text("JJG")), Names{kXuhui});
    QCOMPARE(r->names(text("91310112000000004R")), Names{kMinhang});
    QCOMPARE(r->names(text("91310112000000004r 闵行")), Names{kMinhang}); // a whole USCC: exact lookup
    QVERIFY(r->names(text("91310112000000004R 徐汇")).empty());
    QCOMPARE(r->names(text("9131011000")), Names{kYangpu}); // USCC prefix (district 310110)
    QCOMPARE(r->names(text("\"东方\"")), Names{kDongfang}); // quotes are text, not syntax
}

void TestRegistry::searchShortTerms() {
    auto r = Registry::loaded();
    // One or two characters: no trigram; matched by LIKE over the same text (scope included).
    QCOMPARE(r->names(text("大米")), (Names{kPujiang, kXuhui}));
    QCOMPARE(r->names(text("杨浦")), Names{kYangpu});
    QCOMPARE(r->names(text("静")), Names{kJingan});
    QCOMPARE(r->names(text("检测")), (Names{kPujiang, kXuhui, kYangpu}));
    QCOMPARE(r->names(text("Co")), Names{kPudongEn});
    QCOMPARE(r->names(text("co")), Names{kPudongEn});
    // Mixed: a long term through the index, a short one by LIKE.
    QCOMPARE(r->names(text("有限公司 徐汇")), Names{kXuhui});
    // LIKE wildcards typed by the user are literal.
    QVERIFY(r->names(text("%")).empty());
    QVERIFY(r->names(text("_")).empty());
}

void TestRegistry::searchCombinedFilters() {
    auto r = Registry::loaded();
    SearchQuery q;
    q.districts = {"310115"};
    QCOMPARE(r->names(q), (Names{kPujiang, kPudongEn, kDongfang}));
    q.kinds = {"testing_agency"};
    QCOMPARE(r->names(q), (Names{kPujiang, kPudongEn}));
    q.text = "有限公司";
    q.districts = {"310115", "310104", "310110"};
    QCOMPARE(r->names(q), (Names{kPujiang, kXuhui, kYangpu})); // the English name has no 有限公司
    q.field = "建筑工程";
    QCOMPARE(r->names(q), (Names{kPujiang, kYangpu}));
    q.category = "建筑材料";
    q.product = "水泥";
    QCOMPARE(r->names(q), (Names{kPujiang, kYangpu}));
    q.standard = "GB/T 1346";
    QCOMPARE(r->names(q), Names{kYangpu});
    q.districts = {"310115"};
    QVERIFY(r->names(q).empty());

    SearchQuery food;
    food.field = "食品";
    QCOMPARE(r->names(food), (Names{kPujiang, kPudongEn, kXuhui}));
    QCOMPARE(*countRegistry(*r->store, food), std::int64_t{3}); // agencies, not scope lines
    food.category = "粮食加工品";
    QCOMPARE(r->names(food), (Names{kPujiang, kXuhui}));
    food.districts = {"310104"};
    QCOMPARE(r->names(food), Names{kXuhui});
    SearchQuery manufacturers;
    manufacturers.kinds = {"manufacturer", "exhibitor"};
    QCOMPARE(r->names(manufacturers), (Names{kMinhang, kJingan}));
    SearchQuery english;
    english.field = "Electrical";
    english.product = "kettle"; // substring, case-insensitive
    QCOMPARE(r->names(english), Names{kPudongEn});
}

void TestRegistry::searchScopeOnOneLine() {
    auto r = Registry::loaded();
    // 浦江 has 大米 (GB 5009.15) and 水泥 (GB/T 17671), but not 大米 under GB/T 17671.
    SearchQuery q;
    q.product = "大米";
    QCOMPARE(r->names(q), (Names{kPujiang, kXuhui}));
    q.standard = "GB/T 17671";
    QVERIFY(r->names(q).empty());
    q.standard = "5009";
    QCOMPARE(r->names(q), (Names{kPujiang, kXuhui}));
    // Short product filters (no index) give the same answers.
    SearchQuery shortProduct;
    shortProduct.product = "钢筋";
    QCOMPARE(r->names(shortProduct), Names{kPujiang});
    shortProduct.field = "食品";
    QVERIFY(r->names(shortProduct).empty());
}

void TestRegistry::searchPagingCountAndErrors() {
    auto r = Registry::loaded();
    SearchQuery q;
    q.text = "上海";
    q.limit = 2;
    auto page = searchRegistry(*r->store, q);
    QVERIFY(page);
    QCOMPARE(page->hits.size(), size_t{2});
    QVERIFY(page->more);
    QCOMPARE(page->hits[0].name, kPujiang);
    q.offset = 5;
    page = searchRegistry(*r->store, q);
    QCOMPARE(page->hits.size(), size_t{1}); // 6 names or addresses hold 上海 (2 characters: LIKE)
    QCOMPARE(page->hits[0].name, kYangpu);
    QVERIFY(!page->more);
    QCOMPARE(*countRegistry(*r->store, q), std::int64_t{6});
    SearchQuery agencies;
    agencies.kinds = {"testing_agency"};
    QCOMPARE(*countRegistry(*r->store, agencies), std::int64_t{4});
    agencies.text = "有限公司";
    QCOMPARE(*countRegistry(*r->store, agencies), std::int64_t{3});

    SearchQuery bad;
    bad.districts = {"999999"};
    QVERIFY(!searchRegistry(*r->store, bad));
    bad.districts.clear();
    bad.kinds = {"bank"};
    QVERIFY(!searchRegistry(*r->store, bad));
    bad.kinds.clear();
    bad.limit = 0;
    QVERIFY(!searchRegistry(*r->store, bad));
    bad.limit = 10;
    bad.text = "a b c d e f g h i j k l m n o p q";
    QVERIFY(!searchRegistry(*r->store, bad)); // 17 terms
}

void TestRegistry::searchHostileText() {
    auto r = Registry::loaded();
    // FTS5 syntax in user text is matched literally and never errors.
    for (const char* t :
         {"AND OR NOT", "\"\"\"", "检测*", "NEAR(a b)", "col:abc", "a'b\"c", "-abc", "上海 OR 北京"}) {
        auto page = searchRegistry(*r->store, text(t));
        QVERIFY2(page.ok(), t);
    }
    QVERIFY(r->names(text("检测*")).empty());
}

void TestRegistry::bulkLoad() {
    auto r = Registry::loaded();
    {
        RegistryBulkLoad load(*r->store);
        load.add(RegistryOrganisation{0, "91310115000000007E", "上海浦东食品检测有限公司", "testing_agency",
                                      "310115", "", ""});
        QVERIFY(
            load.add(ScopeEntry{"91310115000000007E", "食品", "饮料", "果汁", "糖度", "GB/T 12143-2008"}));
        QVERIFY(!load.add(ScopeEntry{"91310115000000099M", "食品", "饮料", "果汁", "", "GB/T 12143-2008"}));
        // Replacing an organisation that has scope lines keeps them searchable.
        load.add(RegistryOrganisation{0, "91310115000000001U", "上海浦江检测技术股份有限公司",
                                      "testing_agency", "310115", "", ""});
        load.commit();
    }
    QCOMPARE(r->names(text("果汁")), Names{"上海浦东食品检测有限公司"});
    QCOMPARE(r->names(text("GB/T 17671")), Names{"上海浦江检测技术股份有限公司"});
    QCOMPARE(r->names(text("股份有限")), Names{"上海浦江检测技术股份有限公司"});
    QVERIFY(r->names(text("检测技术有限公司")).empty()); // the old name is gone from the index
    QVERIFY(r->names(text("术有")).empty());             // from both indexes
    QCOMPARE(r->names(text("份有")), Names{"上海浦江检测技术股份有限公司"});
    {
        RegistryBulkLoad abandoned(*r->store);
        abandoned.add(
            RegistryOrganisation{0, "91310115000000002Y", "改名未提交", "testing_agency", "310115", "", ""});
    } // rolled back
    QCOMPARE(r->store->findOrganisation("91310115000000002Y")->name, kPudongEn);
    QVERIFY(r->names(text("改名未提交")).empty());
}

QTEST_APPLESS_MAIN(TestRegistry)
#include "test_registry.moc"
