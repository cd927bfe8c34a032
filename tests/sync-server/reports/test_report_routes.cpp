// GET /v1/inspections/{id}/report.pdf and report.seal on an inspection made like a real one:
// written by its inspector (answers, findings, a photo, a JPEG, a document, a recorded certificate
// check, a drawn signature), submitted, then approved by the district's supervisor through the
// review route. The PDF is read back with pdfinfo, pdftotext and pdftoppm; the seal is checked
// with the `fieldseal` CLI against the authority's trust list.
//
// Set FIELDSEAL_REPORT_SAMPLE_DIR to keep the PDF and its rendered pages (for a look by eye).
#include "../../shared/report/pdf_test_tools.h"
#include "audit/audit_log.h"
#include "report/pdf_document.h"
#include "report/pdf_image.h"
#include "reports/report_input.h"
#include "seal/trust_store.h"
#include "seals/seal_service.h"
#include "store/sqlite_db.h"
#include "sync-server/stats/server_fixture.h"

#include <QtTest>
#include <cmath>
#include <filesystem>

using namespace fieldseal;
using namespace fieldseal::server;
using namespace fieldseal::server::test;
using namespace fieldseal::report::test;

class TestReportRoutes : public QObject {
    Q_OBJECT

    std::unique_ptr<ServerFixture> m_server;
    QTemporaryDir m_tmp;
    std::string m_approved, m_submitted, m_photoSha, m_jpegSha, m_docSha, m_bigJpegSha;
    std::size_t m_bigJpegSize = 0;
    std::filesystem::path m_strayFile; // where the approved inspection's PDF is archived

    std::int64_t count(const std::string& sql, const std::string& arg) {
        auto lock = m_server->app->database().lock();
        auto q = m_server->app->database().db().query(sql);
        q.bind(1, arg);
        q.step();
        return q.int64(0);
    }

    std::string tmp(const std::string& name) { return (m_tmp.path() + "/").toStdString() + name; }

    std::string orgIdNamed(const std::string& name) {
        auto lock = m_server->app->database().lock();
        std::string found;
        m_server->app->database().store().forEachRecordOfType("organisation", [&](const RecordMeta& m) {
            auto r = m_server->app->sync().replicaLocked().record(m.id);
            if (r && r->value("name", "") == name) found = m.id;
        });
        return found;
    }

    // A 320 x 240 photo-like PNG: a gradient with a red bar.
    static std::string photo() {
        std::string rgb;
        for (int y = 0; y < 240; ++y)
            for (int x = 0; x < 320; ++x) {
                const bool bar = y > 100 && y < 140;
                rgb += static_cast<char>(bar ? 220 : x * 255 / 320);
                rgb += static_cast<char>(bar ? 30 : y * 255 / 240);
                rgb += static_cast<char>(bar ? 30 : 160);
            }
        return makePng(320, 240, 2, rgb);
    }

    // A JPEG as a camera would send one, made by pdftoppm from a page with coloured blocks; with
    // `grain`, a noisy photo-like area too, so that at a high resolution it is megabytes large.
    std::string jpeg(int dpi = 30, bool grain = false) {
        report::PdfDocument doc;
        doc.page().fillRect(0, 0, report::PdfDocument::kPageWidth, report::PdfDocument::kPageHeight, {0.2, 0.5, 0.3});
        if (grain) {
            std::string rgb;
            std::uint32_t x = 12345;
            for (int i = 0; i < 400 * 400 * 3; ++i) {
                x = x * 1664525u + 1013904223u; // a fixed LCG: the same "photo" every run
                rgb += static_cast<char>(x >> 24);
            }
            doc.page().image(doc.addImage(report::pngImage(makePng(400, 400, 2, rgb)).value()), 0, 0,
                             report::PdfDocument::kPageWidth, report::PdfDocument::kPageHeight / 2);
        }
        doc.page().fillRect(100, 300, 400, 200, {0.95, 0.85, 0.2});
        doc.page().text(120, 390, "GB 6675 样品 sample", 36);
        writeFile(tmp("jpeg.pdf"), doc.finish({"j", "", "", "", ""}));
        const auto r = runProcess("pdftoppm", {"-jpeg", "-jpegopt", "quality=95", "-r", QString::number(dpi),
                                               "-singlefile", QString::fromStdString(tmp("jpeg.pdf")),
                                               QString::fromStdString(tmp("camera"))});
        if (r.exitCode != 0) throw std::runtime_error("pdftoppm -jpeg: " + r.err);
        return readFile(tmp("camera.jpg"));
    }

