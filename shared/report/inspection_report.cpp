#include "inspection_report.h"

#include "model/districts.h"
#include "model/rfc3339.h"
#include "pdf_document.h"
#include "pdf_fonts.h"
#include "pdf_image.h"
#include "text_layout.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

namespace fieldseal::report {
namespace {

using nlohmann::json;

constexpr double kBody = 9.5;
constexpr double kSmall = 8;
constexpr double kLine = kBody * 1.4;
constexpr double kLabelWidth = 120;
constexpr Rgb kBlack{0, 0, 0};
constexpr Rgb kGrey{0.4, 0.4, 0.4};
constexpr Rgb kAccent{0.09, 0.27, 0.55};
constexpr Rgb kGreen{0.1, 0.5, 0.2};
constexpr Rgb kRed{0.75, 0.1, 0.1};
constexpr Rgb kAmber{0.7, 0.45, 0.0};
constexpr Rgb kBand{0.91, 0.94, 0.98};
constexpr Rgb kFrame{0.75, 0.78, 0.82};

std::string text(const json& j, const char* key) {
    if (!j.is_object()) return {};
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
}

std::string bilingual(const json& title) {
    if (title.is_string()) return title.get<std::string>();
    const std::string zh = text(title, "zh"), en = text(title, "en");
    if (zh.empty()) return en;
    return en.empty() ? zh : zh + " " + en;
}

struct Label {
    std::string text;
    Rgb colour = kBlack;
};

Label answerLabel(const std::string& result) {
    if (result == "pass") return {"符合 Pass", kGreen};
    if (result == "fail") return {"不符合 Fail", kRed};
    if (result == "not_applicable") return {"不适用 N/A", kGrey};
    return {"未答 Unanswered", kAmber};
}

Label conclusionLabel(const std::string& c) {
    if (c == "conforming") return {"合格 Conforming", kGreen};
    if (c == "nonconforming") return {"不合格 Nonconforming", kRed};
    if (c == "rectify") return {"限期整改 Rectification required", kAmber};
    if (c == "not_inspected") return {"未检查 Not inspected", kGrey};
    return {"未填写 Not given", kAmber};
}

std::string typeLabel(const std::string& t) {
    static const std::map<std::string, std::string> kTypes = {
        {"ccc_product", "强制性产品认证检查 CCC product check"},
        {"management_system", "管理体系认证检查 Management-system certification check"},
        {"organic_product", "有机产品认证检查 Organic-product check"},
        {"testing_agency", "检验检测机构检查 Inspection and testing agency check"},
        {"certification_body", "认证机构检查 Certification body check"},
        {"ccc_exemption_followup", "CCC 免办后续检查 CCC exemption follow-up"}};
    const auto it = kTypes.find(t);
    return it == kTypes.end() ? t : it->second;
}

std::string roleLabel(const std::string& r) {
    if (r == "inspector") return "检查员 Inspector";
    if (r == "party") return "被检查方 Inspected party";
    if (r == "witness") return "见证人 Witness";
    return r;
}

std::string districtLabel(const std::string& code) {
    if (const District* d = findDistrict(code)) return d->nameZh + " " + d->nameEn + " (" + code + ")";
    return code;
}

std::string locationText(const json& loc) {
    if (!loc.is_object() || !loc.contains("lat") || !loc.contains("lon")) return {};
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.5f, %.5f", loc["lat"].get<double>(), loc["lon"].get<double>());
    std::string out = buf;
    if (loc.contains("accuracy_m") && loc["accuracy_m"].is_number()) {
        std::snprintf(buf, sizeof buf, " (±%.0f m)", loc["accuracy_m"].get<double>());
        out += buf;
    }
    return out;
}

std::string joinList(const json& list, const char* sep = ", ") {
    std::string out;
    if (list.is_array())
        for (const auto& v : list)
            out += (out.empty() ? "" : sep) + (v.is_string() ? v.get<std::string>() : v.dump());
    return out;
}

// The drawing helpers of the report, on top of the page flow.
class Writer {
public:
    explicit Writer(PdfDocument& doc)
        : m_doc(doc) {}

    // `keepWith`: the height of what must follow the heading on the same page.
    void section(const std::string& title, double keepWith = 3 * kLine) {
        m_doc.ensureSpace(24 + keepWith); // never a heading alone at the foot of a page
        m_doc.moveDown(10);
        const double h = 18;
        m_doc.page().fillRect(m_doc.left(), m_doc.y() - h, m_doc.contentWidth(), h, kBand);
        m_doc.page().fillRect(m_doc.left(), m_doc.y() - h, 3, h, kAccent);
        m_doc.page().text(m_doc.left() + 8, m_doc.y() - h + 5, title, 11, kAccent, true);
        m_doc.moveDown(h + 4);
    }

