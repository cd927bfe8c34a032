#pragma once
// InspectionController: the inspection of one task on this tablet — its checklist answers,
// score, findings, conclusion, evidence and signatures — and submitting it. Every change is a
// local edit through the device store (Replica::put), so it is kept offline and synced later.
//
// The inspection of a task has the id "insp-" + task id: both inspectors of a task edit the
// same record from their tablets and the sync rules merge their answers per item.
// Score: passed items as a percentage of the items answered pass or fail (N/A excluded); -1
// before any. Submitting needs every required item answered, a note on every failed item, a
// conclusion consistent with the answers, findings when anything failed, and two inspectors.

#include "models/checklist_model.h"

#include <QObject>
#include <QUrl>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>
#include <nlohmann/json.hpp>

namespace fieldseal::app {

class AppController;

class InspectionController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by AppController")
    Q_PROPERTY(bool loaded READ loaded NOTIFY changed)
    Q_PROPERTY(QString taskId READ taskId NOTIFY changed)
    Q_PROPERTY(QString inspectionId READ inspectionId NOTIFY changed)
    Q_PROPERTY(QString title READ title NOTIFY changed)
    Q_PROPERTY(QString organisation READ organisation NOTIFY changed)
    Q_PROPERTY(QString organisationUscc READ organisationUscc NOTIFY changed)
    Q_PROPERTY(QString address READ address NOTIFY changed)
    Q_PROPERTY(QStringList inspectors READ inspectors NOTIFY changed)
    Q_PROPERTY(QString status READ status NOTIFY changed)
    Q_PROPERTY(QString statusLabel READ statusLabel NOTIFY changed)
    Q_PROPERTY(bool editable READ editable NOTIFY changed)
    Q_PROPERTY(int score READ score NOTIFY changed)
    Q_PROPERTY(int answeredCount READ answeredCount NOTIFY changed)
    Q_PROPERTY(int itemCount READ itemCount NOTIFY changed)
    Q_PROPERTY(int failedCount READ failedCount NOTIFY changed)
    Q_PROPERTY(int requiredMissing READ requiredMissing NOTIFY changed)
    Q_PROPERTY(QString findings READ findings NOTIFY changed)
    Q_PROPERTY(QString conclusion READ conclusion NOTIFY changed)
    Q_PROPERTY(QString reviewComment READ reviewComment NOTIFY changed)
    Q_PROPERTY(QStringList problems READ problems NOTIFY changed)
    Q_PROPERTY(QVariantList evidence READ evidence NOTIFY changed)
    Q_PROPERTY(QVariantList signatures READ signatures NOTIFY changed)
    Q_PROPERTY(bool hasStaleSignature READ hasStaleSignature NOTIFY changed)
    Q_PROPERTY(QString attestation READ attestation NOTIFY changed)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
    Q_PROPERTY(fieldseal::app::ChecklistModel* checklist READ checklist CONSTANT)

public:
    explicit InspectionController(AppController& app);

    bool loaded() const { return !m_inspectionId.isEmpty(); }
    QString taskId() const { return m_taskId; }
    QString inspectionId() const { return m_inspectionId; }
    QString title() const;
    QString organisation() const;
    QString organisationUscc() const;
    QString address() const;
    QStringList inspectors() const;
    QString status() const;
    QString statusLabel() const;
    bool editable() const;
    int score() const;
    int answeredCount() const;
    int itemCount() const;
    int failedCount() const;
    int requiredMissing() const;
    QString findings() const;
    QString conclusion() const;
    QString reviewComment() const;
    // What still stands in the way of submitting, in words (empty: ready).
    QStringList problems() const;
    QVariantList evidence() const { return m_evidence; }
    QVariantList signatures() const { return m_signatures; }
    bool hasStaleSignature() const;
    QString attestation() const;
    QString lastError() const { return m_lastError; }
    ChecklistModel* checklist() { return &m_checklist; }
    const nlohmann::json& record() const { return m_record; }

    // Opens the task's inspection, creating it (as a draft) on first open.
    Q_INVOKABLE bool openTask(const QString& taskId);
    Q_INVOKABLE void close();
    Q_INVOKABLE bool setResult(const QString& itemId, const QString& result);
    Q_INVOKABLE bool setNote(const QString& itemId, const QString& note);
    Q_INVOKABLE bool setFindings(const QString& findings);
    Q_INVOKABLE bool setConclusion(const QString& conclusion);
    Q_INVOKABLE bool submit();
    // Evidence: hashes and records a file (copied into the device's blob folder); itemId may be empty.
    Q_INVOKABLE bool addEvidenceFile(const QUrl& file, const QString& itemId);
    // Records bytes made by the app itself (a verification report) as evidence.
    bool addEvidenceBytes(const QByteArray& bytes, const QString& mediaType, const QString& fileName,
                          const QString& itemId);
    // A handwritten signature (role: inspector, party, witness); `refused` records a party's
    // refusal to sign with `witness` named instead.
    Q_INVOKABLE bool sign(const QString& role, const QString& signerName, const QVariantList& strokes,
                          bool refused = false, const QString& witness = {});
    // SHA-256 (hex) of the inspection's content as signed: every field but status, reviewers'
    // notes and bookkeeping, in RFC 8785 canonical form.
    QString contentSha256() const;

signals:
    void changed();
    void lastErrorChanged();
    void submitted();

private:
    void reload();
    bool edit(const std::vector<std::pair<std::string, nlohmann::json>>& fields);
    bool fail(const QString& message);
    bool putEvidence(const std::vector<std::pair<std::string, nlohmann::json>>& fields, const QString& sha256,
                     qint64 size);
    void loadAttachments();

    AppController& m_app;
    QString m_taskId, m_inspectionId;
    nlohmann::json m_task, m_org, m_record;
    ChecklistModel m_checklist;
    QVariantList m_evidence, m_signatures;
    QString m_lastError;
    bool m_reloading = false;
};

} // namespace fieldseal::app
