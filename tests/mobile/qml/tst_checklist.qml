import QtQuick
import QtTest
import FieldSeal

// The checklist page with the real InspectionController on a demo task.
Item {
    id: root
    width: 1280
    height: 800

    Component { id: pageComponent; InspectionPage {} }

    TestCase {
        name: "InspectionPage"
        when: windowShown

        // Each test works on its own task, so they do not depend on each other's order.
        function openTask(search) {
            const tasks = AppController.tasks
            tasks.searchText = search
            verify(AppController.inspection.openTask(tasks.taskIdAt(0)))
            tasks.searchText = ""
            return createTemporaryObject(pageComponent, root, { width: root.width, height: root.height })
        }

        function delegateAt(list, index) {
            list.positionViewAtIndex(index, ListView.Beginning)
            waitForRendering(list)
            return list.itemAtIndex(index)
        }

        function test_answers_update_score_and_highlight() {
            const page = openTask("精测") // the testing agency: cma-agency-v1
            const insp = AppController.inspection
            const list = findChild(page, "checklist")
            tryCompare(list, "count", insp.itemCount)
            verify(insp.itemCount >= 8)
            compare(findChild(page, "score").text, "—")

            mouseClick(findChild(delegateAt(list, 0), "result_pass"))
            compare(insp.answeredCount, 1)
            compare(findChild(page, "score").text, "100%")

            const third = delegateAt(list, 2)
            mouseClick(findChild(third, "result_fail"))
            compare(insp.failedCount, 1)
            compare(findChild(page, "score").text, "50%")
            // The failed item is highlighted and asks for a note.
            tryCompare(delegateAt(list, 2), "failed", true)
            verify(delegateAt(list, 2).missing)
            verify(findChild(delegateAt(list, 2), "note").visible)
        }

        function cleanup() {
            AppController.language = "zh"
        }

        // The conclusion chips' words come from C++ (AppController.conclusionLabel), not qsTr:
        // an open page must still follow a language switch.
        function test_conclusion_chips_follow_the_language() {
            const page = openTask("迅驰") // the e-bike maker: ccc-ebike-v1
            const chip = findChild(page, "conclusion_rectify")
            compare(chip.text, "限期整改")
            AppController.language = "en"
            tryCompare(chip, "text", "Rectify by deadline")
            AppController.language = "zh"
            tryCompare(chip, "text", "限期整改")
        }

        function test_submit_needs_a_complete_record() {
            const page = openTask("童趣") // the toys maker: ccc-toys-v1
            const insp = AppController.inspection
            const submit = findChild(page, "submit")
            verify(!submit.enabled)
            verify(insp.problems.length > 0)
            const list = findChild(page, "checklist")
            for (let i = 0; i < insp.itemCount; ++i) {
                const d = delegateAt(list, i)
                if (d.result !== "pass") mouseClick(findChild(d, "result_pass"))
            }
            compare(insp.failedCount, 0)
            compare(insp.requiredMissing, 0)
            mouseClick(findChild(page, "conclusion_conforming"))
            compare(insp.conclusion, "conforming")
            tryCompare(insp, "problems", [])
            verify(submit.enabled)
            mouseClick(submit)
            compare(insp.status, "submitted")
            verify(!insp.editable)
            verify(!submit.enabled)
        }
    }
}
