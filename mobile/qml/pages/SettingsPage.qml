import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldSeal

// Settings: language (switches at once), server, account and the data kept on this tablet.
Item {
    id: page
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
                title: qsTr("语言 Language")
                Flow {
                    Layout.fillWidth: true
                    spacing: 8
                    FilterChip {
                        objectName: "lang_zh"
                        text: "中文"
                        checked: AppController.language === "zh"
                        onClicked: AppController.language = "zh"
                    }
                    FilterChip {
                        objectName: "lang_en"
                        text: "English"
                        checked: AppController.language === "en"
                        onClicked: AppController.language = "en"
                    }
                }
            }
            SectionCard {
                Layout.fillWidth: true
                title: qsTr("服务器")
                TextField {
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touch
                    text: AppController.serverUrl
                    placeholderText: "https://…"
                    onEditingFinished: AppController.serverUrl = text
                }
                TextField {
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touch
                    text: AppController.caFile
                    placeholderText: qsTr("服务器 CA 证书文件（PEM）")
                    onEditingFinished: AppController.caFile = text
                }
            }
            SectionCard {
                Layout.fillWidth: true
                title: qsTr("账号")
                KeyValueRow { Layout.fillWidth: true; label: qsTr("姓名"); value: AppController.displayName }
                KeyValueRow { Layout.fillWidth: true; label: qsTr("用户名"); value: AppController.userName }
                KeyValueRow {
                    Layout.fillWidth: true
                    label: qsTr("角色")
                    // Reads `language` so that a language switch re-runs it (the words come from
                    // C++; see InspectionPage's conclusion chips).
                    value: AppController.language ? AppController.userRoleLabel(AppController.role) : ""
                }
                KeyValueRow { Layout.fillWidth: true; label: qsTr("辖区"); value: AppController.districtName }
                Button {
                    text: qsTr("退出登录")
                    Layout.preferredHeight: Theme.touch
                    onClicked: AppController.signOut()
                }
            }
            SectionCard {
                Layout.fillWidth: true
                title: qsTr("本机数据")
                KeyValueRow { Layout.fillWidth: true; label: qsTr("本机编号"); value: AppController.deviceId; mono: true }
                KeyValueRow {
                    Layout.fillWidth: true
                    label: qsTr("设备证书")
                    value: AppController.enrolled ? qsTr("已登记（本机签章可用）") : qsTr("未登记（登录服务器后自动登记）")
                }
                KeyValueRow { Layout.fillWidth: true; label: qsTr("数据目录"); value: AppController.dataDirectory; mono: true }
                KeyValueRow { Layout.fillWidth: true; label: qsTr("占用空间"); value: AppController.formatBytes(AppController.storeBytes) }
                KeyValueRow { Layout.fillWidth: true; label: qsTr("待同步更改"); value: qsTr("%1 项").arg(AppController.sync.pendingOps) }
            }
        }
    }
}
