import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldSeal

// Conflict resolution for supervisors: the conflicts this tablet holds (open first) and the
// selected one field by field, both versions side by side — the record's value now ("current")
// and the late edit kept aside ("kept edit"). Keep the current content, or take the kept edits
// for the ticked fields (all when none is ticked). Sent to the server; a sync brings it back.
Item {
    id: page
    readonly property var conflicts: AppController.conflicts
    readonly property bool portrait: height > width

    GridLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap
        columns: page.portrait ? 1 : 2
        rowSpacing: Theme.gap
        columnSpacing: Theme.gap

        // ---- the list ----
        ColumnLayout {
            Layout.fillHeight: !page.portrait
            Layout.fillWidth: page.portrait
            Layout.preferredWidth: page.portrait ? -1 : Math.max(300, page.width * 0.3)
            Layout.maximumWidth: page.portrait ? 100000 : 400
            Layout.preferredHeight: page.portrait ? Math.min(list.contentHeight + header.height + 16, page.height * 0.3) : -1
            spacing: 8
            Text {
                id: header
                text: qsTr("冲突 · 待处理 %1 个").arg(page.conflicts.conflicts.openCount)
                font.pixelSize: Theme.titleFont
                font.bold: true
                color: Theme.text
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            Text {
                visible: page.conflicts.conflicts.count === 0
                text: qsTr("没有冲突。检查人员在记录提交或审核之后仍做的修改会列在这里。")
                color: Theme.muted
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            ListView {
                id: list
                objectName: "conflictList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: 8
                model: page.conflicts.conflicts
                delegate: ItemDelegate {
                    id: row
                    required property string conflictId
                    required property string recordTitle
                    required property string fieldsText
                    required property string statusLabel
                    required property bool open
                    width: ListView.view.width
                    height: Math.max(Theme.touch, rowCol.implicitHeight + 20)
                    highlighted: page.conflicts.selectedId === conflictId
                    onClicked: page.conflicts.select(conflictId)
                    background: Rectangle {
                        radius: Theme.radius
                        color: row.highlighted ? Theme.primaryLight : Theme.card
                        border.color: row.highlighted ? Theme.primary : Theme.border
                    }
                    contentItem: ColumnLayout {
                        id: rowCol
                        spacing: 4
                        RowLayout {
                            Layout.fillWidth: true
                            Text {
                                text: row.recordTitle
                                font.bold: true
                                color: Theme.text
                                wrapMode: Text.Wrap
                                Layout.fillWidth: true
                            }
                            Text {
                                text: row.statusLabel
                                color: row.open ? Theme.amber : Theme.pass
                                font.pixelSize: Theme.smallFont
                            }
                        }
                        Text {
                            text: row.fieldsText
                            color: Theme.muted
                            font.pixelSize: Theme.smallFont
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                    }
                }
            }
        }

        // ---- the selected conflict, field by field ----
        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true

            Text {
                anchors.centerIn: parent
                width: parent.width - 40
                visible: page.conflicts.selectedId.length === 0
                text: qsTr("选择一个冲突，逐项比较两个版本。")
                color: Theme.muted
                font.pixelSize: Theme.fontSize + 1
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
            }

            ScrollView {
                id: scroll
                objectName: "conflictDetail"
                anchors.fill: parent
                visible: page.conflicts.selectedId.length > 0
                contentWidth: availableWidth
                clip: true
                ColumnLayout {
                    width: scroll.availableWidth
                    spacing: Theme.gap

                    SectionCard {
                        Layout.fillWidth: true
                        title: page.conflicts.selectedTitle
                        Text {
                            text: qsTr("记录在提交后，又收到了基于旧版本的修改。现有内容保持不变，旧版本上的修改单独保留，由审核人员决定采用哪一个。")
                            color: Theme.muted
                            font.pixelSize: Theme.smallFont
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                        Text {
                            objectName: "conflictOrigin"
                            visible: text.length > 0
                            text: page.conflicts.originText
                            color: Theme.amber
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                        Text {
                            visible: page.conflicts.resolutionText.length > 0
                            text: qsTr("已处理：%1").arg(page.conflicts.resolutionText)
                            color: Theme.pass
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                    }

                    // Column headers, then one card per field: the two versions side by side.
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.gap
                        Text {
                            text: qsTr("现有内容（记录中）")
                            font.bold: true
                            color: Theme.text
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                            Layout.preferredWidth: 1
                        }
                        Text {
                            text: qsTr("保留的修改（未采用）")
                            font.bold: true
                            color: Theme.amber
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                            Layout.preferredWidth: 1
                        }
                    }
                    Repeater {
                        id: fieldRepeater
                        model: page.conflicts.fields
                        delegate: Rectangle {
                            id: fieldCard
                            required property int index
                            required property string fieldLabel
                            required property string ours
                            required property string theirs
                            required property bool differs
                            required property bool take
                            Layout.fillWidth: true
                            implicitHeight: fieldCol.implicitHeight + 2 * Theme.gap
                            radius: Theme.radius
                            color: Theme.card
                            border.color: fieldCard.take ? Theme.amber : Theme.border
                            ColumnLayout {
                                id: fieldCol
                                anchors.fill: parent
                                anchors.margins: Theme.gap
                                spacing: 8
                                Text {
                                    text: fieldCard.fieldLabel
                                    font.bold: true
                                    color: Theme.text
                                    wrapMode: Text.Wrap
                                    Layout.fillWidth: true
                                }
                                RowLayout {
                                    Layout.fillWidth: true
                                    spacing: Theme.gap
                                    Rectangle {
                                        Layout.fillWidth: true
                                        Layout.preferredWidth: 1
                                        Layout.fillHeight: true
                                        implicitHeight: oursText.implicitHeight + 16
                                        radius: 6
                                        color: fieldCard.take ? Theme.background : Theme.primaryLight
                                        Text {
                                            id: oursText
                                            anchors.fill: parent
                                            anchors.margins: 8
                                            text: fieldCard.ours
                                            color: Theme.text
                                            wrapMode: Text.Wrap
                                        }
                                    }
                                    Rectangle {
                                        Layout.fillWidth: true
                                        Layout.preferredWidth: 1
                                        Layout.fillHeight: true
                                        implicitHeight: theirsText.implicitHeight + 16
                                        radius: 6
                                        color: fieldCard.take ? Theme.amberLight : Theme.background
                                        Text {
                                            id: theirsText
                                            anchors.fill: parent
                                            anchors.margins: 8
                                            text: fieldCard.theirs
                                            color: Theme.text
                                            wrapMode: Text.Wrap
                                        }
                                    }
                                }
                                CheckBox {
                                    objectName: "take_" + fieldCard.index
                                    visible: page.conflicts.selectedOpen && page.conflicts.canResolve
                                    text: qsTr("此项采用保留的修改")
                                    checked: fieldCard.take
                                    implicitHeight: Theme.touch
                                    onToggled: page.conflicts.fields.setTake(fieldCard.index, checked)
                                }
                            }
                        }
                    }

                    SectionCard {
                        Layout.fillWidth: true
                        visible: page.conflicts.selectedOpen && page.conflicts.canResolve
                        title: qsTr("处理")
                        TextField {
                            id: comment
                            objectName: "conflictComment"
                            Layout.fillWidth: true
                            Layout.preferredHeight: Theme.touch
                            placeholderText: qsTr("说明（可选）")
                        }
                        Text {
                            visible: page.conflicts.lastError.length > 0
                            text: page.conflicts.lastError
                            color: Theme.fail
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                        Text {
                            visible: page.conflicts.message.length > 0
                            text: page.conflicts.message
                            color: Theme.pass
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                        GridLayout {
                            Layout.fillWidth: true
                            columns: page.portrait || scroll.availableWidth < 560 ? 1 : 2
                            columnSpacing: Theme.gap
                            rowSpacing: 8
                            Button {
                                objectName: "keepOurs"
                                text: qsTr("保留现有内容")
                                enabled: !page.conflicts.busy
                                Layout.fillWidth: true
                                Layout.preferredWidth: 1
                                Layout.preferredHeight: Theme.touch + 4
                                onClicked: page.conflicts.keepOurs(comment.text)
                            }
                            Button {
                                objectName: "takeTheirs"
                                text: page.conflicts.fields.takeCount > 0
                                      ? qsTr("采用勾选的 %1 项修改").arg(page.conflicts.fields.takeCount)
                                      : qsTr("全部采用保留的修改")
                                highlighted: true
                                enabled: !page.conflicts.busy
                                Layout.fillWidth: true
                                Layout.preferredWidth: 1
                                Layout.preferredHeight: Theme.touch + 4
                                onClicked: page.conflicts.takeTheirs(comment.text)
                            }
                        }
                    }
                }
            }
        }
    }
}
