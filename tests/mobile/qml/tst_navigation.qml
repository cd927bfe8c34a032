import QtQuick
import QtTest
import FieldSeal

// The app window's navigation: in portrait (800×1280) the tab bar shows as many pages as fit
// with whole labels in Chinese and English, every target at least 48 px, and the rest under
// "More"; in landscape the rail lists every page.
Item {
    id: root
    width: 800
    height: 1280

    Component { id: mainComponent; Main {} }

    TestCase {
        name: "Navigation"
        when: windowShown

        function tabs(window) {
            const bar = findChild(window.contentItem, "tabBar")
            verify(bar)
            const out = []
            for (const p of window.tabPages) out.push(findChild(bar, "tab_" + p.name))
            out.push(findChild(bar, "tabMore"))
            return out
        }

        function checkLabelsWhole(window) {
            for (const tab of tabs(window)) {
                verify(tab, "a tab is missing")
                verify(tab.visible)
                verify(tab.height >= 48, tab.objectName + " is " + tab.height + " px high")
                verify(tab.width >= 48, tab.objectName + " is " + tab.width + " px wide")
                const label = findChild(tab, "navLabel")
                verify(!label.truncated, tab.objectName + " cuts its label: " + label.text)
            }
        }

        function cleanup() {
            AppController.language = "zh"
        }

        function test_portrait_tabs_and_more() {
            const window = createTemporaryObject(mainComponent, root, { width: 800, height: 1280 })
            verify(window.portrait)
            tryVerify(() => findChild(window.contentItem, "tabBar").width > 700)
            verify(window.morePages.length > 0) // 12 pages do not fit in 800 px
            compare(window.tabPages.length + window.morePages.length, window.pages.length)
            compare(window.tabPages[0].name, "tasks")
            checkLabelsWhole(window)
            AppController.language = "en"
            wait(0)
            checkLabelsWhole(window)

            // A page under "More": the list opens, the page shows, the list closes, and the
            // "More" tab names the page.
            const more = findChild(window.contentItem, "tabMore")
            mouseClick(more)
            // The list is a Popup: its items live in the window's overlay (beside contentItem) while open.
            tryVerify(() => findChild(window.contentItem.parent, "more_settings") !== null)
            const settings = findChild(window.contentItem.parent, "more_settings")
            tryVerify(() => settings.visible && settings.height >= 48)
            verify(!findChild(settings, "navLabel").truncated)
            mouseClick(settings)
            compare(window.page, "settings")
            tryVerify(() => findChild(window.contentItem.parent, "more_settings") === null || !settings.visible)
            verify(more.current)
            verify(findChild(more, "navLabel").text.indexOf("Settings") === 0)
            mouseClick(findChild(window.contentItem, "tab_tasks"))
            compare(window.page, "tasks")
            verify(!more.current)
        }

        function test_landscape_rail_lists_every_page() {
            const window = createTemporaryObject(mainComponent, root, { width: 1280, height: 800 })
            verify(!window.portrait)
            verify(!findChild(window.contentItem, "tabBar").visible)
            verify(!window.openMoreMenu())
            window.width = 800
            window.height = 1280
            tryVerify(() => window.portrait)
            verify(window.openMoreMenu())
            tryVerify(() => findChild(window.contentItem.parent, "more_sync") !== null)
            window.closeMoreMenu()
        }
    }
}
