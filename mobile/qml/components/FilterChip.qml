import QtQuick
import QtQuick.Controls
import FieldSeal

// A toggle chip for list filters: label and a count.
AbstractButton {
    id: chip
    property int count: -1
    checkable: true
    implicitHeight: Theme.touch
    implicitWidth: label.implicitWidth + 32
    contentItem: Text {
        id: label
        text: chip.count >= 0 ? chip.text + "  " + chip.count : chip.text
        font.pixelSize: Theme.fontSize - 1
        color: chip.checked ? "white" : Theme.text
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
    background: Rectangle {
        radius: height / 2
        color: chip.checked ? Theme.primary : Theme.card
        border.color: chip.checked ? Theme.primary : Theme.border
    }
}
