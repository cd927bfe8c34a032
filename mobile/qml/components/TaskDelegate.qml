import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldSeal

// One task in the task list: organisation, checklist, due date and status.
ItemDelegate {
    id: row
    required property string taskId
    required property string organisation
    required property string uscc
    required property string address
    required property string templateTitle
    required property string inspectionTypeLabel
    required property string dueDate
    required property string statusLabel
    required property string status
    required property string inspectors
    required property string district
    required property bool overdue
    width: ListView.view ? ListView.view.width : implicitWidth
    implicitHeight: Math.max(Theme.touch, content.implicitHeight + 24)
    background: Rectangle {
        color: row.down ? Theme.primaryLight : Theme.card
        radius: Theme.radius
        border.color: row.overdue ? Theme.fail : Theme.border
    }
    contentItem: RowLayout {
        id: content
        spacing: Theme.gap
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 4
            Text {
                text: row.organisation
                font.pixelSize: Theme.fontSize + 2
                font.bold: true
                color: Theme.text
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Text {
                text: row.templateTitle
                font.pixelSize: Theme.fontSize - 1
                color: Theme.text
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            Text {
                text: [row.uscc, row.district, row.address].filter(s => s.length > 0).join(" · ")
                font.pixelSize: Theme.smallFont
                color: Theme.muted
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Text {
                text: qsTr("检查人员：%1").arg(row.inspectors)
                font.pixelSize: Theme.smallFont
                color: Theme.muted
                Layout.fillWidth: true
                elide: Text.ElideRight
            }
        }
        ColumnLayout {
            spacing: 6
            Layout.alignment: Qt.AlignTop
            Rectangle {
                Layout.alignment: Qt.AlignRight
                radius: 4
                color: row.status === "approved" ? Theme.passLight
                     : row.status === "returned" ? Theme.failLight
                     : row.status === "submitted" ? Theme.primaryLight : Theme.amberLight
                implicitWidth: statusText.implicitWidth + 16
                implicitHeight: statusText.implicitHeight + 8
                Text {
                    id: statusText
                    anchors.centerIn: parent
                    text: row.statusLabel
                    font.pixelSize: Theme.smallFont
                    color: Theme.text
                }
            }
            Text {
                Layout.alignment: Qt.AlignRight
                text: row.overdue ? qsTr("已逾期 %1").arg(row.dueDate) : qsTr("截止 %1").arg(row.dueDate)
                font.pixelSize: Theme.smallFont
                color: row.overdue ? Theme.fail : Theme.muted
            }
        }
    }
}
