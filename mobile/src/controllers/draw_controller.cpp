#include "controllers/draw_controller.h"

#include "controllers/app_controller.h"
#include "client/api_session.h"
#include "device/device_store.h"
#include "device/device_trust.h"
#include "device/server_call.h"
#include "draw/draw.h"
#include "models/labels.h"
#include "seal/envelope.h"
#include "seal/time_util.h"
#include "seal/trust_store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

namespace fieldseal::app {
namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

QVariant check(const QString& label, const char* tone, const QString& detail) {
    return QVariantMap{{"label", label}, {"tone", QLatin1String(tone)}, {"detail", detail}};
}

QVariant pair(const QString& label, const QString& value) {
    return QVariantMap{{"label", label}, {"value", value}};
}

bool readFile(const QUrl& url, QByteArray* out, QString* name) {
    QFile f(url.isLocalFile() ? url.toLocalFile() : url.toString());
    if (!f.open(QIODevice::ReadOnly) || f.size() > 16 * 1024 * 1024) return false;
    *out = f.readAll();
    *name = QFileInfo(f.fileName()).fileName();
    return true;
}

// Draw ids are the server's plan ids: public URL segments, and here file names.
bool isDrawId(const QString& id) {
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$"));
    return re.match(id).hasMatch();
}

} // namespace

DrawController::DrawController(AppController& app) : m_app(app) {
    connect(&app, &AppController::languageChanged, this, [this] {
        if (hasResult()) evaluate();
    });
}

QString DrawController::headline() const {
    if (m_verdict == QLatin1String("green")) return tr("抽取结果可信：签章有效，重新抽取结果一致");
    if (m_verdict == QLatin1String("red")) return tr("抽取结果未通过核验");
    if (m_verdict == QLatin1String("amber")) return tr("抽取结果部分无法核验");
    return {};
}

bool DrawController::openPlan(const QUrl& file) {
    return openFile(file, &DrawController::loadPlanText);
}

bool DrawController::openResult(const QUrl& file) {
    return openFile(file, &DrawController::loadResultText);
}

bool DrawController::openFile(const QUrl& file, bool (DrawController::*load)(const QByteArray&, const QString&)) {
    QByteArray text;
    QString name;
    if (!readFile(file, &text, &name)) {
        m_message = tr("无法读取文件：%1").arg(file.toString());
        emit changed();
        return false;
    }
    return (this->*load)(text, name);
}

bool DrawController::loadPlanText(const QByteArray& json, const QString& name) {
    m_drawId.clear(); // a file, not the draw of a task
    m_origin.clear();
    m_planText = json.toStdString();
    m_planFile = name.isEmpty() ? tr("（已载入）") : name;
    m_message.clear();
    if (hasResult()) evaluate();
    emit changed();
    return true;
}

bool DrawController::loadResultText(const QByteArray& json, const QString& name) {
    auto parsed = nlohmann::json::parse(json.toStdString(), nullptr, false);
    if (!parsed.is_object()) {
        m_message = tr("这不是抽取结果文件（不是 JSON 对象）。");
        emit changed();
        return false;
    }
    m_drawId.clear();
    m_origin.clear();
    m_result = std::move(parsed);
    m_resultFile = name.isEmpty() ? tr("（已载入）") : name;
    m_message.clear();
    evaluate();
    return true;
}

void DrawController::clear() {
    m_drawId.clear();
    m_origin.clear();
    m_planText.clear();
    m_result = nullptr;
    m_planFile.clear();
    m_resultFile.clear();
    m_message.clear();
    m_verdict.clear();
    m_checks.clear();
    m_summary.clear();
    m_tasks.clear();
    emit changed();
}

