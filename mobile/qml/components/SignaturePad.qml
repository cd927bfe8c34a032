import QtQuick
import FieldSeal

// A signature pad: keeps every stroke as points {x, y, t (ms from the first point), p (pressure)}
// and draws them. The C++ side renders the same strokes to the image it hashes.
Rectangle {
    id: pad
    property var strokes: []
    property double startTime: 0
    readonly property bool empty: strokes.length === 0
    color: "white"
    border.color: Theme.border
    radius: Theme.radius
    implicitHeight: 240

    function clear() {
        strokes = []
        startTime = 0
        canvas.requestPaint()
    }

    Text {
        anchors.centerIn: parent
        visible: pad.empty
        text: qsTr("请在此处签名")
        color: "#b7bfca"
        font.pixelSize: 28
    }
    Rectangle { // the signing line
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom; margins: 40 }
        height: 1
        color: Theme.border
    }

    Canvas {
        id: canvas
        anchors.fill: parent
        onPaint: {
            const ctx = getContext("2d")
            ctx.reset()
            ctx.strokeStyle = "#101a3a"
            ctx.lineCap = "round"
            for (const s of pad.strokes.concat(handler.current ? [handler.current] : [])) {
                for (let i = 1; i < s.length; ++i) {
                    ctx.lineWidth = 1.5 + 3 * s[i].p
                    ctx.beginPath()
                    ctx.moveTo(s[i - 1].x, s[i - 1].y)
                    ctx.lineTo(s[i].x, s[i].y)
                    ctx.stroke()
                }
            }
        }
    }

    PointHandler {
        id: handler
        property var current: null
        function point(p) {
            const now = Date.now()
            if (pad.startTime === 0) pad.startTime = now
            const pressure = handler.point.pressure > 0 ? handler.point.pressure : 1
            return { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10, t: now - pad.startTime, p: pressure }
        }
        onActiveChanged: {
            if (active) {
                current = [point(handler.point.position)]
            } else if (current) {
                const all = pad.strokes.slice()
                all.push(current)
                pad.strokes = all
                current = null
                canvas.requestPaint()
            }
        }
        onPointChanged: {
            if (active && current) {
                current.push(point(handler.point.position))
                canvas.requestPaint()
            }
        }
    }
}
