import QtQuick
import QtQuick.Layouts
import FieldSeal

// A label and its value on one line (wrapping the value); `mono` for hashes and ids.
RowLayout {
    property string label
    property string value
    property bool mono: false
    property color valueColor: Theme.text
    spacing: Theme.gap
    Text {
        text: parent.label
        color: Theme.muted
        font.pixelSize: Theme.smallFont + 1
        Layout.preferredWidth: 150
        Layout.alignment: Qt.AlignTop
        wrapMode: Text.Wrap
    }
    Text {
        text: parent.value
        color: parent.valueColor
        font.pixelSize: Theme.smallFont + 1
        font.family: parent.mono ? Theme.monoFamily : Theme.fontFamily
        wrapMode: Text.WrapAnywhere
        Layout.fillWidth: true
    }
}