void DrawController::evaluate() {
    m_checks.clear();
    m_summary.clear();
    m_tasks.clear();
    int failed = 0, unsure = 0;
    const auto add = [&](const QString& label, const char* tone, const QString& detail) {
        if (QLatin1String(tone) == QLatin1String("fail")) ++failed;
        if (QLatin1String(tone) == QLatin1String("amber")) ++unsure;
        m_checks << check(label, tone, detail);
    };

    // 1. The seal, and the result inside it.
    nlohmann::json result = m_result;
    const bool sealed = m_result.value("format", std::string()) == seal::kEnvelopeFormat;
    if (sealed) {
        result = m_result.value("payload", nlohmann::json());
        const auto trust = openAppTrustStore(m_app);
        if (!trust) {
            add(tr("签章"), "amber", tr("本机没有信任列表，无法核验签章。请同步或导入信任列表。"));
        } else {
            const auto report = trust->verify(m_result, seal::now());
            const QString why = q(m_app.english() ? report.explanationEn : report.explanationZh);
            add(tr("签章"), report.passed() ? "pass" : report.indication == seal::Indication::Failed ? "fail" : "amber",
                report.passed() ? tr("有效（%1，签章时间 %2）").arg(q(report.signerSubject), q(report.signedAt)) : why);
        }
    } else {
        add(tr("签章"), "amber", tr("未加盖签章：这是未签章的结果文件，只能核对其内容。"));
    }
    if (!draw::isDrawResultFormat(result.value("format", std::string()))) {
        add(tr("结果格式"), "fail",
            tr("不是抽取结果（应为 %1 或 %2）。").arg(QLatin1String(draw::kResultFormat), QLatin1String(draw::kResultFormatV2)));
        m_verdict = QStringLiteral("red");
        emit changed();
        return;
    }

    const auto text = [&result](const char* key) { return q(result.value(key, std::string())); };
    m_summary = {pair(tr("计划编号"), text("plan_id")),
                 pair(tr("名称"), text("title")),
                 pair(tr("检查类型"), labels::inspectionType(text("inspection_type"))),
                 pair(tr("完成期限"), text("due_date")),
                 pair(tr("符合条件的单位"), QString::number(result.value("eligible_organisations", 0))),
                 pair(tr("抽取数量"), QString::number(result.value("sample_size", 0))),
                 pair(tr("抽取算法"), text("algorithm")),
                 pair(tr("计划 SHA-256"), text("plan_sha256")),
                 pair(tr("种子"), text("seed")),
                 pair(tr("种子 SHA-256"), text("seed_sha256"))};
    for (const auto& t : result.value("tasks", nlohmann::json::array())) {
        QStringList inspectors;
        for (const auto& i : t.value("inspectors", nlohmann::json::array()))
            inspectors << q(i.value("name", i.value("id", std::string())));
        m_tasks << QVariantMap{{"number", t.value("number", 0)},
                               {"name", q(t.value("name", std::string()))},
                               {"uscc", q(t.value("uscc", std::string()))},
                               {"district", labels::districtName(q(t.value("district", std::string())), m_app.english())},
                               {"inspectors", inspectors.join(m_app.english() ? QStringLiteral(", ") : QStringLiteral("、"))}};
    }

    // 3. The seed against its hash in the result (the plan's commitment is checked below).
    const auto seed = draw::parseSeed(result.value("seed", std::string()));
    if (!seed) {
        add(tr("种子承诺"), "fail", tr("结果中的种子无效：%1").arg(q(seed.error().message)));
    } else if (draw::seedCommitment(*seed) != result.value("seed_sha256", std::string())) {
        add(tr("种子承诺"), "fail", tr("种子的 SHA-256 与结果中的 seed_sha256 不符。"));
    }

    // 2 and 4 need the plan.
    if (m_planText.empty()) {
        add(tr("重新抽取"), "amber", tr("请打开该次抽取公布的计划文件，才能重新抽取并核对结果。"));
    } else if (const auto plan = draw::parseDrawPlanText(m_planText); !plan) {
        add(tr("抽取计划"), "fail", tr("计划文件无效：%1").arg(q(plan.error().message)));
    } else if (seed) {
        if (!plan->seedCommitment) {
            add(tr("种子承诺"), "amber", tr("计划中没有事先公布的种子承诺，无法证明种子是在抽取前确定的。"));
        } else if (const auto reveal = draw::verifySeedReveal(*seed, *plan->seedCommitment); !reveal) {
            add(tr("种子承诺"), "fail", tr("种子与计划事先公布的承诺不符：%1").arg(q(reveal.error().message)));
        } else {
            add(tr("种子承诺"), "pass", tr("种子与计划事先公布的承诺 %1… 相符。").arg(q(plan->seedCommitment->substr(0, 16))));
        }
        const auto rerun = draw::runDraw(*plan, *seed);
        if (!rerun) {
            add(tr("重新抽取"), "fail", tr("无法重新抽取：%1").arg(q(rerun.error().message)));
        } else {
            if (rerun->planSha256 != result.value("plan_sha256", std::string()))
                add(tr("抽取计划"), "fail", tr("这不是该结果所用的计划（计划 SHA-256 不同）。"));
            else
                add(tr("抽取计划"), "pass", tr("计划与结果中的计划 SHA-256 相符。"));
            const auto same = draw::compareDrawResult(result, draw::drawResultToJson(*plan, *rerun));
            add(tr("重新抽取"), same ? "pass" : "fail",
                same ? tr("按 %1 重新抽取，%2 项任务与公布的结果完全一致。").arg(q(rerun->algorithm)).arg(rerun->tasks.size())
                     : tr("重新抽取的结果与公布的不同：%1").arg(q(same.error().message)));
        }
    }
    m_verdict = failed ? QStringLiteral("red") : unsure ? QStringLiteral("amber") : QStringLiteral("green");
    emit changed();
}

