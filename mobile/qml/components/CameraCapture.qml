import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtMultimedia
import FieldSeal

// The camera for evidence: a live view, a photo button and a video start/stop. Loaded only when
// AppController.camera.available (so a tablet without a camera never loads a multimedia
// backend). Each capture is written to the data directory and reported through captured().
Item {
    id: view
    signal captured(url fileUrl)
    property bool recording: recorder.recorderState === MediaRecorder.RecordingState

    CaptureSession {
        id: session
        camera: Camera { id: camera; active: view.visible }
        imageCapture: ImageCapture {
            id: photo
            onImageSaved: (requestId, path) => view.captured("file://" + path)
            onErrorOccurred: (requestId, error, message) => status.text = message
        }
        recorder: MediaRecorder {
            id: recorder
            onRecorderStateChanged: {
                if (recorderState === MediaRecorder.StoppedState && actualLocation.toString().length > 0)
                    view.captured(actualLocation)
            }
            onErrorOccurred: (error, message) => status.text = message
        }
        videoOutput: output
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        VideoOutput {
            id: output
            Layout.fillWidth: true
            Layout.fillHeight: true
            fillMode: VideoOutput.PreserveAspectFit
        }
        Text {
            id: status
            Layout.fillWidth: true
            color: Theme.fail
            wrapMode: Text.Wrap
            visible: text.length > 0
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            Button {
                objectName: "takePhoto"
                text: qsTr("拍照")
                highlighted: true
                enabled: photo.readyForCapture && !view.recording
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touch + 8
                onClicked: photo.captureToFile(AppController.camera.newCapturePath("jpg"))
            }
            Button {
                objectName: "recordVideo"
                text: view.recording ? qsTr("停止录像") : qsTr("录像")
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touch + 8
                onClicked: {
                    if (view.recording) {
                        recorder.stop()
                    } else {
                        recorder.outputLocation = "file://" + AppController.camera.newCapturePath("mp4")
                        recorder.record()
                    }
                }
            }
        }
    }
}
