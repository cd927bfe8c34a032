import QtQuick
import QtQuick.Layouts
import FieldSeal

// A white card with an optional title; children go into its column.
Rectangle {
    id: card
    property string title
    default property alias content: column.data
    property alias spacing: column.spacing
    color: Theme.card
    radius: Theme.radius
    border.color: Theme.border
    implicitHeight: column.implicitHeight + 2 * Theme.gap
    implicitWidth: column.implicitWidth + 2 * Theme.gap

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: 8
        Text {
            visible: card.title.length > 0
            text: card.title
            font.pixelSize: Theme.fontSize + 1
            font.bold: true
            color: Theme.text
            Layout.fillWidth: true
            wrapMode: Text.Wrap
        }
    }
}
