import QtQuick
import QtTest
import FieldSeal

// The registry search page on the offline demo's registry (the demo organisations plus five
// agencies with CMA scope lines, mobile/src/registry_demo.cpp), searched on the device store.
Item {
    id: root
    width: 1280
    height: 800

    Component { id: pageComponent; RegistryPage {} }

    TestCase {
        name: "RegistryPage"
        when: windowShown

        function init() {
            AppController.registry.clearFilters()
        }

        function test_chinese_full_text() {
            const page = createTemporaryObject(pageComponent, root, { width: root.width, height: root.height })
            const list = findChild(page, "registryResults")
            AppController.registry.text = "检测"
            compare(findChild(page, "registrySearch").text, "检测")
            mouseClick(findChild(page, "registrySearchButton"))
            // 上海精测检验检测技术有限公司, 上海浦江建材检测有限公司, 上海徐汇食品质量检测中心有限公司
            tryCompare(list, "count", 3)
            compare(AppController.registry.total, 3)
            AppController.registry.text = "水泥" // a product of a scope line, found by full text
            AppController.registry.search()
            tryCompare(list, "count", 1)
            compare(list.itemAtIndex(0).name, "上海浦江建材检测有限公司")
        }

        function test_english_text_and_kind_filter() {
            const page = createTemporaryObject(pageComponent, root, { width: root.width, height: root.height })
            const list = findChild(page, "registryResults")
            AppController.registry.text = "electrical testing"
            AppController.registry.search()
            tryCompare(list, "count", 1)
            compare(list.itemAtIndex(0).uscc.substring(0, 8), "91310112")
            AppController.registry.text = ""
            AppController.registry.kind = "certification_body"
            AppController.registry.search()
            tryCompare(list, "count", 2) // 上海质信认证, 上海静安认证服务
        }

        function test_scope_filters_combined() {
            const page = createTemporaryObject(pageComponent, root, { width: root.width, height: root.height })
            const list = findChild(page, "registryResults")
            verify(AppController.registry.fieldOptions.indexOf("建筑工程") >= 0)
            AppController.registry.field = "电子电器"
            AppController.registry.search()
            tryCompare(list, "count", 2) // 上海精测 and the Minhang electrical lab
            AppController.registry.standard = "GB 17761"
            AppController.registry.district = "310112"
            AppController.registry.search()
            tryCompare(list, "count", 1)
            AppController.registry.district = "310101" // nobody there
            AppController.registry.search()
            tryCompare(list, "count", 0)
        }

        function test_details_with_scope() {
            const page = createTemporaryObject(pageComponent, root, { width: root.width, height: root.height })
            const list = findChild(page, "registryResults")
            AppController.registry.text = "浦江建材"
            AppController.registry.search()
            tryCompare(list, "count", 1)
            mouseClick(list.itemAtIndex(0))
            verify(AppController.registry.hasSelection)
            compare(AppController.registry.selectedName, "上海浦江建材检测有限公司")
            compare(AppController.registry.selectedScope.length, 3)
            compare(AppController.registry.selectedScope[0].field, "建筑工程")
            verify(findChild(page, "registryDetails").visible)
        }

        function test_touch_targets() {
            const page = createTemporaryObject(pageComponent, root, { width: 800, height: 1280 })
            for (const name of ["registrySearch", "registrySearchButton", "registryDistrict", "registryKind",
                                "registryField", "registryCategory", "registryProduct", "registryStandard", "registryClear"])
                verify(findChild(page, name).height >= 48, name)
        }
    }
}
