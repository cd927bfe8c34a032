#include "controllers/ccc_exemption_controller.h"

#include "controllers/app_controller.h"
#include "client/device_key.h"
#include "device/device_trust.h"
#include "client/device_profile.h"
#include "device/device_store.h"
#include "rendering/exemption_certificate_pdf.h"
#include "models/json_bridge.h"
#include "model/uscc.h"
#include "rendering/qr_code_image.h"
#include "seal/certificates.h"
#include "seal/encoding.h"
#include "seal/exemption_payload.h"
#include "seal/qr_codec.h"
#include "seal/sealer.h"
#include "seal/trust_store.h"
#include "store/sqlite_store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPainter>

namespace fieldseal::app {
namespace {

QString digitsOnly(const QString& hsCode) {
    QString out = hsCode;
    out.remove(QLatin1Char('.'));
    out.remove(QLatin1Char(' '));
    return out;
}

// The device's sealer, when this tablet holds both its key file and an enrolled certificate;
// otherwise why not (for the log; people see the plain status line).
Result<seal::Sealer> deviceSealer(DeviceStore& store, const QString& keyPath) {
    if (!store.store()) return validationError(ErrorCode::InvalidInput, "no store open");
    DeviceProfile profile;
    try {
        profile = loadDeviceProfile(*store.store());
    } catch (const std::exception& e) {
        return validationError(ErrorCode::InvalidInput, e.what());
    }
    if (profile.certificatePem.empty())
        return validationError(ErrorCode::InvalidInput, "the device is not enrolled");
    if (!QFileInfo::exists(keyPath))
        return validationError(ErrorCode::InvalidInput, "no device key file");
    auto key = loadDeviceKey(keyPath.toStdString());
    if (!key) return key.error();
    auto cert = seal::certificateFromPem(profile.certificatePem);
    if (!cert) return cert.error();
    std::vector<seal::X509Ptr> chain;
    for (const auto& pem : profile.chainPem) {
        auto c = seal::certificateFromPem(pem);
        if (!c) return c.error();
        chain.push_back(std::move(*c));
    }
    return seal::Sealer::create(std::move(key->key), std::move(*cert), std::move(chain));
}

} // namespace

CccExemptionController::CccExemptionController(QObject* parent) : QObject(parent) {}

CccExemptionController::~CccExemptionController() = default;

AppController* CccExemptionController::app() const {
    return m_app;
}

void CccExemptionController::setApp(AppController* app) {
    if (app == m_app) return;
    if (m_app) disconnect(m_app, nullptr, this, nullptr);
    m_app = app;
    if (m_app) {
        connect(m_app, &AppController::sessionChanged, this, &CccExemptionController::appChanged);
        // Sync replaces the data under us: the server's counter-seal arrives this way.
        connect(&m_app->store(), &DeviceStore::changed, this, &CccExemptionController::reloadRecord);
        connect(m_app, &AppController::languageChanged, this, [this] {
            emit fastChannelChanged();
            emit recordChanged();
        });
    }
    emit appChanged();
}

bool CccExemptionController::canIssue() const {
    if (!m_app || !m_app->signedIn()) return false;
    // Exhibition staff issue exemptions; the offline demo lets anyone try the page.
    return m_app->role() == QLatin1String("exhibition_staff") || m_app->offlineDemo();
}

QString CccExemptionController::deviceKeyPath() const {
    return m_app ? m_app->deviceKeyPath() : QString();
}

bool CccExemptionController::deviceCanSeal() const {
    return m_app && m_app->signedIn() && static_cast<bool>(deviceSealer(m_app->store(), deviceKeyPath()));
}

void CccExemptionController::setExhibition(const QString& v) {
    if (v == m_exhibition) return;
    m_exhibition = v;
    emit formChanged();
}

void CccExemptionController::setApplicantUscc(const QString& v) {
    const QString t = v.trimmed().toUpper();
    if (t == m_applicantUscc) return;
    m_applicantUscc = t;
    m_fastChannel = QStringLiteral("unchecked"); // another applicant: check again
    emit formChanged();
    emit fastChannelChanged();
}

void CccExemptionController::setApplicantName(const QString& v) {
    if (v == m_applicantName) return;
    m_applicantName = v;
    m_fastChannel = QStringLiteral("unchecked");
    emit formChanged();
    emit fastChannelChanged();
}

void CccExemptionController::setPurpose(const QString& v) {
    if (v == m_purpose) return;
    m_purpose = v;
    emit formChanged();
}

QString CccExemptionController::hsCodeProblem(const QString& hsCode) {
    const QString d = digitsOnly(hsCode);
    bool digits = !d.isEmpty();
    for (const QChar c : d)
        digits = digits && c.isDigit() && c.unicode() < 128;
    if (!digits || d.size() < 6 || d.size() > 10)
        return tr("HS 编码“%1”无效：应为 6 至 10 位数字。").arg(hsCode);
    return {};
}

bool CccExemptionController::addExhibit(const QString& name, const QString& model, const QString& hsCode,
                                        const QString& cccCategory, int quantity, const QString& origin) {
    QStringList p;
    if (name.trimmed().isEmpty()) p << tr("请填写展品名称。");
    if (const auto hs = hsCodeProblem(hsCode); !hs.isEmpty()) p << hs;
    if (cccCategory.trimmed().isEmpty()) p << tr("请选择 CCC 目录类别。");
    if (quantity < 1) p << tr("数量至少为 1。");
    setProblems(p);
    if (!p.isEmpty()) return false;
    m_exhibits << QVariantMap{{QStringLiteral("name"), name.trimmed()},
                              {QStringLiteral("model"), model.trimmed()},
                              {QStringLiteral("hs_code"), digitsOnly(hsCode)},
                              {QStringLiteral("ccc_category"), cccCategory.trimmed()},
                              {QStringLiteral("quantity"), quantity},
                              {QStringLiteral("origin"), origin.trimmed()}};
    emit formChanged();
    return true;
}

void CccExemptionController::removeExhibit(int index) {
    if (index < 0 || index >= m_exhibits.size()) return;
    m_exhibits.removeAt(index);
    emit formChanged();
}

QString CccExemptionController::checkFastChannel() {
    // The same list the verifier uses: the enrolled device's trust list, else one imported by hand.
    auto trust = m_app ? openAppTrustStore(*m_app) : nullptr;
    if (!trust)
        m_fastChannel = QStringLiteral("no_trust_list");
    else
        m_fastChannel = seal::onFastChannelList(trust->fastChannelUnits(), m_applicantUscc.toStdString(),
                                                m_applicantName.trimmed().toStdString())
                            ? QStringLiteral("listed")
                            : QStringLiteral("not_listed");
    emit fastChannelChanged();
    return m_fastChannel;
}

QString CccExemptionController::fastChannelText() const {
    if (m_fastChannel == QLatin1String("listed")) return tr("申请人在便捷通道名单内。");
    if (m_fastChannel == QLatin1String("not_listed"))
        return tr("申请人不在便捷通道名单内：可签发，但不按便捷通道办理。");
    if (m_fastChannel == QLatin1String("no_trust_list"))
        return tr("本机还没有信任列表，无法核对便捷通道名单。请先联网同步或导入信任列表。");
    return tr("尚未核对便捷通道名单。");
}

bool CccExemptionController::validate() {
    QStringList p;
    if (m_exhibition.trimmed().isEmpty()) p << tr("请填写展会名称。");
    if (m_applicantName.trimmed().isEmpty()) p << tr("请填写申请人名称。");
    if (!m_applicantUscc.isEmpty()) {
        if (auto s = validateUscc(m_applicantUscc.toStdString()); !s)
            p << tr("统一社会信用代码无效：%1").arg(QString::fromStdString(s.error().message));
    }
    if (m_exhibits.isEmpty()) p << tr("请至少添加一件展品。");
    setProblems(p);
    return p.isEmpty();
}

bool CccExemptionController::issue() {
    if (!canIssue()) {
        setError(tr("当前账号不能签发免办证明。"));
        return false;
    }
    if (!validate()) {
        setError(m_problems.join(QLatin1Char(' ')));
        return false;
    }
    if (m_fastChannel == QLatin1String("unchecked")) checkFastChannel();

    DeviceStore& store = m_app->store();
    const std::string id = store.newId();
    nlohmann::json fields = {{"exhibition", m_exhibition.trimmed().toStdString()},
                             {"applicant_name", m_applicantName.trimmed().toStdString()},
                             {"exhibits", fromVariant(m_exhibits)},
                             {"issued_by", m_app->userName().toStdString()},
                             {"district", m_app->district().toStdString()}};
    if (!m_applicantUscc.isEmpty()) fields["applicant_uscc"] = m_applicantUscc.toStdString();
    if (!m_purpose.trimmed().isEmpty()) fields["purpose"] = m_purpose.trimmed().toStdString();
    // Claimed only when checked: the server re-checks a claimed fast channel before counter-sealing.
    if (m_fastChannel == QLatin1String("listed")) fields["fast_channel"] = true;
    if (m_fastChannel == QLatin1String("not_listed")) fields["fast_channel"] = false;

    if (auto sealer = deviceSealer(store, deviceKeyPath())) {
        const std::string name = m_app->displayName().toStdString();
        const seal::SealIdentity identity{"device:" + m_app->deviceId().toStdString(), name, seal::sha256Hex(name)};
        auto envelope = sealer->seal(seal::exemptionPayload(id, fields), identity, seal::now(), true);
        if (!envelope) {
            setError(tr("设备签章失败：%1").arg(QString::fromStdString(envelope.error().message)));
            return false;
        }
        fields["envelope"] = std::move(*envelope);
    }
    fields["exemption_status"] = "issued";

    std::vector<std::pair<std::string, nlohmann::json>> list;
    for (auto it = fields.begin(); it != fields.end(); ++it)
        list.emplace_back(it.key(), it.value());
    if (auto e = store.put("ccc_exemption", id, list); !e.isEmpty()) {
        setError(tr("免办证明未能保存：%1").arg(e));
        return false;
    }
    m_id = QString::fromStdString(id);
    m_pdfPath.clear();
    setError({});
    reloadRecord();
    return true;
}

bool CccExemptionController::open(const QString& exemptionId) {
    if (!m_app) return false;
    const auto r = m_app->store().record(exemptionId.toStdString());
    if (!r.is_object()) {
        setError(tr("找不到免办证明 %1。").arg(exemptionId));
        return false;
    }
    m_id = exemptionId;
    m_pdfPath.clear();
    reloadRecord();
    return true;
}

void CccExemptionController::startNew() {
    m_exhibition.clear();
    m_applicantUscc.clear();
    m_applicantName.clear();
    m_purpose.clear();
    m_exhibits.clear();
    m_fastChannel = QStringLiteral("unchecked");
    m_id.clear();
    m_record = nullptr;
    m_qrText.clear();
    m_qrImage = {};
    m_pdfPath.clear();
    setProblems({});
    setError({});
    emit formChanged();
    emit fastChannelChanged();
    emit recordChanged();
}

void CccExemptionController::reloadRecord() {
    if (m_id.isEmpty() || !m_app) return;
    m_record = m_app->store().record(m_id.toStdString());
    m_qrText.clear();
    m_qrImage = {};
    const auto env = m_record.is_object() ? m_record.find("envelope") : m_record.end();
    if (m_record.is_object() && env != m_record.end() && env->is_object()) {
        if (auto text = seal::encodeQr(*env)) {
            m_qrText = QString::fromStdString(*text);
            m_qrImage = renderQrCode(m_qrText, 1);
        }
    }
    emit recordChanged();
}

bool CccExemptionController::deviceSealed() const {
    return m_record.is_object() && m_record.contains("envelope") && m_record["envelope"].is_object();
}

QString CccExemptionController::status() const {
    return textOf(m_record, "exemption_status");
}

QString CccExemptionController::statusText() const {
    if (!issued()) return {};
    const QString s = status();
    if (s == QLatin1String("sealed")) return tr("已正式加盖公章");
    if (s == QLatin1String("cancelled")) return tr("已作废");
    if (!deviceSealed())
        return tr("已签发，未经设备签章：本机尚未登记设备密钥，服务器不会为其加盖公章，需在已登记的设备上重新签发");
    return tr("已签发，等待服务器加盖公章");
}

QString CccExemptionController::exportPdf() {
    if (!issued() || !m_app) {
        setError(tr("请先签发免办证明。"));
        return {};
    }
    const QString dir = m_app->dataDirectory() + QStringLiteral("/exemptions");
    QDir().mkpath(dir);
    const QString path = dir + QLatin1Char('/') + m_id + QStringLiteral(".pdf");

    const ExemptionCertificateText t = certificateText();
    const QImage qr = m_qrImage.isNull() ? QImage() : m_qrImage.scaled(m_qrImage.size() * 8, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    if (auto e = writeExemptionCertificatePdf(path, t, qr); !e.isEmpty()) {
        setError(tr("PDF 未能导出：%1").arg(e));
        return {};
    }
    m_pdfPath = path;
    setError({});
    emit recordChanged();
    return path;
}

ExemptionCertificateText CccExemptionController::certificateText() const {
    ExemptionCertificateText t;
    t.title = tr("CCC 免办证明（展会展品）");
    t.statusLine = statusText();
    const auto text = [this](const char* f) { return textOf(m_record, f); };
    t.fields = {{tr("编号"), m_id},
                {tr("展会"), text("exhibition")},
                {tr("申请人"), text("applicant_name")},
                {tr("统一社会信用代码"), text("applicant_uscc").isEmpty() ? tr("无（境外申请人）") : text("applicant_uscc")},
                {tr("用途"), text("purpose")},
                {tr("便捷通道"), !m_record.contains("fast_channel") ? tr("未核对")
                                 : m_record["fast_channel"] == true ? tr("是")
                                                                     : tr("否")},
                {tr("签发人"), text("issued_by")},
                {tr("辖区"), text("district")}};
    t.exhibitHeaders = {tr("展品名称"), tr("型号"), tr("HS 编码"), tr("CCC 目录类别"), tr("数量"), tr("原产地")};
    const auto exhibits = m_record.is_object() ? m_record.value("exhibits", nlohmann::json::array()) : nlohmann::json::array();
    for (const auto& e : exhibits) {
        t.exhibitRows << QStringList{textOf(e, "name"), textOf(e, "model"), textOf(e, "hs_code"), textOf(e, "ccc_category"),
                                     e.contains("quantity") ? QString::fromStdString(e["quantity"].dump()) : QString(),
                                     textOf(e, "origin")};
    }
    t.qrCaption = tr("扫码核验设备签章");
    return t;
}

QImage CccExemptionController::certificatePreview(int dpi) const {
    const int width = static_cast<int>(210 / 25.4 * dpi), height = static_cast<int>(297 / 25.4 * dpi);
    const int margin = static_cast<int>(15 / 25.4 * dpi);
    QImage page(width, height, QImage::Format_RGB32);
    page.setDotsPerMeterX(static_cast<int>(dpi / 0.0254));
    page.setDotsPerMeterY(static_cast<int>(dpi / 0.0254));
    page.fill(Qt::white);
    QPainter p(&page);
    p.translate(margin, margin);
    const QImage qr = m_qrImage.isNull() ? QImage() : m_qrImage.scaled(m_qrImage.size() * 8, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    paintExemptionCertificate(p, width - 2 * margin, dpi, certificateText(), qr);
    return page;
}

void CccExemptionController::setProblems(const QStringList& problems) {
    if (problems == m_problems) return;
    m_problems = problems;
    emit problemsChanged();
}

void CccExemptionController::setError(const QString& message) {
    if (message == m_lastError) return;
    m_lastError = message;
    emit lastErrorChanged();
    if (!message.isEmpty()) emit errorOccurred(message);
}

} // namespace fieldseal::app
