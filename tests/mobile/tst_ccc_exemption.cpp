// CccExemptionController on a real device store (offline demo of insp.wang, district 310115) in a
// temporary data directory: form validation, the fast-channel check against a real sealed trust
// list, the ccc_exemption record it writes (unsealed without a device key, device-sealed with one),
// the QR code (decoded back with ZXing), the status after the server's counter-seal, and the PDF.
#include "controllers/app_controller.h"
#include "controllers/ccc_exemption_controller.h"
#include "client/device_profile.h"
#include "device/device_store.h"
#include "model/uscc.h"
#include "rendering/qr_code_image.h"
#include "platform/qr_image_reader.h"
#include "seal/certificates.h"
#include "seal/exemption_payload.h"
#include "seal/keys.h"
#include "seal/qr_codec.h"
#include "seal/sealer.h"
#include "seal/trust_list.h"
#include "store/sqlite_store.h"

#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <chrono>
#include <memory>

using namespace fieldseal;
using namespace fieldseal::app;
using namespace std::chrono_literals;

namespace {

const QString kExhibition = QStringLiteral("第九届中国国际进口博览会 CIIE 2026");
const QString kForeignName = QStringLiteral("Müller Haushaltsgeräte GmbH");

QString validUscc() {
    const std::string first17 = "91310115MA1K4XY70";
    return QString::fromStdString(first17 + usccCheckCharacter(first17));
}

seal::CertRequest request(seal::CertProfile profile, const std::string& cn) {
    seal::CertRequest r;
    r.profile = profile;
    r.commonName = cn;
    r.organization = "FieldSeal test";
    r.notBefore = seal::now() - 1h;
    r.notAfter = seal::now() + 24h * 30;
    return r;
}

} // namespace