QString DrawController::drawIdOfTask(const QString& taskId) {
    if (taskId.isEmpty()) return {};
    const auto task = m_app.store().record(taskId.toStdString());
    return task.is_object() ? q(task.value("draw_id", std::string())) : QString();
}

bool DrawController::openTaskDraw(const QString& taskId) {
    const QString id = drawIdOfTask(taskId);
    if (id.isEmpty()) {
        m_message = tr("这项任务不是由抽取产生的（任务中没有抽取编号）。");
        emit changed();
        return false;
    }
    return openDraw(id);
}

QString DrawController::keptDrawPath(const QString& drawId) const {
    return m_app.dataDirectory() + QStringLiteral("/draws/") + drawId + QStringLiteral(".json");
}

bool DrawController::openDraw(const QString& drawId) {
    if (!isDrawId(drawId)) {
        m_message = tr("“%1”不是抽取编号。").arg(drawId);
        emit changed();
        return false;
    }
    if (m_busy) return false;
    if (!m_app.hasServerSession()) return openKeptDraw(drawId, tr("未连接服务器"));
    const std::string path = "/v1/public/draws/" + drawId.toStdString();
    QString why;
    const bool started = startServerCall(
        m_app, this,
        [path, drawId](ApiSession& session) -> SyncResult<nlohmann::json> {
            HttpRequest request;
            request.path = path;
            auto response = session.call(std::move(request));
            if (!response) return response.error();
            if (response->status != 200)
                return ApiSession::errorFromResponse(*response, "draw " + drawId.toStdString());
            auto json = nlohmann::json::parse(response->body, nullptr, false);
            if (!json.is_object())
                return SyncError{SyncErrorKind::BadResponse, "draw: the server's answer is not a JSON object", 200, {}, {}};
            return json;
        },
        [this, drawId](const ServerCallOutcome& out) {
            m_busy = false;
            if (!out.error.isEmpty()) {
                if (out.syncError.httpStatus == 404) {
                    m_message = tr("服务器上没有抽取 %1。").arg(drawId);
                    emit changed();
                    return;
                }
                openKeptDraw(drawId, out.error);
                return;
            }
            if (out.result.value("status", std::string()) != "run") {
                m_message = tr("抽取 %1 尚未进行：目前只公布了计划和种子承诺。").arg(drawId);
                emit changed();
                return;
            }
            // Kept for offline use: the public view as published, checked again at every opening.
            const QString file = keptDrawPath(drawId);
            QDir().mkpath(QFileInfo(file).path());
            QSaveFile f(file);
            if (f.open(QIODevice::WriteOnly)) {
                f.write(QByteArray::fromStdString(out.result.dump()));
                f.commit();
            }
            loadPublicDraw(QByteArray::fromStdString(out.result.dump()), tr("服务器公示"));
        },
        &why);
    if (!started) return openKeptDraw(drawId, why);
    m_busy = true;
    m_message.clear();
    emit changed();
    return true;
}

