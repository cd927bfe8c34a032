#pragma once
// ConflictController: the supervisor's conflict resolution page. A conflict is kept when edits
// arrive that the record had moved past (e.g. an inspector's late change to a submitted
// inspection): the record keeps its values ("ours") and the late edits are kept aside ("theirs").
// The page lists the conflicts this tablet holds (from its replica, readable offline) and shows
// the selected one field by field, side by side.
// Resolving is the server's: keep ours, or take theirs for the fields ticked (all when none are),
// through the conflict route (client/review_api.h); a sync then brings the resolution record,
// and with it the conflict shows as resolved on every tablet.

#include "controllers/server_action_controller.h"
#include "models/conflict_models.h"

#include <QtQml/qqmlregistration.h>
#include <nlohmann/json.hpp>

namespace fieldseal::app {

class AppController;

class ConflictController : public ServerActionController {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by AppController")
    Q_PROPERTY(fieldseal::app::ConflictListModel* conflicts READ conflicts CONSTANT)
    Q_PROPERTY(fieldseal::app::ConflictFieldModel* fields READ fields CONSTANT)
    Q_PROPERTY(bool canResolve READ canResolve NOTIFY changed)
    Q_PROPERTY(QString selectedId READ selectedId NOTIFY changed)
    Q_PROPERTY(QString selectedTitle READ selectedTitle NOTIFY changed)
    Q_PROPERTY(bool selectedOpen READ selectedOpen NOTIFY changed)
    Q_PROPERTY(QString resolutionText READ resolutionText NOTIFY changed)
    // Who made the kept edits, when, and what they had not seen (e.g. the submission).
    Q_PROPERTY(QString originText READ originText NOTIFY changed)

public:
    explicit ConflictController(AppController& app);

    ConflictListModel* conflicts() { return &m_list; }
    ConflictFieldModel* fields() { return &m_fields; }
    bool canResolve() const;
    QString selectedId() const { return m_selectedId; }
    QString selectedTitle() const;
    bool selectedOpen() const;
    QString resolutionText() const;
    QString originText() const { return m_originText; }

    Q_INVOKABLE void refresh();
    Q_INVOKABLE bool select(const QString& conflictId);
    // Sends the resolution to the server; false at once when it cannot be sent.
    Q_INVOKABLE bool keepOurs(const QString& comment);
    // Takes theirs for the ticked fields (every field of the conflict when none is ticked).
    Q_INVOKABLE bool takeTheirs(const QString& comment);

    // Words for a conflict's field and value (a checklist answer shows its result and note).
    QString fieldLabel(const nlohmann::json& record, const QString& field) const;
    QString valueText(const nlohmann::json& value) const;

signals:
    void changed();
    void resolved(const QString& conflictId);

private:
    bool resolve(bool takeTheirs, const QString& comment);
    void showSelected();
    nlohmann::json selectedConflict() const;
    QString originOf(const nlohmann::json& conflict);

    AppController& m_app;
    ConflictListModel m_list;
    ConflictFieldModel m_fields;
    nlohmann::json m_all = nlohmann::json::array(); // the replica's conflicts at the last refresh
    QString m_selectedId;
    QString m_originText;
};

} // namespace fieldseal::app
