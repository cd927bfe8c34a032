import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldSeal

// The app window: sign-in until a session is open, then a navigation rail (landscape) or a
// tab bar (portrait) over the pages. showPage() is what the pages, the tour and tests use.
// The portrait tab bar holds as many pages as fit with room for an English label; the others
// are under "More" (a list that opens above it), which names the page shown when it is one of them.
ApplicationWindow {
    id: root
    width: 1280
    height: 800
    visible: true
    title: qsTr("FieldSeal 现场检查")
    color: Theme.background
    font.family: Theme.fontFamily
    font.pixelSize: Theme.fontSize

    readonly property bool portrait: height > width
    property string page: "tasks"
    property bool previewSignIn: false
    readonly property bool showSignIn: !AppController.signedIn || previewSignIn
    // Every page, in the StackLayout's order; `pages` is what the navigation offers this account.
    readonly property var allPages: [
        { name: "tasks", label: qsTr("任务") },
        { name: "inspection", label: qsTr("检查表") },
        { name: "evidence", label: qsTr("证据") },
        { name: "signature", label: qsTr("签名") },
        { name: "verify", label: qsTr("证书核验") },
        { name: "exemption", label: qsTr("免办证明") },
        { name: "review", label: qsTr("审核") },
        { name: "conflicts", label: qsTr("冲突") },
        { name: "registry", label: qsTr("登记库") },
        { name: "stats", label: qsTr("统计") },
        { name: "draws", label: qsTr("抽查公示") },
        { name: "sync", label: qsTr("同步") },
        { name: "settings", label: qsTr("设置") }
    ]
    // CCC exemptions are issued by exhibition staff (the offline demo shows the page to everyone
    // but supervisors); review, conflicts and statistics are the supervisors' (and admins').
    readonly property bool supervises: AppController.role === "supervisor" || AppController.role === "admin"
    readonly property bool issuesExemptions: AppController.role === "exhibition_staff" || (AppController.offlineDemo && !supervises)
    readonly property var pages: allPages.filter(p => (p.name !== "exemption" || issuesExemptions)
                                                      && ((p.name !== "review" && p.name !== "conflicts" && p.name !== "stats") || supervises))
    // Portrait: what each account uses most comes first in the tab bar; at least 128 px a tab.
    readonly property var primaryNames: supervises ? ["tasks", "review", "conflicts", "stats", "registry"]
                                                   : ["tasks", "inspection", "evidence", "signature", "verify"]
    readonly property int tabSlots: Math.max(2, Math.floor((width - 8) / 128))
    readonly property var tabPages: {
        if (pages.length <= tabSlots) return pages
        const first = primaryNames.map(n => pages.find(p => p.name === n)).filter(p => p !== undefined)
        const rest = pages.filter(p => primaryNames.indexOf(p.name) < 0)
        return first.concat(rest).slice(0, tabSlots - 1)
    }
    readonly property var morePages: pages.filter(p => tabPages.indexOf(p) < 0)
    readonly property var moreCurrent: morePages.find(p => p.name === page)

    function showPage(name) {
        if (name === "signin") {
            previewSignIn = true
            return true
        }
        previewSignIn = false
        for (let i = 0; i < pages.length; ++i) {
            if (pages[i].name === name) {
                page = name
                return true
            }
        }
        return false
    }
    function badgeOf(name) {
        const n = name === "sync" ? AppController.sync.pendingOps
                : name === "review" ? AppController.review.queue.count
                : name === "conflicts" ? AppController.conflicts.conflicts.openCount : 0
        return n > 0 ? String(n) : ""
    }
    function moreBadge() {
        let n = 0
        for (const p of morePages) n += Number(badgeOf(p.name) || 0)
        return n > 0 ? String(n) : ""
    }
    // Opens the portrait "More" list (the tour and tests); false when there is none.
    function openMoreMenu() {
        if (!portrait || showSignIn || morePages.length === 0) return false
        moreMenu.open()
        return true
    }
    function closeMoreMenu() { moreMenu.close() }
    function pageIndex(name) {
        for (let i = 0; i < allPages.length; ++i)
            if (allPages[i].name === name) return i
        return 0
    }

    header: ToolBar {
        visible: !root.showSignIn
        height: visible ? 56 : 0
        background: Rectangle { color: Theme.primary }
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: Theme.gap
            anchors.rightMargin: Theme.gap
            spacing: Theme.gap
            Text {
                text: qsTr("FieldSeal 现场检查")
                color: "white"
                font.pixelSize: Theme.titleFont
                font.bold: true
            }
            Item { Layout.fillWidth: true }
            Text {
                text: AppController.sync.pendingOps > 0 ? qsTr("待同步 %1 项").arg(AppController.sync.pendingOps) : qsTr("已同步")
                color: "white"
                font.pixelSize: Theme.smallFont + 1
            }
            Text {
                text: AppController.displayName + " · " + AppController.districtName
                color: "white"
                font.pixelSize: Theme.smallFont + 1
                elide: Text.ElideRight
                Layout.maximumWidth: root.width / 3
            }
        }
    }

    SignInPage {
        anchors.fill: parent
        visible: root.showSignIn
    }

    RowLayout {
        anchors.fill: parent
        visible: !root.showSignIn
        spacing: 0

        Rectangle { // navigation rail
            visible: !root.portrait
            Layout.fillHeight: true
            Layout.preferredWidth: 150
            color: Theme.card
            border.color: Theme.border
            ColumnLayout {
                anchors.fill: parent
                anchors.margins: 8
                spacing: 4
                Repeater {
                    model: root.pages
                    NavButton {
                        required property var modelData
                        Layout.fillWidth: true
                        text: modelData.label
                        current: root.page === modelData.name
                        badge: root.badgeOf(modelData.name)
                        onClicked: root.showPage(modelData.name)
                    }
                }
                Item { Layout.fillHeight: true }
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0
            StackLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                currentIndex: root.pageIndex(root.page)
                TaskListPage { onOpenTask: (taskId) => { if (AppController.inspection.openTask(taskId)) root.showPage("inspection") } }
                InspectionPage { onNavigate: (name) => root.showPage(name) }
                EvidencePage { onNavigate: (name) => root.showPage(name) }
                SignaturePage { onNavigate: (name) => root.showPage(name) }
                VerifyPage {}
                CccExemptionPage {}
                ReviewPage {}
                ConflictPage {}
                RegistryPage {}
                StatsPage {}
                DrawResultPage {}
                SyncPage {}
                SettingsPage {}
            }
            Rectangle { // tab bar in portrait
                id: tabBar
                objectName: "tabBar"
                visible: root.portrait
                Layout.fillWidth: true
                Layout.preferredHeight: 64
                color: Theme.card
                border.color: Theme.border
                RowLayout {
                    anchors.fill: parent
                    anchors.margins: 4
                    spacing: 2
                    Repeater {
                        model: root.tabPages
                        NavButton {
                            required property var modelData
                            objectName: "tab_" + modelData.name
                            Layout.fillWidth: true
                            Layout.fillHeight: true
                            implicitWidth: 60
                            text: modelData.label
                            current: root.page === modelData.name
                            badge: root.badgeOf(modelData.name)
                            onClicked: root.showPage(modelData.name)
                        }
                    }
                    NavButton {
                        id: moreButton
                        objectName: "tabMore"
                        visible: root.morePages.length > 0
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        implicitWidth: 60
                        text: root.moreCurrent ? root.moreCurrent.label + " ▴" : qsTr("更多") + " ▴"
                        current: root.moreCurrent !== undefined || moreMenu.visible
                        badge: root.moreBadge()
                        onClicked: moreMenu.visible ? moreMenu.close() : moreMenu.open()
                    }
                }
                Popup {
                    id: moreMenu
                    objectName: "moreMenu"
                    width: Math.min(320, root.width - 16)
                    x: tabBar.width - width - 8
                    y: -height - 8
                    padding: 8
                    contentItem: ColumnLayout {
                        spacing: 4
                        Repeater {
                            model: root.morePages
                            NavButton {
                                required property var modelData
                                objectName: "more_" + modelData.name
                                Layout.fillWidth: true
                                text: modelData.label
                                current: root.page === modelData.name
                                badge: root.badgeOf(modelData.name)
                                onClicked: {
                                    root.showPage(modelData.name)
                                    moreMenu.close()
                                }
                            }
                        }
                    }
                    background: Rectangle {
                        color: Theme.card
                        border.color: Theme.border
                        radius: Theme.radius
                    }
                }
            }
        }
    }
}