bool DrawController::openKeptDraw(const QString& drawId, const QString& whyNotFetched) {
    QFile f(keptDrawPath(drawId));
    if (!f.open(QIODevice::ReadOnly)) {
        m_message = tr("抽取 %1 的结果不在本机上（%2）。联网登录后再打开。").arg(drawId, whyNotFetched);
        emit changed();
        return false;
    }
    return loadPublicDraw(f.readAll(), tr("本机保存的副本（%1）").arg(whyNotFetched));
}

bool DrawController::loadPublicDraw(const QByteArray& json, const QString& origin) {
    const auto view = nlohmann::json::parse(json.toStdString(), nullptr, false);
    const nlohmann::json* result = nullptr;
    if (view.is_object()) {
        if (view.contains("sealed") && view["sealed"].is_object()) result = &view["sealed"];
        else if (view.contains("result") && view["result"].is_object()) result = &view["result"];
    }
    if (!result || !view.contains("plan") || !view["plan"].is_object()) {
        m_message = tr("这不是已公布的抽取（缺少计划或结果）。");
        emit changed();
        return false;
    }
    const QString id = q(view["plan"].value("plan_id", std::string()));
    m_drawId = id;
    m_origin = origin;
    m_planText = view["plan"].dump();
    m_planFile = tr("抽取 %1 的计划").arg(id);
    m_result = *result;
    m_resultFile = tr("抽取 %1 的结果").arg(id);
    m_message.clear();
    evaluate();
    return true;
}

bool DrawController::openDemo() {
    const auto files = writeDemoFiles(m_app.dataDirectory() + QStringLiteral("/demo-draw"));
    return files.size() == 2 && openPlan(QUrl::fromLocalFile(files[0])) && openResult(QUrl::fromLocalFile(files[1]));
}

QStringList DrawController::writeDemoFiles(const QString& dir) {
    // Fixed seed: the demo looks the same every time (a real draw uses draw::generateSeed()).
    const auto seed = draw::parseSeed("5eed0f1e1d5ea1dd7a11c0ffee0ddba11ab1e5eed0f1e1d5ea1dd7a11c0ffee0");
    if (!seed) return {};
    const nlohmann::json plan = {
        {"format", draw::kPlanFormat},
        {"plan_id", "DRAW-2026-12-310115-01"},
        {"title", "2026年12月 浦东新区 强制性产品认证 双随机抽查"},
        {"inspection_type", "ccc_product"},
        {"template_id", "ccc-toys-v1"},
        {"due_date", "2026-12-31"},
        {"districts", {"310115"}},
        {"organisation_kind", "manufacturer"},
        {"sample", {{"size", 2}}},
        {"inspectors_per_task", 2},
        {"seed_commitment", draw::seedCommitment(*seed)},
        {"organisations",
         {{{"uscc", "91310115MA1K3A7B2U"}, {"name", "上海童趣玩具制造有限公司"}, {"district", "310115"}, {"kind", "manufacturer"}},
          {{"uscc", "91310115MA1H8XQ042"}, {"name", "上海迅驰电动自行车有限公司"}, {"district", "310115"}, {"kind", "manufacturer"}}}},
        {"inspectors",
         {{{"id", "insp.wang"}, {"name", "王检查"}, {"district", "310115"}},
          {{"id", "insp.li"}, {"name", "李检查"}, {"district", "310115"}},
          {{"id", "insp.zhang"}, {"name", "张检查"}, {"district", "310115"}}}}};
    const auto parsed = draw::parseDrawPlan(plan);
    if (!parsed) return {};
    const auto result = draw::runDraw(*parsed, *seed);
    if (!result) return {};
    QDir().mkpath(dir);
    const QString planPath = dir + QStringLiteral("/draw-plan.json");
    const QString resultPath = dir + QStringLiteral("/draw-result.json");
    QFile p(planPath), r(resultPath);
    if (!p.open(QIODevice::WriteOnly) || !r.open(QIODevice::WriteOnly)) return {};
    p.write(QByteArray::fromStdString(plan.dump(2)));
    r.write(QByteArray::fromStdString(draw::drawResultToJson(*parsed, *result).dump(2)));
    return {planPath, resultPath};
}

} // namespace fieldseal::app
