#pragma once
// The demo data of `fieldseal-server init --demo` (assets/demo/demo.json, compiled in): accounts
// for every role, a registry, tasks and sealed certificates, so that run.sh and a tablet have
// something real to work on.

#include "model/result.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace fieldseal::server {

class SyncService;

struct DemoAccount {
    std::string username;
    std::string role;
    std::string district;
    std::string password;
};

struct DemoLoaders {
    // Creates one account; returns its error (e.g. a weak password) as a value.
    std::function<Status(const nlohmann::json& user, const std::string& password)> createUser;
    // Seals a certificate payload with the authority's seal; returns the envelope.
    std::function<Result<nlohmann::json>(const nlohmann::json& payload)> sealCertificate;
    // Publishes a trust list carrying the fast-channel units.
    std::function<Status(const nlohmann::json& fastChannelUnits)> publishFastChannel;
};

const nlohmann::json& demoData();

// A random password of 20 characters from an alphabet without look-alikes (no 0/O, 1/l/I), for
// accounts whose password the operator did not give.
std::string generatedPassword();

// Loads the demo; every account gets `password` (when empty, a generated one each).
Result<std::vector<DemoAccount>> loadDemoData(SyncService& sync, const DemoLoaders& loaders,
                                              const std::string& password);

} // namespace fieldseal::server
