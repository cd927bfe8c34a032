// fieldseal-server end to end, as tablets use it: the real server (init --demo, serve on a
// loopback port over TLS) and the real libcurl client with device replicas. Push/pull round
// trips, idempotent re-push, scoping of pulls and pushes for every role, the review cycle, a
// conflict seen the same by the server and both devices, and the audit chain of all of it.
#include "client/blob_uploader.h"
#include "client/sync_protocol.h"
#include "integration_support.h"
#include "store/sqlite_db.h"

#include <QtTest>
#include <set>

using namespace fieldseal;
using namespace fieldseal::itest;
using nlohmann::json;

namespace {

bool hasId(const json& list, const std::string& id) {
    for (const auto& item : list)
        if (item.value("id", "") == id) return true;
    return false;
}

std::vector<Op> outboxOps(Tablet& t) {
    std::vector<Op> ops;
    for (const auto& s : t.store->outbox(100000))
        ops.push_back(s.op);
    return ops;
}

std::set<std::string> districtsOf(const std::vector<json>& records) {
    std::set<std::string> out;
    for (const auto& r : records)
        out.insert(r.value("district", "<none>"));
    return out;
}

std::set<std::string> typesOf(const std::vector<json>& records) {
    std::set<std::string> out;
    for (const auto& r : records)
        out.insert(r.value("type", "<none>"));
    return out;
}

std::string str(const std::set<std::string>& s) {
    std::string out;
    for (const auto& x : s)
        out += (out.empty() ? "" : ",") + x;
    return out;
}

} // namespace

class TestIntegrationSync : public QObject {
    Q_OBJECT

    std::unique_ptr<test::ServerProcess> m_server;

    // Pushes the tablet's outbox and expects every op refused with `code`, none stored.
    void expectAllRejected(Tablet& t, const std::vector<Op>& ops, const std::string& code) {
        const auto before = serverOpCount(*m_server);
        const auto report = t.sync();
        QCOMPARE(report.accepted, std::uint64_t(0));
        QCOMPARE(report.rejected.size(), ops.size());
        std::set<std::string> ids;
        for (const auto& op : ops)
            ids.insert(op.opId);
        for (const auto& r : report.rejected) {
            QVERIFY2(ids.count(r.opId), r.opId.c_str());
            QVERIFY2(r.code == code, (r.code + ": " + r.message).c_str());
        }
        QCOMPARE(t.outboxSize(), std::int64_t(0)); // a rejection is final: the op left the outbox
        QVERIFY(SyncEngine::rejectedOps(*t.store).size() >= ops.size());
        QCOMPARE(serverOpCount(*m_server), before);
    }

private slots:
    void initTestCase() {
        guarded([&] { m_server = test::ServerProcess::start(); });
    }

    void cleanupTestCase() {
        if (m_server && QTest::currentTestFailed()) qWarning("server log:\n%s", m_server->log().c_str());
        m_server.reset();
    }

    void pushPullRoundTrip() {
        guarded([&] {
            Tablet wang(*m_server, "tab-wang-rt", "insp.wang", kPudong);
            Tablet li(*m_server, "tab-li-rt", "insp.li", kPudong);
            wang.login();
            li.login();
            wang.sync(); // the assigned tasks
            const std::string id = newInspection(wang, "ccc-toys-v1");
            const auto pushed = static_cast<std::uint64_t>(wang.outboxSize());
            QVERIFY(pushed >= 9);
            const auto before = serverOpCount(*m_server);

            const auto report = wang.sync();
            QCOMPARE(report.accepted, pushed);
            QVERIFY(report.rejected.empty());
            QCOMPARE(wang.outboxSize(), std::int64_t(0));
            QCOMPARE(serverOpCount(*m_server), before + static_cast<std::int64_t>(pushed));

            // The other assigned inspector's tablet pulls it; both end with the same replica.
            li.sync();
            QVERIFY(li.find(id).has_value());
            QCOMPARE(li.record(id).dump(), wang.record(id).dump());
            QCOMPARE(li.record(id)["status"].get<std::string>(), std::string("draft"));
            wang.sync();
            QCOMPARE(li.dump(), wang.dump());

            // And it is the server's record: a city-wide admin pulls the same.
            Tablet admin(*m_server, "tab-admin-rt", "admin.city", "");
            admin.login();
            admin.sync();
            QCOMPARE(admin.record(id).dump(), wang.record(id).dump());

            // The pages come zstd-compressed to libcurl (it asks for zstd and gzip), and decoded.
            Api api(*m_server, "admin.city");
            const auto page = api.postText("/v1/sync", R"({"cursor":0,"limit":1000})");
            QCOMPARE(page.status, 200L);
            QCOMPARE(page.headers.get("Content-Encoding").value_or("none"), std::string("zstd"));
            QVERIFY2(
                page.bodyBytesReceived * 3 < page.body.size(),
                (std::to_string(page.bodyBytesReceived) + " of " + std::to_string(page.body.size())).c_str());
            QVERIFY(parseSyncReply(page.body).ok());
        });
    }