    // A signature drawn as a dark stroke on a transparent background (RGBA PNG).
    static std::string signatureImage() {
        const int w = 300, h = 100;
        std::string rgba(static_cast<size_t>(w) * h * 4, '\0');
        for (int x = 20; x < 280; ++x) {
            const int y = 50 + static_cast<int>(25 * std::sin(x / 18.0));
            for (int dy = -2; dy <= 2; ++dy) {
                char* p = rgba.data() + (static_cast<size_t>(y + dy) * w + x) * 4;
                p[0] = 10, p[1] = 20, p[2] = 90, p[3] = static_cast<char>(255);
            }
        }
        return makePng(w, h, 6, rgba);
    }

    void evidence(const Caller& who, const std::string& inspection, const std::string& sha, size_t size,
                  const std::string& mediaType, const std::string& fileName, const std::string& capturedAt,
                  const std::string& item) {
        std::vector<std::pair<std::string, nlohmann::json>> f = {
            {"inspection_id", inspection}, {"sha256", sha}, {"media_type", mediaType}, {"size", size},
            {"captured_at", capturedAt}, {"device", "tab-wang"}, {"inspector", who.username},
            {"file_name", fileName}, {"district", "310115"},
            {"location", {{"lat", 31.20312}, {"lon", 121.58725}, {"accuracy_m", 8}}}};
        if (!item.empty()) f.emplace_back("item_id", item);
        m_server->put(who, "evidence", "", f);
    }

    std::string newInspection(const Caller& wang, const std::string& orgId) {
        return m_server->put(
            wang, "inspection", "",
            {{"organisation_id", orgId},
             {"template_id", "ccc-toys-v1"},
             {"inspection_type", "ccc_product"},
             {"district", "310115"},
             {"inspectors", {"insp.wang", "insp.li"}},
             {"started_at", "2026-11-24T09:30:00+08:00"},
             {"ended_at", "2026-11-24T11:45:00+08:00"},
             {"location", {{"lat", 31.2031}, {"lon", 121.5872}}},
             {"answers.toys-1.1", {{"result", "pass"}}},
             {"answers.toys-1.2", {{"result", "pass"}, {"note", "证书在有效期内，扫码核验通过。"}}},
             {"answers.toys-1.3", {{"result", "not_applicable"}}},
             {"answers.toys-2.1", {{"result", "fail"},
                                   {"note", "抽查的 TQ-200 积木小零件尺寸与型式试验报告不一致（报告 No. 2026-T-0415）。"},
                                   {"deadline", "2026-12-24"}}},
             {"answers.toys-2.2", {{"result", "pass"}}},
             {"answers.toys-3.1", {{"result", "pass"}, {"note", "CCC mark printed on the box, size ok."}}},
             {"findings", "1. TQ-200 型号积木的小零件与型式试验样品不一致，存在吞咽风险。\n"
                          "2. The manufacturer keeps its factory-inspection records on paper only; a digital "
                          "copy was photographed as evidence."},
             {"conclusion", "rectify"}});
    }

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_server = std::make_unique<ServerFixture>();
        const Caller wang = m_server->caller("insp.wang");
        const std::string org = orgIdNamed("上海童趣玩具制造有限公司");
        QVERIFY(!org.empty());

