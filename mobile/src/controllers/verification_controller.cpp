#include "controllers/verification_controller.h"

#include "controllers/app_controller.h"
#include "device/device_trust.h"
#include "controllers/sync_controller.h"
#include "controllers/inspection_controller.h"
#include "models/json_bridge.h"
#include "platform/qr_image_reader.h"
#include "seal/envelope.h"
#include "seal/qr_codec.h"
#include "seal/trust_store.h"

#include <QFile>
#include <QImage>

namespace fieldseal::app {
namespace {

// Payload members people understand, in the order a certificate shows them.
const struct {
    const char* key;
    const char* label;
} kPayloadLabels[] = {
    {"kind", QT_TRANSLATE_NOOP("VerificationController", "证书类型")},
    {"number", QT_TRANSLATE_NOOP("VerificationController", "证书编号")},
    {"holder", QT_TRANSLATE_NOOP("VerificationController", "持证人")},
    {"holder_uscc", QT_TRANSLATE_NOOP("VerificationController", "统一社会信用代码")},
    {"scope", QT_TRANSLATE_NOOP("VerificationController", "范围")},
    {"valid_from", QT_TRANSLATE_NOOP("VerificationController", "有效期起")},
    {"valid_to", QT_TRANSLATE_NOOP("VerificationController", "有效期至")},
    {"applicant_name", QT_TRANSLATE_NOOP("VerificationController", "申请人")},
    {"exhibition", QT_TRANSLATE_NOOP("VerificationController", "展会")},
};

QVariantMap row(const QString& label, const QString& value) {
    return {{QStringLiteral("label"), label}, {QStringLiteral("value"), value}};
}

QString scalarText(const nlohmann::json& v) {
    return v.is_string() ? QString::fromStdString(v.get<std::string>()) : QString::fromStdString(v.dump());
}

} // namespace

VerificationController::VerificationController(AppController& app)
    : m_app(app), m_trust(std::make_unique<seal::TrustStore>()) {
    reloadTrust();
    connect(&app, &AppController::languageChanged, this, &VerificationController::reportChanged);
    // A new account, or a sync that renewed the trust list.
    connect(&app, &AppController::sessionChanged, this, &VerificationController::reloadTrust);
    if (app.sync()) connect(app.sync(), &SyncController::finished, this, &VerificationController::reloadTrust);
}

void VerificationController::reloadTrust() {
    auto trust = openAppTrustStore(m_app);
    const auto before = m_trust->sequence();
    m_trust = trust ? std::move(trust) : std::make_unique<seal::TrustStore>();
    if (m_trust->sequence() != before) emit trustChanged();
}

VerificationController::~VerificationController() = default;

QString VerificationController::trustListPath() const {
    return m_app.dataDirectory() + QStringLiteral("/trust-list.json");
}

int VerificationController::trustListSequence() const {
    const auto s = m_trust->sequence();
    return s ? static_cast<int>(*s) : -1;
}

bool VerificationController::installTrustList(const QByteArray& envelopeJson) {
    const auto j = nlohmann::json::parse(envelopeJson.toStdString(), nullptr, false);
    if (j.is_discarded()) {
        setError(tr("信任列表不是有效的 JSON。"));
        return false;
    }
    if (auto s = m_trust->install(j, seal::now(), seal::InstallMode::TrustOnFirstUse); !s) {
        setError(tr("信任列表未能安装：%1").arg(QString::fromStdString(s.error().message)));
        return false;
    }
    QFile f(trustListPath());
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(QByteArray::fromStdString(m_trust->currentTrustList().dump()));
    emit trustChanged();
    return true;
}

bool VerificationController::importTrustList(const QUrl& file) {
    QFile f(file.isLocalFile() ? file.toLocalFile() : file.toString());
    if (!f.open(QIODevice::ReadOnly)) {
        setError(tr("无法读取文件：%1").arg(f.errorString()));
        return false;
    }
    return installTrustList(f.readAll());
}

void VerificationController::setError(const QString& message) {
    m_lastError = message;
    emit reportChanged();
}

void VerificationController::clear() {
    m_report = nullptr;
    m_source.clear();
    m_recorded = false;
    m_lastError.clear();
    emit reportChanged();
}

void VerificationController::verifyText(const QString& text) {
    const std::string t = text.trimmed().toStdString();
    m_recorded = false;
    m_lastError.clear();
    m_source = text.trimmed();
    const auto report = m_trust->verifyText(t, seal::now());
    m_report = report.toJson();
    // The payload, for showing what the certificate says (only trusted when the verdict is green).
    Result<nlohmann::json> envelope = t.rfind(seal::kQrPrefix, 0) == 0 ? seal::decodeQr(t) : seal::parseJsonText(t);
    if (envelope && envelope->is_object() && envelope->contains("payload")) m_report["payload"] = (*envelope)["payload"];
    emit reportChanged();
}

void VerificationController::verifyImage(const QUrl& file) {
    const QImage image(file.isLocalFile() ? file.toLocalFile() : file.toString());
    if (image.isNull()) {
        clear();
        setError(tr("无法打开图片。"));
        return;
    }
    const QString text = readQrText(image);
    if (text.isEmpty()) {
        clear();
        setError(tr("图片中没有找到二维码。"));
        return;
    }
    verifyText(text);
}

QString VerificationController::verdict() const {
    if (!hasReport()) return {};
    const auto i = m_report.value("indication", std::string());
    if (i == "PASSED") return QStringLiteral("green");
    if (i == "FAILED") return QStringLiteral("red");
    return QStringLiteral("amber");
}

QString VerificationController::headline() const {
    if (!hasReport()) return {};
    const auto v = verdict();
    if (v == QLatin1String("green")) return tr("证书真实有效");
    if (v == QLatin1String("red")) return tr("证书验证未通过");
    return tr("暂时无法确认");
}

QString VerificationController::explanation() const {
    if (!hasReport()) return {};
    const auto e = m_report.value("explanation", nlohmann::json::object());
    return textOf(e, m_app.english() ? "en" : "zh");
}

QVariantList VerificationController::details() const {
    QVariantList out;
    if (!hasReport()) return out;
    out << row(tr("结论"), textOf(m_report, "indication") + QLatin1Char(' ') + textOf(m_report, "sub_indication"));
    const auto sealInfo = m_report.value("seal", nlohmann::json::object());
    if (!textOf(sealInfo, "name").isEmpty()) out << row(tr("印章"), textOf(sealInfo, "name"));
    const auto signer = m_report.value("signer", nlohmann::json::object());
    if (!textOf(signer, "subject").isEmpty()) out << row(tr("签章人"), textOf(signer, "subject"));
    if (!textOf(m_report, "signed_at").isEmpty()) out << row(tr("签章时间"), textOf(m_report, "signed_at"));
    if (!textOf(m_report, "alg").isEmpty()) out << row(tr("算法"), textOf(m_report, "alg"));
    if (m_report.contains("trust_list_sequence") && !m_report["trust_list_sequence"].is_null())
        out << row(tr("信任列表版本"), scalarText(m_report["trust_list_sequence"]));
    if (!textOf(m_report, "detail").isEmpty()) out << row(tr("技术细节"), textOf(m_report, "detail"));
    return out;
}

QVariantList VerificationController::contents() const {
    QVariantList out;
    if (!hasReport()) return out;
    const auto payload = m_report.value("payload", nlohmann::json::object());
    if (!payload.is_object()) return out;
    for (const auto& l : kPayloadLabels)
        if (payload.contains(l.key)) out << row(tr(l.label), scalarText(payload[l.key]));
    return out;
}

bool VerificationController::recordAsEvidence() {
    if (!hasReport()) return false;
    auto* inspection = m_app.inspection();
    if (!inspection->loaded()) {
        setError(tr("请先打开一项检查，再记录核验结果。"));
        return false;
    }
    nlohmann::json evidence = {{"kind", "certificate_verification"}, {"report", m_report},
                               {"input", m_source.toStdString()}};
    if (!inspection->addEvidenceBytes(QByteArray::fromStdString(evidence.dump(2)), QStringLiteral("application/json"),
                                      QStringLiteral("certificate-check.json"), {})) {
        setError(inspection->lastError());
        return false;
    }
    m_recorded = true;
    emit reportChanged();
    return true;
}

} // namespace fieldseal::app
