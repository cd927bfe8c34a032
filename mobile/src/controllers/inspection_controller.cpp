#include "controllers/inspection_controller.h"

#include "controllers/app_controller.h"
#include "device/device_store.h"
#include "platform/evidence_file.h"
#include "models/inspection_heading.h"
#include "models/json_bridge.h"
#include "models/labels.h"
#include "model/schema.h"
#include "seal/canonical_json.h"
#include "rendering/signature_image.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

namespace fieldseal::app {
namespace {

std::string nowRfc3339() {
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
}

const char* const kResults[] = {"pass", "fail", "not_applicable", "unanswered"};

} // namespace

InspectionController::InspectionController(AppController& app) : m_app(app) {
    connect(&app.store(), &DeviceStore::changed, this, [this] {
        if (loaded()) reload();
    });
    connect(&app, &AppController::languageChanged, this, [this] {
        const auto answers = m_record.is_object() ? m_record.value("answers", nlohmann::json::object())
                                                  : nlohmann::json::object();
        m_checklist.reset(m_checklist.checklistTemplate(), answers, m_app.english());
        if (loaded()) loadAttachments(); // role labels
        emit changed();
    });
}

QString InspectionController::title() const {
    return heading::title(m_checklist.checklistTemplate(), m_record, m_app.english());
}

QString InspectionController::organisation() const {
    return heading::organisation(m_org, m_record);
}

QString InspectionController::organisationUscc() const {
    return textOf(m_org, "uscc");
}

QString InspectionController::address() const {
    return textOf(m_org, "address");
}

QStringList InspectionController::inspectors() const {
    return heading::inspectors(m_record);
}

QString InspectionController::status() const {
    return m_record.is_object() ? QString::fromStdString(m_record.value("status", std::string(status::kDraft)))
                                : QString();
}

QString InspectionController::statusLabel() const {
    return labels::taskStatus(status());
}

bool InspectionController::editable() const {
    return loaded() && !statusIsLocked(status().toStdString());
}

int InspectionController::itemCount() const {
    return m_checklist.rowCount();
}

int InspectionController::answeredCount() const {
    int n = 0;
    for (const auto& item : m_checklist.checklistTemplate() ? m_checklist.checklistTemplate()->items
                                                           : std::vector<ChecklistItem>{})
        if (m_checklist.resultOf(item.id) != QLatin1String("unanswered")) ++n;
    return n;
}

int InspectionController::failedCount() const {
    int n = 0;
    if (const auto* t = m_checklist.checklistTemplate())
        for (const auto& item : t->items)
            if (m_checklist.resultOf(item.id) == QLatin1String("fail")) ++n;
    return n;
}

int InspectionController::score() const {
    int pass = 0, fail = 0;
    if (const auto* t = m_checklist.checklistTemplate())
        for (const auto& item : t->items) {
            const auto r = m_checklist.resultOf(item.id);
            if (r == QLatin1String("pass")) ++pass;
            if (r == QLatin1String("fail")) ++fail;
        }
    if (pass + fail == 0) return -1;
    return (100 * pass + (pass + fail) / 2) / (pass + fail);
}

int InspectionController::requiredMissing() const {
    int n = 0;
    if (const auto* t = m_checklist.checklistTemplate())
        for (const auto& item : t->items)
            if (item.required && m_checklist.resultOf(item.id) == QLatin1String("unanswered")) ++n;
    return n;
}

QString InspectionController::findings() const {
    return textOf(m_record, "findings");
}

QString InspectionController::conclusion() const {
    return textOf(m_record, "conclusion");
}

QString InspectionController::reviewComment() const {
    return textOf(m_record, "review_comment");
}

QStringList InspectionController::problems() const {
    QStringList out;
    if (!loaded()) return out;
    const auto* t = m_checklist.checklistTemplate();
    if (!t) {
        out << tr("找不到检查表模板 %1。").arg(textOf(m_record, "template_id"));
        return out;
    }
    const bool en = m_app.english();
    for (const auto& item : t->items) {
        const auto r = m_checklist.resultOf(item.id);
        const auto name = en ? item.titleEn : item.titleZh;
        if (item.required && r == QLatin1String("unanswered"))
            out << tr("必查项未检查：%1").arg(name);
        if (r == QLatin1String("fail") && m_checklist.noteOf(item.id).trimmed().isEmpty())
            out << tr("不合格项需写明情况：%1").arg(name);
    }
    const auto c = conclusion();
    if (c.isEmpty()) out << tr("请选择检查结论。");
    if (failedCount() > 0 && c == QLatin1String("conforming"))
        out << tr("存在不合格项，结论不能为“符合”。");
    if (failedCount() > 0 && findings().trimmed().isEmpty()) out << tr("存在不合格项，请填写检查发现。");
    if (inspectors().size() < 2) out << tr("现场检查须有两名检查人员。");
    return out;
}

bool InspectionController::hasStaleSignature() const {
    for (const auto& s : m_signatures)
        if (s.toMap().value(QStringLiteral("stale")).toBool()) return true;
    return false;
}

QString InspectionController::attestation() const {
    return tr("本人已阅读上述检查记录，确认内容与现场情况一致。");
}

bool InspectionController::fail(const QString& message) {
    m_lastError = message;
    emit lastErrorChanged();
    return false;
}

bool InspectionController::openTask(const QString& taskId) {
    auto& store = m_app.store();
    const auto task = store.record(taskId.toStdString());
    if (!task.is_object() || task.value("type", "") != "task") return fail(tr("找不到任务 %1。").arg(taskId));
    const std::string id = "insp-" + taskId.toStdString();
    if (!store.record(id).is_object()) {
        std::vector<std::pair<std::string, nlohmann::json>> fields = {
            {"task_id", taskId.toStdString()},
            {"organisation_id", task.value("organisation_id", "")},
            {"template_id", task.value("template_id", "")},
            {"district", task.value("district", "")},
            {"started_at", nowRfc3339()}};
        if (task.contains("inspection_type")) fields.emplace_back("inspection_type", task["inspection_type"]);
        if (task.contains("inspectors")) fields.emplace_back("inspectors", task["inspectors"]);
        if (!m_app.location().isEmpty()) fields.emplace_back("location", fromVariant(m_app.location()));
        if (auto e = store.put("inspection", id, fields); !e.isEmpty()) return fail(e);
    }
    m_taskId = taskId;
    m_inspectionId = QString::fromStdString(id);
    m_task = task;
    m_org = store.record(task.value("organisation_id", ""));
    m_record = nlohmann::json();
    reload();
    m_lastError.clear();
    emit lastErrorChanged();
    return true;
}

void InspectionController::close() {
    m_taskId.clear();
    m_inspectionId.clear();
    m_record = m_task = m_org = nlohmann::json();
    m_evidence.clear();
    m_signatures.clear();
    m_checklist.reset(nullptr, {}, m_app.english());
    emit changed();
}

void InspectionController::reload() {
    auto rec = m_app.store().record(m_inspectionId.toStdString());
    if (!rec.is_object()) {
        close();
        return;
    }
    const auto* tmpl = m_app.templates().find(textOf(rec, "template_id"));
    const auto answers = rec.value("answers", nlohmann::json::object());
    const bool fresh = tmpl != m_checklist.checklistTemplate() || !m_record.is_object();
    m_record = std::move(rec); // before the model reports: its views read this controller
    if (fresh)
        m_checklist.reset(tmpl, answers, m_app.english());
    else
        m_checklist.updateAnswers(answers);
    loadAttachments();
    emit changed();
}

void InspectionController::loadAttachments() {
    auto& store = m_app.store();
    const std::string id = m_inspectionId.toStdString();
    m_evidence.clear();
    for (const auto& e : store.evidenceOf(id)) {
        QVariantMap m = toVariant(e).toMap();
        const auto sha = textOf(e, "sha256");
        m.insert(QStringLiteral("available"), QFileInfo::exists(m_app.blobPath(sha)));
        m.insert(QStringLiteral("url"), QUrl::fromLocalFile(m_app.blobPath(sha)));
        m_evidence << m;
    }
    m_signatures.clear();
    for (const auto& s : m_record.value("signatures", nlohmann::json::array())) {
        const auto sig = store.record(s.value("id", ""));
        if (!sig.is_object()) continue;
        QVariantMap m = toVariant(sig).toMap();
        m.insert(QStringLiteral("stale"), s.value("stale", false));
        m.insert(QStringLiteral("roleLabel"), labels::signerRole(textOf(sig, "signer_role")));
        const auto sha = textOf(sig, "image_sha256");
        if (!sha.isEmpty()) m.insert(QStringLiteral("imageUrl"), QUrl::fromLocalFile(m_app.blobPath(sha)));
        m_signatures << m;
    }
}

bool InspectionController::edit(const std::vector<std::pair<std::string, nlohmann::json>>& fields) {
    if (!loaded()) return fail(tr("没有打开的检查。"));
    if (!editable()) return fail(tr("检查记录已提交，不能修改。"));
    if (auto e = m_app.store().put("inspection", m_inspectionId.toStdString(), fields); !e.isEmpty())
        return fail(e);
    return true;
}

bool InspectionController::setResult(const QString& itemId, const QString& result) {
    if (std::find(std::begin(kResults), std::end(kResults), result.toStdString()) == std::end(kResults))
        return fail(tr("无效的检查结果：%1").arg(result));
    if (m_checklist.rowOf(itemId) < 0) return fail(tr("检查表中没有此项：%1").arg(itemId));
    nlohmann::json answer = {{"result", result.toStdString()}};
    if (const auto note = m_checklist.noteOf(itemId); !note.isEmpty()) answer["note"] = note.toStdString();
    return edit({{"answers." + itemId.toStdString(), answer}});
}

bool InspectionController::setNote(const QString& itemId, const QString& note) {
    if (m_checklist.rowOf(itemId) < 0) return fail(tr("检查表中没有此项：%1").arg(itemId));
    if (note == m_checklist.noteOf(itemId)) return true;
    nlohmann::json answer = {{"result", m_checklist.resultOf(itemId).toStdString()}};
    if (!note.isEmpty()) answer["note"] = note.toStdString();
    return edit({{"answers." + itemId.toStdString(), answer}});
}

bool InspectionController::setFindings(const QString& findings) {
    if (findings == this->findings()) return true;
    const auto text = findings.trimmed();
    return edit({{"findings", text.isEmpty() ? nlohmann::json(nullptr) : nlohmann::json(findings.toStdString())}});
}

bool InspectionController::setConclusion(const QString& conclusion) {
    if (conclusion == this->conclusion()) return true;
    return edit({{"conclusion", conclusion.isEmpty() ? nlohmann::json(nullptr)
                                                     : nlohmann::json(conclusion.toStdString())}});
}

bool InspectionController::submit() {
    if (!loaded()) return fail(tr("没有打开的检查。"));
    if (const auto p = problems(); !p.isEmpty()) return fail(p.join(QLatin1Char('\n')));
    // The end time is set when the first signature is made (the content signed includes it);
    // setting it here again would change what was signed and make every signature stale.
    if (textOf(m_record, "ended_at").isEmpty() && !edit({{"ended_at", nowRfc3339()}})) return false;
    if (auto e = m_app.store().put("inspection", m_inspectionId.toStdString(), {{"status", "submitted"}});
        !e.isEmpty())
        return fail(e);
    emit submitted();
    return true;
}

bool InspectionController::addEvidenceFile(const QUrl& file, const QString& itemId) {
    if (!loaded()) return fail(tr("没有打开的检查。"));
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    const auto info = describeFile(path);
    if (!info.error.isEmpty()) return fail(tr("无法读取文件：%1").arg(info.error));
    // Content-addressed copy: the blob the uploader sends later, kept even if the original goes.
    const QString blob = m_app.blobPath(info.sha256);
    if (!QFileInfo::exists(blob) && !QFile::copy(path, blob)) return fail(tr("无法保存证据文件。"));
    std::vector<std::pair<std::string, nlohmann::json>> fields = {
        {"inspection_id", m_inspectionId.toStdString()},
        {"sha256", info.sha256.toStdString()},
        {"media_type", info.mediaType.toStdString()},
        {"size", info.size},
        {"captured_at", nowRfc3339()},
        {"device", m_app.deviceId().toStdString()},
        {"inspector", m_app.userName().toStdString()},
        {"file_name", info.fileName.toStdString()},
        {"district", m_record.value("district", "")}};
    if (!itemId.isEmpty()) fields.emplace_back("item_id", itemId.toStdString());
    if (!m_app.location().isEmpty()) fields.emplace_back("location", fromVariant(m_app.location()));
    return putEvidence(fields, info.sha256, info.size);
}

bool InspectionController::addEvidenceBytes(const QByteArray& bytes, const QString& mediaType,
                                            const QString& fileName, const QString& itemId) {
    if (!loaded()) return fail(tr("没有打开的检查。"));
    const auto sha = sha256Hex(bytes);
    QFile blob(m_app.blobPath(sha));
    if (!blob.exists() && (!blob.open(QIODevice::WriteOnly) || blob.write(bytes) != bytes.size()))
        return fail(tr("无法保存证据文件。"));
    blob.close();
    std::vector<std::pair<std::string, nlohmann::json>> fields = {
        {"inspection_id", m_inspectionId.toStdString()}, {"sha256", sha.toStdString()},
        {"media_type", mediaType.toStdString()},          {"size", bytes.size()},
        {"captured_at", nowRfc3339()},                    {"device", m_app.deviceId().toStdString()},
        {"inspector", m_app.userName().toStdString()},    {"file_name", fileName.toStdString()},
        {"district", m_record.value("district", "")}};
    if (!itemId.isEmpty()) fields.emplace_back("item_id", itemId.toStdString());
    if (!m_app.location().isEmpty()) fields.emplace_back("location", fromVariant(m_app.location()));
    return putEvidence(fields, sha, bytes.size());
}

bool InspectionController::putEvidence(const std::vector<std::pair<std::string, nlohmann::json>>& fields,
                                       const QString& sha256, qint64 size) {
    // Listed for upload first: a crash in between leaves a listed file without a record (dropped by
    // the uploader), never a record whose file is forgotten.
    const std::string id = m_app.store().newId();
    if (auto e = m_app.store().addPendingBlob(sha256, m_app.blobPath(sha256), size, id); !e.isEmpty()) return fail(e);
    if (auto e = m_app.store().put("evidence", id, fields); !e.isEmpty()) return fail(e);
    return true;
}

QString InspectionController::contentSha256() const {
    if (!m_record.is_object()) return {};
    nlohmann::json content = m_record;
    for (const char* k : {"status", "signatures", "review_comment", "created_hlc", "updated_hlc"})
        content.erase(k);
    return sha256Hex(QByteArray::fromStdString(canonicalJson(content)));
}

bool InspectionController::sign(const QString& role, const QString& signerName, const QVariantList& strokes,
                                bool refused, const QString& witness) {
    if (!loaded()) return fail(tr("没有打开的检查。"));
    if (signerName.trimmed().isEmpty()) return fail(tr("请填写签名人姓名。"));
    if (refused && witness.trimmed().isEmpty()) return fail(tr("拒绝签名时须填写见证人。"));
    if (!refused && signaturePointCount(strokes) < 2) return fail(tr("请在签名区内签名。"));
    // Signing ends the on-site inspection: its end time belongs to the content that is signed.
    if (textOf(m_record, "ended_at").isEmpty() && editable() && !edit({{"ended_at", nowRfc3339()}})) return false;
    std::vector<std::pair<std::string, nlohmann::json>> fields = {
        {"inspection_id", m_inspectionId.toStdString()},
        {"signer_name", signerName.trimmed().toStdString()},
        {"signer_role", role.toStdString()},
        {"content_sha256", contentSha256().toStdString()},
        {"attestation", attestation().toStdString()},
        {"signed_at", nowRfc3339()},
        {"district", m_record.value("district", "")}};
    if (refused) {
        fields.emplace_back("refused", true);
        fields.emplace_back("witness", witness.trimmed().toStdString());
    } else {
        const QByteArray png = renderSignaturePng(strokes, QSize(640, 240));
        const auto sha = sha256Hex(png);
        QFile blob(m_app.blobPath(sha));
        if (!blob.exists() && (!blob.open(QIODevice::WriteOnly) || blob.write(png) != png.size()))
            return fail(tr("无法保存签名图像。"));
        fields.emplace_back("image_sha256", sha.toStdString());
        fields.emplace_back("strokes", fromVariant(strokes));
    }
    if (auto e = m_app.store().put("signature", m_app.store().newId(), fields); !e.isEmpty()) return fail(e);
    return true;
}

} // namespace fieldseal::app
