import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldSeal

// An in-app file picker (works on every platform and headless, no platform dialog needed).
Dialog {
    id: picker
    property string folder: AppController.homeDirectory()
    property var entries: []
    signal picked(url fileUrl)
    modal: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(parent ? parent.width - 40 : 700, 760)
    height: Math.min(parent ? parent.height - 40 : 600, 680)
    title: qsTr("选择文件")
    standardButtons: Dialog.Cancel
    onOpened: entries = AppController.listFiles(folder)
    onFolderChanged: entries = AppController.listFiles(folder)

    ColumnLayout {
        anchors.fill: parent
        spacing: 8
        RowLayout {
            Layout.fillWidth: true
            Button {
                text: qsTr("上一级")
                implicitHeight: Theme.touch
                onClicked: picker.folder = AppController.parentDirectory(picker.folder)
            }
            Text {
                text: picker.folder
                elide: Text.ElideMiddle
                color: Theme.muted
                Layout.fillWidth: true
            }
        }
        ListView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: picker.entries
            delegate: ItemDelegate {
                required property var modelData
                width: ListView.view.width
                height: Theme.touch
                text: (modelData.dir ? "📁 " : "") + modelData.name + (modelData.dir ? "" : "   " + modelData.size)
                onClicked: {
                    if (modelData.dir) {
                        picker.folder = modelData.path
                    } else {
                        picker.picked(modelData.url)
                        picker.close()
                    }
                }
            }
        }
    }
}