        m_approved = newInspection(wang, org);
        const std::string photoBytes = photo(), jpegBytes = jpeg(), docBytes = "factory inspection record\n";
        m_photoSha = m_server->uploadBlob("insp.wang", photoBytes);
        m_jpegSha = m_server->uploadBlob("insp.wang", jpegBytes);
        m_docSha = m_server->uploadBlob("insp.wang", docBytes);
        evidence(wang, m_approved, m_photoSha, photoBytes.size(), "image/png", "toys-2.1-parts.png",
                 "2026-11-24T10:05:00+08:00", "toys-2.1");
        evidence(wang, m_approved, m_jpegSha, jpegBytes.size(), "image/jpeg", "IMG_0042.jpg",
                 "2026-11-24T10:20:00+08:00", "");
        // A camera photo of about 1700 x 2300 pixels and megabytes: drawn as a thumbnail.
        const std::string bigJpeg = jpeg(200, true);
        m_bigJpegSize = bigJpeg.size();
        QVERIFY2(m_bigJpegSize > 1'500'000, qPrintable(QString::number(m_bigJpegSize)));
        m_bigJpegSha = m_server->uploadBlob("insp.wang", bigJpeg);
        evidence(wang, m_approved, m_bigJpegSha, bigJpeg.size(), "image/jpeg", "IMG_0043.jpg",
                 "2026-11-24T10:25:00+08:00", "");
        evidence(wang, m_approved, m_docSha, docBytes.size(), "text/plain", "records.txt",
                 "2026-11-24T10:40:00+08:00", "");
        evidence(wang, m_approved, std::string(64, 'a'), 1234, "image/jpeg", "never-uploaded.jpg",
                 "2026-11-24T10:50:00+08:00", "");

        // A certificate check as the app records it: the verification report of a sealed CCC certificate.
        nlohmann::json certificate;
        {
            auto lock = m_server->app->database().lock();
            const auto& authority = m_server->app->seals().authorityLocked();
            certificate = authority.sealer()
                              .seal({{"kind", "ccc"}, {"number", "2026011606123456"},
                                     {"holder", "上海童趣玩具制造有限公司"}},
                                    authority.sealIdentity(), seal::now())
                              .value();
        }
        auto report = m_server->app->seals().verify(certificate).toJson();
        report["payload"] = certificate["payload"];
        const std::string check =
            nlohmann::json{{"kind", "certificate_verification"}, {"report", report}, {"input", "FS1:..."}}.dump(2);
        const std::string checkSha = m_server->uploadBlob("insp.wang", check);
        evidence(wang, m_approved, checkSha, check.size(), "application/json", "certificate-check.json",
                 "2026-11-24T09:50:00+08:00", "toys-1.2");

        const std::string sigImage = signatureImage();
        const std::string sigSha = m_server->uploadBlob("insp.wang", sigImage);
        m_server->put(wang, "inspection", m_approved, {{"status", "submitted"}});
        m_server->put(wang, "signature", "",
                      {{"inspection_id", m_approved}, {"signer_name", "王检查"}, {"signer_role", "inspector"},
                       {"image_sha256", sigSha}, {"content_sha256", std::string(64, 'c')},
                       {"signed_at", "2026-11-24T11:40:00+08:00"}, {"district", "310115"}});
        m_server->put(wang, "signature", "",
                      {{"inspection_id", m_approved}, {"signer_name", "刘经理"}, {"signer_role", "party"},
                       {"content_sha256", std::string(64, 'c')}, {"refused", true}, {"witness", "insp.li"},
                       {"signed_at", "2026-11-24T11:42:00+08:00"}, {"district", "310115"}});

        const auto decided = m_server->request("sup.pudong", "POST", "/v1/review/inspections/" + m_approved + "/decision",
                                               R"({"decision":"approve","comment":"同意。请于 12 月 24 日前提交整改报告。"})");
        QVERIFY2(decided.status == 200, decided.body.c_str());
        QCOMPARE(m_server->record(m_approved)["status"], "approved");

        m_submitted = newInspection(wang, org);
        m_server->put(wang, "inspection", m_submitted, {{"status", "submitted"}});

