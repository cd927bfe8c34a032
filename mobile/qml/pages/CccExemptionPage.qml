import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldSeal

// CCC exemption (免办证明) for exhibits, issued on site by exhibition staff, offline: the form
// with its exhibits, the fast-channel check, issuing, the QR code of the device seal (large
// enough to scan from the screen) and the PDF. Landscape: form left, certificate right.
Item {
    id: page
    readonly property alias controller: exemption
    readonly property bool wide: width >= 1000
    readonly property int columnWidth: wide ? Math.floor((scroll.availableWidth - Theme.gap) / 2) : scroll.availableWidth

    CccExemptionController {
        id: exemption
        objectName: "cccExemption"
        app: AppController
    }

    // The CCC catalogue's product categories; the record keeps the official (Chinese) name.
    readonly property var categories: [
        { value: "电线电缆", text: qsTr("电线电缆") },
        { value: "电路开关及保护或连接用电器装置", text: qsTr("电路开关及保护或连接用电器装置") },
        { value: "低压电器", text: qsTr("低压电器") },
        { value: "小功率电动机", text: qsTr("小功率电动机") },
        { value: "电动工具", text: qsTr("电动工具") },
        { value: "电焊机", text: qsTr("电焊机") },
        { value: "家用和类似用途设备", text: qsTr("家用和类似用途设备") },
        { value: "电子产品及安全附件", text: qsTr("电子产品及安全附件") },
        { value: "照明电器", text: qsTr("照明电器") },
        { value: "车辆及安全附件", text: qsTr("车辆及安全附件") },
        { value: "农机产品", text: qsTr("农机产品") },
        { value: "消防产品", text: qsTr("消防产品") },
        { value: "安全技术防范产品", text: qsTr("安全技术防范产品") },
        { value: "建材产品", text: qsTr("建材产品") },
        { value: "儿童用品", text: qsTr("儿童用品") },
        { value: "防爆电气", text: qsTr("防爆电气") },
        { value: "家用燃气器具", text: qsTr("家用燃气器具") }
    ]
    readonly property string fastChannelShort: exemption.fastChannel === "listed" ? qsTr("在名单内")
                                               : exemption.fastChannel === "not_listed" ? qsTr("不在名单内")
                                               : exemption.fastChannel === "no_trust_list" ? qsTr("未核对（本机无信任列表）") : qsTr("未核对")
    readonly property color fastColor: exemption.fastChannel === "listed" ? Theme.pass
                                      : exemption.fastChannel === "unchecked" ? Theme.muted : Theme.amber

    Text {
        visible: !exemption.canIssue
        anchors.centerIn: parent
        width: parent.width - 4 * Theme.gap
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        color: Theme.muted
        text: qsTr("免办证明由展会工作人员签发，当前账号没有此权限。")
    }

    ScrollView {
        id: scroll
        visible: exemption.canIssue
        anchors.fill: parent
        anchors.margins: Theme.gap
        contentWidth: availableWidth
        clip: true

        Flow {
            width: scroll.availableWidth
            spacing: Theme.gap

            ColumnLayout { // the form
                width: page.columnWidth
                spacing: Theme.gap

                SectionCard {
                    Layout.fillWidth: true
                    title: qsTr("新建免办证明")
                    visible: !exemption.issued
                    Label { text: qsTr("展会名称"); color: Theme.muted }
                    TextField {
                        objectName: "exhibition"
                        Layout.fillWidth: true
                        Layout.preferredHeight: Theme.touch
                        text: exemption.exhibition
                        placeholderText: qsTr("例如：第九届中国国际进口博览会 CIIE 2026")
                        onTextEdited: exemption.exhibition = text
                    }
                    Label { text: qsTr("申请人名称（境外申请人填外文名称）"); color: Theme.muted }
                    TextField {
                        objectName: "applicantName"
                        Layout.fillWidth: true
                        Layout.preferredHeight: Theme.touch
                        text: exemption.applicantName
                        onTextEdited: exemption.applicantName = text
                    }
                    Label { text: qsTr("统一社会信用代码（境外申请人可不填）"); color: Theme.muted }
                    TextField {
                        objectName: "applicantUscc"
                        Layout.fillWidth: true
                        Layout.preferredHeight: Theme.touch
                        font.family: Theme.monoFamily
                        text: exemption.applicantUscc
                        onTextEdited: exemption.applicantUscc = text
                    }
                    // Anchored, not a RowLayout: a wrapped text's height follows its width (polish loops).
                    Item {
                        Layout.fillWidth: true
                        implicitHeight: Math.max(checkButton.height, fastText.implicitHeight)
                        Button {
                            id: checkButton
                            objectName: "checkFastChannel"
                            anchors.left: parent.left
                            anchors.verticalCenter: parent.verticalCenter
                            height: Theme.touch
                            text: qsTr("核对便捷通道名单")
                            onClicked: exemption.checkFastChannel()
                        }
                        Text {
                            id: fastText
                            anchors.left: checkButton.right
                            anchors.leftMargin: Theme.gap
                            anchors.right: parent.right
                            anchors.verticalCenter: parent.verticalCenter
                            text: exemption.fastChannelText
                            color: page.fastColor
                            wrapMode: Text.Wrap
                        }
                    }
                    Label { text: qsTr("用途"); color: Theme.muted }
                    TextField {
                        objectName: "purpose"
                        Layout.fillWidth: true
                        Layout.preferredHeight: Theme.touch
                        text: exemption.purpose
                        placeholderText: qsTr("例如：展览展示，展后复运出境")
                        onTextEdited: exemption.purpose = text
                    }
                }

                SectionCard {
                    Layout.fillWidth: true
                    title: qsTr("展品（%1 件）").arg(exemption.exhibits.length)
                    Repeater {
                        model: exemption.exhibits
                        Item {
                            id: exhibitRow
                            required property var modelData
                            required property int index
                            Layout.fillWidth: true
                            implicitHeight: Math.max(exhibitText.implicitHeight, removeButton.visible ? Theme.touch : 0)
                            Text {
                                id: exhibitText
                                anchors.left: parent.left
                                anchors.right: removeButton.visible ? removeButton.left : parent.right
                                anchors.rightMargin: removeButton.visible ? Theme.gap : 0
                                anchors.verticalCenter: parent.verticalCenter
                                wrapMode: Text.Wrap
                                color: Theme.text
                                text: exhibitRow.modelData.name + (exhibitRow.modelData.model.length > 0 ? " · " + exhibitRow.modelData.model : "")
                                      + "\n" + qsTr("HS %1 · %2 · %3 件 · %4").arg(exhibitRow.modelData.hs_code)
                                        .arg(qsTranslate("CccExemptionPage", exhibitRow.modelData.ccc_category))
                                        .arg(exhibitRow.modelData.quantity).arg(exhibitRow.modelData.origin)
                            }
                            Button {
                                id: removeButton
                                anchors.right: parent.right
                                anchors.verticalCenter: parent.verticalCenter
                                height: Theme.touch
                                text: qsTr("移除")
                                flat: true
                                visible: !exemption.issued
                                onClicked: exemption.removeExhibit(exhibitRow.index)
                            }
                        }
                    }
                    GridLayout {
                        visible: !exemption.issued
                        Layout.fillWidth: true
                        columns: 2
                        columnSpacing: Theme.gap
                        rowSpacing: 6
                        TextField { id: exName; objectName: "exhibitName"; Layout.fillWidth: true; Layout.preferredHeight: Theme.touch; placeholderText: qsTr("展品名称") }
                        TextField { id: exModel; Layout.fillWidth: true; Layout.preferredHeight: Theme.touch; placeholderText: qsTr("型号") }
                        TextField { id: exHs; objectName: "exhibitHs"; Layout.fillWidth: true; Layout.preferredHeight: Theme.touch; placeholderText: qsTr("HS 编码（6–10 位数字）"); inputMethodHints: Qt.ImhDigitsOnly }
                        ComboBox {
                            id: exCategory
                            Layout.fillWidth: true
                            Layout.preferredHeight: Theme.touch
                            model: page.categories
                            textRole: "text"
                            valueRole: "value"
                        }
                        SpinBox { id: exQuantity; Layout.fillWidth: true; Layout.preferredHeight: Theme.touch; from: 1; to: 100000; value: 1; editable: true }
                        TextField { id: exOrigin; Layout.fillWidth: true; Layout.preferredHeight: Theme.touch; placeholderText: qsTr("原产地") }
                    }
                    Button {
                        objectName: "addExhibit"
                        visible: !exemption.issued
                        text: qsTr("添加展品")
                        Layout.preferredHeight: Theme.touch
                        onClicked: {
                            if (exemption.addExhibit(exName.text, exModel.text, exHs.text, exCategory.currentValue, exQuantity.value, exOrigin.text)) {
                                exName.clear(); exModel.clear(); exHs.clear(); exOrigin.clear(); exQuantity.value = 1
                            }
                        }
                    }
                }

                Rectangle {
                    visible: exemption.problems.length > 0 || exemption.lastError.length > 0
                    Layout.fillWidth: true
                    implicitHeight: problemsText.implicitHeight + 2 * Theme.gap
                    color: Theme.failLight
                    radius: Theme.radius
                    Text {
                        id: problemsText
                        objectName: "problems"
                        anchors.fill: parent
                        anchors.margins: Theme.gap
                        wrapMode: Text.Wrap
                        color: Theme.fail
                        text: exemption.problems.length > 0 ? exemption.problems.join("\n") : exemption.lastError
                    }
                }

                Button {
                    objectName: "issue"
                    visible: !exemption.issued
                    text: qsTr("签发免办证明")
                    highlighted: true
                    Layout.preferredHeight: Theme.touch
                    Layout.preferredWidth: 240
                    onClicked: exemption.issue()
                }
            }

            SectionCard { // the certificate
                width: page.columnWidth
                title: qsTr("免办证明")
                Text {
                    visible: !exemption.issued
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.muted
                    text: exemption.deviceCanSeal ? qsTr("签发时将用本机设备密钥签章，并显示二维码。")
                                                  : qsTr("本机尚未登记设备密钥：签发的免办证明不带设备签章，服务器不会为其加盖公章。")
                }
                Rectangle {
                    visible: exemption.issued
                    Layout.fillWidth: true
                    implicitHeight: statusText.implicitHeight + 2 * Theme.gap
                    radius: Theme.radius
                    color: exemption.status === "sealed" ? Theme.passLight : Theme.amberLight
                    Text {
                        id: statusText
                        objectName: "status"
                        anchors.fill: parent
                        anchors.margins: Theme.gap
                        wrapMode: Text.Wrap
                        font.bold: true
                        color: exemption.status === "sealed" ? Theme.pass : Theme.amber
                        text: exemption.statusText
                    }
                }
                QrCodeItem {
                    objectName: "qrCode"
                    visible: exemption.issued && exemption.qrText.length > 0
                    image: exemption.qrImage
                    Layout.alignment: Qt.AlignHCenter
                    Layout.preferredWidth: Math.min(page.columnWidth - 2 * Theme.gap, 520)
                    Layout.preferredHeight: Layout.preferredWidth
                }
                KeyValueRow { visible: exemption.issued; Layout.fillWidth: true; label: qsTr("编号"); value: exemption.exemptionId; mono: true }
                KeyValueRow { visible: exemption.issued; Layout.fillWidth: true; label: qsTr("展会"); value: exemption.exhibition }
                KeyValueRow { visible: exemption.issued; Layout.fillWidth: true; label: qsTr("申请人"); value: exemption.applicantName }
                KeyValueRow { visible: exemption.issued; Layout.fillWidth: true; label: qsTr("统一社会信用代码"); value: exemption.applicantUscc.length > 0 ? exemption.applicantUscc : qsTr("无（境外申请人）"); mono: exemption.applicantUscc.length > 0 }
                KeyValueRow { visible: exemption.issued; Layout.fillWidth: true; label: qsTr("用途"); value: exemption.purpose }
                KeyValueRow { visible: exemption.issued; Layout.fillWidth: true; label: qsTr("便捷通道"); value: page.fastChannelShort; valueColor: page.fastColor }
                KeyValueRow { visible: exemption.issued; Layout.fillWidth: true; label: qsTr("展品"); value: qsTr("%1 件").arg(exemption.exhibits.length) }
                KeyValueRow { visible: exemption.pdfPath.length > 0; Layout.fillWidth: true; label: qsTr("PDF 文件"); value: exemption.pdfPath; mono: true }
                Flow {
                    visible: exemption.issued
                    Layout.fillWidth: true
                    spacing: Theme.gap
                    Button {
                        objectName: "exportPdf"
                        text: qsTr("导出 PDF")
                        highlighted: true
                        height: Theme.touch
                        onClicked: exemption.exportPdf()
                    }
                    Button {
                        objectName: "newExemption"
                        text: qsTr("新建下一份")
                        height: Theme.touch
                        onClicked: exemption.startNew()
                    }
                }
            }
        }
    }
}
