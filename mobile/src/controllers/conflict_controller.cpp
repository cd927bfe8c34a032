#include "controllers/conflict_controller.h"

#include "controllers/app_controller.h"
#include "client/review_api.h"
#include "device/device_store.h"
#include "models/json_bridge.h"
#include "models/labels.h"
#include "model/hlc.h"
#include "store/sqlite_store.h"
#include "device/server_call.h"
#include "sync/replica.h"
#include "controllers/sync_controller.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

namespace fieldseal::app {
namespace {

QString resultLabel(const std::string& result) {
    if (result == "pass") return QCoreApplication::translate("ConflictController", "符合");
    if (result == "fail") return QCoreApplication::translate("ConflictController", "不符合");
    if (result == "not_applicable") return QCoreApplication::translate("ConflictController", "不适用");
    return QCoreApplication::translate("ConflictController", "未检查");
}

} // namespace

ConflictController::ConflictController(AppController& app) : m_app(app) {
    connect(&app.store(), &DeviceStore::changed, this, [this] {
        if (!m_app.store().busy()) refresh();
    });
    connect(&app, &AppController::sessionChanged, this, [this] {
        if (!m_app.signedIn()) {
            m_selectedId.clear();
            refresh();
        }
        emit changed();
    });
    connect(&app, &AppController::languageChanged, this, &ConflictController::refresh);
}

bool ConflictController::canResolve() const {
    return m_app.role() == QLatin1String("supervisor") || m_app.role() == QLatin1String("admin");
}

QString ConflictController::fieldLabel(const nlohmann::json& record, const QString& field) const {
    if (field.startsWith(QLatin1String("answers."))) {
        const QString item = field.mid(8);
        if (const auto* t = m_app.templates().find(textOf(record, "template_id")))
            for (const auto& i : t->items)
                if (i.id == item) return tr("检查项：%1").arg(m_app.english() ? i.titleEn : i.titleZh);
        return tr("检查项：%1").arg(item);
    }
    static const struct {
        const char* field;
        const char* text;
    } kFields[] = {
        {"findings", QT_TR_NOOP("检查发现")},        {"conclusion", QT_TR_NOOP("检查结论")},
        {"status", QT_TR_NOOP("状态")},              {"inspectors", QT_TR_NOOP("检查人员")},
        {"review_comment", QT_TR_NOOP("审核意见")},  {"started_at", QT_TR_NOOP("开始时间")},
        {"ended_at", QT_TR_NOOP("结束时间")},        {"location", QT_TR_NOOP("检查地点")},
        {"exhibits", QT_TR_NOOP("展品")},            {"applicant_name", QT_TR_NOOP("申请人")},
        {"due_date", QT_TR_NOOP("截止日期")},        {"task_status", QT_TR_NOOP("任务状态")},
    };
    for (const auto& f : kFields)
        if (field == QLatin1String(f.field)) return tr(f.text);
    return field;
}

QString ConflictController::valueText(const nlohmann::json& value) const {
    if (value.is_null()) return tr("（空）");
    if (value.is_string()) {
        const QString s = QString::fromStdString(value.get<std::string>());
        const QString conclusion = labels::conclusion(s);
        return conclusion != s ? conclusion : s;
    }
    if (value.is_object() && value.contains("result")) {
        QString text = resultLabel(value.value("result", std::string()));
        const auto note = textOf(value, "note");
        if (!note.isEmpty()) text += QStringLiteral(" — ") + note;
        return text;
    }
    if (value.is_array()) {
        QStringList parts;
        for (const auto& v : value)
            parts << (v.is_string() ? QString::fromStdString(v.get<std::string>()) : QString::fromStdString(v.dump()));
        return parts.join(m_app.english() ? QStringLiteral(", ") : QStringLiteral("、"));
    }
    return QString::fromStdString(value.dump());
}

void ConflictController::refresh() {
    auto& store = m_app.store();
    m_all = nlohmann::json::array();
    std::vector<ConflictListModel::Row> rows;
    if (store.isOpen() && !store.busy()) {
        m_all = store.replica()->conflicts();
        for (const auto& c : m_all) {
            ConflictListModel::Row row;
            row.conflictId = textOf(c, "id");
            row.recordId = textOf(c, "record_id");
            const auto record = store.record(c.value("record_id", std::string()));
            row.recordType = textOf(record, "type");
            if (row.recordType == QLatin1String("inspection")) {
                const auto org = store.record(record.value("organisation_id", std::string()));
                row.recordTitle = tr("检查：%1").arg(org.is_object() ? textOf(org, "name") : row.recordId);
            } else {
                row.recordTitle = QStringLiteral("%1 %2").arg(row.recordType, row.recordId.left(8));
            }
            QStringList labelsOfFields;
            for (const auto& f : c.value("fields", nlohmann::json::array()))
                if (f.is_string()) labelsOfFields << fieldLabel(record, QString::fromStdString(f.get<std::string>()));
            row.fieldCount = static_cast<int>(labelsOfFields.size());
            row.fieldsText = labelsOfFields.join(m_app.english() ? QStringLiteral("; ") : QStringLiteral("；"));
            row.open = c.value("status", std::string("open")) == "open";
            row.statusLabel = row.open ? tr("待处理") : tr("已处理");
            if (const auto& res = c.value("resolution", nlohmann::json()); res.is_object()) {
                const auto at = QDateTime::fromString(textOf(res, "resolved_at"), Qt::ISODate);
                row.resolutionText =
                    tr("%1 于 %2 %3")
                        .arg(textOf(res, "resolved_by"),
                             at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::ShortFormat) : QString(),
                             res.value("choice", std::string()) == "take_theirs" ? tr("采用了对方的修改")
                                                                                  : tr("保留了现有内容"));
            }
            rows.push_back(std::move(row));
        }
        std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.open && !b.open; });
    }
    m_list.setRows(std::move(rows));
    showSelected();
}

