#include "demo/demo_data.h"

#include "model/hlc.h"
#include "model/ids.h"
#include "sync/replica.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace fieldseal::app {
namespace {

std::string idOfKey(const std::string& key) {
    std::string id = "demo-" + key;
    for (auto& c : id)
        if (c == ':') c = '-';
    return id;
}

// A timestamp that depends on the op id only (2025, long before any real edit).
Hlc seedHlc(const std::string& opId) {
    constexpr std::uint64_t kSeedMillis = 1735689600000; // 2025-01-01T00:00:00Z
    std::uint64_t h = 0xcbf29ce484222325ull;             // FNV-1a 64
    for (unsigned char c : opId) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    return makeHlc(kSeedMillis + h % 86'400'000, 0);
}

} // namespace

QString seedDemoData(Replica& replica, const QByteArray& demoJson) {
    const auto demo = nlohmann::json::parse(demoJson.constData(), demoJson.constData() + demoJson.size(),
                                            nullptr, false);
    if (!demo.is_object() || !demo.contains("tasks") || !demo.contains("organisations"))
        return QStringLiteral("demo data: not the demo.json format");
    const std::string district = replica.identity().district;
    // Op ids derived from record and field, and a fixed clock, make every seeding produce the
    // same ops: seeding again, or merging another demo tablet's seeded ops, are duplicates.
    std::vector<Op> ops;
    auto add = [&](const std::string& type, const std::string& id, const nlohmann::json& fields,
                   std::initializer_list<const char*> skip) {
        for (const auto& [k, v] : fields.items()) {
            if (std::find_if(skip.begin(), skip.end(), [&](const char* s) { return k == s; }) != skip.end())
                continue;
            Op op;
            op.opId = "demo-seed:" + id + ":" + k;
            op.recordId = id;
            op.type = type;
            op.field = k;
            op.value = v;
            op.hlc = seedHlc(op.opId);
            op.device = "demo-seed";
            op.user = "admin.city";
            ops.push_back(std::move(op));
        }
    };
    std::set<std::string> orgsNeeded;
    for (const auto& task : demo["tasks"]) {
        if (!district.empty() && task.value("district", "") != district) continue;
        nlohmann::json fields = task;
        fields["organisation_id"] = idOfKey(task.value("organisation", ""));
        orgsNeeded.insert(task.value("organisation", ""));
        add("task", idOfKey(task.value("key", "")), fields, {"key", "organisation"});
    }
    for (const auto& org : demo["organisations"]) {
        const auto key = org.value("key", "");
        if (!district.empty() && !orgsNeeded.count(key) && org.value("district", "") != district) continue;
        add("organisation", idOfKey(key), org, {"key"});
    }
    auto report = replica.apply(ops);
    if (!report) return QString::fromStdString(report.error().message);
    if (!report->rejected.empty())
        return QStringLiteral("demo data: %1 ops rejected, first: %2")
            .arg(report->rejected.size())
            .arg(QString::fromStdString(report->rejected.front().second.message));
    return {};
}

} // namespace fieldseal::app
