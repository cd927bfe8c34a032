pragma Singleton
import QtQuick

// Colours, sizes and fonts shared by every page (one place to tune the look).
QtObject {
    readonly property color primary: "#1d4f91"
    readonly property color primaryLight: "#e6eef9"
    readonly property color background: "#f2f4f7"
    readonly property color card: "#ffffff"
    readonly property color text: "#1b2430"
    readonly property color muted: "#5b6675"
    readonly property color border: "#d5dbe3"
    readonly property color pass: "#2e7d32"
    readonly property color passLight: "#e7f4e8"
    readonly property color fail: "#c62828"
    readonly property color failLight: "#fdecec"
    readonly property color amber: "#b86e00"
    readonly property color amberLight: "#fff4e0"
    readonly property int touch: 48          // minimum touch target
    readonly property int gap: 12
    readonly property int radius: 8
    readonly property int fontSize: 17
    readonly property int smallFont: 14
    readonly property int titleFont: 22
    readonly property string fontFamily: "Noto Sans CJK SC"
    readonly property string monoFamily: "Noto Sans Mono CJK SC"
}
