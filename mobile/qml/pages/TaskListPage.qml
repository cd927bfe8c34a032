import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldSeal

// The inspector's tasks: search, filters by status, type and due date, with counts.
Item {
    id: page
    signal openTask(string taskId)
    readonly property var model: AppController.tasks

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: Theme.gap

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            TextField {
                id: search
                objectName: "search"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touch
                placeholderText: qsTr("搜索单位名称、信用代码、地址或计划编号")
                onTextChanged: page.model.searchText = text
            }
            ComboBox {
                id: typeBox
                objectName: "typeFilter"
                Layout.preferredHeight: Theme.touch
                Layout.preferredWidth: 230
                textRole: "label"
                valueRole: "value"
                model: [{ value: "", label: qsTr("全部检查类型") }].concat(
                    page.model.types.map(t => ({ value: t, label: AppController.inspectionTypeLabel(t) })))
                onActivated: page.model.typeFilter = currentValue
            }
            ComboBox {
                id: dueBox
                objectName: "dueFilter"
                Layout.preferredHeight: Theme.touch
                Layout.preferredWidth: 170
                textRole: "label"
                valueRole: "value"
                model: [
                    { value: "", label: qsTr("全部期限") },
                    { value: "overdue", label: qsTr("已逾期") },
                    { value: "week", label: qsTr("7 天内到期") },
                    { value: "month", label: qsTr("30 天内到期") }
                ]
                onActivated: page.model.dueFilter = currentValue
            }
        }

        Flow {
            Layout.fillWidth: true
            spacing: 8
            Repeater {
                model: [
                    { value: "", key: "all", label: qsTr("全部") },
                    { value: "todo", key: "todo", label: qsTr("待检查") },
                    { value: "draft", key: "draft", label: qsTr("检查中") },
                    { value: "submitted", key: "submitted", label: qsTr("待审核") },
                    { value: "returned", key: "returned", label: qsTr("已退回") },
                    { value: "approved", key: "approved", label: qsTr("已通过") }
                ]
                FilterChip {
                    required property var modelData
                    objectName: "status_" + modelData.key
                    text: modelData.label
                    count: page.model.counts[modelData.key] || 0
                    checked: page.model.statusFilter === modelData.value
                    onClicked: page.model.statusFilter = modelData.value
                }
            }
        }

        ListView {
            id: list
            objectName: "taskList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 8
            model: page.model
            delegate: TaskDelegate {
                onClicked: page.openTask(taskId)
            }
            Text {
                anchors.centerIn: parent
                visible: list.count === 0
                // While a large list is still being read only its first rows can match.
                text: page.model.loading ? qsTr("正在读取全部任务…")
                      : page.model.totalCount === 0 ? qsTr("本机还没有任务。请连接网络后同步。") : qsTr("没有符合条件的任务。")
                color: Theme.muted
                font.pixelSize: Theme.fontSize + 1
            }
        }
        Text {
            objectName: "taskListFooter"
            text: page.model.loading
                  ? qsTr("正在读取全部任务…已显示前 %1 项，共 %2 项").arg(page.model.count).arg(page.model.totalCount)
                  : qsTr("显示 %1 项，共 %2 项任务").arg(page.model.count).arg(page.model.totalCount)
            color: Theme.muted
            font.pixelSize: Theme.smallFont
        }
    }
}
