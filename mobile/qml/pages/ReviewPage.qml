import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldSeal

// The supervisor's review: the district's inspections awaiting review (read from this tablet,
// offline too) and one of them in full — checklist answers, findings and conclusion, evidence
// with hash, time and place, signatures with their stale marks — then approve, or return with a
// comment (sent to the server; a sync brings the decision back). Landscape: queue and detail
// side by side; portrait: the detail replaces the queue, with a way back.
Item {
    id: page
    readonly property var review: AppController.review
    readonly property bool portrait: height > width
    readonly property bool showQueue: !portrait || !review.loaded
    readonly property bool showDetail: !portrait || review.loaded

    function resultColor(result) {
        return result === "pass" ? Theme.pass : result === "fail" ? Theme.fail : Theme.muted
    }
    function resultText(result) {
        return result === "pass" ? qsTr("符合") : result === "fail" ? qsTr("不符合")
             : result === "not_applicable" ? qsTr("不适用") : qsTr("未检查")
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: Theme.gap

        // ---- the queue ----
        ColumnLayout {
            visible: page.showQueue
            Layout.fillHeight: true
            Layout.fillWidth: page.portrait
            Layout.preferredWidth: page.portrait ? -1 : Math.max(320, page.width * 0.34)
            Layout.maximumWidth: page.portrait ? 100000 : 440
            spacing: 8
            RowLayout {
                Layout.fillWidth: true
                Text {
                    text: qsTr("待审核 %1 份").arg(page.review.queue.count)
                    font.pixelSize: Theme.titleFont
                    font.bold: true
                    color: Theme.text
                    Layout.fillWidth: true
                    elide: Text.ElideRight
                }
                Button {
                    objectName: "reviewRefresh"
                    text: qsTr("同步")
                    Layout.preferredHeight: Theme.touch
                    Layout.preferredWidth: 88
                    enabled: !AppController.sync.running
                    onClicked: AppController.sync.syncNow()
                }
            }
            Text {
                visible: !page.review.canReview
                text: qsTr("审核功能仅供审核人员使用。")
                color: Theme.muted
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            Text {
                visible: page.review.canReview && page.review.queue.count === 0
                text: qsTr("没有待审核的检查记录。同步后可看到检查人员新提交的记录。")
                color: Theme.muted
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            ListView {
                id: queueList
                objectName: "reviewQueue"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: 8
                model: page.review.queue
                delegate: ItemDelegate {
                    id: row
                    required property string inspectionId
                    required property string organisation
                    required property string templateTitle
                    required property string inspectors
                    required property string conclusionLabel
                    required property int failedCount
                    required property int evidenceCount
                    required property string submittedAt
                    width: ListView.view.width
                    height: Math.max(Theme.touch, col.implicitHeight + 20)
                    highlighted: page.review.inspectionId === inspectionId
                    onClicked: page.review.open(inspectionId)
                    background: Rectangle {
                        radius: Theme.radius
                        color: row.highlighted ? Theme.primaryLight : Theme.card
                        border.color: row.highlighted ? Theme.primary : Theme.border
                    }
                    contentItem: ColumnLayout {
                        id: col
                        spacing: 4
                        Text {
                            text: row.organisation
                            font.bold: true
                            font.pixelSize: Theme.fontSize
                            color: Theme.text
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                        Text {
                            text: row.templateTitle
                            color: Theme.muted
                            font.pixelSize: Theme.smallFont
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                        Text {
                            text: qsTr("检查人员：%1 · 提交：%2").arg(row.inspectors).arg(row.submittedAt)
                            color: Theme.muted
                            font.pixelSize: Theme.smallFont
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                        Flow {
                            Layout.fillWidth: true
                            spacing: 8
                            Text {
                                text: qsTr("结论：%1").arg(row.conclusionLabel)
                                font.pixelSize: Theme.smallFont
                                color: Theme.text
                            }
                            Text {
                                text: qsTr("不合格项 %1").arg(row.failedCount)
                                font.pixelSize: Theme.smallFont
                                color: row.failedCount > 0 ? Theme.fail : Theme.pass
                            }
                            Text {
                                text: qsTr("证据 %1").arg(row.evidenceCount)
                                font.pixelSize: Theme.smallFont
                                color: Theme.muted
                            }
                        }
                    }
                }
            }
        }

        // ---- one inspection in full ----
        Item {
            visible: page.showDetail
            Layout.fillWidth: true
            Layout.fillHeight: true

            Text {
                anchors.centerIn: parent
                width: parent.width - 40
                visible: !page.review.loaded
                text: qsTr("在左侧选择一份检查记录查看详情。")
                color: Theme.muted
                font.pixelSize: Theme.fontSize + 1
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
            }

            ScrollView {
                id: detailScroll
                objectName: "reviewDetail"
                anchors.fill: parent
                visible: page.review.loaded
                contentWidth: availableWidth
                clip: true
                ColumnLayout {
                    width: detailScroll.availableWidth
                    spacing: Theme.gap

                    RowLayout {
                        Layout.fillWidth: true
                        visible: page.portrait
                        Button {
                            objectName: "backToQueue"
                            text: qsTr("‹ 返回列表")
                            Layout.preferredHeight: Theme.touch
                            onClicked: page.review.close()
                        }
                    }

                    SectionCard {
                        Layout.fillWidth: true
                        title: page.review.organisation
                        Text {
                            text: page.review.title
                            color: Theme.muted
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                        KeyValueRow { Layout.fillWidth: true; label: qsTr("统一社会信用代码"); value: page.review.organisationUscc; mono: true }
                        KeyValueRow { Layout.fillWidth: true; label: qsTr("地址"); value: page.review.address }
                        KeyValueRow { Layout.fillWidth: true; label: qsTr("检查人员"); value: page.review.inspectors }
                        KeyValueRow {
                            Layout.fillWidth: true
                            label: qsTr("状态")
                            value: page.review.statusLabel
                            valueColor: page.review.status === "approved" ? Theme.pass
                                      : page.review.status === "returned" ? Theme.amber : Theme.text
                        }
                        KeyValueRow {
                            Layout.fillWidth: true
                            label: qsTr("得分")
                            value: page.review.score < 0 ? "—" : qsTr("%1 分（不合格项 %2）").arg(page.review.score).arg(page.review.failedCount)
                            valueColor: page.review.failedCount > 0 ? Theme.fail : Theme.pass
                        }
                        KeyValueRow { Layout.fillWidth: true; label: qsTr("结论"); value: page.review.conclusionLabel }
                        KeyValueRow { Layout.fillWidth: true; label: qsTr("检查发现"); value: page.review.findings || "—" }
                        KeyValueRow {
                            Layout.fillWidth: true
                            visible: page.review.reviewComment.length > 0
                            label: qsTr("审核意见")
                            value: page.review.reviewComment
                            valueColor: Theme.amber
                        }
                        Rectangle {
                            visible: page.review.openConflicts > 0
                            Layout.fillWidth: true
                            implicitHeight: conflictNote.implicitHeight + 16
                            radius: Theme.radius
                            color: Theme.amberLight
                            Text {
                                id: conflictNote
                                anchors.fill: parent
                                anchors.margins: 8
                                text: qsTr("这份记录有 %1 个待处理的冲突（检查人员在提交后仍有修改），请在“冲突”页处理。").arg(page.review.openConflicts)
                                color: Theme.amber
                                wrapMode: Text.Wrap
                            }
                        }
                    }

                    SectionCard {
                        Layout.fillWidth: true
                        title: qsTr("检查项（%1 项）").arg(checkRepeater.count)
                        Repeater {
                            id: checkRepeater
                            model: page.review.checklist
                            delegate: RowLayout {
                                required property string itemId
                                required property string title
                                required property string result
                                required property string note
                                Layout.fillWidth: true
                                spacing: Theme.gap
                                Rectangle {
                                    Layout.preferredWidth: Math.max(72, pill.implicitWidth + 20)
                                    Layout.preferredHeight: 28
                                    Layout.alignment: Qt.AlignTop
                                    radius: 14
                                    color: result === "fail" ? Theme.failLight : result === "pass" ? Theme.passLight : Theme.background
                                    Text {
                                        id: pill
                                        anchors.centerIn: parent
                                        text: page.resultText(result)
                                        color: page.resultColor(result)
                                        font.pixelSize: Theme.smallFont
                                    }
                                }
                                ColumnLayout {
                                    Layout.fillWidth: true
                                    spacing: 2
                                    Text {
                                        text: itemId + "  " + title
                                        color: Theme.text
                                        font.pixelSize: Theme.smallFont + 1
                                        wrapMode: Text.Wrap
                                        Layout.fillWidth: true
                                    }
                                    Text {
                                        visible: note.length > 0
                                        text: note
                                        color: result === "fail" ? Theme.fail : Theme.muted
                                        font.pixelSize: Theme.smallFont
                                        wrapMode: Text.Wrap
                                        Layout.fillWidth: true
                                    }
                                }
                            }
                        }
                    }

                    SectionCard {
                        Layout.fillWidth: true
                        title: qsTr("现场证据（%1 项）").arg(page.review.evidence.length)
                        Text {
                            visible: page.review.evidence.length === 0
                            text: qsTr("没有证据。")
                            color: Theme.muted
                        }
                        Repeater {
                            model: page.review.evidence
                            delegate: ColumnLayout {
                                required property var modelData
                                Layout.fillWidth: true
                                spacing: 2
                                Text {
                                    text: (modelData.file_name || modelData.media_type) + " · " + modelData.sizeText
                                          + (modelData.itemTitle ? " · " + modelData.itemTitle : "")
                                    font.bold: true
                                    font.pixelSize: Theme.smallFont + 1
                                    wrapMode: Text.Wrap
                                    Layout.fillWidth: true
                                }
                                KeyValueRow { Layout.fillWidth: true; label: "SHA-256"; value: modelData.sha256; mono: true }
                                KeyValueRow { Layout.fillWidth: true; label: qsTr("拍摄时间"); value: modelData.capturedText }
                                KeyValueRow { Layout.fillWidth: true; label: qsTr("地点"); value: modelData.placeText || qsTr("无定位信息") }
                                KeyValueRow {
                                    Layout.fillWidth: true
                                    label: qsTr("文件")
                                    value: modelData.available ? qsTr("本机已有，哈希值已核对") : qsTr("在服务器上，尚未下载")
                                }
                                RowLayout {
                                    visible: !modelData.available
                                    spacing: 8
                                    Button {
                                        objectName: "fetchEvidence"
                                        text: qsTr("下载并核对")
                                        Layout.preferredHeight: Theme.touch
                                        enabled: page.review.fetchingEvidence.length === 0
                                        onClicked: page.review.fetchEvidence(modelData.id)
                                    }
                                    BusyIndicator {
                                        visible: page.review.fetchingEvidence === modelData.id
                                        running: visible
                                        Layout.preferredWidth: Theme.touch
                                        Layout.preferredHeight: Theme.touch
                                    }
                                    Text {
                                        visible: page.review.fetchingEvidence === modelData.id
                                        text: qsTr("正在下载…")
                                        color: Theme.muted
                                    }
                                }
                                Rectangle { Layout.fillWidth: true; height: 1; color: Theme.border }
                            }
                        }
                    }

                    SectionCard {
                        Layout.fillWidth: true
                        title: qsTr("签名（%1）").arg(page.review.signatures.length)
                        Text {
                            visible: page.review.staleSignatures > 0
                            text: qsTr("有 %1 个签名在签署后记录又被修改，已失效。").arg(page.review.staleSignatures)
                            color: Theme.fail
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                        Flow {
                            Layout.fillWidth: true
                            spacing: Theme.gap
                            Repeater {
                                model: page.review.signatures
                                delegate: Rectangle {
                                    required property var modelData
                                    width: 300
                                    height: sigCol.implicitHeight + 16
                                    radius: Theme.radius
                                    border.color: modelData.stale ? Theme.fail : Theme.border
                                    color: modelData.stale ? Theme.failLight : Theme.card
                                    ColumnLayout {
                                        id: sigCol
                                        anchors.fill: parent
                                        anchors.margins: 8
                                        spacing: 4
                                        Image {
                                            visible: !!modelData.imageUrl
                                            source: modelData.imageUrl || ""
                                            Layout.preferredWidth: 280
                                            Layout.preferredHeight: 105
                                            fillMode: Image.PreserveAspectFit
                                        }
                                        Text {
                                            text: modelData.roleLabel + (AppController.english ? ": " : "：") + modelData.signerName
                                            font.bold: true
                                            wrapMode: Text.Wrap
                                            Layout.fillWidth: true
                                        }
                                        Text {
                                            text: modelData.refused ? qsTr("拒绝签名，见证人：%1").arg(modelData.witness)
                                                                    : modelData.signedAt
                                            color: Theme.muted
                                            font.pixelSize: Theme.smallFont
                                            wrapMode: Text.Wrap
                                            Layout.fillWidth: true
                                        }
                                        Text {
                                            text: modelData.stale ? qsTr("已失效：签署后记录被修改")
                                                : modelData.imageVerified ? qsTr("有效，签名图像与哈希一致") : qsTr("有效")
                                            color: modelData.stale ? Theme.fail : Theme.pass
                                            font.pixelSize: Theme.smallFont
                                            wrapMode: Text.Wrap
                                            Layout.fillWidth: true
                                        }
                                    }
                                }
                            }
                        }
                    }

                    SectionCard {
                        Layout.fillWidth: true
                        title: qsTr("审核")
                        visible: page.review.canReview
                        TextArea {
                            id: comment
                            objectName: "reviewComment"
                            Layout.fillWidth: true
                            Layout.preferredHeight: 96
                            enabled: page.review.decidable
                            wrapMode: TextEdit.Wrap
                            placeholderText: qsTr("审核意见（退回时必填：写明需要补正的内容）")
                            background: Rectangle {
                                color: Theme.card
                                radius: 4
                                border.color: comment.activeFocus ? Theme.primary : Theme.border
                            }
                        }
                        Text {
                            visible: page.review.lastError.length > 0
                            text: page.review.lastError
                            color: Theme.fail
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                        Text {
                            visible: page.review.message.length > 0
                            text: page.review.message
                            color: Theme.pass
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                        Text {
                            visible: !page.review.decidable && page.review.loaded && !page.review.busy
                            text: qsTr("这份记录当前为“%1”，无需审核。").arg(page.review.statusLabel)
                            color: Theme.muted
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                        RowLayout {
                            Layout.fillWidth: true
                            spacing: Theme.gap
                            Button {
                                objectName: "returnInspection"
                                text: qsTr("退回补正")
                                enabled: page.review.decidable
                                Layout.fillWidth: true
                                Layout.preferredWidth: 1
                                Layout.preferredHeight: Theme.touch + 4
                                onClicked: page.review.returnInspection(comment.text)
                            }
                            Button {
                                objectName: "approveInspection"
                                text: page.review.busy ? qsTr("正在提交…") : qsTr("审核通过")
                                highlighted: true
                                enabled: page.review.decidable
                                Layout.fillWidth: true
                                Layout.preferredWidth: 1
                                Layout.preferredHeight: Theme.touch + 4
                                onClicked: page.review.approve()
                            }
                        }
                    }
                }
            }
        }
    }
}
