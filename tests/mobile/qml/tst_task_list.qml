import QtQuick
import QtTest
import FieldSeal

// The task list page on the demo data of inspector insp.wang (district 310115: three tasks).
Item {
    id: root
    width: 1280
    height: 800

    Component { id: pageComponent; TaskListPage {} }

    TestCase {
        name: "TaskListPage"
        when: windowShown

        function init() {
            AppController.tasks.searchText = ""
            AppController.tasks.statusFilter = ""
            AppController.tasks.typeFilter = ""
            AppController.tasks.dueFilter = ""
        }

        function test_shows_tasks_and_counts() {
            const page = createTemporaryObject(pageComponent, root, { width: root.width, height: root.height })
            const list = findChild(page, "taskList")
            verify(list)
            tryCompare(list, "count", 3)
            compare(findChild(page, "status_all").count, 3)
            compare(findChild(page, "status_todo").count, 3)
        }

        // A list read in two steps says so until every row is in (a search meanwhile sees only
        // the first rows), then counts as before.
        function test_loading_is_shown() {
            const page = createTemporaryObject(pageComponent, root, { width: root.width, height: root.height })
            const footer = findChild(page, "taskListFooter")
            verify(footer)
            AppController.tasks.setLoadInSteps(2, 1)
            AppController.signOut()
            verify(AppController.signInOffline("insp.wang"))
            verify(AppController.tasks.loading)
            compare(footer.text, qsTr("正在读取全部任务…已显示前 %1 项，共 %2 项").arg(1).arg(3))
            tryCompare(AppController.tasks, "loading", false)
            compare(footer.text, qsTr("显示 %1 项，共 %2 项任务").arg(3).arg(3))
            AppController.tasks.setLoadInSteps(2000, 60)
        }

        function test_search_filters() {
            const page = createTemporaryObject(pageComponent, root, { width: root.width, height: root.height })
            const list = findChild(page, "taskList")
            const search = findChild(page, "search")
            search.forceActiveFocus()
            search.text = "童趣"
            tryCompare(list, "count", 1)
            compare(AppController.tasks.count, 1)
            search.text = "91310115MA1H8XQ042" // the e-bike maker's credit code
            tryCompare(list, "count", 1)
            search.text = "no such organisation"
            tryCompare(list, "count", 0)
        }

        function test_status_chip_filters() {
            const page = createTemporaryObject(pageComponent, root, { width: root.width, height: root.height })
            const list = findChild(page, "taskList")
            const submitted = findChild(page, "status_submitted")
            mouseClick(submitted)
            compare(AppController.tasks.statusFilter, "submitted")
            tryCompare(list, "count", 0)
            mouseClick(findChild(page, "status_all"))
            tryCompare(list, "count", 3)
        }

        function test_open_task_signal() {
            const page = createTemporaryObject(pageComponent, root, { width: root.width, height: root.height })
            const spy = createTemporaryObject(spyComponent, root, { target: page, signalName: "openTask" })
            const list = findChild(page, "taskList")
            tryCompare(list, "count", 3)
            waitForRendering(list)
            mouseClick(list.itemAtIndex(0))
            compare(spy.count, 1)
            compare(spy.signalArguments[0][0], AppController.tasks.taskIdAt(0))
        }
    }

    Component { id: spyComponent; SignalSpy {} }
}
