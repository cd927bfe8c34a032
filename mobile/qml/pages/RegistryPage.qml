import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldSeal

// Registry search, offline: full text (Chinese or English) plus district, kind and a CMA scope
// line (field, category, product, standard); a result opens its details with its scope lines.
Item {
    id: page
    readonly property var reg: AppController.registry
    readonly property bool wide: width > 900

    onVisibleChanged: if (visible && !reg.searched) reg.search()

    // Anchored, not a GridLayout: two columns in landscape, results over details in portrait.
    Item {
        id: area
        anchors.fill: parent
        anchors.margins: Theme.gap

        ColumnLayout { // query and results
            id: queryColumn
            anchors.left: parent.left
            anchors.top: parent.top
            width: page.wide ? Math.round(area.width * 0.58) : area.width
            height: page.wide || !page.reg.hasSelection ? area.height : Math.round(area.height * 0.55)
            spacing: 8

            RowLayout {
                Layout.fillWidth: true
                spacing: 8
                TextField {
                    id: searchText
                    objectName: "registrySearch"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touch
                    placeholderText: qsTr("名称、信用代码、地址、产品或标准")
                    text: page.reg.text
                    onTextEdited: page.reg.text = text
                    onAccepted: page.reg.search()
                }
                Button {
                    objectName: "registrySearchButton"
                    text: qsTr("查询")
                    Layout.preferredHeight: Theme.touch
                    Layout.preferredWidth: 96
                    onClicked: page.reg.search()
                }
            }
            GridLayout {
                Layout.fillWidth: true
                columns: 3
                columnSpacing: 8
                rowSpacing: 8
                ComboBox {
                    id: districtBox
                    objectName: "registryDistrict"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touch
                    textRole: "label"
                    valueRole: "value"
                    model: page.reg.districtOptions
                    onActivated: { page.reg.district = currentValue; page.reg.search() }
                }
                ComboBox {
                    id: kindBox
                    objectName: "registryKind"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touch
                    textRole: "label"
                    valueRole: "value"
                    model: page.reg.kindOptions
                    onActivated: { page.reg.kind = currentValue; page.reg.search() }
                }
                ComboBox {
                    id: fieldBox
                    objectName: "registryField"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touch
                    model: [qsTr("全部领域")].concat(page.reg.fieldOptions)
                    onActivated: index => { page.reg.field = index === 0 ? "" : currentText; page.reg.search() }
                }
                ComboBox {
                    id: categoryBox
                    objectName: "registryCategory"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touch
                    model: [qsTr("全部类别")].concat(page.reg.categoryOptions)
                    onActivated: index => { page.reg.category = index === 0 ? "" : currentText; page.reg.search() }
                }
                TextField {
                    objectName: "registryProduct"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touch
                    placeholderText: qsTr("产品，如 水泥")
                    text: page.reg.product
                    onTextEdited: page.reg.product = text
                    onAccepted: page.reg.search()
                }
                TextField {
                    objectName: "registryStandard"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.touch
                    placeholderText: qsTr("标准，如 GB/T 17671")
                    text: page.reg.standard
                    onTextEdited: page.reg.standard = text
                    onAccepted: page.reg.search()
                }
            }
            RowLayout {
                Layout.fillWidth: true
                Text {
                    Layout.fillWidth: true
                    text: page.reg.message.length > 0 ? page.reg.message
                          : page.reg.searched ? qsTr("找到 %1 家（本机登记库共 %2 家）").arg(page.reg.total).arg(page.reg.registrySize)
                          : qsTr("本机登记库共 %1 家").arg(page.reg.registrySize)
                    color: page.reg.message.length > 0 ? Theme.fail : Theme.muted
                    font.pixelSize: Theme.smallFont
                    wrapMode: Text.Wrap
                }
                Button {
                    objectName: "registryClear"
                    text: qsTr("清除条件")
                    flat: true
                    Layout.preferredHeight: Theme.touch
                    onClicked: {
                        page.reg.clearFilters()
                        districtBox.currentIndex = 0
                        kindBox.currentIndex = 0
                        fieldBox.currentIndex = 0
                        categoryBox.currentIndex = 0
                    }
                }
            }
            ListView {
                id: results
                objectName: "registryResults"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.minimumHeight: 200
                clip: true
                spacing: 6
                model: page.reg.results
                delegate: ItemDelegate {
                    id: hit
                    required property int index
                    required property string name
                    required property string uscc
                    required property string kindLabel
                    required property string districtName
                    required property string address
                    width: ListView.view.width
                    implicitHeight: Math.max(Theme.touch, hitColumn.implicitHeight + 20)
                    highlighted: page.reg.hasSelection && page.reg.selectedName === name
                    background: Rectangle {
                        radius: Theme.radius
                        color: hit.highlighted || hit.down ? Theme.primaryLight : Theme.card
                        border.color: Theme.border
                    }
                    contentItem: ColumnLayout {
                        id: hitColumn
                        spacing: 2
                        Text {
                            text: hit.name
                            font.pixelSize: Theme.fontSize
                            font.bold: true
                            color: Theme.text
                            elide: Text.ElideRight
                            Layout.fillWidth: true
                        }
                        Text {
                            text: [hit.kindLabel, hit.districtName, hit.uscc].join(" · ")
                            font.pixelSize: Theme.smallFont
                            color: Theme.muted
                            elide: Text.ElideRight
                            Layout.fillWidth: true
                        }
                        Text {
                            visible: hit.address.length > 0
                            text: hit.address
                            font.pixelSize: Theme.smallFont
                            color: Theme.muted
                            elide: Text.ElideRight
                            Layout.fillWidth: true
                        }
                    }
                    onClicked: page.reg.select(index)
                }
                footer: Item {
                    width: results.width
                    height: page.reg.more ? Theme.touch + 12 : 0
                    Button {
                        visible: page.reg.more
                        anchors.centerIn: parent
                        height: Theme.touch
                        text: qsTr("加载更多")
                        onClicked: page.reg.loadMore()
                    }
                }
                Text {
                    anchors.centerIn: parent
                    width: parent.width - 40
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.Wrap
                    visible: results.count === 0 && page.reg.searched
                    text: page.reg.registrySize === 0 ? qsTr("本机还没有登记库数据。请连接网络后同步。")
                                                      : qsTr("没有符合条件的单位。")
                    color: Theme.muted
                    font.pixelSize: Theme.fontSize
                }
            }
        }

        ScrollView { // details of the chosen organisation
            id: details
            objectName: "registryDetails"
            x: page.wide ? queryColumn.width + Theme.gap : 0
            y: page.wide ? 0 : queryColumn.height + Theme.gap
            width: page.wide ? area.width - x : area.width
            height: page.wide ? area.height : area.height - y
            visible: page.wide || page.reg.hasSelection
            clip: true
            contentWidth: availableWidth
            ColumnLayout {
                width: details.availableWidth
                spacing: Theme.gap
                SectionCard {
                    Layout.fillWidth: true
                    title: page.reg.hasSelection ? page.reg.selectedName : qsTr("单位详情")
                    Text {
                        visible: !page.reg.hasSelection
                        text: qsTr("点按左侧的查询结果查看详情和资质认定能力范围。")
                        color: Theme.muted
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                    Repeater {
                        model: page.reg.selectedDetails
                        KeyValueRow {
                            required property var modelData
                            Layout.fillWidth: true
                            label: modelData.label
                            value: modelData.value.length > 0 ? modelData.value : "—"
                        }
                    }
                }
                SectionCard {
                    Layout.fillWidth: true
                    visible: page.reg.hasSelection
                    title: qsTr("资质认定（CMA）能力范围")
                    Text {
                        visible: page.reg.selectedScope.length === 0
                        text: qsTr("没有登记能力范围。")
                        color: Theme.muted
                    }
                    Repeater {
                        model: page.reg.selectedScope
                        ColumnLayout {
                            required property var modelData
                            Layout.fillWidth: true
                            spacing: 2
                            Text {
                                text: modelData.field + " › " + modelData.category + " › " + modelData.product
                                      + (modelData.parameter.length > 0 ? " · " + modelData.parameter : "")
                                font.pixelSize: Theme.smallFont + 1
                                color: Theme.text
                                wrapMode: Text.Wrap
                                Layout.fillWidth: true
                            }
                            Text {
                                text: modelData.standard
                                font.pixelSize: Theme.smallFont
                                font.family: Theme.monoFamily
                                color: Theme.muted
                                Layout.fillWidth: true
                                wrapMode: Text.Wrap
                            }
                        }
                    }
                }
                Button {
                    visible: !page.wide && page.reg.hasSelection
                    text: qsTr("关闭详情")
                    Layout.preferredHeight: Theme.touch
                    onClicked: page.reg.clearSelection()
                }
            }
        }
    }
}