    void rePushIsAcknowledgedAndChangesNothing() {
        guarded([&] {
            Tablet wang(*m_server, "tab-wang-idem", "insp.wang", kPudong);
            wang.login();
            wang.sync();
            newInspection(wang, "ccc-ebike-v1");
            const auto ops = outboxOps(wang);
            // A copy of the tablet as it was before this sync: as if the reply had been lost.
            const auto beforeCopy = std::filesystem::path(wang.dir->path().toStdString()) / "before-sync.db";
            backupDatabase(wang.dir->filePath("device.db").toStdString(), beforeCopy);
            wang.sync();
            const auto count = serverOpCount(*m_server);

            // The same ops again, raw: all accepted again, in one push even twice over.
            Api api(*m_server, "insp.wang");
            std::vector<Op> twice = ops;
            twice.insert(twice.end(), ops.begin(), ops.end());
            for (const std::vector<Op>* batch : std::initializer_list<const std::vector<Op>*>{&ops, &twice}) {
                const auto response = api.postText("/v1/sync", syncRequestBody(0, *batch, 1));
                QCOMPARE(response.status, 200L);
                const auto reply = parseSyncReply(response.body);
                QVERIFY(reply.ok());
                QVERIFY(reply->rejected.empty());
                QCOMPARE(reply->accepted.size(), batch->size());
                for (std::size_t i = 0; i < batch->size(); ++i)
                    QCOMPARE(reply->accepted[i], (*batch)[i].opId);
                QCOMPARE(serverOpCount(*m_server), count);
            }

            // The tablet restarted from before it got the acknowledgement syncs again: the server
            // acknowledges the same ops, the outbox empties, nothing is stored twice.
            Tablet::Options reopen;
            reopen.existingStore = beforeCopy.string();
            Tablet again(*m_server, "tab-wang-idem", "insp.wang", kPudong, reopen);
            again.login();
            QCOMPARE(again.outboxSize(), static_cast<std::int64_t>(ops.size()));
            const auto report = again.sync();
            QCOMPARE(report.accepted, static_cast<std::uint64_t>(ops.size()));
            QVERIFY(report.rejected.empty());
            QCOMPARE(again.outboxSize(), std::int64_t(0));
            QCOMPARE(serverOpCount(*m_server), count);
            QCOMPARE(again.dump(), wang.dump());

            // An op id may hold quotes and backslashes (printable ASCII): the reply escapes them.
            Op odd = ops.front();
            odd.opId = "op-\"quoted\"\\" + odd.opId;
            const auto response = api.postText("/v1/sync", syncRequestBody(0, {odd}, 1));
            QCOMPARE(response.status, 200L);
            const auto reply = parseSyncReply(response.body);
            QVERIFY2(reply.ok(), response.body.c_str());
            QCOMPARE(reply->accepted, std::vector<std::string>{odd.opId});
            QCOMPARE(serverOpCount(*m_server), count + 1);
        });
    }

