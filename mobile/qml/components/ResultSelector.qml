import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldSeal

// Pass / fail / not applicable for one checklist item, as three large segments.
RowLayout {
    id: selector
    property string result: "unanswered"
    property bool enabled: true
    signal chosen(string result)
    spacing: 6

    Repeater {
        model: [
            { value: "pass", label: qsTr("合格"), color: Theme.pass, light: Theme.passLight },
            { value: "fail", label: qsTr("不合格"), color: Theme.fail, light: Theme.failLight },
            { value: "not_applicable", label: qsTr("不适用"), color: Theme.muted, light: "#eceff3" }
        ]
        delegate: AbstractButton {
            required property var modelData
            readonly property bool selected: selector.result === modelData.value
            objectName: "result_" + modelData.value
            enabled: selector.enabled
            implicitHeight: Theme.touch
            implicitWidth: Math.max(88, label.implicitWidth + 24)
            onClicked: selector.chosen(selected ? "unanswered" : modelData.value)
            contentItem: Text {
                id: label
                text: modelData.label
                font.pixelSize: Theme.fontSize - 1
                font.bold: parent.selected
                color: parent.selected ? "white" : modelData.color
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
            }
            background: Rectangle {
                radius: Theme.radius
                color: parent.selected ? modelData.color : modelData.light
                border.color: modelData.color
                opacity: parent.enabled ? 1 : 0.6
            }
        }
    }
}
