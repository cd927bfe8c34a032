import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldSeal

// Statistics for supervisors and administrators, from the data on this tablet: overview counts
// and inspections by district, type, outcome and period as bar charts.
Item {
    id: page
    readonly property var stats: AppController.stats
    readonly property int columns: width > 900 ? 2 : 1

    onVisibleChanged: if (visible && !stats.loaded && !stats.loading) stats.refresh()

    ScrollView {
        id: scroll
        objectName: "statsScroll"
        anchors.fill: parent
        anchors.margins: Theme.gap
        contentWidth: availableWidth
        clip: true

        // A Column, not a ColumnLayout: the charts' heights follow their widths, and as a layout
        // the page met Qt's "polish loop detected" (the app's self-test counts it as a warning).
        Column {
            width: scroll.availableWidth
            spacing: Theme.gap

            RowLayout {
                width: parent.width
                spacing: 8
                Text {
                    text: qsTr("统计（本机数据）")
                    font.pixelSize: Theme.titleFont
                    font.bold: true
                    color: Theme.text
                    Layout.fillWidth: true
                    elide: Text.ElideRight
                }
                Repeater {
                    model: [
                        { value: "month", label: qsTr("按月") },
                        { value: "quarter", label: qsTr("按季度") },
                        { value: "year", label: qsTr("按年") }
                    ]
                    FilterChip {
                        required property var modelData
                        objectName: "period_" + modelData.value
                        text: modelData.label
                        checked: page.stats.period === modelData.value
                        onClicked: page.stats.period = modelData.value
                    }
                }
                Button {
                    objectName: "statsRefresh"
                    text: qsTr("刷新")
                    enabled: !page.stats.loading
                    Layout.preferredHeight: Theme.touch
                    onClicked: page.stats.refresh()
                }
            }

            RowLayout {
                visible: page.stats.loading
                spacing: 8
                BusyIndicator { running: page.stats.loading; Layout.preferredHeight: Theme.touch; Layout.preferredWidth: Theme.touch }
                Text { text: qsTr("正在统计本机的检查记录…"); color: Theme.muted }
            }
            Text {
                visible: page.stats.message.length > 0
                text: page.stats.message
                color: Theme.fail
                wrapMode: Text.Wrap
                width: parent.width
            }

            GridLayout { // overview tiles
                objectName: "statsOverview"
                width: parent.width
                columns: page.width > 900 ? 5 : 3
                columnSpacing: 8
                rowSpacing: 8
                Repeater {
                    model: page.stats.overview
                    Rectangle {
                        required property var modelData
                        Layout.fillWidth: true
                        implicitHeight: tile.implicitHeight + 20
                        radius: Theme.radius
                        color: Theme.card
                        border.color: Theme.border
                        ColumnLayout {
                            id: tile
                            anchors.fill: parent
                            anchors.margins: 10
                            spacing: 2
                            Text {
                                text: modelData.value
                                font.pixelSize: Theme.titleFont + 4
                                font.bold: true
                                color: modelData.tone === "fail" ? Theme.fail : modelData.tone === "pass" ? Theme.pass
                                     : modelData.tone === "amber" ? Theme.amber : Theme.primary
                            }
                            Text {
                                text: modelData.label
                                font.pixelSize: Theme.smallFont
                                color: Theme.muted
                                wrapMode: Text.Wrap
                                Layout.fillWidth: true
                            }
                        }
                    }
                }
            }

            GridLayout {
                width: parent.width
                columns: page.columns
                columnSpacing: Theme.gap
                rowSpacing: Theme.gap
                BarChart {
                    objectName: "chartDistrict"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1 // equal columns, whatever the labels' widths
                    Layout.alignment: Qt.AlignTop
                    title: qsTr("按区")
                    bars: page.stats.byDistrict
                }
                BarChart {
                    objectName: "chartType"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1 // equal columns, whatever the labels' widths
                    Layout.alignment: Qt.AlignTop
                    title: qsTr("按检查类型")
                    bars: page.stats.byType
                    barColor: "#3f7cc4"
                }
                BarChart {
                    objectName: "chartOutcome"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1 // equal columns, whatever the labels' widths
                    Layout.alignment: Qt.AlignTop
                    title: qsTr("按检查结论")
                    bars: page.stats.byOutcome
                    barColor: Theme.pass
                }
                BarChart {
                    objectName: "chartPeriod"
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1 // equal columns, whatever the labels' widths
                    Layout.alignment: Qt.AlignTop
                    title: page.stats.period === "year" ? qsTr("按年") : page.stats.period === "quarter" ? qsTr("按季度") : qsTr("按月")
                    bars: page.stats.byPeriod
                    barColor: Theme.amber
                }
            }
        }
    }
}
