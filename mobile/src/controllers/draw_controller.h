#pragma once
// DrawController: the draw-result viewer. Opens a published draw result (the sealed envelope or
// the plain fieldseal-draw-result/1 or /2 JSON) and the draw's published plan — from files, or
// the draw that produced a task (the task's draw_id, set by the server's run: fetched from the
// server's public view when there is a session, and kept on this tablet for offline use) — then
// checks, offline:
//   1. the seal, against this tablet's trust list (a plain result is "not sealed": amber);
//   2. the plan is the one drawn from (plan_sha256);
//   3. the revealed seed matches the result's seed_sha256 and the plan's seed_commitment,
//      published before the draw;
//   4. re-running the draw (draw/draw.h, the plan's algorithm fieldseal-draw/1 or /2) from the
//      plan and the seed gives exactly the published result.
// Each check is a row {label, tone (pass, fail, amber), detail}; `verdict` sums them up
// (green only when all pass). Tasks of the result are listed with their inspectors.

#include <QObject>
#include <QUrl>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>
#include <nlohmann/json.hpp>

namespace fieldseal::app {

class AppController;

class DrawController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by AppController")
    Q_PROPERTY(QString planFile READ planFile NOTIFY changed)
    Q_PROPERTY(QString resultFile READ resultFile NOTIFY changed)
    Q_PROPERTY(bool hasResult READ hasResult NOTIFY changed)
    Q_PROPERTY(QString verdict READ verdict NOTIFY changed) // green, red, amber, "" before a result
    Q_PROPERTY(QString headline READ headline NOTIFY changed)
    Q_PROPERTY(QVariantList checks READ checks NOTIFY changed)  // [{label, tone, detail}]
    Q_PROPERTY(QVariantList summary READ summary NOTIFY changed) // [{label, value}]
    Q_PROPERTY(QVariantList tasks READ tasks NOTIFY changed)    // [{number, name, uscc, district, inspectors}]
    Q_PROPERTY(QString message READ message NOTIFY changed)
    Q_PROPERTY(QString drawId READ drawId NOTIFY changed)  // the draw opened by id ("" for files)
    Q_PROPERTY(QString origin READ origin NOTIFY changed)  // where that draw came from, for people
    Q_PROPERTY(bool busy READ busy NOTIFY changed)         // fetching it from the server

public:
    explicit DrawController(AppController& app);

    QString planFile() const { return m_planFile; }
    QString resultFile() const { return m_resultFile; }
    bool hasResult() const { return !m_result.is_null(); }
    QString verdict() const { return m_verdict; }
    QString headline() const;
    QVariantList checks() const { return m_checks; }
    QVariantList summary() const { return m_summary; }
    QVariantList tasks() const { return m_tasks; }
    QString message() const { return m_message; }
    QString drawId() const { return m_drawId; }
    QString origin() const { return m_origin; }
    bool busy() const { return m_busy; }

    Q_INVOKABLE bool openPlan(const QUrl& file);
    Q_INVOKABLE bool openResult(const QUrl& file);
    // The same from text (tests, and a result received some other way).
    Q_INVOKABLE bool loadPlanText(const QByteArray& json, const QString& name = {});
    Q_INVOKABLE bool loadResultText(const QByteArray& json, const QString& name = {});
    Q_INVOKABLE void clear();
    // Opens the demo draw (writeDemoFiles in the data directory): the offline demo and the tour.
    Q_INVOKABLE bool openDemo();

    // The draw that produced a task: the task record's draw_id (set by the server's run), or ""
    // when the task has none (tasks made by hand or from other plans).
    Q_INVOKABLE QString drawIdOfTask(const QString& taskId);
    // Opens the draw that produced `taskId` (openDraw of drawIdOfTask); false with a message when
    // the task has no draw.
    Q_INVOKABLE bool openTaskDraw(const QString& taskId);
    // Opens a draw by id: with a server session, GET /v1/public/draws/{id} off the GUI thread
    // (busy meanwhile; the answer is kept on this tablet), falling back to the kept copy when the
    // server cannot be reached; without a session, the kept copy. False with a message when the
    // id is not a draw id or nothing can be opened now.
    Q_INVOKABLE bool openDraw(const QString& drawId);
    // A draw's public view as the server publishes it ({"plan", "sealed" or "result", ...}):
    // loads its plan and result and evaluates them. `origin` says where it came from.
    Q_INVOKABLE bool loadPublicDraw(const QByteArray& json, const QString& origin);
    // Where this tablet keeps a fetched draw: DATA/draws/<id>.json.
    QString keptDrawPath(const QString& drawId) const;

    // A demo plan (the demo organisations, three inspectors, a committed seed) and its plain
    // result written to `dir` as draw-plan.json / draw-result.json; their paths, plan first.
    static QStringList writeDemoFiles(const QString& dir);

signals:
    void changed();

private:
    // Reads a chosen file and hands its text to `load` (loadPlanText or loadResultText).
    bool openFile(const QUrl& file, bool (DrawController::*load)(const QByteArray&, const QString&));
    void evaluate();
    bool openKeptDraw(const QString& drawId, const QString& whyNotFetched);

    AppController& m_app;
    QString m_planFile, m_resultFile, m_message, m_verdict, m_drawId, m_origin;
    bool m_busy = false;
    std::string m_planText;
    nlohmann::json m_result;   // as opened (an envelope or a plain result)
    QVariantList m_checks, m_summary, m_tasks;
};

} // namespace fieldseal::app
