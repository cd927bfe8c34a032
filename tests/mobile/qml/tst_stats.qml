import QtQuick
import QtTest
import FieldSeal

// The statistics page on the demo store of insp.wang: the store is read on a worker thread
// (progress shown), then the bars and overview tiles show what the store holds.
Item {
    id: root
    width: 1280
    height: 800

    Component { id: pageComponent; StatsPage {} }

    TestCase {
        name: "StatsPage"
        when: windowShown

        function test_charts_after_loading() {
            const page = createTemporaryObject(pageComponent, root, { width: root.width, height: root.height })
            AppController.stats.refresh()
            verify(AppController.stats.loading) // the read runs off the GUI thread
            tryCompare(AppController.stats, "loading", false, 10000)
            compare(AppController.stats.message, "")
            verify(AppController.stats.loaded)
            const tiles = AppController.stats.overview
            compare(tiles[0].label, "检查总数")
            // Sum of the district bars is the number of inspections in the overview.
            let sum = 0
            for (const b of AppController.stats.byDistrict) sum += b.count
            compare(sum, tiles[0].value)
            verify(findChild(page, "chartDistrict"))
            compare(findChild(page, "chartOutcome").bars.length, AppController.stats.byOutcome.length)
        }

        function test_inspection_counted_after_edit() {
            tryCompare(AppController.stats, "loading", false, 10000)
            AppController.tasks.refresh()
            verify(AppController.inspection.openTask(AppController.tasks.taskIdAt(0)))
            AppController.stats.refresh()
            tryCompare(AppController.stats, "loading", false, 10000)
            const total = AppController.stats.overview[0].value
            verify(total >= 1)
            let pending = 0
            for (const b of AppController.stats.byOutcome) if (b.key === "pending") pending = b.count
            verify(pending >= 1)
            AppController.stats.period = "year"
            compare(AppController.stats.byPeriod[0].key.length, 4) // "2026"
        }

        function test_period_chips() {
            const page = createTemporaryObject(pageComponent, root, { width: root.width, height: root.height })
            mouseClick(findChild(page, "period_quarter"))
            compare(AppController.stats.period, "quarter")
            verify(findChild(page, "period_quarter").height >= 48)
            verify(findChild(page, "statsRefresh").height >= 48)
            mouseClick(findChild(page, "period_month"))
            compare(AppController.stats.period, "month")
        }
    }
}