QString ConflictController::originOf(const nlohmann::json& conflict) {
    // The kept edits' author and time come from their ops; the milestone they missed from the conflict.
    QString author, when;
    auto& store = m_app.store();
    if (store.isOpen() && !store.busy())
        for (const auto& id : conflict.value("ops", nlohmann::json::array()))
            if (const auto op = store.store()->findOp(id.get<std::string>())) {
                author = QString::fromStdString(op->op.user);
                const auto at = QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(hlcMillis(op->op.hlc)));
                when = QLocale().toString(at.toLocalTime(), QLocale::ShortFormat);
            }
    const auto& missed = conflict.value("missed", nlohmann::json::object());
    // What the author had not seen: a status change, or a signature over the record.
    const QString kind = textOf(missed, "kind");
    const QString missedStatus = kind == QLatin1String("status")      ? labels::taskStatus(textOf(missed, "value"))
                                 : kind == QLatin1String("signature") ? tr("已签名")
                                                                      : QString();
    if (author.isEmpty()) return tr("保留的修改来自设备 %1。").arg(textOf(conflict, "device"));
    return missedStatus.isEmpty()
               ? tr("%1 于 %2 修改（基于旧版本）。").arg(author, when)
               : tr("%1 于 %2 修改，当时还不知道记录已变为“%3”。").arg(author, when, missedStatus);
}

nlohmann::json ConflictController::selectedConflict() const {
    for (const auto& c : m_all)
        if (c.value("id", std::string()) == m_selectedId.toStdString()) return c;
    return nullptr;
}

bool ConflictController::select(const QString& conflictId) {
    m_selectedId = conflictId;
    setMessage({}, {});
    showSelected();
    return selectedConflict().is_object();
}

void ConflictController::showSelected() {
    const auto c = selectedConflict();
    std::vector<ConflictFieldModel::Row> rows;
    if (c.is_object()) {
        const auto record = m_app.store().isOpen() && !m_app.store().busy()
                                ? m_app.store().record(c.value("record_id", std::string()))
                                : nlohmann::json();
        const auto& ours = c.value("ours", nlohmann::json::object());
        const auto& theirs = c.value("theirs", nlohmann::json::object());
        for (const auto& f : c.value("fields", nlohmann::json::array())) {
            if (!f.is_string()) continue;
            const std::string name = f.get<std::string>();
            ConflictFieldModel::Row row;
            row.field = QString::fromStdString(name);
            row.label = fieldLabel(record, row.field);
            row.ours = valueText(ours.contains(name) ? ours[name] : nlohmann::json());
            row.theirs = valueText(theirs.contains(name) ? theirs[name] : nlohmann::json());
            rows.push_back(std::move(row));
        }
        m_originText = originOf(c);
    } else {
        m_selectedId.clear();
        m_originText.clear();
    }
    m_fields.setRows(std::move(rows));
    emit changed();
}

QString ConflictController::selectedTitle() const {
    for (int i = 0; i < m_list.count(); ++i)
        if (m_list.conflictIdAt(i) == m_selectedId)
            return m_list.data(m_list.index(i), ConflictListModel::RecordTitleRole).toString();
    return {};
}

bool ConflictController::selectedOpen() const {
    const auto c = selectedConflict();
    return c.is_object() && c.value("status", std::string("open")) == "open";
}

QString ConflictController::resolutionText() const {
    for (int i = 0; i < m_list.count(); ++i)
        if (m_list.conflictIdAt(i) == m_selectedId)
            return m_list.data(m_list.index(i), ConflictListModel::ResolutionTextRole).toString();
    return {};
}

bool ConflictController::keepOurs(const QString& comment) {
    return resolve(false, comment.trimmed());
}

bool ConflictController::takeTheirs(const QString& comment) {
    return resolve(true, comment.trimmed());
}

bool ConflictController::resolve(bool takeTheirs, const QString& comment) {
    if (!canResolve()) {
        setMessage(tr("只有审核人员可以处理冲突。"), {});
        return false;
    }
    if (!selectedOpen()) {
        setMessage(tr("请先选择一个待处理的冲突。"), {});
        return false;
    }
    const std::string id = m_selectedId.toStdString();
    std::vector<std::string> fields;
    if (takeTheirs)
        for (const auto& f : m_fields.takenFields())
            fields.push_back(f.toStdString());
    const std::string text = comment.toStdString();
    return startAction(
        m_app,
        [id, takeTheirs, fields, text](ApiSession& session) {
            return ReviewApi(session).resolve(id, takeTheirs ? ConflictChoice::TakeTheirs : ConflictChoice::KeepOurs,
                                              fields, text);
        },
        [this, takeTheirs](const ServerCallOutcome& out) {
            if (!out.error.isEmpty()) {
                if (out.syncError.httpStatus == 409)
                    setMessage(tr("服务器拒绝：冲突已处理，或检查记录已审核通过不能再改。同步后再看。"), {});
                else if (out.syncError.httpStatus == 403)
                    setMessage(tr("服务器拒绝：无权处理这个冲突。"), {});
                else
                    setMessage(tr("处理结果未能送达服务器：%1").arg(out.error), {});
                emit changed();
                return;
            }
            setMessage({}, takeTheirs ? tr("已采用对方的修改。正在同步…") : tr("已保留现有内容。正在同步…"));
            emit resolved(m_selectedId);
            m_app.sync()->syncNow();
            emit changed();
        });
}

} // namespace fieldseal::app
