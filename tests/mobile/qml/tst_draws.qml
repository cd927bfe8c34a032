import QtQuick
import QtTest
import FieldSeal

// The draw-result viewer on the demo draw (a plan with a seed commitment and its plain result):
// the seed commitment and the re-run draw pass, the missing seal is amber; a result that does
// not match the plan is red.
Item {
    id: root
    width: 1280
    height: 800

    Component { id: pageComponent; DrawResultPage {} }

    TestCase {
        name: "DrawResultPage"
        when: windowShown

        function init() {
            AppController.draws.clear()
        }

        function toneOf(label) {
            for (const c of AppController.draws.checks)
                if (c.label === label) return c.tone
            return ""
        }

        function test_demo_draw_rechecked() {
            const page = createTemporaryObject(pageComponent, root, { width: root.width, height: root.height })
            verify(!findChild(page, "drawVerdict").visible)
            verify(AppController.draws.openDemo())
            verify(findChild(page, "drawVerdict").visible)
            compare(toneOf("种子承诺"), "pass")
            compare(toneOf("抽取计划"), "pass")
            compare(toneOf("重新抽取"), "pass")
            compare(toneOf("签章"), "amber") // the demo result is not sealed
            compare(AppController.draws.verdict, "amber")
            compare(AppController.draws.tasks.length, 2)
            compare(AppController.draws.tasks[0].inspectors.split("、").length, 2)
        }

        function test_result_without_plan_is_not_rechecked() {
            verify(AppController.draws.openDemo())
            const result = AppController.draws.resultFile
            AppController.draws.clear()
            verify(AppController.draws.openResult(Qt.resolvedUrl("file://" + AppController.dataDirectory + "/demo-draw/" + result)))
            compare(toneOf("重新抽取"), "amber")
            compare(AppController.draws.verdict, "amber")
        }

        function test_other_plan_is_refused() {
            verify(AppController.draws.openDemo())
            // The same plan with another title is another plan: its hash differs from the result's.
            AppController.draws.loadPlanText(JSON.stringify({}), "empty.json")
            compare(toneOf("抽取计划"), "fail")
            compare(AppController.draws.verdict, "red")
        }

        function test_not_a_result() {
            AppController.draws.loadResultText("{\"format\":\"something-else\"}", "x.json")
            compare(toneOf("结果格式"), "fail")
            compare(AppController.draws.verdict, "red")
        }

        function test_touch_targets() {
            const page = createTemporaryObject(pageComponent, root, { width: 800, height: 1280 })
            verify(findChild(page, "openDrawResult").height >= 48)
            verify(findChild(page, "openDrawPlan").height >= 48)
        }
    }
}
