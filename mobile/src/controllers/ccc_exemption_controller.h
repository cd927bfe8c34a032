#pragma once
// CccExemptionController: exhibition staff issue a CCC exemption (免办证明) for exhibits on site,
// offline. The form (exhibition, applicant, exhibits with HS code and CCC catalogue category,
// purpose) is validated here; the applicant is checked against the fast-channel unit list of the
// device's trust list; issuing writes a `ccc_exemption` record through the app's Replica.
//
// Sealing: the record's `envelope` is seal::exemptionPayload sealed with the device key when this
// device has one — the key file deviceKeyPath() and an enrolled certificate in the store's device
// profile (client/device_profile.h), both made by the app's sign-in, which enrolls the device on
// its first sign-in to the server. A tablet without them (the offline demo) issues the exemption
// UNSEALED and says so: the server counter-seals only device-sealed exemptions. The status follows
// the record: "sealed" ("officially sealed") once the server's counter-seal has synced back.
//
// QML: CccExemptionController { app: AppController }. Tests set the app with setApp().

#include <QImage>
#include <QObject>
#include <QPointer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>
#include <nlohmann/json.hpp>

namespace fieldseal::app {

class AppController;
struct ExemptionCertificateText;

class CccExemptionController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_MOC_INCLUDE("controllers/app_controller.h")
    Q_PROPERTY(fieldseal::app::AppController* app READ app WRITE setApp NOTIFY appChanged)
    Q_PROPERTY(bool canIssue READ canIssue NOTIFY appChanged)
    Q_PROPERTY(bool deviceCanSeal READ deviceCanSeal NOTIFY appChanged)
    Q_PROPERTY(QString exhibition READ exhibition WRITE setExhibition NOTIFY formChanged)
    Q_PROPERTY(QString applicantUscc READ applicantUscc WRITE setApplicantUscc NOTIFY formChanged)
    Q_PROPERTY(QString applicantName READ applicantName WRITE setApplicantName NOTIFY formChanged)
    Q_PROPERTY(QString purpose READ purpose WRITE setPurpose NOTIFY formChanged)
    Q_PROPERTY(QVariantList exhibits READ exhibits NOTIFY formChanged)
    Q_PROPERTY(QStringList problems READ problems NOTIFY problemsChanged)
    // unchecked | listed | not_listed | no_trust_list
    Q_PROPERTY(QString fastChannel READ fastChannel NOTIFY fastChannelChanged)
    Q_PROPERTY(QString fastChannelText READ fastChannelText NOTIFY fastChannelChanged)
    Q_PROPERTY(QString exemptionId READ exemptionId NOTIFY recordChanged)
    Q_PROPERTY(bool issued READ issued NOTIFY recordChanged)
    Q_PROPERTY(bool deviceSealed READ deviceSealed NOTIFY recordChanged)
    Q_PROPERTY(QString status READ status NOTIFY recordChanged) // issued | sealed | ...
    Q_PROPERTY(QString statusText READ statusText NOTIFY recordChanged)
    Q_PROPERTY(QString qrText READ qrText NOTIFY recordChanged)
    Q_PROPERTY(QImage qrImage READ qrImage NOTIFY recordChanged) // one pixel per module
    Q_PROPERTY(QString pdfPath READ pdfPath NOTIFY recordChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)

public:
    explicit CccExemptionController(QObject* parent = nullptr);
    ~CccExemptionController() override;

    AppController* app() const;
    void setApp(AppController* app);
    bool canIssue() const;
    bool deviceCanSeal() const;
    QString deviceKeyPath() const;

    QString exhibition() const { return m_exhibition; }
    void setExhibition(const QString& v);
    QString applicantUscc() const { return m_applicantUscc; }
    void setApplicantUscc(const QString& v);
    QString applicantName() const { return m_applicantName; }
    void setApplicantName(const QString& v);
    QString purpose() const { return m_purpose; }
    void setPurpose(const QString& v);
    QVariantList exhibits() const { return m_exhibits; }
    QStringList problems() const { return m_problems; }
    QString fastChannel() const { return m_fastChannel; }
    QString fastChannelText() const;
    QString exemptionId() const { return m_id; }
    bool issued() const { return !m_id.isEmpty(); }
    bool deviceSealed() const;
    QString status() const;
    QString statusText() const;
    QString qrText() const { return m_qrText; }
    QImage qrImage() const { return m_qrImage; }
    QString pdfPath() const { return m_pdfPath; }
    QString lastError() const { return m_lastError; }
    const nlohmann::json& record() const { return m_record; }

    // The certificate as exportPdf() lays it out, on an A4-wide image at `dpi` (a preview).
    QImage certificatePreview(int dpi = 100) const;

    // An HS code of 6 to 10 digits (dots and spaces ignored); an empty string when it is one,
    // else the message for people.
    static QString hsCodeProblem(const QString& hsCode);

    // Adds an exhibit after checking it; false (and problems says why) when it is not valid.
    Q_INVOKABLE bool addExhibit(const QString& name, const QString& model, const QString& hsCode,
                                const QString& cccCategory, int quantity, const QString& origin);
    Q_INVOKABLE void removeExhibit(int index);
    // Checks the applicant against the fast-channel list of the device's trust list.
    Q_INVOKABLE QString checkFastChannel();
    // The whole form; problems lists everything to fix.
    Q_INVOKABLE bool validate();
    // Writes the ccc_exemption record (sealed when the device can); false with lastError else.
    Q_INVOKABLE bool issue();
    // Writes the certificate PDF to <data>/exemptions/<id>.pdf; its path, or empty with lastError.
    Q_INVOKABLE QString exportPdf();
    // Opens an issued exemption of this store (e.g. the last one after a restart).
    Q_INVOKABLE bool open(const QString& exemptionId);
    // A blank form for the next exemption.
    Q_INVOKABLE void startNew();

signals:
    void appChanged();
    void formChanged();
    void problemsChanged();
    void fastChannelChanged();
    void recordChanged();
    void lastErrorChanged();
    void errorOccurred(const QString& message);

private:
    void reloadRecord();
    ExemptionCertificateText certificateText() const;
    void setProblems(const QStringList& problems);
    void setError(const QString& message);

    QPointer<AppController> m_app;
    QString m_exhibition, m_applicantUscc, m_applicantName, m_purpose;
    QVariantList m_exhibits;
    QStringList m_problems;
    QString m_fastChannel = QStringLiteral("unchecked");
    QString m_id;
    nlohmann::json m_record;
    QString m_qrText;
    QImage m_qrImage;
    QString m_pdfPath;
    QString m_lastError;
};

} // namespace fieldseal::app