class TestCccExemption : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AppController> m_app;
    std::unique_ptr<CccExemptionController> m_c;

    void fillValidForm(const QString& uscc, const QString& name) {
        m_c->setExhibition(kExhibition);
        m_c->setApplicantUscc(uscc);
        m_c->setApplicantName(name);
        m_c->setPurpose(QStringLiteral("展览展示，展后复运出境"));
        QVERIFY(m_c->addExhibit(QStringLiteral("全自动咖啡机"), QStringLiteral("KM-900"), QStringLiteral("8516.71"),
                                QStringLiteral("家用和类似用途设备"), 3, QStringLiteral("德国")));
    }

    // A trust list sealed by a signer under a self-signed root, listing `units` on the fast
    // channel, installed where the device keeps it (what VerificationController persists).
    void installTrustList(const nlohmann::json& units) {
        auto rootKey = seal::generateKey(seal::Algorithm::Es256);
        QVERIFY(rootKey);
        auto root = seal::issueCertificate(request(seal::CertProfile::Root, "Test root"), rootKey->get(), nullptr,
                                           rootKey->get());
        QVERIFY2(root, root ? "" : root.error().message.c_str());
        auto signerKey = seal::generateKey(seal::Algorithm::Es256);
        QVERIFY(signerKey);
        auto signerCert = seal::issueCertificate(request(seal::CertProfile::TrustListSigner, "Test trust list"),
                                                 signerKey->get(), root->get(), rootKey->get());
        QVERIFY2(signerCert, signerCert ? "" : signerCert.error().message.c_str());
        seal::TrustListContent content;
        content.sequence = 1;
        content.issuedAt = seal::now() - 1min;
        content.nextUpdate = seal::now() + 24h * 7;
        content.anchorsDer = {seal::certificateDer(root->get())};
        content.fastChannelUnits = units;
        std::vector<seal::X509Ptr> chain;
        chain.push_back(std::move(*root));
        auto signer = seal::Sealer::create(std::move(*signerKey), std::move(*signerCert), std::move(chain));
        QVERIFY2(signer, signer ? "" : signer.error().message.c_str());
        auto sealed = seal::sealTrustList(content, *signer);
        QVERIFY2(sealed, sealed ? "" : sealed.error().message.c_str());
        QFile f(m_app->dataDirectory() + QStringLiteral("/trust-list.json"));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QByteArray::fromStdString(sealed->dump()));
    }

    // An enrolled device: its key file (0600) and its certificate in the store's device profile.
    void enrollDevice() {
        auto key = seal::generateKey(seal::Algorithm::Es256);
        QVERIFY(key);
        auto cert = seal::issueCertificate(request(seal::CertProfile::Root, "Test device CA"), key->get(), nullptr, key->get());
        QVERIFY(cert);
        QFile f(m_c->deviceKeyPath());
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QVERIFY(f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        f.write(QByteArray::fromStdString(seal::privateKeyPem(key->get())));
        f.close();
        DeviceProfile profile;
        profile.certificatePem = seal::certificatePem(cert->get());
        saveDeviceProfile(*m_app->store().store(), profile);
    }

private slots:
    void init() {
        m_dir = std::make_unique<QTemporaryDir>();
        m_app = std::make_unique<AppController>(m_dir->path());
        QVERIFY(m_app->signInOffline(QStringLiteral("insp.wang")));
        m_c = std::make_unique<CccExemptionController>();
        m_c->setApp(m_app.get());
    }
    void cleanup() {
        m_c.reset();
        m_app.reset();
        m_dir.reset();
    }

    void hsCodeMustBeSixToTenDigits() {
        QVERIFY(CccExemptionController::hsCodeProblem(QStringLiteral("851671")).isEmpty());
        QVERIFY(CccExemptionController::hsCodeProblem(QStringLiteral("8516.71.00")).isEmpty());
        QVERIFY(CccExemptionController::hsCodeProblem(QStringLiteral("8516710000")).isEmpty());
        QVERIFY(!CccExemptionController::hsCodeProblem(QStringLiteral("85167")).isEmpty());
        QVERIFY(!CccExemptionController::hsCodeProblem(QStringLiteral("85167100001")).isEmpty());
        QVERIFY(!CccExemptionController::hsCodeProblem(QStringLiteral("8516AB")).isEmpty());
        QVERIFY(!CccExemptionController::hsCodeProblem(QString()).isEmpty());

        QVERIFY(!m_c->addExhibit(QStringLiteral("咖啡机"), {}, QStringLiteral("85-16"), QStringLiteral("家用和类似用途设备"), 1, {}));
        QCOMPARE(m_c->exhibits().size(), 0);
        QCOMPARE(m_c->problems().size(), 1);
        QVERIFY2(m_c->problems().first().contains(QStringLiteral("6 至 10 位数字")), qPrintable(m_c->problems().first()));
    }

    void missingApplicantIsRefusedAndNothingIsWritten() {
        m_c->setExhibition(kExhibition);
        QVERIFY(m_c->addExhibit(QStringLiteral("咖啡机"), {}, QStringLiteral("851671"), QStringLiteral("家用和类似用途设备"), 1, {}));
        const auto before = m_app->store().recordsOfType("ccc_exemption").size();
        QSignalSpy errors(m_c.get(), &CccExemptionController::errorOccurred);
        QVERIFY(!m_c->issue());
        QCOMPARE(errors.size(), 1);
        QVERIFY(m_c->problems().contains(QStringLiteral("请填写申请人名称。")));
        QVERIFY(!m_c->issued());
        QCOMPARE(m_app->store().recordsOfType("ccc_exemption").size(), before);

        m_c->setApplicantName(QStringLiteral("上海某某电器有限公司"));
        m_c->setApplicantUscc(QStringLiteral("91310115MA1K4XYZ0X"));
        QVERIFY(!m_c->validate());
        QVERIFY(m_c->problems().first().startsWith(QStringLiteral("统一社会信用代码无效")));
    }

    void fastChannelFunctionMatchesByUsccElseByName() {
        const nlohmann::json units = {validUscc().toStdString(), {{"name", kForeignName.toStdString()}}};
        QVERIFY(seal::onFastChannelList(units, validUscc().toStdString(), "any name"));
        QVERIFY(seal::onFastChannelList(units, "", kForeignName.toStdString()));
        QVERIFY(!seal::onFastChannelList(units, "", "Other GmbH"));
        QVERIFY(!seal::onFastChannelList(nlohmann::json::array(), validUscc().toStdString(), ""));
    }

    void fastChannelWithoutTrustListSaysSo() {
        fillValidForm({}, kForeignName);
        QCOMPARE(m_c->checkFastChannel(), QStringLiteral("no_trust_list"));
        QVERIFY(m_c->fastChannelText().contains(QStringLiteral("还没有信任列表")));
        // Issued all the same, without claiming the fast channel.
        QVERIFY2(m_c->issue(), qPrintable(m_c->lastError()));
        QVERIFY(!m_c->record().contains("fast_channel"));
    }

    void fastChannelAgainstTheDeviceTrustList() {
        installTrustList({validUscc().toStdString(), {{"name", kForeignName.toStdString()}}});
        m_c->setApplicantUscc(validUscc());
        m_c->setApplicantName(QStringLiteral("上海某某电器有限公司"));
        QCOMPARE(m_c->checkFastChannel(), QStringLiteral("listed"));
        m_c->setApplicantUscc({});
        m_c->setApplicantName(kForeignName);
        QCOMPARE(m_c->checkFastChannel(), QStringLiteral("listed"));
        m_c->setApplicantName(QStringLiteral("Other GmbH"));
        QCOMPARE(m_c->checkFastChannel(), QStringLiteral("not_listed"));
    }

    void issuesUnsealedWithoutDeviceKey() {
        QVERIFY(!m_c->deviceCanSeal());
        fillValidForm(validUscc(), QStringLiteral("上海某某电器有限公司"));
        QVERIFY2(m_c->issue(), qPrintable(m_c->lastError()));
        const auto r = m_app->store().record(m_c->exemptionId().toStdString());
        QVERIFY(r.is_object());
        QCOMPARE(QString::fromStdString(r["exhibition"].get<std::string>()), kExhibition);
        QCOMPARE(QString::fromStdString(r["applicant_uscc"].get<std::string>()), validUscc());
        QVERIFY(r["applicant_name"] == "上海某某电器有限公司");
        QVERIFY(r["purpose"] == "展览展示，展后复运出境");
        QVERIFY(r["issued_by"] == "insp.wang");
        QVERIFY(r["district"] == "310115");
        QVERIFY(r["exemption_status"] == "issued");
        QVERIFY(r["exhibits"].size() == 1u);
        QVERIFY(r["exhibits"][0]["hs_code"] == "851671");
        QVERIFY(r["exhibits"][0]["ccc_category"] == "家用和类似用途设备");
        QVERIFY(r["exhibits"][0]["quantity"] == 3);
        QVERIFY(r["exhibits"][0]["origin"] == "德国");
        QVERIFY(!r.contains("envelope"));
        QVERIFY(!m_c->deviceSealed());
        QVERIFY(m_c->qrText().isEmpty());
        QVERIFY(m_c->statusText().contains(QStringLiteral("未经设备签章")));
    }

    void issuesDeviceSealedWithScannableQr() {
        enrollDevice();
        QVERIFY(m_c->deviceCanSeal());
        fillValidForm({}, kForeignName);
        QVERIFY2(m_c->issue(), qPrintable(m_c->lastError()));
        const std::string id = m_c->exemptionId().toStdString();
        const auto r = m_app->store().record(id);
        QVERIFY(r.contains("envelope"));
        // The sealed payload is exactly what the server compares with the synced record.
        QVERIFY(seal::exemptionPayloadMismatches(id, r, r["envelope"]["payload"]).empty());
        QVERIFY(m_c->deviceSealed());
        QCOMPARE(m_c->status(), QStringLiteral("issued"));
        QCOMPARE(m_c->statusText(), QStringLiteral("已签发，等待服务器加盖公章"));

        QVERIFY(m_c->qrText().startsWith(QStringLiteral("FS1:")));
        auto decoded = seal::decodeQr(m_c->qrText().toStdString());
        QVERIFY(decoded);
        QVERIFY((*decoded)["payload"] == r["envelope"]["payload"]);
        const QImage qr = m_c->qrImage();
        QVERIFY(!qr.isNull());
        const QImage big = qr.scaled(qr.size() * 6, Qt::IgnoreAspectRatio, Qt::FastTransformation);
        QCOMPARE(readQrText(big), m_c->qrText());
        if (qEnvironmentVariableIsSet("FIELDSEAL_QR_PNG")) big.save(qEnvironmentVariable("FIELDSEAL_QR_PNG"));

        // The server's counter-seal arrives by sync: the status follows the record.
        QVERIFY(m_app->store().put("ccc_exemption", id, {{"exemption_status", "sealed"}}).isEmpty());
        QCOMPARE(m_c->status(), QStringLiteral("sealed"));
        QCOMPARE(m_c->statusText(), QStringLiteral("已正式加盖公章"));

        const QString pdf = m_c->exportPdf();
        QVERIFY2(!pdf.isEmpty(), qPrintable(m_c->lastError()));
        QVERIFY(pdf.startsWith(m_app->dataDirectory()));
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.startsWith("%PDF-"));
        QVERIFY(bytes.size() > 2000);
        QCOMPARE(m_c->pdfPath(), pdf);
        // The same layout as an image: the QR code drawn on it still decodes.
        const QImage preview = m_c->certificatePreview(300);
        QVERIFY(!preview.isNull());
        if (qEnvironmentVariableIsSet("FIELDSEAL_CERT_PNG")) preview.save(qEnvironmentVariable("FIELDSEAL_CERT_PNG"));
        QCOMPARE(readQrText(preview), m_c->qrText());
    }

    void qrRendererRoundTrips() {
        const QString text = QStringLiteral("FS1:TEST-QR-TEXT 0123456789");
        const QImage img = renderQrCode(text, 6);
        QVERIFY(!img.isNull());
        QCOMPARE(readQrText(img), text);
        QVERIFY(renderQrCode(QString()).isNull());
    }
};

QTEST_MAIN(TestCccExemption)
#include "tst_ccc_exemption.moc"
