import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldSeal

// One checklist item: title, requirement, legal basis, result buttons and a note.
// Failed items are highlighted red; required items still open (or failed without a note) amber.
Rectangle {
    id: item
    required property int index
    required property string itemId
    required property string title
    required property string requirement
    required property string basis
    required property bool required
    required property string result
    required property string note
    required property bool failed
    required property bool missing
    property bool editable: true
    signal resultChosen(string itemId, string result)
    signal noteEdited(string itemId, string note)

    width: ListView.view ? ListView.view.width : implicitWidth
    implicitHeight: column.implicitHeight + 2 * Theme.gap
    color: failed ? Theme.failLight : Theme.card
    radius: Theme.radius
    border.color: failed ? Theme.fail : (missing ? Theme.amber : Theme.border)
    border.width: failed || missing ? 2 : 1

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: 6
        RowLayout {
            Layout.fillWidth: true
            spacing: 8
            Text {
                text: item.itemId
                color: Theme.muted
                font.pixelSize: Theme.smallFont
                font.family: Theme.monoFamily
            }
            Text {
                text: item.title
                font.pixelSize: Theme.fontSize + 1
                font.bold: true
                color: Theme.text
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            Rectangle {
                visible: item.required
                color: Theme.amberLight
                radius: 4
                implicitWidth: reqText.implicitWidth + 12
                implicitHeight: reqText.implicitHeight + 6
                Text { id: reqText; anchors.centerIn: parent; text: qsTr("必查"); color: Theme.amber; font.pixelSize: Theme.smallFont }
            }
        }
        Text {
            text: item.requirement
            color: Theme.text
            font.pixelSize: Theme.fontSize - 1
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Text {
            visible: item.basis.length > 0
            text: qsTr("依据：%1").arg(item.basis)
            color: Theme.muted
            font.pixelSize: Theme.smallFont
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        GridLayout {
            Layout.fillWidth: true
            columns: item.width > 700 ? 2 : 1
            columnSpacing: Theme.gap
            ResultSelector {
                result: item.result
                enabled: item.editable
                onChosen: (r) => item.resultChosen(item.itemId, r)
            }
            TextField {
                id: noteField
                objectName: "note"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touch
                visible: item.failed || item.note.length > 0 || activeFocus
                enabled: item.editable
                text: item.note
                placeholderText: item.failed ? qsTr("写明不合格的具体情况（必填）") : qsTr("备注")
                font.pixelSize: Theme.fontSize - 1
                onEditingFinished: if (text !== item.note) item.noteEdited(item.itemId, text)
            }
        }
    }
}
