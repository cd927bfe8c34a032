import QtQuick
import QtTest
import FieldSeal

// The conflict page on the offline demo of sup.pudong: insp.li's late edit of the submitted
// e-bike inspection is kept as a conflict with two fields (findings, conclusion).
Item {
    id: root
    width: 1280
    height: 800

    Component { id: pageComponent; ConflictPage {} }

    TestCase {
        name: "ConflictPage"
        when: windowShown

        function initTestCase() {
            verify(AppController.signInOffline("sup.pudong"), AppController.lastError)
        }
        function init() {
            AppController.conflicts.select("")
        }

        function test_side_by_side_and_ticks() {
            const page = createTemporaryObject(pageComponent, root, { width: 1280, height: 800 })
            const list = findChild(page, "conflictList")
            tryCompare(list, "count", 1)
            verify(!findChild(page, "conflictDetail").visible)
            waitForRendering(list)
            mouseClick(list.itemAtIndex(0))
            verify(AppController.conflicts.selectedOpen)
            tryCompare(findChild(page, "conflictDetail"), "visible", true)
            compare(AppController.conflicts.fields.count, 2)
            const take = findChild(page, "takeTheirs")
            compare(take.text, "全部采用保留的修改")
            const tick = findChild(page, "take_0")
            verify(tick)
            verify(tick.height >= 48)
            tick.toggle()
            tick.toggled()
            compare(AppController.conflicts.fields.takeCount, 1)
            compare(take.text, "采用勾选的 1 项修改")
        }

        function test_offline_resolution_is_refused() {
            const page = createTemporaryObject(pageComponent, root, { width: 800, height: 1280 })
            AppController.conflicts.select(AppController.conflicts.conflicts.conflictIdAt(0))
            const keep = findChild(page, "keepOurs")
            tryCompare(keep, "visible", true)
            verify(keep.height >= 48)
            keep.clicked()
            verify(AppController.conflicts.lastError.length > 0)
            verify(AppController.conflicts.selectedOpen)
        }
    }
}
