import QtQuick
import QtTest
import FieldSeal

// The draw-result viewer on the demo draw (a plan with a seed commitment and its plain result):
// the seed commitment and the re-run draw pass, the missing seal is amber; a result that does
// not match the plan is red. A task's draw (as the server publishes it) names its source.
// (Real sealed draws, and a task's draw fetched from the real server: tests/mobile/tst_app_draws.)
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

        // A task's draw comes as the server publishes it (plan and result together): the page
        // says which draw and where it came from; what it holds is checked like any result.
        function test_public_draw_names_its_source() {
            const page = createTemporaryObject(pageComponent, root, { width: root.width, height: root.height })
            verify(!findChild(page, "drawSource").visible)
            verify(AppController.draws.loadPublicDraw(JSON.stringify({
                plan: { format: "fieldseal-draw-plan/2", plan_id: "DRAW-QML-01" },
                result: { format: "fieldseal-draw-result/2", plan_id: "DRAW-QML-01", tasks: [] } }), "测试"))
            compare(AppController.draws.drawId, "DRAW-QML-01")
            verify(findChild(page, "drawSource").visible)
            verify(findChild(page, "drawSource").value.indexOf("测试") >= 0)
            compare(AppController.draws.verdict, "red") // that plan is no valid plan
            verify(!findChild(page, "drawBusy").visible)
            // Opening files afterwards is not the task's draw any more.
            AppController.draws.loadResultText("{\"format\":\"something-else\"}", "x.json")
            compare(AppController.draws.drawId, "")
        }

        function test_task_without_draw() {
            verify(!AppController.draws.openTaskDraw("no-such-task"))
            verify(AppController.draws.message.length > 0)
            compare(AppController.draws.drawIdOfTask(""), "")
            verify(!AppController.draws.loadPublicDraw("{}", "测试"))
        }

        function test_touch_targets() {
            const page = createTemporaryObject(pageComponent, root, { width: 800, height: 1280 })
            verify(findChild(page, "openDrawResult").height >= 48)
            verify(findChild(page, "openDrawPlan").height >= 48)
        }
    }
}