    void field(const std::string& label, const std::string& value) { m_doc.labelled(label, value, kBody, kLabelWidth); }

    // Column rows: each cell wrapped in its width; the row moves to the next page as a whole.
    struct Cell {
        std::string text;
        double width;
        Rgb colour = kBlack;
        bool bold = false;
        double size = kBody;
    };
    void row(const std::vector<Cell>& cells, bool frameBelow = true) {
        std::vector<std::vector<std::string>> lines;
        size_t n = 1;
        for (const auto& c : cells) {
            lines.push_back(wrapText(c.text, c.size, c.width - 6));
            n = std::max(n, lines.back().size());
        }
        const double h = static_cast<double>(n) * kLine + 4;
        m_doc.ensureSpace(h);
        double x = m_doc.left();
        for (size_t i = 0; i < cells.size(); ++i) {
            double y = m_doc.y() - 2;
            for (const auto& l : lines[i]) {
                y -= kLine;
                m_doc.page().text(x, y + (kLine - cells[i].size) / 2 + 1, l, cells[i].size, cells[i].colour,
                                  cells[i].bold);
            }
            x += cells[i].width;
        }
        m_doc.moveDown(h);
        if (frameBelow) m_doc.page().line(m_doc.left(), m_doc.y(), m_doc.right(), m_doc.y(), 0.3, kFrame);
    }

    // A block with a picture box on the left and lines of text on the right.
    void pictureBlock(const std::optional<PdfImage>& image, double boxW, double boxH, const std::string& placeholder,
                      const std::vector<std::pair<std::string, Rgb>>& lines) {
        const double textX = m_doc.left() + boxW + 12;
        const double textW = m_doc.right() - textX;
        std::vector<std::pair<std::string, Rgb>> wrapped;
        for (const auto& [t, c] : lines)
            for (auto& l : wrapText(t, kBody, textW))
                wrapped.emplace_back(std::move(l), c);
        const double h = std::max(boxH, static_cast<double>(wrapped.size()) * kLine) + 10;
        m_doc.ensureSpace(h);
        const double top = m_doc.y() - 4;
        m_doc.page().rect(m_doc.left(), top - boxH, boxW, boxH, 0.5, kFrame);
        if (image) {
            const std::string name = m_doc.addImage(*image);
            const double scale = std::min((boxW - 4) / image->width, (boxH - 4) / image->height);
            const double w = image->width * scale, ih = image->height * scale;
            m_doc.page().image(name, m_doc.left() + (boxW - w) / 2, top - boxH + (boxH - ih) / 2, w, ih);
        } else {
            const auto ph = wrapText(placeholder, kSmall, boxW - 8);
            double y = top - boxH / 2 + ph.size() * kSmall * 0.7 - kSmall;
            for (const auto& l : ph) {
                m_doc.page().text(m_doc.left() + (boxW - textWidth(l, kSmall)) / 2, y, l, kSmall, kGrey);
                y -= kSmall * 1.4;
            }
        }
        double y = top;
        for (size_t i = 0; i < wrapped.size(); ++i) {
            y -= kLine;
            m_doc.page().text(textX, y + 3, wrapped[i].first, kBody, wrapped[i].second, i == 0);
        }
        m_doc.moveDown(h);
        m_doc.page().line(m_doc.left(), m_doc.y() + 3, m_doc.right(), m_doc.y() + 3, 0.3, kFrame);
    }

