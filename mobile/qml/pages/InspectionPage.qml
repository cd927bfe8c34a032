import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldSeal

// The checklist of the open inspection: items by section with pass/fail/N.A. and notes, the
// score, findings and conclusion, and submitting. Side panel in landscape, below in portrait.
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

    // Anchored rather than a GridLayout: the wrapped texts' heights follow their widths, which a
    // grid would feed back into its column widths (a polish loop).
    Item {
        anchors.fill: parent
        anchors.margins: Theme.gap
        visible: page.insp.loaded

        ColumnLayout {
            anchors.left: parent.left
            anchors.top: parent.top
            anchors.right: page.wide ? side.left : parent.right
            anchors.bottom: page.wide ? parent.bottom : side.top
            anchors.rightMargin: page.wide ? Theme.gap : 0
            anchors.bottomMargin: page.wide ? 0 : Theme.gap
            spacing: 8
            Text {
                text: page.insp.organisation
                font.pixelSize: Theme.titleFont
                font.bold: true
                color: Theme.text
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Text {
                text: page.insp.title + " · " + page.insp.statusLabel
                color: Theme.muted
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            Button { // the draw (双随机) that assigned this task: its public result, checked on the tablet
                objectName: "openTaskDraw"
                readonly property string drawId: AppController.draws.drawIdOfTask(page.insp.taskId)
                visible: drawId.length > 0
                text: qsTr("查看抽取结果（%1）").arg(drawId)
                flat: true
                Layout.preferredHeight: Theme.touch
                onClicked: {
                    AppController.draws.openTaskDraw(page.insp.taskId)
                    page.navigate("draws")
                }
            }
            Rectangle {
                visible: page.insp.reviewComment.length > 0
                Layout.fillWidth: true
                color: Theme.amberLight
                radius: Theme.radius
                implicitHeight: reviewText.implicitHeight + 16
                Text {
                    id: reviewText
                    anchors.fill: parent
                    anchors.margins: 8
                    text: qsTr("审核意见：%1").arg(page.insp.reviewComment)
                    wrapMode: Text.Wrap
                    color: Theme.amber
                }
            }
            ListView {
                id: list
                objectName: "checklist"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: 8
                model: page.insp.checklist
                section.property: "section"
                section.delegate: Text {
                    required property string section
                    text: section
                    font.pixelSize: Theme.fontSize + 2
                    font.bold: true
                    color: Theme.primary
                    topPadding: 10
                    bottomPadding: 2
                }
                delegate: ChecklistItemDelegate {
                    editable: page.insp.editable
                    onResultChosen: (id, r) => page.insp.setResult(id, r)
                    onNoteEdited: (id, n) => page.insp.setNote(id, n)
                }
            }
        }

        ScrollView {
            id: side
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            width: page.wide ? 380 : parent.width
            height: page.wide ? parent.height : Math.min(460, parent.height * 0.42)
            contentWidth: availableWidth
            clip: true

            ColumnLayout {
                width: side.availableWidth
                spacing: Theme.gap

                SectionCard {
                    Layout.fillWidth: true
                    title: qsTr("检查进度")
                    RowLayout {
                        spacing: Theme.gap
                        Text {
                            objectName: "score"
                            text: page.insp.score < 0 ? "—" : page.insp.score + "%"
                            font.pixelSize: 40
                            font.bold: true
                            color: page.insp.failedCount > 0 ? Theme.fail : Theme.pass
                        }
                        ColumnLayout {
                            spacing: 2
                            Text { text: qsTr("合格率"); color: Theme.muted; font.pixelSize: Theme.smallFont }
                            Text { text: qsTr("已检查 %1 / %2 项").arg(page.insp.answeredCount).arg(page.insp.itemCount) }
                            Text {
                                text: qsTr("不合格 %1 项 · 必查未完成 %2 项").arg(page.insp.failedCount).arg(page.insp.requiredMissing)
                                color: page.insp.failedCount > 0 ? Theme.fail : Theme.muted
                                font.pixelSize: Theme.smallFont
                            }
                        }
                    }
                }

                SectionCard {
                    Layout.fillWidth: true
                    title: qsTr("检查发现")
                    TextArea {
                        id: findings
                        objectName: "findings"
                        Layout.fillWidth: true
                        Layout.preferredHeight: 110
                        wrapMode: TextEdit.Wrap
                        enabled: page.insp.editable
                        text: page.insp.findings
                        placeholderText: qsTr("记录现场发现的问题、涉及的产品型号和数量")
                        onActiveFocusChanged: if (!activeFocus) page.insp.setFindings(text)
                        background: Rectangle { border.color: Theme.border; radius: 4 }
                    }
                    Text { text: qsTr("检查结论"); color: Theme.muted }
                    Flow {
                        Layout.fillWidth: true
                        spacing: 6
                        Repeater {
                            model: ["conforming", "rectify", "nonconforming", "not_inspected"]
                            FilterChip {
                                required property string modelData
                                objectName: "conclusion_" + modelData
                                // The label comes from C++, and a language switch re-runs only
                                // qsTr bindings (QQmlEngine::retranslate): reading `language`
                                // here makes this binding follow the switch too.
                                text: AppController.language ? AppController.conclusionLabel(modelData) : ""
                                checked: page.insp.conclusion === modelData
                                enabled: page.insp.editable
                                onClicked: page.insp.setConclusion(modelData)
                            }
                        }
                    }
                }

                SectionCard {
                    Layout.fillWidth: true
                    title: qsTr("提交前检查")
                    Repeater {
                        model: page.insp.problems
                        Text {
                            required property string modelData
                            text: "• " + modelData
                            color: Theme.amber
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                    }
                    Text {
                        visible: page.insp.problems.length === 0 && page.insp.editable
                        text: qsTr("可以提交。")
                        color: Theme.pass
                    }
                    Text {
                        visible: page.insp.hasStaleSignature
                        text: qsTr("检查记录在签名后有改动，请重新签名。")
                        color: Theme.fail
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        Button {
                            text: qsTr("证据 (%1)").arg(page.insp.evidence.length)
                            Layout.fillWidth: true
                            Layout.preferredHeight: Theme.touch
                            onClicked: page.navigate("evidence")
                        }
                        Button {
                            text: qsTr("签名 (%1)").arg(page.insp.signatures.length)
                            Layout.fillWidth: true
                            Layout.preferredHeight: Theme.touch
                            onClicked: page.navigate("signature")
                        }
                    }
                    Button {
                        objectName: "submit"
                        text: page.insp.editable ? qsTr("提交审核") : page.insp.statusLabel
                        highlighted: true
                        enabled: page.insp.editable && page.insp.problems.length === 0
                        Layout.fillWidth: true
                        Layout.preferredHeight: Theme.touch
                        onClicked: page.insp.submit()
                    }
                    Text {
                        visible: page.insp.lastError.length > 0
                        text: page.insp.lastError
                        color: Theme.fail
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                }
            }
        }
    }
}
