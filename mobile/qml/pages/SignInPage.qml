import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import FieldSeal

// Sign-in: the server's address and its CA certificate (pinned), user name and password; the
// first sign-in of an account on this tablet enrolls the device (its key is made here). Or the
// offline demo.
Rectangle {
    id: page
    color: Theme.primary

    FilePickerDialog {
        id: caPicker
        onPicked: (url) => AppController.caFile = url.toString().replace(/^file:\/\//, "")
    }

    SectionCard {
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 560)
        spacing: Theme.gap

        Text {
            text: qsTr("FieldSeal 现场检查")
            font.pixelSize: 30
            font.bold: true
            color: Theme.primary
            Layout.alignment: Qt.AlignHCenter
        }
        Text {
            text: qsTr("离线检查 · 电子证据 · 手写签名 · 证书核验")
            color: Theme.muted
            Layout.alignment: Qt.AlignHCenter
        }
        Label { text: qsTr("服务器地址") }
        TextField {
            id: server
            objectName: "server"
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.touch
            text: AppController.serverUrl
            placeholderText: "https://fieldseal.example.gov.cn:8443"
            inputMethodHints: Qt.ImhUrlCharactersOnly
        }
        Label { text: qsTr("服务器 CA 证书") }
        RowLayout {
            Layout.fillWidth: true
            spacing: 8
            TextField {
                id: caFile
                objectName: "caFile"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touch
                text: AppController.caFile
                placeholderText: qsTr("ca.pem（由管理员提供）")
                onEditingFinished: AppController.caFile = text
            }
            Button {
                text: qsTr("选择…")
                Layout.preferredHeight: Theme.touch
                Layout.preferredWidth: 96
                onClicked: caPicker.open()
            }
        }
        Label { text: qsTr("用户名") }
        TextField {
            id: user
            objectName: "user"
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.touch
            text: AppController.userName
            placeholderText: qsTr("例如 insp.wang")
        }
        Label { text: qsTr("密码") }
        TextField {
            id: password
            objectName: "password"
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.touch
            echoMode: TextInput.Password
            onAccepted: signIn.clicked()
        }
        Text {
            visible: AppController.lastError.length > 0
            text: AppController.lastError
            color: Theme.fail
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Button {
            id: signIn
            objectName: "signIn"
            text: AppController.busy ? qsTr("正在登录…") : qsTr("登录")
            enabled: !AppController.busy
            highlighted: true
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.touch + 4
            onClicked: {
                AppController.caFile = caFile.text
                AppController.signIn(server.text, user.text, password.text)
            }
        }
        Button {
            objectName: "offlineDemo"
            text: qsTr("离线演示（无需服务器）")
            flat: true
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.touch
            onClicked: AppController.signInOffline(user.text.length > 0 ? user.text : "insp.wang")
        }
        Text {
            text: qsTr("本机编号：%1").arg(AppController.deviceId)
            color: Theme.muted
            font.pixelSize: Theme.smallFont
            Layout.alignment: Qt.AlignHCenter
        }
    }
}