    // A new record's ops are in the order put() made them, with "district" after other fields. A
    // push batch that ended before the district would carry ops the server cannot scope: it would
    // refuse them (missing_district), finally, and tablet and server would disagree from then on.
    // Found by the crash test; the sync client now ends push batches only between puts.
    void aPushBatchEndingInsideANewRecordLosesNothing() {
        guarded([&] {
            Tablet wang(*m_server, "tab-wang-split", "insp.wang", kPudong);
            wang.login();
            wang.sync();
            const std::string id = newInspection(wang, "ccc-toys-v1");
            SyncEngine::Options small;
            small.pushBatch = 2; // the first push: task_id and organisation_id, not yet the district
            const auto report = wang.sync(small);
            QVERIFY2(report.rejected.empty(),
                     report.rejected.empty()
                         ? ""
                         : (report.rejected[0].code + ": " + report.rejected[0].message).c_str());
            Tablet admin(*m_server, "tab-admin-split", "admin.city", "");
            admin.login();
            admin.sync();
            QCOMPARE(admin.record(id).dump(), wang.record(id).dump());
        });
    }

    void pullsAreScopedByRoleAndDistrict() {
        guarded([&] {
            Tablet wang(*m_server, "tab-wang-scope", "insp.wang", kPudong);
            Tablet zhao(*m_server, "tab-zhao-scope", "insp.zhao", kXuhui);
            wang.login();
            zhao.login();
            wang.sync();
            zhao.sync();
            const std::string pudongId = newInspection(wang, "cma-agency-v1");
            const std::string xuhuiId = newInspection(zhao, "organic-v1");
            QVERIFY(wang.sync().rejected.empty());
            QVERIFY(zhao.sync().rejected.empty());

            // A Xuhui inspector: Xuhui records of the inspector's types only.
            Tablet qian(*m_server, "tab-qian-scope", "insp.qian", kXuhui);
            qian.login();
            qian.sync();
            QVERIFY(qian.find(xuhuiId).has_value());
            QVERIFY(!qian.find(pudongId).has_value());
            auto all = qian.records();
            QVERIFY2(districtsOf(all) == std::set<std::string>{kXuhui}, str(districtsOf(all)).c_str());
            for (const auto& t : typesOf(all))
                QVERIFY2(t == "organisation" || t == "task" || t == "inspection" || t == "evidence" ||
                             t == "signature" || t == "certificate",
                         t.c_str());
            QVERIFY(!qian.records("task").empty());

            // Exhibition staff: no inspections or tasks at all, only the exhibition district.
            Tablet chen(*m_server, "tab-chen-scope", "expo.chen", kQingpu);
            chen.login();
            chen.sync();
            all = chen.records();
            QVERIFY(!all.empty());
            QVERIFY(chen.records("inspection").empty());
            QVERIFY(chen.records("task").empty());
            QVERIFY2(districtsOf(all) == std::set<std::string>{kQingpu}, str(districtsOf(all)).c_str());
            for (const auto& t : typesOf(all))
                QVERIFY2(t == "organisation" || t == "certificate" || t == "ccc_exemption", t.c_str());

            // A supervisor: the district's inspections, no other district's.
            Tablet sup(*m_server, "tab-sup-scope", "sup.pudong", kPudong);
            sup.login();
            sup.sync();
            QVERIFY(sup.find(pudongId).has_value());
            QVERIFY(!sup.find(xuhuiId).has_value());
            all = sup.records();
            QVERIFY2(districtsOf(all) == std::set<std::string>{kPudong}, str(districtsOf(all)).c_str());
            QVERIFY(sup.records("inspection").size() >= 1);

            // The administrator: everything the server has.
            Tablet admin(*m_server, "tab-admin-scope", "admin.city", "");
            admin.login();
            admin.sync();
            QVERIFY(admin.find(pudongId).has_value());
            QVERIFY(admin.find(xuhuiId).has_value());
            const auto districts = districtsOf(admin.records());
            for (const char* d : {kPudong, kXuhui, kQingpu})
                QVERIFY2(districts.count(d), str(districts).c_str());
            QCOMPARE(admin.store->opCount(), serverOpCount(*m_server));
        });
    }

