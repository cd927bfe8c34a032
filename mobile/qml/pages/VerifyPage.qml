import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldSeal

// Certificate verification, offline: paste the FS1: text or pick a photo of the QR code; the
// report in plain words (green passed, red failed, amber undetermined); record it as evidence.
Item {
    id: page
    readonly property var verifier: AppController.verifier
    readonly property color verdictColor: verifier.verdict === "green" ? Theme.pass : verifier.verdict === "red" ? Theme.fail : Theme.amber
    readonly property color verdictLight: verifier.verdict === "green" ? Theme.passLight : verifier.verdict === "red" ? Theme.failLight : Theme.amberLight

    FilePickerDialog {
        id: imagePicker
        onPicked: (url) => page.verifier.verifyImage(url)
    }
    FilePickerDialog {
        id: trustPicker
        onPicked: (url) => page.verifier.importTrustList(url)
    }

    ScrollView {
        id: scroll
        anchors.fill: parent
        anchors.margins: Theme.gap
        contentWidth: availableWidth
        clip: true

        ColumnLayout {
            width: scroll.availableWidth
            spacing: Theme.gap

            SectionCard {
                Layout.fillWidth: true
                title: qsTr("证书核验")
                Text {
                    text: page.verifier.trustListSequence >= 0
                          ? qsTr("本机信任列表：第 %1 版（离线核验）").arg(page.verifier.trustListSequence)
                          : qsTr("本机还没有信任列表：请同步或导入后再核验。")
                    color: page.verifier.trustListSequence >= 0 ? Theme.muted : Theme.amber
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                TextArea {
                    id: input
                    objectName: "certificateText"
                    Layout.fillWidth: true
                    Layout.preferredHeight: 110
                    wrapMode: TextEdit.WrapAnywhere
                    placeholderText: qsTr("粘贴证书二维码内容（以 FS1: 开头）或电子证书 JSON")
                    font.family: Theme.monoFamily
                    font.pixelSize: Theme.smallFont
                    background: Rectangle { border.color: Theme.border; radius: 4 }
                }
                Flow {
                    Layout.fillWidth: true
                    spacing: Theme.gap
                    Button {
                        objectName: "verifyText"
                        text: qsTr("核验")
                        highlighted: true
                        height: Theme.touch
                        enabled: input.text.trim().length > 0
                        onClicked: page.verifier.verifyText(input.text)
                    }
                    Button {
                        text: qsTr("从图片识别二维码")
                        height: Theme.touch
                        onClicked: imagePicker.open()
                    }
                    Button {
                        text: qsTr("导入信任列表")
                        height: Theme.touch
                        flat: true
                        onClicked: trustPicker.open()
                    }
                }
            }

            Text {
                visible: page.verifier.lastError.length > 0
                text: page.verifier.lastError
                color: Theme.fail
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }

            Rectangle {
                objectName: "verdict"
                visible: page.verifier.hasReport
                Layout.fillWidth: true
                radius: Theme.radius
                color: page.verdictLight
                border.color: page.verdictColor
                border.width: 2
                implicitHeight: verdictColumn.implicitHeight + 2 * Theme.gap
                ColumnLayout {
                    id: verdictColumn
                    anchors.fill: parent
                    anchors.margins: Theme.gap
                    spacing: 8
                    Text {
                        text: page.verifier.headline
                        font.pixelSize: 28
                        font.bold: true
                        color: page.verdictColor
                    }
                    Text {
                        text: page.verifier.explanation
                        font.pixelSize: Theme.fontSize + 1
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                    Repeater {
                        model: page.verifier.contents
                        KeyValueRow {
                            required property var modelData
                            Layout.fillWidth: true
                            label: modelData.label
                            value: modelData.value
                        }
                    }
                    Repeater {
                        model: page.verifier.details
                        KeyValueRow {
                            required property var modelData
                            Layout.fillWidth: true
                            label: modelData.label
                            value: modelData.value
                            mono: true
                        }
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        Button {
                            objectName: "recordEvidence"
                            text: page.verifier.recorded ? qsTr("已记录为证据") : qsTr("记录为当前检查的证据")
                            enabled: !page.verifier.recorded && AppController.inspection.loaded
                            Layout.preferredHeight: Theme.touch
                            onClicked: page.verifier.recordAsEvidence()
                        }
                        Text {
                            visible: !AppController.inspection.loaded
                            text: qsTr("（未打开检查）")
                            color: Theme.muted
                        }
                    }
                }
            }
        }
    }
}
