import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldSeal

// Evidence of the open inspection: import files (photos, video, audio, documents); each item
// shows its SHA-256, size, type, time and place.
Item {
    id: page
    signal navigate(string name)
    readonly property var insp: AppController.inspection

    Text {
        anchors.centerIn: parent
        visible: !page.insp.loaded
        text: qsTr("请先在任务列表中选择一项任务。")
        color: Theme.muted
        font.pixelSize: Theme.fontSize + 2
    }

    FilePickerDialog {
        id: picker
        onPicked: (url) => page.insp.addEvidenceFile(url, itemBox.currentValue || "")
    }

    // Where the tablet is, for the place of each new piece of evidence.
    onVisibleChanged: if (visible) AppController.locator.start()

    Dialog {
        id: cameraDialog
        modal: true
        anchors.centerIn: Overlay.overlay
        width: Math.min(page.width - 40, 900)
        height: Math.min(page.height - 40, 720)
        title: qsTr("拍摄证据")
        standardButtons: Dialog.Close
        Loader {
            id: cameraLoader
            anchors.fill: parent
            active: cameraDialog.visible
            // By URL, so that QtMultimedia loads only when a camera is used.
            source: "../components/CameraCapture.qml"
        }
        Connections {
            target: cameraLoader.item
            ignoreUnknownSignals: true
            function onCaptured(fileUrl) {
                page.insp.addEvidenceFile(fileUrl, itemBox.currentValue || "")
                cameraDialog.close()
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap
        visible: page.insp.loaded
        spacing: Theme.gap

        Text {
            text: qsTr("现场证据 · %1").arg(page.insp.organisation)
            font.pixelSize: Theme.titleFont
            font.bold: true
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
        Flow {
            Layout.fillWidth: true
            spacing: Theme.gap
            ComboBox {
                id: itemBox
                width: 360
                height: Theme.touch
                textRole: "label"
                valueRole: "value"
                model: {
                    const items = [{ value: "", label: qsTr("关联到整个检查") }]
                    const m = page.insp.checklist
                    for (let i = 0; i < m.rowCount(); ++i) {
                        const id = m.data(m.index(i, 0), 257)
                        const title = m.data(m.index(i, 0), 0)
                        items.push({ value: id, label: id + " " + title })
                    }
                    return items
                }
            }
            Button {
                objectName: "openCamera"
                visible: AppController.camera.available
                text: qsTr("拍照或录像")
                highlighted: true
                height: Theme.touch
                enabled: page.insp.loaded
                onClicked: cameraDialog.open()
            }
            Button {
                objectName: "importFile"
                text: qsTr("导入照片、音视频或文件")
                highlighted: true
                height: Theme.touch
                enabled: page.insp.loaded
                onClicked: picker.open()
            }
        }
        Text {
            text: (AppController.camera.available ? "" : qsTr("本机没有摄像头，可从文件导入。"))
                  + qsTr("所有证据在导入时计算 SHA-256 并保存在本机，联网后上传。") + " " + AppController.locator.stateText
            color: Theme.muted
            font.pixelSize: Theme.smallFont
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Text {
            visible: page.insp.lastError.length > 0
            text: page.insp.lastError
            color: Theme.fail
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }

        ListView {
            id: list
            objectName: "evidenceList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 8
            model: page.insp.evidence
            delegate: SectionCard {
                required property var modelData
                width: ListView.view.width
                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.gap
                    Rectangle {
                        Layout.preferredWidth: 120
                        Layout.preferredHeight: 90
                        Layout.alignment: Qt.AlignTop
                        color: "#eceff3"
                        radius: 4
                        Image {
                            anchors.fill: parent
                            anchors.margins: 2
                            visible: modelData.media_type.startsWith("image/") && modelData.available
                            source: visible ? modelData.url : ""
                            fillMode: Image.PreserveAspectFit
                            asynchronous: true
                        }
                        Text {
                            anchors.centerIn: parent
                            visible: !modelData.media_type.startsWith("image/")
                            text: modelData.media_type.split("/")[0].toUpperCase()
                            color: Theme.muted
                        }
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        Text {
                            text: (modelData.file_name || qsTr("证据")) + (modelData.item_id ? "  →  " + modelData.item_id : "")
                            font.bold: true
                            elide: Text.ElideRight
                            Layout.fillWidth: true
                        }
                        KeyValueRow { Layout.fillWidth: true; label: "SHA-256"; value: modelData.sha256; mono: true }
                        KeyValueRow { Layout.fillWidth: true; label: qsTr("类型与大小"); value: modelData.media_type + " · " + AppController.formatBytes(modelData.size) }
                        KeyValueRow { Layout.fillWidth: true; label: qsTr("采集时间"); value: new Date(modelData.captured_at).toLocaleString(Qt.locale(), Locale.ShortFormat) }
                        KeyValueRow {
                            Layout.fillWidth: true
                            label: qsTr("地点")
                            value: modelData.location ? modelData.location.lat.toFixed(5) + ", " + modelData.location.lon.toFixed(5) : qsTr("无定位信息")
                        }
                    }
                }
            }
            Text {
                anchors.centerIn: parent
                visible: list.count === 0
                text: qsTr("还没有证据。")
                color: Theme.muted
            }
        }
    }
}