    void pushesOutsideRoleOrDistrictAreRejectedPerOp() {
        guarded([&] {
            Tablet wang(*m_server, "tab-wang-forbid", "insp.wang", kPudong);
            wang.login();
            wang.sync();
            const std::string submitted = newInspection(wang, "ccc-toys-v1");
            const std::string draft = newInspection(wang, "ccc-ebike-v1");
            wang.put("inspection", submitted, {{"status", "submitted"}});
            QVERIFY(wang.sync().rejected.empty());

            // An inspector writing the reviewer's comment, or approving.
            expectAllRejected(wang, wang.put("inspection", draft, {{"review_comment", "我自己看过了"}}),
                              "forbidden");
            if (QTest::currentTestFailed()) return;
            expectAllRejected(wang, wang.put("inspection", submitted, {{"status", "approved"}}), "forbidden");
            if (QTest::currentTestFailed()) return;

            // A supervisor editing the inspector's answers.
            Tablet sup(*m_server, "tab-sup-forbid", "sup.pudong", kPudong);
            sup.login();
            sup.sync();
            expectAllRejected(sup, sup.put("inspection", draft, {{"answers.item-2", {{"result", "fail"}}}}),
                              "forbidden");
            if (QTest::currentTestFailed()) return;

            // Exhibition staff writing an inspection (even in their own district).
            Tablet chen(*m_server, "tab-chen-forbid", "expo.chen", kQingpu);
            chen.login();
            chen.sync();
            expectAllRejected(
                chen,
                chen.put(
                    "inspection", newId(),
                    {{"organisation_id", "org-x"}, {"template_id", "ccc-toys-v1"}, {"district", kQingpu}}),
                "forbidden");
            if (QTest::currentTestFailed()) return;

            // A Xuhui inspector writing into Pudong.
            Tablet zhao(*m_server, "tab-zhao-forbid", "insp.zhao", kXuhui);
            zhao.login();
            expectAllRejected(zhao,
                              zhao.put("inspection", newId(),
                                       {{"organisation_id", "org-x"},
                                        {"template_id", "ccc-toys-v1"},
                                        {"district", kPudong},
                                        {"inspectors", {"insp.zhao", "insp.qian"}}}),
                              "forbidden");
            if (QTest::currentTestFailed()) return;

            // Ops authored by another user than the one signed in.
            Tablet liAsWang(*m_server, "tab-li-as-wang", "insp.li", kPudong);
            liAsWang.login("insp.wang");
            liAsWang.sync();
            expectAllRejected(liAsWang, liAsWang.put("inspection", draft, {{"findings", "李写的"}}),
                              "forbidden");
            if (QTest::currentTestFailed()) return;

            // None of it reached the record.
            Tablet admin(*m_server, "tab-admin-forbid", "admin.city", "");
            admin.login();
            admin.sync();
            const auto d = admin.record(draft);
            QVERIFY(!d.contains("review_comment"));
            QVERIFY(!d["answers"].contains("item-2"));
            QVERIFY(d["findings"].get<std::string>().find("李写的") == std::string::npos);
            QCOMPARE(admin.record(submitted)["status"].get<std::string>(), std::string("submitted"));
        });
    }

    // An inspector edits only inspections of tasks assigned to them, also when the same push
    // points the inspection at a task of theirs.
    void inspectionsOfTasksAssignedToOthersAreRefused() {
        guarded([&] {
            Tablet admin(*m_server, "tab-admin-assign", "admin.city", "");
            admin.login();
            admin.sync();
            const json toys = admin.task("ccc-toys-v1");
            const std::string taskId = newId();
            admin.put("task", taskId,
                      {{"organisation_id", toys["organisation_id"]},
                       {"inspection_type", "ccc_product"},
                       {"template_id", "itest-li-only-v1"},
                       {"inspectors", {"insp.li", "insp.sun"}},
                       {"due_date", "2026-12-30"},
                       {"district", kPudong}});
            QVERIFY(admin.sync().rejected.empty());
            Tablet li(*m_server, "tab-li-assign", "insp.li", kPudong);
            li.login();
            li.sync();
            const std::string id = newInspection(li, "itest-li-only-v1");
            QVERIFY(li.sync().rejected.empty());

            Tablet wang(*m_server, "tab-wang-assign", "insp.wang", kPudong);
            wang.login();
            wang.sync();
            QVERIFY(wang.find(id).has_value()); // visible in the district, not writable
            expectAllRejected(wang, wang.put("inspection", id, {{"findings", "王改的"}}), "forbidden");
            if (QTest::currentTestFailed()) return;
            const auto before = serverOpCount(*m_server);
            wang.put("inspection", id, {{"task_id", wang.task("ccc-toys-v1")["id"]}, {"findings", "王改的"}});
            auto report = wang.sync();
            QCOMPARE(report.rejected.size(), std::size_t(2));
            QCOMPARE(serverOpCount(*m_server), before);
            // Nor by listing himself in the task in the same push (that op is refused too).
            wang.put("task", taskId, {{"inspectors", {"insp.li", "insp.wang"}}});
            wang.put("inspection", id, {{"findings", "王又改的"}});
            report = wang.sync();
            QCOMPARE(report.rejected.size(), std::size_t(2));
            for (const auto& r : report.rejected)
                QCOMPARE(r.code, std::string("forbidden"));
            QCOMPARE(serverOpCount(*m_server), before);
            admin.sync();
            QCOMPARE(admin.record(id)["task_id"].get<std::string>(), taskId);
            QCOMPARE(admin.record(id)["findings"].get<std::string>(),
                     li.record(id)["findings"].get<std::string>());
        });
    }

