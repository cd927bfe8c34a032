import QtQuick
import QtTest
import FieldSeal

// The supervisor's review page on the offline demo of sup.pudong: two simulated inspectors'
// tablets sent a submitted e-bike inspection (review_demo.h). Offline, decisions are refused.
Item {
    id: root
    width: 1280
    height: 800

    Component { id: pageComponent; ReviewPage {} }

    TestCase {
        name: "ReviewPage"
        when: windowShown

        function initTestCase() {
            verify(AppController.signInOffline("sup.pudong"), AppController.lastError)
            compare(AppController.role, "supervisor")
        }
        function init() {
            AppController.review.close()
        }

        function test_queue_then_detail() {
            const page = createTemporaryObject(pageComponent, root, { width: 1280, height: 800 })
            const list = findChild(page, "reviewQueue")
            verify(list)
            tryCompare(list, "count", 1)
            verify(!findChild(page, "reviewDetail").visible)
            waitForRendering(list)
            mouseClick(list.itemAtIndex(0))
            verify(AppController.review.loaded)
            compare(AppController.review.status, "submitted")
            tryCompare(findChild(page, "reviewDetail"), "visible", true)
            compare(AppController.review.signatures.length, 2)
            compare(AppController.review.evidence.length, 2)
            verify(AppController.review.decidable)
            const approve = findChild(page, "approveInspection")
            const giveBack = findChild(page, "returnInspection")
            verify(approve.enabled)
            verify(approve.height >= 48)
            verify(giveBack.height >= 48)
        }

        function test_return_needs_a_comment() {
            const page = createTemporaryObject(pageComponent, root, { width: 1280, height: 800 })
            AppController.review.open(AppController.review.queue.inspectionIdAt(0))
            const giveBack = findChild(page, "returnInspection")
            tryCompare(giveBack, "enabled", true)
            // The buttons sit at the foot of the scrolled detail: pressed through their signal.
            giveBack.clicked()
            verify(AppController.review.lastError.length > 0)
            compare(AppController.review.status, "submitted")
            verify(!AppController.review.busy)
        }

        function test_portrait_detail_replaces_the_queue() {
            const page = createTemporaryObject(pageComponent, root, { width: 800, height: 1280 })
            const list = findChild(page, "reviewQueue")
            tryCompare(list, "count", 1)
            verify(list.visible)
            AppController.review.open(AppController.review.queue.inspectionIdAt(0))
            tryCompare(list, "visible", false)
            const back = findChild(page, "backToQueue")
            verify(back.visible)
            verify(back.height >= 48)
            waitForRendering(page)
            mouseClick(back)
            verify(!AppController.review.loaded)
            tryCompare(list, "visible", true)
        }
    }
}
