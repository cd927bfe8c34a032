#pragma once
// ReviewController: the supervisor's review of the district's submitted inspections.
//
// Reading works offline: the queue and an inspection in full (checklist answers, findings and
// conclusion, evidence with hash/time/place, signatures with their stale marks) come from the
// supervisor's own replica, which holds the district's records after a sync.
// Deciding: online, approve or return-with-a-comment goes to the review route
// (client/review_api.h), which checks the inspection is still submitted; then a sync brings the
// decision to this tablet (and on to the inspectors' tablets at their next sync). Offline (no
// server session, or the network fails), the decision is written on this tablet as the
// supervisor's ops and queued in the outbox: the next sync sends it.

#include "controllers/server_action_controller.h"
#include "models/checklist_model.h"
#include "models/review_queue_model.h"

#include <QVariantList>
#include <QtQml/qqmlregistration.h>
#include <nlohmann/json.hpp>

namespace fieldseal::app {

class AppController;

class ReviewController : public ServerActionController {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by AppController")
    Q_PROPERTY(fieldseal::app::ReviewQueueModel* queue READ queue CONSTANT)
    Q_PROPERTY(QString fetchingEvidence READ fetchingEvidence NOTIFY fetchingEvidenceChanged)
    Q_PROPERTY(fieldseal::app::ChecklistModel* checklist READ checklist CONSTANT)
    Q_PROPERTY(bool canReview READ canReview NOTIFY changed)
    Q_PROPERTY(bool loaded READ loaded NOTIFY changed)
    Q_PROPERTY(QString inspectionId READ inspectionId NOTIFY changed)
    Q_PROPERTY(QString title READ title NOTIFY changed)
    Q_PROPERTY(QString organisation READ organisation NOTIFY changed)
    Q_PROPERTY(QString organisationUscc READ organisationUscc NOTIFY changed)
    Q_PROPERTY(QString address READ address NOTIFY changed)
    Q_PROPERTY(QString inspectors READ inspectors NOTIFY changed)
    Q_PROPERTY(QString status READ status NOTIFY changed)
    Q_PROPERTY(QString statusLabel READ statusLabel NOTIFY changed)
    Q_PROPERTY(int score READ score NOTIFY changed)
    Q_PROPERTY(int failedCount READ failedCount NOTIFY changed)
    Q_PROPERTY(QString findings READ findings NOTIFY changed)
    Q_PROPERTY(QString conclusionLabel READ conclusionLabel NOTIFY changed)
    Q_PROPERTY(QString reviewComment READ reviewComment NOTIFY changed)
    Q_PROPERTY(QVariantList evidence READ evidence NOTIFY changed)
    Q_PROPERTY(QVariantList signatures READ signatures NOTIFY changed)
    Q_PROPERTY(int staleSignatures READ staleSignatures NOTIFY changed)
    Q_PROPERTY(int openConflicts READ openConflicts NOTIFY changed)
    Q_PROPERTY(bool decidable READ decidable NOTIFY changed)

public:
    explicit ReviewController(AppController& app);

    ReviewQueueModel* queue() { return &m_queue; }
    ChecklistModel* checklist() { return &m_checklist; }
    bool canReview() const;
    bool loaded() const { return !m_inspectionId.isEmpty(); }
    QString inspectionId() const { return m_inspectionId; }
    QString title() const;
    QString organisation() const;
    QString organisationUscc() const;
    QString address() const;
    QString inspectors() const;
    QString status() const;
    QString statusLabel() const;
    int score() const; // pass as a percentage of pass + fail; -1 before any
    int failedCount() const;
    QString findings() const;
    QString conclusionLabel() const;
    QString reviewComment() const;
    QVariantList evidence() const { return m_evidence; }
    QVariantList signatures() const { return m_signatures; }
    int staleSignatures() const;
    int openConflicts() const { return m_openConflicts; }
    bool decidable() const; // submitted, and no call in flight

    // Reads the queue again from the device store.
    Q_INVOKABLE void refresh();
    // Shows one inspection in full (any status: a decided one stays readable).
    Q_INVOKABLE bool open(const QString& inspectionId);
    Q_INVOKABLE void close();
    // Sends the decision to the server, or queues it for the next sync when offline (false at once
    // when it is refused: busy, not submitted, a return without a comment); decided() or
    // messageChanged follow.
    Q_INVOKABLE bool approve();
    Q_INVOKABLE bool returnInspection(const QString& comment);
    // Downloads an evidence item's file from the server into this tablet's blob folder (checked
    // against the record's SHA-256, client/evidence_download.h), off the GUI thread; the item
    // shows "available" when done. `fetchingEvidence` names the item while it downloads.
    Q_INVOKABLE bool fetchEvidence(const QString& evidenceId);
    QString fetchingEvidence() const { return m_fetchingEvidence; }

signals:
    void changed();
    void fetchingEvidenceChanged();
    void decided(const QString& inspectionId, const QString& status);

private:
    bool decide(bool approve, const QString& comment);
    bool queueDecision(bool approve, const QString& comment);
    QString m_fetchingEvidence;
    void reload();

    AppController& m_app;
    ReviewQueueModel m_queue;
    ChecklistModel m_checklist;
    QString m_inspectionId;
    nlohmann::json m_record, m_org;
    QVariantList m_evidence, m_signatures;
    int m_openConflicts = 0;
};

} // namespace fieldseal::app
