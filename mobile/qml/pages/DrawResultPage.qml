import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldSeal

// A published double-random draw, checked on this tablet: the result's seal, the seed against
// the commitment published before the draw, and the draw re-run from the published plan.
Item {
    id: page
    readonly property var draws: AppController.draws

    FilePickerDialog {
        id: resultPicker
        onPicked: (url) => page.draws.openResult(url)
    }
    FilePickerDialog {
        id: planPicker
        onPicked: (url) => page.draws.openPlan(url)
    }

    ScrollView {
        id: scroll
        objectName: "drawScroll"
        anchors.fill: parent
        anchors.margins: Theme.gap
        contentWidth: availableWidth
        clip: true

        ColumnLayout {
            width: scroll.availableWidth
            spacing: Theme.gap

            SectionCard {
                Layout.fillWidth: true
                title: qsTr("核验抽取结果（双随机、一公开）")
                Text {
                    text: qsTr("打开公布的抽取结果（签章文件或 JSON）和同一次抽取的计划文件。本机离线核验签章、种子承诺，并按公开算法重新抽取、逐项比对。")
                    color: Theme.muted
                    font.pixelSize: Theme.smallFont + 1
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                Flow {
                    Layout.fillWidth: true
                    spacing: 8
                    Button {
                        objectName: "openDrawResult"
                        text: qsTr("打开抽取结果…")
                        height: Theme.touch
                        onClicked: resultPicker.open()
                    }
                    Button {
                        objectName: "openDrawPlan"
                        text: qsTr("打开抽取计划…")
                        height: Theme.touch
                        onClicked: planPicker.open()
                    }
                    Button {
                        objectName: "openDemoDraw"
                        visible: AppController.offlineDemo
                        text: qsTr("打开示例抽取")
                        height: Theme.touch
                        onClicked: page.draws.openDemo()
                    }
                    Button {
                        text: qsTr("清除")
                        flat: true
                        height: Theme.touch
                        visible: page.draws.hasResult || page.draws.planFile.length > 0
                        onClicked: page.draws.clear()
                    }
                }
                KeyValueRow {
                    Layout.fillWidth: true
                    label: qsTr("结果文件")
                    value: page.draws.resultFile.length > 0 ? page.draws.resultFile : qsTr("未打开")
                }
                KeyValueRow {
                    Layout.fillWidth: true
                    label: qsTr("计划文件")
                    value: page.draws.planFile.length > 0 ? page.draws.planFile : qsTr("未打开")
                }
                KeyValueRow { // a task's draw (opened from the task page): which one, and from where
                    objectName: "drawSource"
                    visible: page.draws.drawId.length > 0
                    Layout.fillWidth: true
                    label: qsTr("任务的抽取")
                    value: page.draws.drawId + " · " + page.draws.origin
                }
                RowLayout {
                    objectName: "drawBusy"
                    visible: page.draws.busy
                    spacing: Theme.gap
                    BusyIndicator {
                        running: page.draws.busy
                        implicitWidth: 32
                        implicitHeight: 32
                    }
                    Text {
                        text: qsTr("正在从服务器获取公布的抽取结果…")
                        color: Theme.muted
                    }
                }
                Text {
                    visible: page.draws.message.length > 0
                    text: page.draws.message
                    color: Theme.fail
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
            }

            Rectangle { // the verdict
                objectName: "drawVerdict"
                visible: page.draws.hasResult
                Layout.fillWidth: true
                implicitHeight: verdictText.implicitHeight + 2 * Theme.gap
                radius: Theme.radius
                color: page.draws.verdict === "green" ? Theme.passLight : page.draws.verdict === "red" ? Theme.failLight : Theme.amberLight
                border.color: page.draws.verdict === "green" ? Theme.pass : page.draws.verdict === "red" ? Theme.fail : Theme.amber
                Text {
                    id: verdictText
                    anchors.fill: parent
                    anchors.margins: Theme.gap
                    text: page.draws.headline
                    font.pixelSize: Theme.titleFont
                    font.bold: true
                    wrapMode: Text.Wrap
                    color: page.draws.verdict === "green" ? Theme.pass : page.draws.verdict === "red" ? Theme.fail : Theme.amber
                }
            }

            SectionCard {
                visible: page.draws.hasResult
                Layout.fillWidth: true
                title: qsTr("核验项目")
                Repeater {
                    model: page.draws.checks
                    RowLayout {
                        required property var modelData
                        Layout.fillWidth: true
                        spacing: Theme.gap
                        Rectangle {
                            Layout.alignment: Qt.AlignTop
                            implicitWidth: 28
                            implicitHeight: 28
                            radius: 14
                            color: modelData.tone === "pass" ? Theme.pass : modelData.tone === "fail" ? Theme.fail : Theme.amber
                            Text {
                                anchors.centerIn: parent
                                text: modelData.tone === "pass" ? "✓" : modelData.tone === "fail" ? "✗" : "!"
                                color: "white"
                                font.bold: true
                            }
                        }
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 2
                            Text {
                                text: modelData.label
                                font.bold: true
                                color: Theme.text
                            }
                            Text {
                                text: modelData.detail
                                color: Theme.muted
                                font.pixelSize: Theme.smallFont + 1
                                wrapMode: Text.WrapAnywhere
                                Layout.fillWidth: true
                            }
                        }
                    }
                }
            }

            SectionCard {
                visible: page.draws.hasResult
                Layout.fillWidth: true
                title: qsTr("抽取概况")
                Repeater {
                    model: page.draws.summary
                    KeyValueRow {
                        required property var modelData
                        Layout.fillWidth: true
                        label: modelData.label
                        value: modelData.value
                        mono: modelData.value.length === 64
                    }
                }
            }

            SectionCard {
                objectName: "drawTasks"
                visible: page.draws.hasResult
                Layout.fillWidth: true
                title: qsTr("抽中的检查任务（%1 项）").arg(page.draws.tasks.length)
                Repeater {
                    model: page.draws.tasks
                    ColumnLayout {
                        required property var modelData
                        Layout.fillWidth: true
                        spacing: 2
                        Text {
                            text: modelData.number + ". " + modelData.name
                            font.bold: true
                            color: Theme.text
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                        Text {
                            text: modelData.uscc + " · " + modelData.district + " · " + qsTr("检查人员：%1").arg(modelData.inspectors)
                            color: Theme.muted
                            font.pixelSize: Theme.smallFont + 1
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                    }
                }
            }
        }
    }
}
