#include "demo_data.h"

#include "demo_data_json.h"
#include "model/ids.h"
#include "sync/sync_service.h"

#include <map>
#include <openssl/rand.h>

namespace fieldseal::server {
namespace {

std::vector<std::pair<std::string, nlohmann::json>> fieldsOf(const nlohmann::json& j,
                                                             std::initializer_list<const char*> skip) {
    std::vector<std::pair<std::string, nlohmann::json>> out;
    for (const auto& [k, v] : j.items()) {
        bool skipped = false;
        for (const char* s : skip)
            skipped = skipped || k == s;
        if (!skipped) out.emplace_back(k, v);
    }
    return out;
}

Error failed(const std::string& what, const Error& e) {
    return Error{e.domain, e.code, "demo data: " + what + ": " + e.message};
}

} // namespace

std::string generatedPassword() {
    static constexpr char kAlphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    unsigned char bytes[20];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
    std::string out;
    for (unsigned char b : bytes)
        out += kAlphabet[b % (sizeof kAlphabet - 1)];
    return out;
}

const nlohmann::json& demoData() {
    static const nlohmann::json data = nlohmann::json::parse(kDemoDataJson);
    return data;
}

Result<std::vector<DemoAccount>> loadDemoData(SyncService& sync, const DemoLoaders& loaders,
                                              const std::string& password) {
    const auto& demo = demoData();
    std::vector<DemoAccount> accounts;
    for (const auto& u : demo["users"]) {
        DemoAccount a{u["username"], u["role"], u["district"], password.empty() ? generatedPassword() : password};
        if (auto s = loaders.createUser(u, a.password); !s) return failed("user " + a.username, s.error());
        accounts.push_back(std::move(a));
    }
    if (loaders.publishFastChannel)
        if (auto s = loaders.publishFastChannel(demo["fast_channel_units"]); !s) return failed("trust list", s.error());

    // Sealing takes the database lock itself: seal every certificate before taking it here.
    std::vector<nlohmann::json> certificates;
    for (const auto& cert : demo["certificates"]) {
        nlohmann::json body = cert;
        if (loaders.sealCertificate) {
            auto envelope = loaders.sealCertificate(cert);
            if (!envelope) return failed("sealing certificate " + cert["number"].get<std::string>(), envelope.error());
            body["envelope"] = *envelope;
        }
        certificates.push_back(std::move(body));
    }

    const Caller admin{"", "admin.city", Role::Admin, "", ""};
    IdGenerator ids;
    std::map<std::string, std::string> idOf; // "org:toys" -> record id
    auto lock = sync.lock();
    for (const auto& org : demo["organisations"]) {
        const std::string id = ids.next();
        idOf[org["key"]] = id;
        if (auto s = sync.putLocked(admin, "organisation", id, fieldsOf(org, {"key"})); !s)
            return failed("organisation " + org["name"].get<std::string>(), s.error());
    }
    for (const auto& task : demo["tasks"]) {
        auto fields = fieldsOf(task, {"key", "organisation"});
        fields.emplace_back("organisation_id", idOf.at(task["organisation"]));
        if (auto s = sync.putLocked(admin, "task", ids.next(), fields); !s)
            return failed("task " + task["key"].get<std::string>(), s.error());
    }
    for (const auto& body : certificates)
        if (auto s = sync.putLocked(admin, "certificate", ids.next(), fieldsOf(body, {})); !s)
            return failed("certificate " + body["number"].get<std::string>(), s.error());
    return accounts;
}

} // namespace fieldseal::server
