#include "controllers/review_controller.h"

#include "controllers/app_controller.h"
#include "client/evidence_download.h"
#include "client/review_api.h"
#include "device/device_store.h"
#include "platform/evidence_file.h"
#include "models/inspection_heading.h"
#include "models/json_bridge.h"
#include "models/labels.h"
#include "model/schema.h"
#include "device/server_call.h"
#include "rendering/signature_image.h"
#include "store/sqlite_store.h"
#include "sync/replica.h"
#include "controllers/sync_controller.h"
#include "device/task_list_index.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QUrl>
#include <algorithm>

namespace fieldseal::app {
namespace {

QString localTime(const QString& rfc3339) {
    const auto dt = QDateTime::fromString(rfc3339, Qt::ISODate);
    return dt.isValid() ? QLocale().toString(dt.toLocalTime(), QLocale::ShortFormat) : rfc3339;
}

// "31.22150, 121.54410 (±12 m)", or empty when the evidence has no place.
QString placeText(const nlohmann::json& location) {
    if (!location.is_object() || !location.contains("lat") || !location.contains("lon")) return {};
    QString text = QStringLiteral("%1, %2")
                       .arg(location.value("lat", 0.0), 0, 'f', 5)
                       .arg(location.value("lon", 0.0), 0, 'f', 5);
    if (location.contains("accuracy_m"))
        text += QStringLiteral(" (±%1 m)").arg(location.value("accuracy_m", 0.0), 0, 'f', 0);
    return text;
}

} // namespace

ReviewController::ReviewController(AppController& app) : m_app(app) {
    connect(&app.store(), &DeviceStore::changed, this, [this] {
        if (m_app.store().busy()) return; // a sync owns the store; it reports again when done
        refresh();
        if (loaded()) reload();
    });
    connect(&app, &AppController::sessionChanged, this, [this] {
        if (!m_app.signedIn()) close();
        emit changed();
    });
    connect(&app, &AppController::languageChanged, this, [this] {
        refresh();
        if (loaded()) reload();
    });
}

bool ReviewController::canReview() const {
    return m_app.role() == QLatin1String("supervisor") || m_app.role() == QLatin1String("admin");
}

void ReviewController::refresh() {
    std::vector<ReviewQueueModel::Row> rows;
    auto& store = m_app.store();
    if (store.isOpen() && !store.busy() && canReview()) {
        // A city-wide account (admin, no district) sees every district it holds. Every column of
        // the queue is in the app's list index (oldest submission first), so no record is read.
        std::vector<InspectionListRow> submitted;
        try {
            TaskListIndex::catchUp(*store.store(), *store.replica());
            submitted = TaskListIndex::inspections(*store.store(), status::kSubmitted, m_app.district().toStdString());
        } catch (const StoreFailure& e) {
            m_app.setError(QString::fromUtf8(e.what()));
        }
        rows.reserve(submitted.size());
        for (auto& s : submitted) {
            ReviewQueueModel::Row row;
            row.inspectionId = std::move(s.inspectionId);
            row.organisation = std::move(s.organisation);
            row.inspectionType = std::move(s.inspectionType);
            if (const auto* t = m_app.templates().find(s.templateId))
                row.templateTitle = m_app.english() ? t->titleEn : t->titleZh;
            row.inspectors = std::move(s.inspectors);
            row.conclusion = std::move(s.conclusion);
            row.failedCount = s.failedCount;
            row.submittedAt = localTime(s.endedAt);
            row.evidenceCount = s.evidenceCount;
            rows.push_back(std::move(row));
        }
    }
    m_queue.setRows(std::move(rows), m_app.english());
}

bool ReviewController::open(const QString& inspectionId) {
    auto& store = m_app.store();
    const auto record = store.record(inspectionId.toStdString());
    if (!record.is_object() || record.value("type", std::string()) != "inspection") {
        setMessage(tr("找不到这份检查记录。"), {});
        return false;
    }
    m_inspectionId = inspectionId;
    setMessage({}, {});
    reload();
    return true;
}

void ReviewController::close() {
    m_inspectionId.clear();
    m_record = nullptr;
    m_org = nullptr;
    m_evidence.clear();
    m_signatures.clear();
    m_openConflicts = 0;
    m_checklist.reset(nullptr, nlohmann::json::object(), m_app.english());
    emit changed();
}

void ReviewController::reload() {
    auto& store = m_app.store();
    if (!store.isOpen()) return close();
    const std::string id = m_inspectionId.toStdString();
    m_record = store.record(id);
    if (!m_record.is_object()) return close();
    m_org = store.record(m_record.value("organisation_id", std::string()));
    const auto* tmpl = m_app.templates().find(textOf(m_record, "template_id"));
    m_checklist.reset(tmpl, m_record.value("answers", nlohmann::json::object()), m_app.english());

    m_evidence.clear();
    for (const auto& e : store.evidenceOf(id)) {
        QVariantMap m = toVariant(e).toMap();
        const auto sha = textOf(e, "sha256");
        const auto itemId = textOf(e, "item_id");
        m.insert(QStringLiteral("available"), QFileInfo::exists(m_app.blobPath(sha)));
        m.insert(QStringLiteral("url"), QUrl::fromLocalFile(m_app.blobPath(sha)));
        m.insert(QStringLiteral("sizeText"), m_app.formatBytes(e.value("size", qint64{0})));
        m.insert(QStringLiteral("capturedText"), localTime(textOf(e, "captured_at")));
        m.insert(QStringLiteral("placeText"), placeText(e.value("location", nlohmann::json())));
        const int row = m_checklist.rowOf(itemId);
        m.insert(QStringLiteral("itemTitle"),
                 row >= 0 ? m_checklist.data(m_checklist.index(row), ChecklistModel::TitleRole).toString() : QString());
        m_evidence << m;
    }

    m_signatures.clear();
    for (const auto& s : m_record.value("signatures", nlohmann::json::array())) {
        const auto sig = store.record(s.value("id", std::string()));
        if (!sig.is_object()) continue;
        QVariantMap m;
        m.insert(QStringLiteral("signerName"), textOf(sig, "signer_name"));
        m.insert(QStringLiteral("roleLabel"), labels::signerRole(textOf(sig, "signer_role")));
        m.insert(QStringLiteral("signedAt"), localTime(textOf(sig, "signed_at")));
        m.insert(QStringLiteral("stale"), s.value("stale", false));
        m.insert(QStringLiteral("refused"), sig.value("refused", false));
        m.insert(QStringLiteral("witness"), textOf(sig, "witness"));
        // The image is drawn again from the strokes (the drawing is deterministic), so a reviewer
        // sees it without the inspector's file, and its hash is checked against the record.
        const auto sha = textOf(sig, "image_sha256");
        bool verified = false;
        if (!sha.isEmpty()) {
            const QString path = m_app.blobPath(sha);
            if (!QFileInfo::exists(path) && sig.contains("strokes")) {
                const QByteArray png = renderSignaturePng(toVariant(sig["strokes"]).toList(), QSize(640, 240));
                if (sha256Hex(png) == sha) {
                    QFile f(path);
                    if (f.open(QIODevice::WriteOnly)) f.write(png);
                }
            }
            QFile f(path);
            verified = f.open(QIODevice::ReadOnly) && sha256Hex(f.readAll()) == sha;
            if (verified) m.insert(QStringLiteral("imageUrl"), QUrl::fromLocalFile(path));
        }
        m.insert(QStringLiteral("imageVerified"), verified);
        m_signatures << m;
    }

    m_openConflicts = 0;
    if (!store.busy())
        for (const auto& c : store.replica()->conflicts())
            if (c.value("record_id", std::string()) == id && c.value("status", std::string()) == "open")
                ++m_openConflicts;
    emit changed();
}

QString ReviewController::title() const {
    return heading::title(m_checklist.checklistTemplate(), m_record, m_app.english());
}

QString ReviewController::organisation() const {
    return heading::organisation(m_org, m_record);
}

QString ReviewController::organisationUscc() const {
    return textOf(m_org, "uscc");
}

QString ReviewController::address() const {
    return textOf(m_org, "address");
}

QString ReviewController::inspectors() const {
    return heading::inspectors(m_record).join(m_app.english() ? QStringLiteral(", ") : QStringLiteral("、"));
}

QString ReviewController::status() const {
    return textOf(m_record, "status");
}

QString ReviewController::statusLabel() const {
    return labels::taskStatus(status());
}

int ReviewController::score() const {
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

int ReviewController::failedCount() const {
    int n = 0;
    if (const auto* t = m_checklist.checklistTemplate())
        for (const auto& item : t->items)
            if (m_checklist.resultOf(item.id) == QLatin1String("fail")) ++n;
    return n;
}

QString ReviewController::findings() const {
    return textOf(m_record, "findings");
}

QString ReviewController::conclusionLabel() const {
    return labels::conclusion(textOf(m_record, "conclusion"));
}

QString ReviewController::reviewComment() const {
    return textOf(m_record, "review_comment");
}

int ReviewController::staleSignatures() const {
    int n = 0;
    for (const auto& s : m_signatures)
        if (s.toMap().value(QStringLiteral("stale")).toBool()) ++n;
    return n;
}

bool ReviewController::decidable() const {
    return loaded() && canReview() && !busy() && status() == QLatin1String(status::kSubmitted);
}

bool ReviewController::approve() {
    return decide(true, {});
}

bool ReviewController::returnInspection(const QString& comment) {
    return decide(false, comment.trimmed());
}

bool ReviewController::decide(bool approve, const QString& comment) {
    if (!loaded()) {
        setMessage(tr("没有打开的检查记录。"), {});
        return false;
    }
    if (!canReview()) {
        setMessage(tr("只有审核人员可以审核检查记录。"), {});
        return false;
    }
    if (status() != QLatin1String(status::kSubmitted)) {
        setMessage(tr("这份检查记录是“%1”，不是待审核状态。").arg(statusLabel()), {});
        return false;
    }
    if (!approve && comment.isEmpty()) {
        setMessage(tr("退回时请写明需要检查人员补正的内容。"), {});
        return false;
    }
    const std::string id = m_inspectionId.toStdString();
    const std::string text = comment.toStdString();
    // Without a server session (offline sign-in, tokens expired, the demo) the decision is kept on
    // this tablet and sent with the next sync.
    if (!m_app.hasServerSession()) return queueDecision(approve, comment);
    const bool started = startAction(
        m_app,
        [id, approve, text](ApiSession& session) {
            return ReviewApi(session).decide(id, approve ? ReviewDecision::Approve : ReviewDecision::Return, text);
        },
        [this, approve, comment](const ServerCallOutcome& out) {
            if (!out.error.isEmpty()) {
                if (out.syncError.kind == SyncErrorKind::Network && queueDecision(approve, comment)) return;
                if (out.syncError.httpStatus == 409)
                    setMessage(tr("服务器上这份检查已不是待审核状态（可能已由他人处理）。同步后再看。"), {});
                else if (out.syncError.httpStatus == 403)
                    setMessage(tr("服务器拒绝：无权审核这份检查记录。"), {});
                else
                    setMessage(tr("审核结果未能送达服务器：%1").arg(out.error), {});
                emit changed();
                return;
            }
            const QString newStatus = QString::fromStdString(out.result.value("status", std::string()));
            setMessage({}, approve ? tr("已通过审核。正在同步…") : tr("已退回检查人员。正在同步…"));
            emit decided(m_inspectionId, newStatus);
            // The decision reaches this tablet (and the inspectors') as ops: fetch them now.
            m_app.sync()->syncNow();
            emit changed();
        });
    if (started) emit changed();
    return started;
}

bool ReviewController::queueDecision(bool approve, const QString& comment) {
    // The decision as the supervisor's own ops (review comment, then the status change), in the
    // outbox like any offline edit: the server takes them at the next sync under the supervisor's
    // access rules, and an inspector's later edit of the record meets them as a conflict.
    std::vector<std::pair<std::string, nlohmann::json>> fields;
    if (!comment.isEmpty()) fields.push_back({"review_comment", comment.toStdString()});
    const char* newStatus = approve ? status::kApproved : status::kReturned;
    fields.push_back({"status", newStatus});
    if (const auto e = m_app.store().put("inspection", m_inspectionId.toStdString(), fields); !e.isEmpty()) {
        setMessage(tr("审核决定未能保存：%1").arg(e), {});
        emit changed();
        return false;
    }
    setMessage({}, approve ? tr("已通过审核（离线）。决定已保存在本机，下次同步时发送。")
                           : tr("已退回检查人员（离线）。决定已保存在本机，下次同步时发送。"));
    emit decided(m_inspectionId, QString::fromLatin1(newStatus));
    emit changed();
    return true;
}

bool ReviewController::fetchEvidence(const QString& evidenceId) {
    if (!m_fetchingEvidence.isEmpty()) return false;
    Replica* replica = m_app.store().replica();
    if (!replica) return false;
    const std::string id = evidenceId.toStdString();
    const std::string cacheDir = (m_app.dataDirectory() + QStringLiteral("/blobs")).toStdString();
    QString why;
    // The store is busy while the call runs (startServerCall), so the worker may read the replica.
    const bool started = startServerCall(
        m_app, this,
        [replica, id, cacheDir](ApiSession& session) -> SyncResult<nlohmann::json> {
            auto fetched = fieldseal::fetchEvidence(*replica, session, id, cacheDir);
            if (!fetched) return fetched.error();
            return nlohmann::json{{"path", fetched->path}, {"size", fetched->size}};
        },
        [this](const ServerCallOutcome& out) {
            m_fetchingEvidence.clear();
            emit fetchingEvidenceChanged();
            if (!out.error.isEmpty())
                setMessage(out.syncError.httpStatus == 409 ? tr("检查人员还在上传这份证据，稍后再试。")
                                                           : tr("证据未能下载：%1").arg(out.error),
                           {});
            else
                setMessage({}, tr("证据已下载，哈希值核对一致。"));
            if (loaded()) reload();
            emit changed();
        },
        &why);
    if (!started) {
        setMessage(why, {});
        return false;
    }
    m_fetchingEvidence = evidenceId;
    emit fetchingEvidenceChanged();
    return true;
}

} // namespace fieldseal::app
