#include "draw_tasks.h"

#include "seal/encoding.h"

namespace fieldseal::server {

std::string nameBasedUuid(const std::string& name) {
    std::string h = seal::sha256Hex(name).substr(0, 32);
    h[12] = '8';                                                           // version 8
    h[16] = "89ab"[std::stoi(std::string(1, h[16]), nullptr, 16) & 3];     // RFC 9562 variant
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" +
           h.substr(20, 12);
}

std::string drawTaskId(const std::string& drawId, std::uint32_t taskNumber) {
    return nameBasedUuid("fieldseal:draw-task:" + drawId + ":" + std::to_string(taskNumber));
}

std::string organisationRecordIdFor(const std::string& uscc) {
    return nameBasedUuid("fieldseal:organisation:" + uscc);
}

DrawRecords drawRecords(const std::string& drawId, const draw::DrawPlan& plan, const draw::DrawResult& result,
                        const std::map<std::string, std::string>& organisationIds) {
    DrawRecords out;
    std::vector<Replica::Edit> tasks;
    for (const auto& task : result.tasks) {
        const auto& org = task.organisation;
        std::string orgId;
        if (const auto it = organisationIds.find(org.uscc); it != organisationIds.end()) {
            orgId = it->second;
        } else {
            orgId = organisationRecordIdFor(org.uscc);
            out.edits.push_back({"organisation",
                                 orgId,
                                 {{"uscc", org.uscc},
                                  {"name", org.name},
                                  {"org_type", org.kind},
                                  {"district", org.district}}});
        }
        nlohmann::json inspectors = nlohmann::json::array();
        for (const auto& p : task.inspectors)
            inspectors.push_back(p.id);
        const std::string taskId = drawTaskId(drawId, task.number);
        tasks.push_back({"task",
                         taskId,
                         {{"plan_id", plan.planId},
                          {"draw_id", drawId}, // the draw that made the task: a tablet opens its result
                          {"organisation_id", orgId},
                          {"inspection_type", plan.inspectionType},
                          {"template_id", plan.templateId},
                          {"inspectors", std::move(inspectors)},
                          {"due_date", plan.dueDate},
                          {"district", org.district},
                          {"task_status", "open"}}});
        out.taskIds.push_back(taskId);
    }
    out.edits.insert(out.edits.end(), std::make_move_iterator(tasks.begin()), std::make_move_iterator(tasks.end()));
    return out;
}

} // namespace fieldseal::server
