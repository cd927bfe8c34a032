import QtQuick
import QtQuick.Controls
import FieldSeal

// One entry of the navigation rail (landscape) or tab bar (portrait).
AbstractButton {
    id: nav
    property bool current: false
    property string badge
    implicitHeight: 56
    implicitWidth: 120
    contentItem: Item {
        Text {
            objectName: "navLabel"
            anchors.centerIn: parent
            width: parent.width - 8
            text: nav.text
            font.pixelSize: Theme.fontSize
            font.bold: nav.current
            color: nav.current ? Theme.primary : Theme.text
            horizontalAlignment: Text.AlignHCenter
            elide: Text.ElideRight
        }
        Rectangle {
            visible: nav.badge.length > 0
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.margins: 4
            width: Math.max(22, badgeText.implicitWidth + 10); height: 22; radius: 11
            color: Theme.amber
            Text { id: badgeText; anchors.centerIn: parent; text: nav.badge; color: "white"; font.pixelSize: 12 }
        }
    }
    background: Rectangle {
        color: nav.current ? Theme.primaryLight : (nav.down ? "#e9edf2" : "transparent")
        radius: Theme.radius
    }
}
