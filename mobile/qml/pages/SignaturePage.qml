import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldSeal

// Handwritten signatures of the inspectors and the inspected party's representative, with the
// attestation text; a signature made before a later change shows as stale.
Item {
    id: page
    signal navigate(string name)
    readonly property var insp: AppController.inspection
    readonly property bool wide: width > height

    Text {
        anchors.centerIn: parent
        visible: !page.insp.loaded
        text: qsTr("请先在任务列表中选择一项任务。")
        color: Theme.muted
        font.pixelSize: Theme.fontSize + 2
    }

    GridLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap
        visible: page.insp.loaded
        columns: page.wide ? 2 : 1
        columnSpacing: Theme.gap
        rowSpacing: Theme.gap

        SectionCard {
            Layout.fillWidth: true
            Layout.alignment: Qt.AlignTop
            title: qsTr("签名 · %1").arg(page.insp.organisation)
            Flow {
                Layout.fillWidth: true
                spacing: 6
                Repeater {
                    model: [
                        { value: "inspector", label: qsTr("检查人员") },
                        { value: "party", label: qsTr("被检查方代表") },
                        { value: "witness", label: qsTr("见证人") }
                    ]
                    FilterChip {
                        required property var modelData
                        text: modelData.label
                        checked: roleGroup.role === modelData.value
                        onClicked: roleGroup.role = modelData.value
                    }
                }
            }
            QtObject { id: roleGroup; property string role: "inspector" }
            TextField {
                id: signer
                objectName: "signerName"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touch
                placeholderText: qsTr("签名人姓名")
                text: roleGroup.role === "inspector" ? AppController.displayName : ""
            }
            Rectangle {
                Layout.fillWidth: true
                color: Theme.primaryLight
                radius: 4
                implicitHeight: att.implicitHeight + 16
                Text {
                    id: att
                    anchors.fill: parent
                    anchors.margins: 8
                    text: page.insp.attestation
                    wrapMode: Text.Wrap
                    color: Theme.text
                }
            }
            SignaturePad {
                id: pad
                objectName: "pad"
                Layout.fillWidth: true
                Layout.preferredHeight: 240
                visible: !refused.checked
            }
            CheckBox {
                id: refused
                visible: roleGroup.role === "party"
                text: qsTr("被检查方拒绝签名")
                implicitHeight: Theme.touch
            }
            TextField {
                id: witness
                visible: refused.checked && roleGroup.role === "party"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touch
                placeholderText: qsTr("见证人姓名")
            }
            RowLayout {
                Layout.fillWidth: true
                Button {
                    text: qsTr("清除")
                    Layout.preferredHeight: Theme.touch
                    onClicked: pad.clear()
                }
                Item { Layout.fillWidth: true }
                Button {
                    objectName: "confirmSignature"
                    text: qsTr("确认签名")
                    highlighted: true
                    Layout.preferredHeight: Theme.touch
                    onClicked: {
                        if (page.insp.sign(roleGroup.role, signer.text, pad.strokes,
                                           refused.checked && roleGroup.role === "party", witness.text))
                            pad.clear()
                    }
                }
            }
            Text {
                visible: page.insp.lastError.length > 0
                text: page.insp.lastError
                color: Theme.fail
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: page.wide ? 420 : -1
            spacing: 8
            Text { text: qsTr("已签名"); font.bold: true; font.pixelSize: Theme.fontSize + 1 }
            ListView {
                id: list
                objectName: "signatureList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: 8
                model: page.insp.signatures
                delegate: Rectangle {
                    required property var modelData
                    width: ListView.view.width
                    implicitHeight: sigColumn.implicitHeight + 16
                    radius: Theme.radius
                    color: modelData.stale ? Theme.failLight : Theme.card
                    border.color: modelData.stale ? Theme.fail : Theme.border
                    ColumnLayout {
                        id: sigColumn
                        anchors.fill: parent
                        anchors.margins: 8
                        spacing: 4
                        Text {
                            text: modelData.roleLabel + " · " + modelData.signer_name
                            font.bold: true
                        }
                        Image {
                            visible: !!modelData.imageUrl
                            source: modelData.imageUrl || ""
                            Layout.preferredHeight: 80
                            Layout.preferredWidth: 213
                            fillMode: Image.PreserveAspectFit
                        }
                        Text {
                            visible: !!modelData.refused
                            text: qsTr("拒绝签名，见证人：%1").arg(modelData.witness || "")
                            color: Theme.amber
                        }
                        Text {
                            text: new Date(modelData.signed_at).toLocaleString(Qt.locale(), Locale.ShortFormat)
                            color: Theme.muted
                            font.pixelSize: Theme.smallFont
                        }
                        Text {
                            objectName: "staleMarker"
                            visible: modelData.stale
                            text: qsTr("签名后记录已修改，此签名已失效")
                            color: Theme.fail
                            font.bold: true
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                    }
                }
                Text {
                    anchors.centerIn: parent
                    visible: list.count === 0
                    text: qsTr("还没有签名。")
                    color: Theme.muted
                }
            }
        }
    }
}