    PdfDocument& doc() { return m_doc; }

private:
    PdfDocument& m_doc;
};

void heading(Writer& w, const InspectionReportInput& in) {
    PdfDocument& doc = w.doc();
    const std::string id = text(in.inspection, "id");
    doc.moveDown(8);
    const std::string title = "现场检查报告";
    doc.page().text(doc.left(), doc.y() - 22, title, 22, kAccent, true);
    doc.page().text(doc.left() + textWidth(title, 22) + 12, doc.y() - 22, "Inspection report", 14, kAccent);
    doc.moveDown(30);
    if (!in.authorityName.empty()) doc.paragraph(in.authorityName, 11, 0, kBlack, true);
    doc.paragraph("报告编号 Report no. " + id, kBody, 0, kGrey);
    doc.moveDown(4);
    doc.page().line(doc.left(), doc.y(), doc.right(), doc.y(), 1.2, kAccent);
    doc.moveDown(6);

    w.section("基本信息 General information");
    const json& org = in.organisation;
    std::string orgText = text(org, "name");
    if (orgText.empty()) orgText = text(in.inspection, "organisation_id");
    w.field("被检查单位 Organisation", orgText);
    if (!text(org, "uscc").empty()) w.field("统一社会信用代码 USCC", text(org, "uscc"));
    if (!text(org, "address").empty()) w.field("地址 Address", text(org, "address"));
    w.field("检查类型 Inspection type", typeLabel(text(in.inspection, "inspection_type")));
    std::string checklist = text(in.inspection, "template_id");
    if (in.checklist.is_object() && in.checklist.contains("title"))
        checklist = bilingual(in.checklist["title"]) + " (" + checklist + ")";
    w.field("检查表 Checklist", checklist);
    w.field("辖区 District", districtLabel(text(in.inspection, "district")));
    w.field("检查人员 Inspectors", joinList(in.inspection.value("inspectors", json::array()), "、"));
    w.field("开始时间 Started", beijingTime(text(in.inspection, "started_at")));
    w.field("结束时间 Ended", beijingTime(text(in.inspection, "ended_at")));
    const std::string place = locationText(in.inspection.value("location", json()));
    if (!place.empty()) w.field("检查地点 Location", place);
    if (!text(in.inspection, "task_id").empty()) w.field("任务 Task", text(in.inspection, "task_id"));
}

void checklist(Writer& w, const InspectionReportInput& in) {
    w.section("检查项目 Checklist");
    const json answers = in.inspection.value("answers", json::object());
    const double idW = 62, resultW = 82;
    const double titleW = w.doc().contentWidth() - idW - resultW;
    w.row({{"编号 Item", idW, kGrey, false, kSmall},
           {"检查内容 Requirement", titleW, kGrey, false, kSmall},
           {"结果 Result", resultW, kGrey, false, kSmall}});
    std::set<std::string> shown;
    auto item = [&](const std::string& itemId, const std::string& title) {
        shown.insert(itemId);
        const json a = answers.value(itemId, json::object());
        const Label l = answerLabel(text(a, "result"));
        std::string body = title.empty() ? itemId : title;
        if (!text(a, "note").empty()) body += "\n备注 Note: " + text(a, "note");
        if (!text(a, "deadline").empty()) body += "\n整改期限 Deadline: " + text(a, "deadline");
        w.row({{itemId, idW, kGrey}, {body, titleW}, {l.text, resultW, l.colour, true}});
    };
    if (in.checklist.is_object())
        for (const auto& section : in.checklist.value("sections", json::array())) {
            w.row({{bilingual(section.value("title", json())), w.doc().contentWidth(), kAccent, true}}, false);
            for (const auto& i : section.value("items", json::array()))
                item(text(i, "id"), bilingual(i.value("title", json())));
        }
    std::vector<std::string> others;
    for (const auto& [key, value] : answers.items())
        if (!shown.count(key)) others.push_back(key);
    std::sort(others.begin(), others.end());
    if (!others.empty() && in.checklist.is_object())
        w.row({{"其他项目 Other items", w.doc().contentWidth(), kAccent, true}}, false);
    for (const auto& key : others)
        item(key, "");
    if (answers.empty() && !in.checklist.is_object()) w.doc().paragraph("（无检查记录 No answers recorded）", kBody, 0, kGrey);
}

void findings(Writer& w, const InspectionReportInput& in) {
    w.section("发现的问题与结论 Findings and conclusion");
    const std::string f = text(in.inspection, "findings");
    w.doc().paragraph(f.empty() ? "（未记录问题 No findings recorded）" : f, kBody, 0, f.empty() ? kGrey : kBlack);
    w.doc().moveDown(4);
    const Label c = conclusionLabel(text(in.inspection, "conclusion"));
    w.doc().ensureSpace(kLine * 1.6);
    w.doc().moveDown(kLine * 1.4);
    w.doc().page().text(w.doc().left(), w.doc().y() + 4, "检查结论 Conclusion:", 11, kBlack, true);
    w.doc().page().text(w.doc().left() + textWidth("检查结论 Conclusion:", 11) + 10, w.doc().y() + 4, c.text, 11,
                        c.colour, true);
}

void evidence(Writer& w, const InspectionReportInput& in) {
    w.section("证据 Evidence (" + std::to_string(in.evidence.size()) + ")", in.evidence.empty() ? kLine : 110);
    if (in.evidence.empty()) w.doc().paragraph("（无 None）", kBody, 0, kGrey);
    for (const auto& e : in.evidence) {
        const json& r = e.record;
        std::optional<PdfImage> thumb;
        std::string placeholder = "文件未上传 Not received";
        if (e.bytes) {
            placeholder = "非图片 Not an image";
            if (looksLikeImage(*e.bytes)) {
                auto img = loadImage(*e.bytes, 360);
                if (img) thumb = std::move(*img);
                else placeholder = "图片无法显示 Cannot show image";
            }
        }
        std::vector<std::pair<std::string, Rgb>> lines = {
            {text(r, "file_name").empty() ? text(r, "id") : text(r, "file_name"), kBlack},
            {"SHA-256: " + text(r, "sha256"), kBlack},
            {"类型 Type: " + text(r, "media_type") + ", " + text(r, "size") + " bytes", kGrey},
            {"采集时间 Captured: " + beijingTime(text(r, "captured_at")), kBlack}};
        const std::string place = locationText(r.value("location", json()));
        lines.push_back({"采集地点 Location: " + (place.empty() ? std::string("未记录 not recorded") : place), kBlack});
        lines.push_back({"检查员 Inspector: " + text(r, "inspector") + " | 设备 Device: " + text(r, "device"), kGrey});
        if (!text(r, "item_id").empty()) lines.push_back({"检查项 Item: " + text(r, "item_id"), kGrey});
        if (!e.bytes) lines.push_back({"文件尚未上传到服务器 The file has not reached the server", kAmber});
        w.pictureBlock(thumb, 96, 96, placeholder, lines);
    }
}

void signatures(Writer& w, const InspectionReportInput& in) {
    w.section("签名 Signatures (" + std::to_string(in.signatures.size()) + ")", in.signatures.empty() ? kLine : 80);
    if (in.signatures.empty()) w.doc().paragraph("（无 None）", kBody, 0, kGrey);
    for (const auto& s : in.signatures) {
        const json& r = s.record;
        std::optional<PdfImage> image;
        if (s.imageBytes && looksLikeImage(*s.imageBytes))
            if (auto img = loadImage(*s.imageBytes, 400)) image = std::move(*img);
        std::vector<std::pair<std::string, Rgb>> lines;
        if (r.value("missing", false)) {
            lines = {{"签名记录未到达 Signature record missing: " + text(r, "id"), kAmber}};
        } else {
            lines = {{text(r, "signer_name") + " — " + roleLabel(text(r, "signer_role")), kBlack},
                     {"签名时间 Signed: " + beijingTime(text(r, "signed_at")), kBlack},
                     {"签署内容 SHA-256 Content: " + text(r, "content_sha256"), kBlack}};
            if (!text(r, "image_sha256").empty())
                lines.push_back({"签名图像 SHA-256 Image: " + text(r, "image_sha256"), kGrey});
            if (r.value("refused", false))
                lines.push_back({"拒绝签名 Refused to sign" +
                                     (text(r, "witness").empty() ? "" : "，见证人 witness: " + text(r, "witness")),
                                 kRed});
            if (s.stale) lines.push_back({"签名后记录已修改 The record changed after this signature", kAmber});
        }
        w.pictureBlock(image, 150, 64, s.imageBytes ? "无图像 No image" : "无签名图像 No image", lines);
    }
}

Label indicationLabel(const std::string& indication) {
    if (indication == "PASSED") return {"通过 PASSED", kGreen};
    if (indication == "FAILED") return {"未通过 FAILED", kRed};
    if (indication == "INDETERMINATE") return {"无法确定 INDETERMINATE", kAmber};
    return {indication.empty() ? "未知 Unknown" : indication, kAmber};
}

void certificateChecks(Writer& w, const InspectionReportInput& in) {
    w.section("证书核验 Certificate checks (" + std::to_string(in.certificateChecks.size()) + ")");
    if (in.certificateChecks.empty()) w.doc().paragraph("（无 None）", kBody, 0, kGrey);
    for (const auto& c : in.certificateChecks) {
        const json& r = c.report;
        const Label l = indicationLabel(text(r, "indication"));
        std::string verdict = l.text;
        if (!text(r, "sub_indication").empty()) verdict += " / " + text(r, "sub_indication");
        w.doc().ensureSpace(kLine * 3);
        w.doc().moveDown(2);
        w.row({{c.source, w.doc().contentWidth() - 150, kBlack, true}, {verdict, 150, l.colour, true}}, false);
        std::string cert = text(c.payload, "number");
        if (!text(c.payload, "holder").empty()) cert += (cert.empty() ? "" : " | ") + text(c.payload, "holder");
        if (!text(c.payload, "kind").empty()) cert += " (" + text(c.payload, "kind") + ")";
        if (!cert.empty()) w.field("证书 Certificate", cert);
        const json seal = r.value("seal", json::object());
        if (!text(seal, "name").empty()) w.field("印章 Seal", text(seal, "name") + " (" + text(seal, "id") + ")");
        const json signer = r.value("signer", json::object());
        if (!text(signer, "subject").empty()) w.field("签章人 Signer", text(signer, "subject"));
        if (!text(r, "signed_at").empty()) w.field("签章时间 Sealed", beijingTime(text(r, "signed_at")));
        const json ex = r.value("explanation", json::object());
        if (!text(ex, "zh").empty() || !text(ex, "en").empty())
            w.field("说明 Explanation", text(ex, "zh") + (text(ex, "en").empty() ? "" : "\n" + text(ex, "en")));
        w.doc().rule();
    }
}

void decision(Writer& w, const InspectionReportInput& in) {
    w.section("审核意见 Review decision");
    const Label d = in.decision.decision == "approved" ? Label{"批准 Approved", kGreen}
                                                      : Label{in.decision.decision, kAmber};
    w.doc().ensureSpace(kLine);
    w.doc().moveDown(kLine);
    w.doc().page().text(w.doc().left(), w.doc().y() + 3, "决定 Decision", kBody, {0.35, 0.35, 0.35});
    w.doc().page().text(w.doc().left() + kLabelWidth, w.doc().y() + 3, d.text, kBody, d.colour, true);
    w.field("审核人 Reviewer", in.decision.reviewer);
    w.field("审核时间 Decided", beijingTime(in.decision.decidedAt));
    w.field("审核意见 Comment", in.decision.comment.empty() ? "（无 None）" : in.decision.comment);
    w.doc().moveDown(14);
    w.doc().paragraph("本报告由 FieldSeal 根据服务器上的记录生成。其完整性由签发机关的电子印章保证：report.seal 中的印章封装绑定本文件的 "
                      "SHA-256、检查编号和审核决定，可用 fieldseal seal verify 核验印章并比对本文件的 SHA-256。",
                      kSmall, 0, kGrey);
    w.doc().paragraph("Generated by FieldSeal from the records held by the server. Its integrity is vouched for by the "
                      "issuing authority's electronic seal: the envelope report.seal binds this file's SHA-256, the "
                      "inspection id and the decision; check it with `fieldseal seal verify` and compare the SHA-256.",
                      kSmall, 0, kGrey);
}

// "D:YYYYMMDDHHmmSSZ" for the document information, from the decision time.
std::string pdfDate(const std::string& rfc3339) {
    const auto t = parseRfc3339(rfc3339);
    if (!t) return {};
    std::string s = formatRfc3339(*t); // YYYY-MM-DDTHH:MM:SSZ
    std::string out = "D:";
    for (char c : s)
        if (c >= '0' && c <= '9') out += c;
    return out + "Z";
}

} // namespace

std::string beijingTime(const std::string& rfc3339) {
    const auto t = parseRfc3339(rfc3339);
    if (!t) return rfc3339.empty() ? "—" : rfc3339;
    const std::string s = formatRfc3339(*t + std::chrono::hours(8)); // YYYY-MM-DDTHH:MM:SSZ
    return s.substr(0, 10) + " " + s.substr(11, 5) + " (UTC+8)";
}

std::string renderInspectionReport(const InspectionReportInput& in) {
    PdfDocument doc;
    Writer w(doc);
    heading(w, in);
    checklist(w, in);
    findings(w, in);
    evidence(w, in);
    signatures(w, in);
    certificateChecks(w, in);
    decision(w, in);

    DocumentInfo info;
    const std::string id = text(in.inspection, "id");
    info.title = "现场检查报告 Inspection report " + id;
    info.author = in.authorityName;
    info.subject = text(in.organisation, "name");
    info.footer = "FieldSeal | " + id;
    info.creationDate = pdfDate(in.decision.decidedAt);
    return doc.finish(info);
}

} // namespace fieldseal::report