    void reviewReturnResubmitApprove() {
        guarded([&] {
            Tablet wang(*m_server, "tab-wang-review", "insp.wang", kPudong);
            wang.login();
            wang.sync();
            const std::string id = newInspection(wang, "ccc-toys-v1");
            // Evidence: a photo that will be uploaded, a video that will not; one signature.
            const std::string photo = randomBytes(300'000, 11);
            const std::string photoSha = sha256Hex(photo);
            const std::string videoSha = sha256Hex(randomBytes(1000, 12));
            const auto photoPath = std::filesystem::path(wang.dir->path().toStdString()) / "photo-1.jpg";
            writeFile(photoPath, photo);
            const std::string photoId = newId(), videoId = newId(), signatureId = newId();
            const Fields evidence = {{"inspection_id", id},
                                     {"item_id", "item-1"},
                                     {"captured_at", "2026-11-05T09:41:00+08:00"},
                                     {"device", wang.deviceId},
                                     {"inspector", "insp.wang"},
                                     {"district", kPudong}};
            Fields p = evidence, v = evidence;
            p.insert(p.end(), {{"sha256", photoSha}, {"media_type", "image/jpeg"}, {"size", photo.size()}});
            v.insert(v.end(), {{"sha256", videoSha}, {"media_type", "video/mp4"}, {"size", 1000}});
            wang.put("evidence", photoId, p);
            wang.put("evidence", videoId, v);
            wang.put("signature", signatureId,
                     {{"inspection_id", id},
                      {"signer_name", "王检查"},
                      {"signer_role", "inspector"},
                      {"content_sha256", sha256Hex("inspection content")},
                      {"signed_at", "2026-11-05T10:02:00+08:00"},
                      {"district", kPudong}});
            wang.put("inspection", id, {{"status", "submitted"}});
            const auto pushed = wang.sync();
            QVERIFY(pushed.rejected.empty());
            BlobUploader uploader(*wang.session);
            must(uploader.upload(photoSha, photoPath.string()), "upload the photo");

            // The district supervisor sees it in the queue and in full.
            Api sup(*m_server, "sup.pudong");
            auto r = sup.get("/v1/review/queue");
            QCOMPARE(r.status, 200L);
            auto queue = jsonOf(r);
            QCOMPARE(queue["district"].get<std::string>(), std::string(kPudong));
            QVERIFY(hasId(queue["inspections"], id));
            r = sup.get("/v1/review/inspections/" + id);
            QCOMPARE(r.status, 200L);
            auto detail = jsonOf(r);
            QCOMPARE(detail["inspection"]["status"].get<std::string>(), std::string("submitted"));
            QCOMPARE(detail["evidence"].size(), std::size_t(2));
            for (const auto& e : detail["evidence"]) {
                const std::string expected = e["id"] == photoId ? "complete" : "pending";
                QCOMPARE(e["blob"].get<std::string>(), expected);
            }
            QCOMPARE(detail["signatures"].size(), std::size_t(1));
            QCOMPARE(detail["signatures"][0]["id"].get<std::string>(), signatureId);
            QCOMPARE(detail["signatures"][0]["stale"].get<bool>(), false);

            // Another district's supervisor neither sees nor decides it.
            Api xuhui(*m_server, "sup.xuhui");
            r = xuhui.get("/v1/review/inspections/" + id);
            QVERIFY2(r.status == 403, r.body.c_str());
            QCOMPARE(errorCode(r), std::string("forbidden"));
            r = xuhui.post("/v1/review/inspections/" + id + "/decision", {{"decision", "approve"}});
            QVERIFY2(r.status == 403, r.body.c_str());
            QVERIFY(!hasId(jsonOf(xuhui.get("/v1/review/queue"))["inspections"], id));

            // Returning needs a comment; with one, the inspection goes back to the inspector.
            auto count = serverOpCount(*m_server);
            r = sup.post("/v1/review/inspections/" + id + "/decision", {{"decision", "return"}});
            QCOMPARE(r.status, 422L);
            QVERIFY(isErrorBody(r));
            QCOMPARE(serverOpCount(*m_server), count);
            const std::string comment = "请补充铭牌照片 Please add a photo of the nameplate";
            r = sup.post("/v1/review/inspections/" + id + "/decision",
                         {{"decision", "return"}, {"comment", comment}});
            QCOMPARE(r.status, 200L);
            QCOMPARE(jsonOf(r)["status"].get<std::string>(), std::string("returned"));
            QVERIFY(!hasId(jsonOf(sup.get("/v1/review/queue"))["inspections"], id));

            wang.sync();
            auto record = wang.record(id);
            QCOMPARE(record["status"].get<std::string>(), std::string("returned"));
            QCOMPARE(record["review_comment"].get<std::string>(), comment);

            // Fixed and submitted again; the supervisor approves.
            wang.put("inspection", id,
                     {{"answers.item-1", {{"result", "fail"}, {"note", "铭牌缺失 no nameplate"}}}});
            wang.put("inspection", id, {{"status", "submitted"}});
            const auto resubmitted = wang.sync();
            QVERIFY(resubmitted.rejected.empty());
            QCOMPARE(resubmitted.accepted, std::uint64_t(2));
            detail = jsonOf(sup.get("/v1/review/inspections/" + id));
            QCOMPARE(detail["inspection"]["status"].get<std::string>(), std::string("submitted"));
            // The signed content changed after the signature: it is shown stale.
            QCOMPARE(detail["signatures"][0]["stale"].get<bool>(), true);
            r = sup.post("/v1/review/inspections/" + id + "/decision", {{"decision", "approve"}});
            QCOMPARE(r.status, 200L);
            QCOMPARE(jsonOf(r)["status"].get<std::string>(), std::string("approved"));

            // Both assigned inspectors' tablets get the decision.
            wang.sync();
            QCOMPARE(wang.record(id)["status"].get<std::string>(), std::string("approved"));
            Tablet li(*m_server, "tab-li-review", "insp.li", kPudong);
            li.login();
            li.sync();
            QCOMPARE(li.record(id)["status"].get<std::string>(), std::string("approved"));
            QCOMPARE(li.record(id)["review_comment"].get<std::string>(), comment);
            QCOMPARE(li.dump(), wang.dump());

            // An approved inspection is not reviewed again.
            count = serverOpCount(*m_server);
            r = sup.post("/v1/review/inspections/" + id + "/decision", {{"decision", "approve"}});
            QCOMPARE(r.status, 409L);
            QCOMPARE(serverOpCount(*m_server), count);
        });
    }

    void offlineEditAfterSubmissionIsAConflictEverywhere() {
        guarded([&] {
            Tablet wang(*m_server, "tab-wang-conflict", "insp.wang", kPudong);
            Tablet li(*m_server, "tab-li-conflict", "insp.li", kPudong);
            wang.login();
            li.login();
            wang.sync();
            const std::string id = newInspection(wang, "ccc-ebike-v1");
            wang.sync();
            li.sync();
            QVERIFY(li.find(id).has_value());

            // Wang submits; Li, offline, has not seen that and edits the findings.
            wang.put("inspection", id, {{"status", "submitted"}});
            QVERIFY(wang.sync().rejected.empty());
            const std::string findingsBefore = wang.record(id)["findings"];
            li.put("inspection", id, {{"findings", "补充: 电池标签缺失 battery label missing"}});
            const auto report = li.sync();
            QVERIFY(report.rejected.empty());
            QCOMPARE(report.accepted, std::uint64_t(1)); // kept, not lost: logged as a conflict
            QCOMPARE(report.conflicts.size(), std::size_t(1));
            const json serverConflict = report.conflicts[0];
            QCOMPARE(serverConflict["record_id"].get<std::string>(), id);
            QVERIFY(serverConflict["fields"].dump().find("findings") != std::string::npos);

            wang.sync();
            li.sync();
            const json onWang = wang.replica->conflicts(), onLi = li.replica->conflicts();
            QCOMPARE(onWang.dump(), onLi.dump());
            QVERIFY(hasId(onWang, serverConflict["id"]));
            for (const auto& c : onWang)
                if (c["id"] == serverConflict["id"]) QCOMPARE(c.dump(), serverConflict.dump());
            // The submitted version stands on both.
            QCOMPARE(wang.record(id)["status"].get<std::string>(), std::string("submitted"));
            QCOMPARE(li.record(id)["findings"].get<std::string>(), findingsBefore);
            QCOMPARE(li.dump(), wang.dump());

            // The supervisor's view of the inspection lists the same conflict.
            Api sup(*m_server, "sup.pudong");
            const auto detail = jsonOf(sup.get("/v1/review/inspections/" + id));
            QCOMPARE(detail["conflicts"].size(), std::size_t(1));
            QCOMPARE(detail["conflicts"][0].dump(), serverConflict.dump());
        });
    }

    // Last: the chain over every login, op and decision above.
    void auditChainVerifiesAndNamesATamperedRow() {
        guarded([&] {
            HttpClient http(clientOptions(m_server->baseUrl(), m_server->caFile()));
            ApiSession failing(http, quickPolicy(1));
            QVERIFY(!failing.login("insp.li", "not-the-password", "tab-x").ok()); // audited too
            std::string out;
            QCOMPARE(runAuditVerify(m_server->dataDir(), out), 0); // on the live database
            QVERIFY2(out.find("ok") != std::string::npos, out.c_str());

            QTemporaryDir tmp;
            const auto copy = std::filesystem::path(tmp.path().toStdString()) / "data";
            std::filesystem::create_directories(copy);
            backupDatabase(m_server->dataDir() / "server.db", copy / "server.db");
            std::int64_t tampered = 0;
            {
                sqlite::Database db((copy / "server.db").string(), false);
                for (const char* action : {"auth.login", "auth.login_failed", "ops.accepted"}) {
                    auto q = db.query("SELECT count(*) FROM audit WHERE action = ?1");
                    q.bind(1, std::string_view(action));
                    QVERIFY(q.step());
                    QVERIFY2(q.int64(0) > 0, action);
                }
                {
                    // The supervisor's decisions are there, as status changes the supervisor's ops made.
                    auto q = db.query("SELECT count(*) FROM audit a, json_each(a.detail, '$.status_changes') c "
                                      "WHERE a.action = 'ops.accepted' AND a.actor = 'sup.pudong'");
                    QVERIFY(q.step());
                    QVERIFY(q.int64(0) >= 2);
                }
                {
                    auto q = db.query("SELECT max(seq) FROM audit");
                    QVERIFY(q.step());
                    tampered = q.int64(0) / 2;
                }
                auto q = db.query("UPDATE audit SET detail = '{\"tampered\":true}' WHERE seq = ?1");
                q.bind(1, tampered);
                QCOMPARE(q.exec(), 1);
            }
            QCOMPARE(runAuditVerify(copy, out), 1);
            QVERIFY2(out.find("seq " + std::to_string(tampered)) != std::string::npos, out.c_str());
            // The live chain is untouched.
            QCOMPARE(runAuditVerify(m_server->dataDir(), out), 0);
        });
    }
};

QTEST_APPLESS_MAIN(TestIntegrationSync)
#include "test_integration_sync.moc"
