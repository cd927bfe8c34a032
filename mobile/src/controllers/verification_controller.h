#pragma once
// VerificationController: checks a sealed certificate on site, offline, against the device's
// trust list (seal::TrustStore) and keeps the last report for the page: a verdict colour
// (green passed, red failed, amber indeterminate), the explanation in the current language and
// the certificate's contents. The check can be recorded as evidence on the open inspection.
//
// The trust list is persisted as trust-list.json in the data directory and reinstalled at start.
// Until enrollment provisions the authority's root, a list is installed trust-on-first-use.

#include <QObject>
#include <QUrl>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>
#include <memory>
#include <nlohmann/json.hpp>

namespace fieldseal::seal {
class TrustStore;
}

namespace fieldseal::app {

class AppController;

class VerificationController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by AppController")
    Q_PROPERTY(bool hasReport READ hasReport NOTIFY reportChanged)
    Q_PROPERTY(QString verdict READ verdict NOTIFY reportChanged) // green, red, amber
    Q_PROPERTY(QString headline READ headline NOTIFY reportChanged)
    Q_PROPERTY(QString explanation READ explanation NOTIFY reportChanged)
    Q_PROPERTY(QVariantList details READ details NOTIFY reportChanged)   // [{label, value}]
    Q_PROPERTY(QVariantList contents READ contents NOTIFY reportChanged) // the payload, [{label, value}]
    Q_PROPERTY(bool recorded READ recorded NOTIFY reportChanged)
    Q_PROPERTY(int trustListSequence READ trustListSequence NOTIFY trustChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY reportChanged)

public:
    explicit VerificationController(AppController& app);
    ~VerificationController() override;

    bool hasReport() const { return !m_report.is_null(); }
    QString verdict() const;
    QString headline() const;
    QString explanation() const;
    QVariantList details() const;
    QVariantList contents() const;
    bool recorded() const { return m_recorded; }
    int trustListSequence() const;
    QString lastError() const { return m_lastError; }
    const nlohmann::json& reportJson() const { return m_report; }

    // A trust list envelope (JSON file or text); persisted when it installs.
    Q_INVOKABLE bool installTrustList(const QByteArray& envelopeJson);
    Q_INVOKABLE bool importTrustList(const QUrl& file);
    // The `FS1:` QR text or the envelope's JSON.
    Q_INVOKABLE void verifyText(const QString& text);
    // An image holding the certificate's QR code.
    Q_INVOKABLE void verifyImage(const QUrl& file);
    // The report as a JSON evidence item of the open inspection.
    Q_INVOKABLE bool recordAsEvidence();
    Q_INVOKABLE void clear();

signals:
    void reportChanged();
    void trustChanged();

private:
    QString trustListPath() const;
    void reloadTrust();
    void setError(const QString& message);

    AppController& m_app;
    std::unique_ptr<seal::TrustStore> m_trust;
    nlohmann::json m_report;   // the report's JSON form plus "payload"
    QString m_source;          // what was verified, as entered
    bool m_recorded = false;
    QString m_lastError;
};

} // namespace fieldseal::app
