import QtQuick
import QtQuick.Controls

ApplicationWindow {
    width: 1280
    height: 800
    visible: true
    title: qsTr("FieldSeal 现场检查")

    Label {
        anchors.centerIn: parent
        text: qsTr("FieldSeal 现场检查 — 平板应用开发中")
        font.pixelSize: 28
    }
}
