import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldSeal

// Sync status: what waits on this tablet, the last sync and its error, and "sync now".
Item {
    id: page
    readonly property var sync: AppController.sync

    ScrollView {
        id: scroll
        anchors.fill: parent
        anchors.margins: Theme.gap
        contentWidth: availableWidth
        ColumnLayout {
            width: Math.min(scroll.availableWidth, 760)
            spacing: Theme.gap
            SectionCard {
                Layout.fillWidth: true
                title: qsTr("同步状态")
                KeyValueRow { Layout.fillWidth: true; label: qsTr("待上传的更改"); value: qsTr("%1 项").arg(page.sync.pendingOps) }
                KeyValueRow { Layout.fillWidth: true; label: qsTr("待上传的证据文件"); value: AppController.formatBytes(page.sync.pendingBytes) }
                KeyValueRow { Layout.fillWidth: true; label: qsTr("上次同步"); value: page.sync.lastSync.length > 0 ? page.sync.lastSync : qsTr("从未同步") }
                KeyValueRow {
                    Layout.fillWidth: true
                    label: qsTr("上次错误")
                    value: page.sync.lastError.length > 0 ? page.sync.lastError : qsTr("无")
                    valueColor: page.sync.lastError.length > 0 ? Theme.fail : Theme.text
                }
                KeyValueRow { Layout.fillWidth: true; label: qsTr("待处理冲突"); value: qsTr("%1 项").arg(page.sync.conflictCount) }
                KeyValueRow { Layout.fillWidth: true; label: qsTr("服务器"); value: AppController.serverUrl.length > 0 ? AppController.serverUrl : qsTr("未设置（离线演示）") }
                KeyValueRow { Layout.fillWidth: true; visible: page.sync.lastReport.length > 0; label: qsTr("本次结果"); value: page.sync.lastReport }
            }
            SectionCard {
                Layout.fillWidth: true
                ProgressBar {
                    objectName: "progress"
                    Layout.fillWidth: true
                    from: 0
                    to: 1
                    value: page.sync.progress
                    indeterminate: page.sync.running && page.sync.progress === 0
                }
                Text {
                    text: page.sync.running ? page.sync.progressText : qsTr("所有更改先保存在本机，联网后同步。")
                    color: Theme.muted
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                RowLayout {
                    Button {
                        objectName: "syncNow"
                        text: page.sync.running ? qsTr("正在同步…") : qsTr("立即同步")
                        highlighted: true
                        enabled: !page.sync.running
                        Layout.preferredHeight: Theme.touch
                        Layout.preferredWidth: 200
                        onClicked: page.sync.syncNow()
                    }
                    Button {
                        visible: page.sync.running
                        text: qsTr("取消")
                        Layout.preferredHeight: Theme.touch
                        onClicked: page.sync.cancel()
                    }
                }
            }
        }
    }
}