        // What a crash between writing the PDF and committing its record leaves: a file and no
        // record. It is no report: the first request draws the report again over it.
        std::string version;
        {
            auto lock = m_server->app->database().lock();
            version = currentApprovalLocked(m_server->app->database().store(), m_approved).value().opId;
        }
        const auto stray = m_server->data / "reports" / m_approved / (version + ".pdf");
        std::filesystem::create_directories(stray.parent_path());
        writeFile(stray.string(), "%PDF-1.7 left by a crash");
        m_strayFile = stray;
    }


    void pdfOpensAndSaysWhatItShould() {
        const auto r = m_server->get("sup.pudong", "/v1/inspections/" + m_approved + "/report.pdf");
        QVERIFY2(r.status == 200, r.body.c_str());
        QCOMPARE(r.contentType, std::string("application/pdf"));
        writeFile(tmp("report.pdf"), r.body);
        const auto info = runProcess("pdfinfo", {QString::fromStdString(tmp("report.pdf"))});
        QVERIFY2(info.exitCode == 0 && info.err.empty(), info.err.c_str());

        const auto text =
            runProcess("pdftotext", {"-enc", "UTF-8", QString::fromStdString(tmp("report.pdf")), "-"});
        QCOMPARE(text.exitCode, 0);
        for (const std::string& expected :
             {std::string("现场检查报告"), m_approved, m_photoSha, m_jpegSha, std::string("上海童趣玩具制造有限公司"),
              std::string("不符合 Fail"), std::string("限期整改"), std::string("同意。请于 12 月 24 日前提交整改报告。"),
              std::string("sup.pudong"), std::string("王检查"), std::string("通过 PASSED"),
              std::string("2026011606123456"), std::string("Not an image"), m_bigJpegSha})
            QVERIFY2(text.out.find(expected) != std::string::npos, ("missing: " + expected).c_str());
        // The stray file was replaced by the report; its record and audit row came together.
        QCOMPARE(readFile(m_strayFile.string()), r.body);
        QCOMPARE(count("SELECT count(*) FROM report_archive WHERE inspection_id = ?1", m_approved), std::int64_t{1});
        QCOMPARE(count("SELECT count(*) FROM report_archive r JOIN audit a ON a.record_id = r.inspection_id "
                       "AND a.action = 'report.issued' AND json_extract(a.detail, '$.pdf_sha256') = r.pdf_sha256 "
                       "WHERE r.inspection_id = ?1",
                       m_approved),
                 std::int64_t{1});
    }

    void largeJpegEvidenceIsAThumbnail() {
        // The 1.5+ MB photo is in the report as a thumbnail: the whole PDF is a fraction of the
        // photo alone (it renders and its seal verifies in the tests below), and it prints the
        // photo's own SHA-256 (above), not the thumbnail's.
        const auto r = m_server->get("sup.pudong", "/v1/inspections/" + m_approved + "/report.pdf");
        QCOMPARE(r.status, 200);
        QVERIFY2(r.body.size() < m_bigJpegSize / 5,
                 qPrintable(QString("pdf %1 bytes, photo %2").arg(r.body.size()).arg(m_bigJpegSize)));
        // The thumbnail is a JPEG of at most 360 pixels a side, in the PDF as DCTDecode.
        writeFile(tmp("thumb.pdf"), r.body);
        const auto images = runProcess("pdfimages", {"-list", QString::fromStdString(tmp("thumb.pdf"))});
        QVERIFY2(images.exitCode == 0, images.err.c_str());
        int jpegs = 0;
        for (const auto& line : QString::fromStdString(images.out).split('\n')) {
            const auto cols = line.simplified().split(' ');
            if (cols.size() < 9 || cols[2] != "image" || cols[8] != "jpeg") continue;
            ++jpegs;
            QVERIFY2(cols[3].toInt() <= 360 && cols[4].toInt() <= 360, qPrintable(line));
        }
        QCOMPARE(jpegs, 2); // the small camera JPEG and the big one's thumbnail
    }

    void pagesRenderWithContent() {
        const auto r = m_server->get("admin.city", "/v1/inspections/" + m_approved + "/report.pdf");
        QCOMPARE(r.status, 200);
        writeFile(tmp("render.pdf"), r.body);
        const auto png =
            runProcess("pdftoppm", {"-png", "-r", "60", QString::fromStdString(tmp("render.pdf")),
                                    QString::fromStdString(tmp("page"))});
        QVERIFY2(png.exitCode == 0, png.err.c_str());
        QVERIFY(QFileInfo(QString::fromStdString(tmp("page-1.png"))).size() > 2000);
        // First page as pixels: dark text, and colour from the title band and the result labels.
        const auto ppm = runProcess("pdftoppm", {"-r", "40", "-f", "1", "-l", "1", "-singlefile",
                                                 QString::fromStdString(tmp("render.pdf")),
                                                 QString::fromStdString(tmp("first"))});
        QCOMPARE(ppm.exitCode, 0);
        const Pixmap page = readPpm(readFile(tmp("first.ppm")));
        int dark = 0;
        for (int i = 0; i < page.width * page.height; ++i) {
            const unsigned char* c = reinterpret_cast<const unsigned char*>(page.rgb.data()) + i * 3;
            if (c[0] < 90 && c[1] < 90 && c[2] < 90) ++dark;
        }
        QVERIFY2(dark > 300, qPrintable(QString::number(dark)));
        if (const char* keep = std::getenv("FIELDSEAL_REPORT_SAMPLE_DIR")) {
            runProcess("pdftoppm", {"-png", "-r", "80", QString::fromStdString(tmp("render.pdf")),
                                    QString::fromUtf8(keep) + "/report-page"});
            writeFile(std::string(keep) + "/report.pdf", r.body);
        }
    }

    void sameBytesEveryTime() {
        const auto a = m_server->get("insp.li", "/v1/inspections/" + m_approved + "/report.pdf");
        const auto b = m_server->get("admin.city", "/v1/inspections/" + m_approved + "/report.pdf");
        QCOMPARE(a.status, 200);
        QVERIFY(a.body == b.body);
        std::string header;
        for (const auto& [k, v] : a.headers)
            if (k == "X-Content-SHA256") header = v;
        QCOMPARE(header, seal::sha256Hex(a.body));
    }

    void sealBindsThePdf() {
        const auto pdf = m_server->get("insp.wang", "/v1/inspections/" + m_approved + "/report.pdf").body;
        const auto r = m_server->get("insp.wang", "/v1/inspections/" + m_approved + "/report.seal");
        QVERIFY2(r.status == 200, r.body.c_str());
        const auto envelope = nlohmann::json::parse(r.body);
        QCOMPARE(envelope["format"], "fieldseal-sealed/1");
        const auto& payload = envelope["payload"];
        QCOMPARE(payload["type"], "fieldseal-inspection-report");
        QCOMPARE(payload["inspection_id"], m_approved);
        QCOMPARE(payload["decision"], "approved");
        QCOMPARE(payload["reviewer"], "sup.pudong");
        QCOMPARE(payload["pdf_sha256"].get<std::string>(), seal::sha256Hex(pdf));
        // The same envelope again (sealed once per approval).
        QCOMPARE(m_server->get("sup.pudong", "/v1/inspections/" + m_approved + "/report.seal").body, r.body);

        // `fieldseal seal verify` against the authority's trust list and root.
        writeFile(tmp("report.seal.json"), r.body);
        writeFile(tmp("trust-list.json"), m_server->app->seals().currentTrustList().dump());
        {
            auto lock = m_server->app->database().lock();
            writeFile(tmp("root.pem"), m_server->app->seals().authorityLocked().rootCertificatePem());
        }
        const auto verified = fieldseal::test::runFieldsealCli(
            {"seal", "verify", "--trust", QString::fromStdString(tmp("trust-list.json")), "--root",
             QString::fromStdString(tmp("root.pem")), "--in",
             QString::fromStdString(tmp("report.seal.json"))});
        QVERIFY2(verified.exitCode == 0, (verified.out + verified.err).c_str());
        const auto verdict = nlohmann::json::parse(verified.out);
        QCOMPARE(verdict["indication"], "PASSED");
        QCOMPARE(verdict["payload"]["pdf_sha256"].get<std::string>(), seal::sha256Hex(pdf));

        // One byte of the PDF changed: its hash no longer matches the sealed one.
        std::string changed = pdf;
        changed[changed.size() / 2] ^= 0x01;
        QVERIFY(seal::sha256Hex(changed) != payload["pdf_sha256"].get<std::string>());
        // The sealed hash itself changed: the seal fails.
        auto forged = envelope;
        forged["payload"]["pdf_sha256"] = seal::sha256Hex(changed);
        writeFile(tmp("forged.json"), forged.dump());
        const auto refused = fieldseal::test::runFieldsealCli(
            {"seal", "verify", "--trust", QString::fromStdString(tmp("trust-list.json")), "--root",
             QString::fromStdString(tmp("root.pem")), "--in", QString::fromStdString(tmp("forged.json"))});
        QCOMPARE(refused.exitCode, 3); // FAILED
    }

    void notApprovedIs409() {
        const auto r = m_server->get("sup.pudong", "/v1/inspections/" + m_submitted + "/report.pdf");
        QCOMPARE(r.status, 409);
        const auto body = nlohmann::json::parse(r.body);
        QVERIFY2(body["error"]["message"].get<std::string>().find("is submitted, not approved") != std::string::npos,
                 r.body.c_str());
        QCOMPARE(m_server->get("sup.pudong", "/v1/inspections/" + m_submitted + "/report.seal").status, 409);
    }

    void othersAreRefused() {
        for (const char* user : {"sup.xuhui", "insp.zhao", "expo.chen"}) {
            QCOMPARE(m_server->get(user, "/v1/inspections/" + m_approved + "/report.pdf").status, 403);
            QCOMPARE(m_server->get(user, "/v1/inspections/" + m_approved + "/report.seal").status, 403);
        }
        QCOMPARE(m_server->get("", "/v1/inspections/" + m_approved + "/report.pdf").status, 401);
        QCOMPARE(m_server->get("admin.city", "/v1/inspections/no-such-id/report.pdf").status, 404);
    }

    void issuingIsAudited() {
        auto lock = m_server->app->database().lock();
        auto q = m_server->app->database().db().query(
            "SELECT action, COUNT(*) FROM audit WHERE record_id = ?1 AND action LIKE 'report.%' GROUP BY action");
        q.bind(1, m_approved);
        std::map<std::string, std::int64_t> counts;
        while (q.step())
            counts[q.text(0)] = q.int64(1);
        QCOMPARE(counts["report.issued"], std::int64_t{1});
        QCOMPARE(counts["report.sealed"], std::int64_t{1});
        QVERIFY(counts["report.download"] >= 4);
        auto sealed = m_server->app->database().db().query(
            "SELECT seal_kid IS NOT NULL FROM report_archive WHERE inspection_id = ?1");
        sealed.bind(1, m_approved);
        QVERIFY(sealed.step());
        QCOMPARE(sealed.int64(0), std::int64_t{1});
    }

    void anArchivedReportThatChangedIsNotServed() {
        // The record holds the PDF's SHA-256: a changed file is a store failure, never served.
        const std::string good = readFile(m_strayFile.string());
        std::string changed = good;
        changed[changed.size() / 2] ^= 0x01;
        writeFile(m_strayFile.string(), changed);
        QCOMPARE(m_server->get("sup.pudong", "/v1/inspections/" + m_approved + "/report.pdf").status, 503);
        writeFile(m_strayFile.string(), good);
        QCOMPARE(m_server->get("sup.pudong", "/v1/inspections/" + m_approved + "/report.pdf").status, 200);
    }
};

QTEST_APPLESS_MAIN(TestReportRoutes)
#include "test_report_routes.moc"
