import QtQuick
import QtQuick.Layouts
import FieldSeal

// A horizontal bar chart drawn with plain items: one row per bar {label, count, share}, share
// being the bar's length as a fraction of the longest (0..1).
SectionCard {
    id: chart
    property var bars: []
    property color barColor: Theme.primary
    property string emptyText: qsTr("暂无数据")

    Text {
        visible: chart.bars.length === 0
        text: chart.emptyText
        color: Theme.muted
        font.pixelSize: Theme.smallFont + 1
    }
    // The rows sit in a plain Column, not directly in the card's ColumnLayout: with Qt 6.4, a
    // Repeater's delegates in a layout that is rearranging when the model changes (period switch)
    // are destroyed under the layout engine, which then reads a deleted item (tst_stats crashed).
    Column {
        id: rows
        Layout.fillWidth: true
        spacing: 4
        Repeater {
            model: chart.bars
            RowLayout {
                required property var modelData
                width: rows.width
                spacing: 8
                Text {
                    text: modelData.label
                    color: Theme.text
                    font.pixelSize: Theme.smallFont + 1
                    elide: Text.ElideRight
                    Layout.preferredWidth: Math.min(200, chart.width * 0.36)
                    horizontalAlignment: Text.AlignRight
                }
                Item {
                    Layout.fillWidth: true
                    implicitHeight: 26
                    Rectangle {
                        anchors.left: parent.left
                        anchors.verticalCenter: parent.verticalCenter
                        height: 20
                        radius: 3
                        width: Math.max(3, (parent.width - countText.implicitWidth - 8) * modelData.share)
                        color: chart.barColor
                        Text {
                            id: countText
                            anchors.left: parent.right
                            anchors.leftMargin: 6
                            anchors.verticalCenter: parent.verticalCenter
                            text: modelData.count
                            color: Theme.text
                            font.pixelSize: Theme.smallFont
                        }
                    }
                }
            }
        }
    }
}
